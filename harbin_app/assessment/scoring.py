"""中小企业数字化水平评测（2024年版）: answers read and scored by pure functions over the indicator
set of indicators.py (decimal and fractional arithmetic: points such as 0.7, 1.25 and 1.875 add up
exactly). The answers' format is described in indicators.py."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Mapping

from harbin_app.assessment.indicators import (
    _FIGURES,
    _NONE_LABEL,
    _OPTION,
    Indicators,
    Item,
    Level,
    Ref,
    load_indicators,
)


# ---------------------------------------------------------------- reading answers


def _figure_name(ref: Ref) -> str:
    return _FIGURES[ref[0]][ref[1]][1]


def _figure(answers: Mapping[str, Any], ref: Ref) -> Fraction | str | None:
    """A figure as an exact Fraction, None if not filled in, or a message if it is not valid."""
    raw = answers.get(ref[0])
    value = raw.get(ref[1]) if isinstance(raw, dict) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    name = _figure_name(ref)
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return f"{name}须为数字"
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return f"{name}须为数字"
    if not number.is_finite():
        return f"{name}须为数字"
    if number < 0:
        return f"{name}不能为负数"
    return Fraction(number)


def _derive(item: Item, answers: Mapping[str, Any]) -> tuple[str | None, dict[str, str], list[str]]:
    """The option the figures give: (prefix or None, errors, names of figures still missing)."""
    errors: dict[str, str] = {}
    missing: list[str] = []
    ratios: list[Fraction] = []
    for num_ref, den_ref in item.formula:
        num, den = _figure(answers, num_ref), _figure(answers, den_ref)
        for ref, value in ((num_ref, num), (den_ref, den)):
            if value is None and _figure_name(ref) not in missing:
                missing.append(_figure_name(ref))
        if isinstance(den, Fraction) and den == 0:
            errors[".".join(den_ref)] = f"{_figure_name(den_ref)}不能为0"
        elif isinstance(num, Fraction) and isinstance(den, Fraction):
            ratios.append(num / den)
    if not item.formula or len(ratios) < len(item.formula):
        return None, errors, missing
    if item.kind == "band_ratio":
        percent = ratios[0] * 100
        band = next((o for o in item.options if o.contains(percent)), None)
        if band is None:
            num_ref, den_ref = item.formula[0]
            errors[".".join(num_ref)] = f"{_figure_name(num_ref)}不能大于{_figure_name(den_ref)}"
            return None, errors, []
        return band.prefix, errors, []
    # change: options ordered by points are worst, flat, best; "better" says which way is best.
    worst, flat, best = sorted(item.options, key=lambda o: o.points)
    now, before = ratios
    if now == before:
        return flat.prefix, errors, []
    went_up = now > before
    return (best if went_up == (item.better == "higher") else worst).prefix, errors, []


def resolve(item: Item, answers: Mapping[str, Any]) -> tuple[tuple[str, ...], dict[str, str]]:
    """The option prefixes an answer selects (empty if unanswered) and the errors found in it."""
    raw = answers.get(item.key)
    if raw is None or raw == "" or raw == []:
        return (), {}
    key = item.key

    def prefixes(chosen: str | list[Any]) -> tuple[tuple[str, ...], dict[str, str]]:
        chosen = [chosen] if isinstance(chosen, str) else chosen
        unknown = [p for p in chosen if not isinstance(p, str) or item.option(p) is None]
        if unknown:
            return (), {key: "未知选项：" + "、".join(map(str, unknown))}
        return tuple(dict.fromkeys(chosen)), {}

    if item.kind == "multi":
        if not isinstance(raw, list):
            return (), {key: "请选择一个或多个选项"}
        chosen, errors = prefixes(raw)
        if len(chosen) > 1 and any(item.option(p).label == _NONE_LABEL for p in chosen):
            return (), {key: f"“{_NONE_LABEL}”不能与其他选项同时选择"}
        return chosen, errors
    if isinstance(raw, str):
        return prefixes(raw)
    if item.kind == "single" or not isinstance(raw, dict):
        return (), {key: "请选择一个选项"}

    known = {f.key for f in item.fields} | {_OPTION}
    errors = {f"{key}.{f}": "未知字段" for f in raw if f not in known}
    for f in item.fields:
        value = _figure(answers, (key, f.key))
        if isinstance(value, str):
            errors[f"{key}.{f.key}"] = value
    direct: tuple[str, ...] = ()
    if raw.get(_OPTION) not in (None, ""):
        if isinstance(raw[_OPTION], str):
            direct, option_errors = prefixes(raw[_OPTION])
            errors.update(option_errors)
        else:
            errors[key] = "请选择一个选项"
    if errors:
        return (), errors
    derived, errors, missing = _derive(item, answers)
    if errors:
        return (), errors
    if derived and direct and direct != (derived,):
        return (), {key: f"所选选项与填写数据不符（按数据应为 {derived}）"}
    if derived:
        return (derived,), {}
    if direct:
        return direct, {}
    if all(raw.get(f.key) in (None, "") for f in item.fields):
        return (), {}  # nothing filled in yet
    if missing:
        return (), {key: "请填写" + "、".join(missing)}
    if not item.formula:
        return (), {key: "请选择一个选项"}
    return (), {}  # a figure of another question is invalid; that question reports it


def _scene_errors(scenes: Mapping[str, Any], ind: Indicators) -> dict[str, str]:
    names = {s.name for s in ind.scenes}
    top = ind.max_scene_level
    errors = {}
    for name, value in scenes.items():
        if value is None:
            continue  # not assessed yet
        if name not in names:
            errors[f"scenes.{name}"] = "未知场景"
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            errors[f"scenes.{name}"] = f"场景等级须为0至{top}的整数"
    return errors


def validate_answers(answers: Mapping[str, Any], scenes: Mapping[str, Any], *, version: str = "2024") -> dict[str, str]:
    """Field -> Chinese message for everything wrong; {} when the answers can be scored.

    Fields are item keys (``"network"``), figure fields (``"equipment_digitalization.total"``)
    and scenes (``"scenes.产品设计"``). Unanswered questions are not errors.
    """
    ind = load_indicators(version)
    items = ind.items
    errors = {k: "未知题目" for k in answers if k not in items}
    for item in items.values():
        errors.update(resolve(item, answers)[1])
    errors.update(_scene_errors(scenes, ind))
    return errors


def progress(answers: Mapping[str, Any], scenes: Mapping[str, Any], *, version: str = "2024") -> tuple[int, int]:
    """(answered, total) over every question and every scene; invalid answers do not count."""
    ind = load_indicators(version)
    items = ind.items.values()
    done = sum(1 for item in items if (r := resolve(item, answers))[0] and not r[1])
    scene_errors = _scene_errors(scenes, ind)
    done += sum(1 for s in ind.scenes if scenes.get(s.name) is not None and f"scenes.{s.name}" not in scene_errors)
    return done, len(items) + len(ind.scenes)


# ---------------------------------------------------------------- scoring


class InvalidAnswers(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ItemScore:
    key: str
    selected: tuple[str, ...]  # option prefixes; empty when unanswered
    points: Decimal
    max: Decimal


@dataclass(frozen=True)
class GroupScore:
    name: str
    score: Decimal
    max: Decimal
    items: tuple[ItemScore, ...]


@dataclass(frozen=True)
class DimensionScore:
    name: str
    score: Decimal
    max: Decimal
    groups: tuple[GroupScore, ...]


@dataclass(frozen=True)
class Result:
    version: str
    dimensions: tuple[DimensionScore, ...]
    total: Decimal  # unrounded; compared with the level table as is
    max_total: Decimal
    scene_levels: dict[str, int]  # every scene; unassessed = 0
    scenes_at_least: dict[int, int]  # scene level -> scenes at or above it
    binding_at_least: dict[int, int]  # the same, binding (约束性) scenes only
    level: int  # 0 = 未达一级
    level_name: str
    gaps_to_next_level: tuple[str, ...]

    @property
    def items(self) -> dict[str, ItemScore]:
        return {i.key: i for d in self.dimensions for g in d.groups for i in g.items}


def format_points(number: Decimal) -> str:
    """Points for display: 60 -> "60", 3.50 -> "3.5", 1.875 -> "1.875" (no exponent)."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _shortfalls(row: Level, total: Decimal, at_least: dict[int, int], binding: dict[int, int]) -> tuple[Decimal, int, int]:
    """How far (total points, scenes, binding scenes) the result is from a level row; all <= 0 when met."""
    return (
        row.min_total - total,
        row.min_scenes - at_least[row.scene_min_level],
        row.min_binding_scenes - binding[row.scene_min_level],
    )


