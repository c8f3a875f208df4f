"""中小企业数字化水平自测: the enterprise's working draft (the questionnaire's parts, saving answers,
figures and scene levels, the draft's progress, messages and result).

A save refuses a value that cannot be stored (an unknown option, a figure that is not a number);
the draft may still hold answers that contradict each other (a networked-device count above the
device count): those come back in ``Draft.errors``, each under its field, until they are fixed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlmodel import Session, select

from harbin_app import clock, db
from harbin_app.assessment import (
    Indicators,
    Item,
    Result,
    load_indicators,
    progress,
    score,
    scoring,
    validate_answers,
)
from harbin_app.models import AssessmentDraft, Enterprise
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.enterprises import enterprise_id_for
from harbin_app.services.errors import PermissionDenied, ValidationError

VERSION = "2024"  # the indicator set a new draft uses
LABELS = ("改造前", "改造后")
SCENES_SECTION = "数字化经营"  # the questionnaire's second part: the scenes, not scored by points
NONE_LABEL = "无"  # a multi item's “无” excludes every other option
FIGURE_KINDS = ("band_ratio", "change")  # items answered by figures and/or a directly chosen option
OPTION = "option"  # the key of a directly chosen option in a figure item's answer


# ---------------------------------------------------------------- the questionnaire's parts


@dataclass(frozen=True)
class Section:
    number: str  # 一 二 三 四
    name: str
    item_keys: tuple[str, ...]  # empty for the scenes section
    scene_names: tuple[str, ...]  # empty for the scored sections

    @property
    def size(self) -> int:
        return len(self.item_keys) + len(self.scene_names)


@cache
def sections(version: str = VERSION) -> tuple[Section, ...]:
    """The four parts in the questionnaire's order: 基础, 经营 (the scenes), 管理, 成效."""
    ind = load_indicators(version)
    scored = [(d.name, tuple(i.key for g in d.groups for i in g.items), ()) for d in ind.dimensions]
    parts = [scored[0], (SCENES_SECTION, (), tuple(s.name for s in ind.scenes)), *scored[1:]]
    return tuple(Section(n, *part) for n, part in zip("一二三四五六七八", parts, strict=False))


def _section_of(field: str, version: str) -> str:
    """The section a field of ``validate_answers`` (item, item.figure or scenes.name) belongs to."""
    head = field.split(".", 1)[0]
    return next(
        (s.name for s in sections(version) if head in s.item_keys or (head == "scenes" and s.scene_names)), ""
    )


def _reading(item: Item, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The options an item's answer comes to, as the engine reads it (a figure item: the band its
    figures fall in, else the option chosen directly); empty when unanswered or wrong. It is the
    engine's own reading, the one progress() and score() make, so that the page shows the same."""
    options, errors = scoring.resolve(item, answers)
    return () if errors else options


# ---------------------------------------------------------------- the draft


@dataclass(frozen=True)
class SectionProgress:
    number: str
    name: str
    answered: int
    total: int
    problems: int  # fields of this section with a message


@dataclass(frozen=True)
class Draft:
    version: str
    answers: dict[str, Any]
    scenes: dict[str, int]
    updated_at: datetime | None
    answered: int
    total: int
    sections: tuple[SectionProgress, ...]
    errors: dict[str, str]  # field -> message, as validate_answers names fields
    selected: dict[str, tuple[str, ...]]  # figure items: the option in force (the band the figures give)
    result: Result | None  # None while errors remain; unanswered questions score 0

    @property
    def remaining(self) -> int:
        return self.total - self.answered

    @property
    def complete(self) -> bool:
        return self.remaining == 0 and not self.errors


def _view(
    version: str, answers: dict[str, Any], scenes: dict[str, int], updated_at: datetime | None
) -> Draft:
    ind = load_indicators(version)
    errors = validate_answers(answers, scenes, version=version)
    answered, total = progress(answers, scenes, version=version)
    parts = []
    for s in sections(version):
        done = sum(1 for k in s.item_keys if _reading(ind.items[k], answers))
        done += sum(1 for name in s.scene_names if scenes.get(name) is not None)
        problems = sum(1 for field in errors if _section_of(field, version) == s.name)
        parts.append(SectionProgress(s.number, s.name, done, s.size, problems))
    selected = {item.key: _reading(item, answers) for item in ind.items.values() if item.kind in FIGURE_KINDS}
    return Draft(
        version=version,
        answers=answers,
        scenes=scenes,
        updated_at=updated_at,
        answered=answered,
        total=total,
        sections=tuple(parts),
        errors=errors,
        selected=selected,
        result=None if errors else score(answers, scenes, version=version),
    )


def _own_enterprise(actor: Actor) -> int:
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以填写数字化水平自测")
    return enterprise_id_for(actor)


def _draft_row(session: Session, enterprise_id: int) -> AssessmentDraft | None:
    return session.exec(select(AssessmentDraft).where(AssessmentDraft.enterprise_id == enterprise_id)).first()


def _row_view(row: AssessmentDraft | None) -> Draft:
    if row is None:
        return _view(VERSION, {}, {}, None)
    return _view(row.indicator_version, dict(row.answers), dict(row.scenes), row.updated_at)


def load_draft(actor: Actor) -> Draft:
    """The questionnaire as it was last saved (empty before the first answer)."""
    enterprise_id = _own_enterprise(actor)
    with db.reading() as session:
        return _row_view(_draft_row(session, enterprise_id))


