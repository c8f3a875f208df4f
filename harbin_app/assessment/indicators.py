"""中小企业数字化水平评测（2024年版）: the indicator set as data (scoring.py scores answers with it).

Everything about the indicators (titles, options, points, band edges, scenes, the level table)
is read from ``indicators_<version>.json`` beside this module. The only thing written here is
``_FIGURES``/``_FORMULAS``: the machine-readable reading of the prose in each item's "inputs"
and "derive" (which figure box is which, and which figures divide which).

Answers, as a web form can store them in JSON (``answers`` is keyed by item key):

* ``multi``:  a list of option prefixes, e.g. ``["B", "C"]``; the “无” option excludes the others.
* ``single``: one prefix, e.g. ``"C"``.
* ``band_ratio`` and ``change``: either one prefix chosen directly (``"C"``), or a dict of the
  questionnaire's figures (field names in ``Item.fields``), from which the band or the direction
  is derived; the dict may also carry ``"option"``, used when the figures are incomplete (and
  for ``pass_rate_change``, whose single figure box derives nothing) and checked against them
  otherwise. Figures may be numbers or numeric strings; ``None``/``""`` means not filled in.

Scenes: ``scenes`` maps a scene name to its level, an int from 0 (未达一级) to 4.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Mapping

Ref = tuple[str, str]  # (item key, figure field)

# Figure boxes of the questionnaire: answer field -> (index into the item's "inputs", short name).
_FIGURES: dict[str, dict[str, tuple[int, str]]] = {
    "equipment_digitalization": {"total": (1, "设备总数"), "digital": (2, "数字化设备数")},
    "equipment_networking": {"networked": (1, "联网设备数")},
    "funding": {"investment": (0, "年均数字化投入")},
    "energy_per_revenue_change": {"last_year": (0, "上年综合能源消费量"), "year_before": (1, "前年综合能源消费量")},
    "pass_rate_change": {"value": (0, "产品合格率")},
    "revenue_per_head_change": {
        "staff_last_year": (0, "上年员工人数"),
        "revenue_last_year": (1, "上年营业收入"),
        "staff_year_before": (2, "前年员工人数"),
        "revenue_year_before": (3, "前年营业收入"),
    },
    "cost_per_revenue_change": {"last_year": (0, "上年成本"), "year_before": (1, "前年成本")},
}

_REVENUE_NOW: Ref = ("revenue_per_head_change", "revenue_last_year")
_REVENUE_BEFORE: Ref = ("revenue_per_head_change", "revenue_year_before")

# What each "derive" text divides: band_ratio -> [ratio]; change -> [this year, year before].
# pass_rate_change has none: the questionnaire leaves the comparison to the respondent.
_FORMULAS: dict[str, list[tuple[Ref, Ref]]] = {
    "equipment_digitalization": [(("equipment_digitalization", "digital"), ("equipment_digitalization", "total"))],
    "equipment_networking": [(("equipment_networking", "networked"), ("equipment_digitalization", "total"))],
    "funding": [(("funding", "investment"), _REVENUE_NOW)],
    "energy_per_revenue_change": [
        (("energy_per_revenue_change", "last_year"), _REVENUE_NOW),
        (("energy_per_revenue_change", "year_before"), _REVENUE_BEFORE),
    ],
    "revenue_per_head_change": [
        (_REVENUE_NOW, ("revenue_per_head_change", "staff_last_year")),
        (_REVENUE_BEFORE, ("revenue_per_head_change", "staff_year_before")),
    ],
    "cost_per_revenue_change": [
        (("cost_per_revenue_change", "last_year"), _REVENUE_NOW),
        (("cost_per_revenue_change", "year_before"), _REVENUE_BEFORE),
    ],
}

_NONE_LABEL = "无"  # scoring_rules.multi: 选“无”得0分且与其他项互斥
_OPTION = "option"  # dict key for a directly chosen band/direction


# ---------------------------------------------------------------- the indicator set


@dataclass(frozen=True)
class Option:
    prefix: str
    label: str
    points: Decimal
    range_percent: tuple[Fraction, Fraction] | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = True

    def contains(self, percent: Fraction) -> bool:
        """Whether a percentage lies in this option's band (edges as the data says)."""
        if self.range_percent is None:
            return False
        low, high = self.range_percent
        above = percent > low or (self.lower_inclusive and percent == low)
        below = percent < high or (self.upper_inclusive and percent == high)
        return above and below