def score(answers: Mapping[str, Any], scenes: Mapping[str, Any], *, version: str = "2024") -> Result:
    """Score a questionnaire; raises InvalidAnswers when validate_answers finds anything."""
    errors = validate_answers(answers, scenes, version=version)
    if errors:
        raise InvalidAnswers(errors)
    ind = load_indicators(version)

    dimensions = []
    for d in ind.dimensions:
        groups = []
        for g in d.groups:
            items = []
            for item in g.items:
                selected = resolve(item, answers)[0]
                points = sum((item.option(p).points for p in selected), Decimal(0))
                items.append(ItemScore(item.key, selected, points, item.max))
            groups.append(GroupScore(g.name, sum((i.points for i in items), Decimal(0)), g.max, tuple(items)))
        dimensions.append(DimensionScore(d.name, sum((g.score for g in groups), Decimal(0)), d.max, tuple(groups)))
    total = sum((d.score for d in dimensions), Decimal(0))

    scene_levels = {s.name: scenes.get(s.name) or 0 for s in ind.scenes}
    levels = range(1, ind.max_scene_level + 1)
    at_least = {n: sum(1 for s in ind.scenes if scene_levels[s.name] >= n) for n in levels}
    binding = {n: sum(1 for s in ind.scenes if s.binding and scene_levels[s.name] >= n) for n in levels}

    reached = next(
        (row.level for row in reversed(ind.levels) if max(_shortfalls(row, total, at_least, binding)) <= 0), 0
    )
    gaps: list[str] = []
    next_row = next((row for row in ind.levels if row.level == reached + 1), None)
    if next_row:
        points, count, bound = _shortfalls(next_row, total, at_least, binding)
        scene_level = ind.level_name(next_row.scene_min_level)
        if points > 0:
            gaps.append(f"总分还差 {format_points(points)} 分（需 ≥ {format_points(next_row.min_total)} 分）")
        if count > 0:
            gaps.append(f"还需 {count} 个场景达到{scene_level}")
        if bound > 0:
            gaps.append(f"还需 {bound} 个约束性场景达到{scene_level}")

    return Result(
        version=ind.version,
        dimensions=tuple(dimensions),
        total=total,
        max_total=sum((d.max for d in ind.dimensions), Decimal(0)),
        scene_levels=scene_levels,
        scenes_at_least=at_least,
        binding_at_least=binding,
        level=reached,
        level_name=ind.level_name(reached),
        gaps_to_next_level=tuple(gaps),
    )

