"""The long-form toolkit's state: what every multi-section form does (certification, pool entry,
验收申请), written once.

The form lives in the backend. The browser receives `view` (the content to draw, rows by stable id)
when the form is loaded or its rows change, never per keystroke; inputs are uncontrolled, so a pause
in typing sends one small event whose answer is a few bytes (a counter, the 未保存 mark). Leaving a
field checks it (state/long_form_checks.py) and keeps only what changed (`wo.save_changes`); rows
are added, removed (撤销 of the last removal), moved (state/long_form_rows.py); 提交 keeps what is
pending and submits. The view is not pickled with the state: it is stored beside it once per draw
(state/drawn_views.py).

A form's state mixes this in and says: its schema (`_schema`), how it loads (`_fetch`), its rules
(`_problems`, paths by row position or id), and, if it differs, how it keeps and submits.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any, ClassVar

import reflex as rx

from harbin_app import clock, live
from harbin_app.forms import FILE, FormSchema
from harbin_app.forms.values import changed_paths, differing, get, overlay, put
from harbin_app.state import drawn_views
from harbin_app.state.focus import first_problem
from harbin_app.state.long_form_checks import LongFormChecksMixin
from harbin_app.services import workorders
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.session import actor_of

TYPING_MS = 600  # a pause in typing this long sends the field's value
MAX_COUNTS = 24  # live counters kept apart from the view before the view is redrawn
RENEWED_FIELD = "__renewed"  # the page's values carry the renewal of its inputs they were read after


class LongFormMixin(LongFormChecksMixin, mixin=True):
    # ------------------------------------------------------------ what the browser draws
    view: dict[str, Any] = {}
    gen: int = 0  # bumped when the view replaces what every input holds (they are remounted)
    regen: dict[str, int] = {}  # path → bumped when the page sets that one value (its input is remounted)
    renewed: int = 0  # bumped with either: the page's values sent with 保存 say which renewal they saw
    errors: dict[str, str] = {}  # path by row id → message beside the field
    section_counts: dict[str, int] = {}
    counts: dict[str, int] = {}  # live counters of fields typed since the view was drawn
    dirty: bool = False
    saved_at: str = ""
    form_message: str = ""
    attempted: bool = False  # a submission was refused: the summary follows the messages
    busy: bool = False
    editable: bool = False
    loaded: bool = False
    found: bool = False
    not_found_message: str = ""
    order_id: int = 0
    state: str = ""
    state_label: str = ""
    tone: str = "gray"
    # ------------------------------------------------------------ backend only
    _edits: dict[str, Any] = {}  # values typed since the view was drawn
    _unsaved: list[str] = []  # paths not kept yet
    _row_version: int = 0
    _view_key: str = ""  # where `view` is kept (state/drawn_views.py): the state pickles this, not the view
    _view_previous: str = ""  # the view it replaced: kept a few minutes more once this one is written
    _intent: str = ""  # "submit" when 提交 was pressed, until the page's values arrive

    # ------------------------------------------------------------ the view is kept beside the state

    def __getstate__(self):
        return drawn_views.pickled(dict(super().__getstate__()))

    def __setstate__(self, state: dict[str, Any]):
        super().__setstate__(drawn_views.unpickled(state))
        self._fold_edits()

    def _fold_edits(self) -> None:
        """The view restored from its store (drawn before the edits) gets what was typed since."""
        if view := self.get_value("view"):
            self._with_edits(view)

    # ------------------------------------------------------------ what a form declares

    def _schema(self) -> FormSchema:
        raise NotImplementedError

    def _kind(self) -> str:
        raise NotImplementedError

    async def _open(self) -> None:
        """Load the form of the page the tab is on (the body of the page's `load`)."""
        raise NotImplementedError

    def _problems(self, content: dict[str, Any]) -> dict[str, str]:
        """The form's rules on `content`: path → message ({} when not editable)."""
        raise NotImplementedError

    async def _fetch(self) -> dict[str, Any] | None:
        """Load the form: a dict with order_id, state, state_label, tone, row_version, content,
        editable (and whatever the form keeps of its own); None (with not_found_message set) if refused."""
        raise NotImplementedError

    def _new_row_values(self, list_path: str) -> dict[str, Any]:
        """Values a row added to `list_path` starts with (e.g. 创建人); none by default."""
        return {}

    def _section_of(self, path: str) -> str:
        """The section whose index entry counts a message at `path` (by default the one it is stored in)."""
        return self._schema().section_key_of(path)

    _dom_prefix: ClassVar[str] = ""  # pages whose controls are "<prefix>-<path by row position>" (pe-projects-0-name)

    def _cross_fields(self) -> set[str]:
        """Row fields ("indicators.name") whose message shows as soon as the row changes."""
        return set()

    async def _keep(self, changes: dict[str, Any]) -> None:
        actor = await actor_of(self)
        if actor is None:
            raise ServiceError("登录已失效，请重新登录")
        await asyncio.to_thread(workorders.save_changes, actor, self.order_id, self._kind(), changes)

    async def _submit_order(self) -> workorders.TransitionResult:
        actor = await actor_of(self)
        if actor is None:
            raise ServiceError("登录已失效，请重新登录")
        return await asyncio.to_thread(
            workorders.transition, actor, self.order_id, "submit", seen_row_version=self._row_version
        )

    # ------------------------------------------------------------ the content

    def _content(self) -> dict[str, Any]:
        """What the form holds now: the drawn view with what was typed since."""
        return self._with_edits(copy.deepcopy(self.get_value("view")))

    def _with_edits(self, content: dict[str, Any]) -> dict[str, Any]:
        schema = self._schema()
        for path, value in self._edits.items():
            put(schema, content, path, value)
        return content

    def _reading(self) -> dict[str, Any]:
        """The same, for reading only (checks): only what was typed is copied."""
        return overlay(self._schema(), self.get_value("view"), self._edits)

    def _draw(self, content: dict[str, Any], *, remount: bool = False, remount_paths: tuple[str, ...] = ()) -> None:
        """Send the content to draw (typed values folded in). `remount` renews every input (a load);
        `remount_paths` only those whose value the page set (the others keep what is being typed)."""
        self.view = content
        self._view_previous, self._view_key = self._view_key, drawn_views.new_key(self.router.session.client_token)
        drawn_views.drawn(self._view_key, content)
        self._edits, self.counts = {}, {}
        if remount:
            self.gen += 1
            self.regen = {}
        elif remount_paths:
            self.regen = {**self.regen, **{p: self.regen.get(p, 0) + 1 for p in remount_paths}}
        if remount or remount_paths:
            self.renewed += 1

    def _note(self, path: str, value: Any) -> None:
        """Keep a value typed or chosen (not yet stored). It is written into the view too, without sending
        it: the view then holds what the page shows, so a page loaded afresh (it draws the view it is
        sent) shows it, and a reload renews only inputs whose stored value differs from it."""
        self._edits = {**self._edits, path: value}
        if view := self.get_value("view"):
            put(self._schema(), view, path, value)
        if path not in self._unsaved:
            self._unsaved = [*self._unsaved, path]
        if not self.dirty:
            self.dirty = True
        if path in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != path}

    def _accepts(self, path: str, value: Any) -> bool:
        loc = self._schema().locate(path)
        return (
            self.editable and loc is not None and loc.field is not None and not loc.field.readonly
            and loc.field.kind != FILE and isinstance(value, str)
        )

    # ------------------------------------------------------------ keeping

    async def _persist(self, extra: dict[str, Any] | None = None, *, quiet: bool = True) -> bool:
        """Keep what changed since the last save (and `extra`, e.g. a row list's new order)."""
        view = self.get_value("view")
        changes = {p: self._edits[p] if p in self._edits else get(self._schema(), view, p) for p in self._unsaved}
        changes.update(extra or {})
        if not changes or not self.editable:
            self.dirty = False
            return True
        try:
            await self._keep(changes)
        except ValidationError as exc:
            self.errors = {**self.errors, **exc.fields}
            self._unsaved = [p for p in self._unsaved if p not in exc.fields]
            self.form_message = exc.message
            return False
        except ServiceError as exc:
            self.form_message = exc.message
            return False
        self._unsaved = []
        self.dirty = False
        self.saved_at = clock.fmt_now_hm()
        if not quiet:
            self.form_message = ""
            self._summary()
        return True

    # ------------------------------------------------------------ loading

    async def _load(self, *, keep_typing: bool) -> None:
        try:
            data = await self._fetch()
        except ServiceError as exc:
            self.found, self.not_found_message, self.loaded = False, exc.message, True
            return
        if data is None:
            self.found, self.loaded = False, True
            return
        # what this tab typed and has not kept is kept across a reload of the same order in the same state
        same = self.found and self.order_id == data["order_id"] and self.state == data["state"]
        keep = keep_typing and same and self.dirty
        if keep:  # the view drawn with what was typed since (or, if the view is gone, the stored form with it)
            content = self._content() if self.get_value("view") else self._with_edits(data["content"])
        else:
            content = data["content"]
        if keep:
            for key, value in data.get("locked", {}).items():  # values the form does not edit, as they are now
                put(self._schema(), content, key, value)
        else:
            self._unsaved, self.dirty = [], False
        self.found, self.loaded = True, True
        self.order_id, self._row_version = data["order_id"], data["row_version"]
        self.state, self.state_label, self.tone = data["state"], data["state_label"], data["tone"]
        self.editable = data["editable"]
        drawn = self.get_value("view")
        if same and drawn:  # a reload of the order the tab shows (a reconnect, a live refresh, the page
            # again): renew only the inputs showing another value than the one now stored (the view holds
            # what was typed), so that a field being typed in keeps its text and focus
            self._draw(content, remount_paths=changed_paths(self._schema(), drawn, content))
        else:
            self._draw(content, remount=True)
        if not self.editable:
            self.errors, self.attempted, self.form_message, self.undo_label = {}, False, "", ""
        self._full_check(content)

    async def live_refresh(self) -> None:
        await self._load(keep_typing=True)

    async def _revive(self) -> None:
        """A tab whose state the store lost (Redis restarted) reconnects and may send an edit before its
        page loads again: the form is opened first, so the edit is kept, not dropped."""
        if not self.loaded:
            await self._open()

    # ------------------------------------------------------------ events: typing, leaving, choosing

    def _typed(self, path: str, value: str) -> None:
        loc = self._schema().locate(path)
        assert loc is not None and loc.field is not None
        value = value[: loc.field.max_length]
        known = self._edits.get(path, get(self._schema(), self.get_value("view"), path))
        if value == known:
            return
        self._note(path, value)
        if loc.field.counter:  # at most MAX_COUNTS + 1: leaving a field folds them into the view
            self.counts = {**self.counts, path: len(value)}

    async def _left(self, path: str, value: str) -> None:
        self._typed(path, value)
        if len(self.counts) >= MAX_COUNTS:
            self._draw(self._content())
        self._check(path, self._reading())
        if self._unsaved:
            await self._persist()

    @rx.event
    def typing(self, path: str, value: str):
        """A pause in typing (debounced in the browser): keep the value in the tab, update its counter."""
        if self._accepts(path, value):
            self._typed(path, value)

    @rx.event
    async def leave(self, path: str, value: str):
        """Leaving a field: keep its value, say what is wrong, store what changed."""
        await self._revive()
        if self._accepts(path, value):
            await self._left(path, value)

    @rx.event
    async def choose(self, path: str, value: str):
        """A select, a radio or a date: set, check and keep at once."""
        await self._revive()
        if self._accepts(path, value):
            await self._left(path, value)

    async def _set_and_redraw(self, path: str, value: Any) -> None:
        """A value set by the page (a file, a level taken from the self-assessment): redraw it."""
        content = self._content()
        if not put(self._schema(), content, path, value):
            return
        self._draw(content, remount_paths=(path,))
        if path in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != path}
        self._full_check(content)
        await self._persist({path: value})

    # ------------------------------------------------------------ events: 保存, 提交

    async def _save(self):
        if await self._persist(quiet=False):
            return rx.toast.success("已保存草稿")
        return None

    @rx.event
    def intend(self, intent: str):
        """保存 or 提交 pressed (Enter in a field presses 保存): the page's values follow (`keep_page`)."""
        self._intent = intent

    @rx.event
    async def keep_page(self, form_data: dict[str, Any]):
        """保存 / 提交 send every value the page's inputs hold: one whose event was lost with a dead
        connection (typed as a worker died) is kept too, not only shown."""
        intent, self._intent = self._intent, ""
        await self._revive()
        seen = form_data.get(RENEWED_FIELD)
        if seen is None or seen == str(self.renewed):  # else the page had not drawn the last renewal yet:
            # what it holds is older than what the tab set since
            for path, value in differing(self._schema(), self.get_value("view"), self._edits, form_data).items():
                if self._accepts(path, value):
                    self._typed(path, value)
        return await (self._submit() if intent == "submit" else self._save())

    @rx.event
    async def submit(self):
        await self._revive()
        return await self._submit()

    async def _submit(self):
        if self.busy or not self.editable:
            return None
        self.busy = True
        try:
            if not await self._persist(quiet=True):
                return None
            result = await self._submit_order()
        except ValidationError as exc:
            await self._load(keep_typing=True)
            self.saved_at = clock.fmt_now_hm()
            self.errors = exc.fields
            self._count_by_section(exc.fields)
            self.attempted = True
            self._summary()
            return first_problem(exc.fields, self._focus_order(exc.fields))
        except ServiceError as exc:
            self.form_message = exc.message
            return None
        finally:
            self.busy = False
        self.errors, self.form_message, self.attempted = {}, "", False
        await self._load(keep_typing=False)
        live.order_changed(result, skip=self)
        return rx.toast.success("已提交，请等待市工信局审核")