@dataclass(frozen=True)
class Field:
    key: str  # key in the answer dict
    label: str  # the questionnaire's own wording (from "inputs")
    name: str  # short name used in messages


@dataclass(frozen=True)
class Item:
    key: str
    indicator: str
    title: str
    kind: str  # multi | single | band_ratio | change
    max: Decimal
    options: tuple[Option, ...]
    fields: tuple[Field, ...] = ()
    formula: tuple[tuple[Ref, Ref], ...] = ()
    better: str | None = None  # change items: "higher" or "lower"
    note: str = ""

    def option(self, prefix: str) -> Option | None:
        return next((o for o in self.options if o.prefix == prefix), None)


@dataclass(frozen=True)
class Group:
    name: str
    max: Decimal
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Dimension:
    name: str
    max: Decimal
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Scene:
    name: str
    group: str
    binding: bool
    levels: Mapping[int, str]


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    min_total: Decimal
    scene_min_level: int
    min_scenes: int
    min_binding_scenes: int


@dataclass(frozen=True)
class Indicators:
    name: str
    version: str
    dimensions: tuple[Dimension, ...]
    scenes: tuple[Scene, ...]
    levels: tuple[Level, ...]  # ascending

    @cached_property
    def items(self) -> dict[str, Item]:
        return {i.key: i for d in self.dimensions for g in d.groups for i in g.items}

    @property
    def max_scene_level(self) -> int:
        return max(max(s.levels) for s in self.scenes)

    def level_name(self, n: int) -> str:
        if n == 0:
            return f"未达{self.levels[0].name}"
        return next(row.name for row in self.levels if row.level == n)


def _item(raw: dict[str, Any]) -> Item:
    def option(o: dict[str, Any]) -> Option:
        band = o.get("range_percent")
        return Option(
            prefix=o["prefix"],
            label=o["label"],
            points=Decimal(o["points"]),
            range_percent=(Fraction(band[0]), Fraction(band[1])) if band else None,
            lower_inclusive=o.get("lower_inclusive", True),
            upper_inclusive=o.get("upper_inclusive", True),
        )

    key = raw["key"]
    fields = tuple(Field(f, raw["inputs"][i], name) for f, (i, name) in _FIGURES.get(key, {}).items())
    item = Item(
        key=key,
        indicator=raw["indicator"],
        title=raw["title"],
        kind=raw["kind"],
        max=Decimal(raw["max"]),
        options=tuple(option(o) for o in raw["options"]),
        fields=fields,
        formula=tuple(_FORMULAS.get(key, ())),
        better=raw.get("better"),
        note=raw.get("note", ""),
    )
    if item.kind not in ("multi", "single", "band_ratio", "change"):
        raise ValueError(f"{key}: unknown kind {item.kind!r}")
    if item.kind in ("band_ratio", "change") and key not in _FIGURES:
        raise ValueError(f"{key}: no figure fields wired for a {item.kind} item")
    if item.kind == "change" and (len(item.options) != 3 or item.better not in ("higher", "lower")):
        raise ValueError(f"{key}: a change item needs three options and better=higher|lower")
    return item


@lru_cache(maxsize=None)
def load_indicators(version: str = "2024") -> Indicators:
    """The indicator set of a version, read from ``indicators_<version>.json`` (cached)."""
    text = resources.files(__package__).joinpath(f"indicators_{version}.json").read_text("utf-8")
    data = json.loads(text, parse_float=Decimal)
    dimensions = tuple(
        Dimension(
            d["dimension"],
            Decimal(d["max"]),
            tuple(Group(g["name"], Decimal(g["max"]), tuple(_item(i) for i in g["items"])) for g in d["groups"]),
        )
        for d in data["scored"]
    )
    scenes = tuple(
        Scene(s["name"], s["group"], bool(s["binding"]), {int(k): v for k, v in s["levels"].items()})
        for s in data["scenes"]
    )
    levels = tuple(
        sorted(
            (
                Level(r["level"], r["name"], Decimal(r["min_total"]), r["scene_min_level"], r["min_scenes"],
                      r["min_binding_scenes"])
                for r in data["levels"]
            ),
            key=lambda r: r.level,
        )
    )
    return Indicators(data["name"], data["version"], dimensions, scenes, levels)


def level_name(n: int, version: str = "2024") -> str:
    """一级 … 四级 for 1..4, 未达一级 for 0."""
    return load_indicators(version).level_name(n)
