"""数字化水平自测: what one tab shows of the enterprise's questionnaire, its result and kept records.

Every click on an option is saved at once; a figure box is saved when it loses focus. The page's
structure (items, options, scenes) is compiled from the indicator data; this state sends only the
answers, the messages and the result the page draws.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from harbin_app import clock
from harbin_app.assessment import Result, format_points, load_indicators
from harbin_app.services import assessments as svc
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.print_pdf import pdf_download
from harbin_app.state.session import actor_of

NOT_ASSESSED = "未评"


def token(*parts: str) -> str:
    """The key of one option or one figure box in the state's dicts: "network.B", "funding.investment"."""
    return ".".join(parts)


class AssessmentState(rx.State):
    loaded: bool = False
    form_key: int = 0  # bumped when the stored draft replaces what the figure boxes show
    chosen: list[str] = []  # token(item, prefix) of every ticked option
    single: dict[str, str] = {}  # item -> the option of a radio group
    figures: dict[str, str] = {}  # token(item, figure) -> the stored figure
    scene_levels: dict[str, str] = {}  # scene -> "0" … "4"
    bands: dict[str, str] = {}  # figure item -> the option in force, e.g. "C．(20%,40%]"
    errors: dict[str, str] = {}  # field -> message
    answered: int = 0
    total: int = 0
    section_answered: dict[str, int] = {}
    section_problems: dict[str, int] = {}
    saved_at: str = ""

    has_result: bool = False
    score_total: str = ""
    score_max: str = ""
    level_name: str = ""
    gaps: list[str] = []
    dimension_rows: list[dict[str, str]] = []  # name, score, max, percent
    scene_rows: list[dict[str, str]] = []  # number, name, group, kind, level
    dimension_chart: list[dict[str, Any]] = []  # name, 得分率
    scene_chart: list[dict[str, Any]] = []  # name, 等级

    keep_label: str = svc.LABELS[0]
    keep_date: str = ""
    keeping: bool = False
    kept: list[dict[str, str]] = []  # id, label, date, total, level
    pdf_busy: str = ""  # the kept result whose PDF report is being made

    _refused: dict[str, str] = {}  # messages of figures typed but not stored (still in their boxes)

    @rx.var
    def percent_done(self) -> int:
        return round(self.answered * 100 / self.total) if self.total else 0

    @rx.var
    def remaining(self) -> int:
        return self.total - self.answered

    @rx.var
    def problem_count(self) -> int:
        return len(self.errors)

    # ------------------------------------------------------------ showing what the service says

    def _show(self, draft: svc.Draft) -> None:
        ind = load_indicators(draft.version)
        self.chosen = [
            token(key, p) for key, value in draft.answers.items() if isinstance(value, list) for p in value
        ]
        self.single = {
            key: value if isinstance(value, str) else value.get(svc.OPTION, "")
            for key, value in draft.answers.items()
            if isinstance(value, (str, dict))
        }
        self.figures = {
            token(key, name): str(v)
            for key, value in draft.answers.items()
            if isinstance(value, dict)
            for name, v in value.items()
            if name != svc.OPTION
        }
        self.scene_levels = {name: str(level) for name, level in draft.scenes.items()}
        self.bands = {
            key: "、".join(f"{p}．{ind.items[key].option(p).label}" for p in prefixes)
            for key, prefixes in draft.selected.items()
            if prefixes
        }
        self.errors = {**draft.errors, **self._refused}
        self.answered, self.total = draft.answered, draft.total
        self.section_answered = {s.name: s.answered for s in draft.sections}
        self.section_problems = {s.name: s.problems for s in draft.sections}
        self.saved_at = clock.fmt_datetime(draft.updated_at)
        self._show_result(draft.result, draft.scenes)
        self.loaded = True

    def _show_result(self, result: Result | None, scenes: dict[str, int]) -> None:
        self.has_result = result is not None
        if result is None:  # the page shows what to fix instead
            self.gaps, self.dimension_rows, self.scene_rows = [], [], []
            self.dimension_chart, self.scene_chart = [], []
            return
        ind = load_indicators(result.version)
        self.score_total, self.score_max = format_points(result.total), format_points(result.max_total)
        self.level_name = result.level_name
        self.gaps = list(result.gaps_to_next_level)
        percents = {d.name: round(float(d.score * 100 / d.max), 1) for d in result.dimensions}
        self.dimension_rows = [
            {
                "name": d.name,
                "score": format_points(d.score),
                "max": format_points(d.max),
                "percent": f"{percents[d.name]:g}%",
            }
            for d in result.dimensions
        ]
        self.dimension_chart = [{"name": name, "得分率": p} for name, p in percents.items()]
        self.scene_rows = [
            {
                "number": str(n),
                "name": s.name,
                "group": s.group,
                "kind": "约束性" if s.binding else "指导性",
                "level": ind.level_name(result.scene_levels[s.name])
                if scenes.get(s.name) is not None
                else NOT_ASSESSED,
            }
            for n, s in enumerate(ind.scenes, 1)
        ]
        self.scene_chart = [{"name": s.name, "等级": result.scene_levels[s.name]} for s in ind.scenes]

    def _show_kept(self, kept: list[svc.KeptSummary]) -> None:
        self.kept = [
            {
                "id": str(k.id),
                "label": k.label,
                "date": clock.fmt_date(k.assessed_on),
                "total": k.total,
                "level": k.level_name,
            }
            for k in kept
        ]

    # ------------------------------------------------------------ calling the service

    async def _enterprise_actor(self) -> Actor | None:
        actor = await actor_of(self)
        return actor if actor is not None and actor.role == ENTERPRISE else None

    async def _save(self, fn: Callable[..., svc.Draft], *args: Any, fields: tuple[str, ...] = ()):
        """Run one save; ``fields`` are the fields it sends, whose earlier refusals it replaces."""
        actor = await self._enterprise_actor()
        if actor is None:
            return rx.toast.error("登录已失效，请重新登录")
        self._refused = {k: v for k, v in self._refused.items() if k not in fields}
        try:
            draft = await asyncio.to_thread(fn, actor, *args)
        except ValidationError as exc:
            self._refused = {**self._refused, **{k: v for k, v in exc.fields.items() if k in fields}}
            self.errors = {**self.errors, **exc.fields}
            return None
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self._show(draft)
        return None

    @rx.event
    async def load(self):
        """on_load of both pages: the stored draft and the kept assessments."""
        actor = await self._enterprise_actor()
        if actor is None:
            return
        draft, kept = await asyncio.gather(
            asyncio.to_thread(svc.load_draft, actor), asyncio.to_thread(svc.kept_summaries, actor)
        )
        self._refused = {}
        self.form_key += 1
        self._show(draft)
        self._show_kept(kept)
        if not self.keep_date:
            self.keep_date = clock.today_china().isoformat()

    @rx.event
    async def tick(self, item_key: str, prefix: str, checked: bool):
        return await self._save(svc.save_answer, item_key, prefix, checked)

    @rx.event
    async def pick(self, item_key: str, prefix: str):
        return await self._save(svc.save_answer, item_key, prefix, True)

    @rx.event
    async def save_figure(self, item_key: str, name: str, value: str):
        """A figure box lost focus: save it, unless it holds what is stored already."""
        field = token(item_key, name)
        if value.strip() == self.figures.get(field, "") and field not in self._refused:
            return None
        return await self._save(svc.save_figures, item_key, {name: value}, fields=(field,))

    @rx.event
    async def set_scene(self, scene: str, level: str):
        return await self._save(svc.save_scene, scene, int(level) if level.isascii() and level.isdigit() else None)

    @rx.event
    async def start_over(self):
        actor = await self._enterprise_actor()
        if actor is None:
            return None
        draft = await asyncio.to_thread(svc.reset_draft, actor)
        self._refused = {}
        self.form_key += 1
        self._show(draft)
        return rx.toast.success("问卷已清空，可以重新填写")

    # ------------------------------------------------------------ keeping and downloading

    @rx.event
    def set_keep_label(self, value: str):
        self.keep_label = value
        self.errors = {k: v for k, v in self.errors.items() if k != "label"}

    @rx.event
    def set_keep_date(self, value: str):
        self.keep_date = value
        self.errors = {k: v for k, v in self.errors.items() if k != "assessed_on"}

    @rx.event
    async def keep(self):
        actor = await self._enterprise_actor()
        if actor is None or self.keeping:
            return
        self.keeping = True
        self.errors = {k: v for k, v in self.errors.items() if k not in ("label", "assessed_on", "keep")}
        yield
        try:
            summary = await asyncio.to_thread(svc.keep, actor, self.keep_label, self.keep_date)
            kept = await asyncio.to_thread(svc.kept_summaries, actor)
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {"keep": exc.message})}
            return
        finally:
            self.keeping = False
        self._show_kept(kept)
        yield rx.toast.success(
            f"已保存为评测记录：{summary.label}，{clock.fmt_date(summary.assessed_on)}，{summary.level_name}"
        )

    @rx.event(background=True)
    async def download_pdf(self, assessment_id: str):
        """下载 PDF of a kept result's report (made on the server from the same .docx)."""
        async with self:
            if self.pdf_busy:
                return
            actor = await self._enterprise_actor()
            self.pdf_busy = str(assessment_id)
        try:
            if actor is None:
                return
            report = await asyncio.to_thread(svc.report, actor, int(assessment_id))
            outcome = await pdf_download(actor, report.filename, report.content)
        except ServiceError as exc:
            outcome = rx.toast.error(exc.message)
        finally:
            async with self:
                self.pdf_busy = ""
        yield outcome

    @rx.event
    async def download(self, assessment_id: str):
        actor = await self._enterprise_actor()
        if actor is None:
            return None
        try:
            report = await asyncio.to_thread(svc.report, actor, int(assessment_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=report.content, filename=report.filename)