def _lock_draft(session: Session, actor: Actor, enterprise_id: int) -> AssessmentDraft:
    """The enterprise's draft, created on first use; other writers of it wait (PostgreSQL)."""
    session.get(Enterprise, enterprise_id, with_for_update=not db.is_sqlite())
    row = _draft_row(session, enterprise_id)
    if row is None:
        row = AssessmentDraft(
            enterprise_id=enterprise_id,
            indicator_version=VERSION,
            answers={},
            scenes={},
            updated_at=clock.now(),
            updated_by=actor.user_id,
        )
    return row


Change = Callable[[Indicators, dict[str, Any], dict[str, int]], None]


def _change_draft(actor: Actor, change: Change) -> Draft:
    """Apply ``change`` to copies of the answers and scenes and store them, in one transaction."""
    enterprise_id = _own_enterprise(actor)
    with db.transaction() as session:
        row = _lock_draft(session, actor, enterprise_id)
        answers, scenes = copy.deepcopy(row.answers), dict(row.scenes)
        change(load_indicators(row.indicator_version), answers, scenes)
        row.answers, row.scenes = answers, scenes
        row.updated_at, row.updated_by = clock.now(), actor.user_id
        session.add(row)
    return _row_view(row)


def _item_of(ind: Indicators, item_key: str) -> Item:
    item = ind.items.get(item_key)
    if item is None:
        raise ValidationError(fields={item_key: "没有这道题，请刷新页面后重试"})
    return item


def _is_none(item: Item, prefix: str) -> bool:
    option = item.option(prefix)
    return option is not None and option.label == NONE_LABEL


def _figures_of(answer: Any) -> dict[str, Any]:
    """A figure item's answer as a dict (an option chosen alone becomes {"option": …})."""
    if isinstance(answer, dict):
        return dict(answer)
    return {OPTION: answer} if isinstance(answer, str) else {}


def _chosen(item: Item, current: Any, prefix: str, checked: bool) -> Any:
    """The answer after ticking (or unticking) one option; None when nothing is left."""
    if item.kind == "multi":
        now = [p for p in (current if isinstance(current, list) else []) if p != prefix]
        if checked:
            now = [] if _is_none(item, prefix) else [p for p in now if not _is_none(item, p)]
            now.append(prefix)
        order = [o.prefix for o in item.options]
        return sorted(now, key=lambda p: order.index(p) if p in order else len(order)) or None
    if item.kind == "single":
        return prefix if checked else None
    figures = _figures_of(current)
    figures.pop(OPTION, None)
    if checked:
        figures[OPTION] = prefix
    return figures or None


def _put(answers: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        answers.pop(key, None)
    else:
        answers[key] = value


def save_answer(actor: Actor, item_key: str, prefix: str, checked: bool = True) -> Draft:
    """Tick or untick one option: a multi item's “无” clears the others and any other clears “无”;
    a single item keeps one option; a figure item keeps the option beside its figures."""

    def change(ind: Indicators, answers: dict[str, Any], _scenes: dict[str, int]) -> None:
        item = _item_of(ind, item_key)
        if item.option(prefix) is None:
            raise ValidationError(fields={item_key: "没有这个选项，请刷新页面后重试"})
        _put(answers, item_key, _chosen(item, answers.get(item_key), prefix, checked))

    return _change_draft(actor, change)


def save_figures(actor: Actor, item_key: str, figures: Mapping[str, Any]) -> Draft:
    """Store the figures of one item (``""``/None clears one). A figure that is not a valid number
    is not stored and is reported under ``item.figure``; the others are stored."""
    refused: dict[str, str] = {}

    def change(ind: Indicators, answers: dict[str, Any], _scenes: dict[str, int]) -> None:
        item = _item_of(ind, item_key)
        if item.kind not in FIGURE_KINDS:
            raise ValidationError(fields={item_key: "这道题没有需要填写的数据，请刷新页面后重试"})
        names = {f.key for f in item.fields}
        stored = _figures_of(answers.get(item_key))
        for name, raw in figures.items():
            field = f"{item_key}.{name}"
            value = raw.strip() if isinstance(raw, str) else raw
            if name not in names:
                refused[field] = "没有这个填写项，请刷新页面后重试"
            elif value is None or value == "":
                stored.pop(name, None)
            elif message := validate_answers({item_key: {name: value}}, {}, version=ind.version).get(field):
                refused[field] = message
            else:
                stored[name] = value
        _put(answers, item_key, stored or None)

    draft = _change_draft(actor, change)
    if refused:
        raise ValidationError(fields=refused)
    return draft


def save_scene(actor: Actor, scene: str, level: int | None) -> Draft:
    """The level a scene reached: 0 (未达一级) … 4; None takes the scene back to 未评."""

    def change(ind: Indicators, _answers: dict[str, Any], scenes: dict[str, int]) -> None:
        if level is None:
            scenes.pop(scene, None)
            return
        if message := validate_answers({}, {scene: level}, version=ind.version).get(f"scenes.{scene}"):
            raise ValidationError(fields={f"scenes.{scene}": message})
        scenes[scene] = level

    return _change_draft(actor, change)


def reset_draft(actor: Actor) -> Draft:
    """Start the questionnaire again (kept assessments are not touched)."""

    def change(_ind: Indicators, answers: dict[str, Any], scenes: dict[str, int]) -> None:
        answers.clear()
        scenes.clear()

    return _change_draft(actor, change)


def score_draft(actor: Actor) -> Result:
    """The result of the questionnaire as it stands (unanswered questions score 0)."""
    draft = load_draft(actor)
    if draft.result is None:
        raise ValidationError(
            f"问卷中还有 {len(draft.errors)} 处需要修改，请先改正标红的内容", fields=draft.errors
        )
    return draft.result


