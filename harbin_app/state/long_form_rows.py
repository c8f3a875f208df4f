"""The long-form toolkit's row events: a row added, removed (撤销 of the last removal) and moved,
with what follows each (the view redrawn, messages of rows that are gone dropped, the new order
kept). A form's state takes this beside `LongFormMixin`, whose helpers it uses."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from harbin_app.forms.rows import Removed, RowLimit, add_row, descendants, move_row, remove_row, restore_row
from harbin_app.forms.values import container, get


class LongFormRowsMixin(rx.State, mixin=True):
    undo_label: str = ""  # "需求 2" after a removal: 撤销 brings it back
    _removed: dict[str, Any] = {}  # the last removed row, for 撤销

    async def _rows_changed(
        self, content: dict[str, Any], list_path: str, extra: dict[str, Any] | None = None, *, added: bool = False,
    ) -> None:
        schema = self._schema()
        self._draw(content)
        # messages of rows that are gone go with them; a row added answers “至少填写一条”
        self.errors = {
            k: v for k, v in self.errors.items()
            if container(schema, content, k) is not None and not (added and k == list_path)
        }
        self._full_check(content)
        self._summary()
        ids = [r["id"] for r in get(schema, content, list_path) or []]
        await self._persist({list_path: ids, **(extra or {})})

    @rx.event
    async def add_row(self, list_path: str):
        await self._revive()
        if not self.editable:
            return None
        content = self._content()
        schema = self._schema()
        try:
            new_id = add_row(schema, content, list_path)
        except RowLimit as exc:
            return rx.toast.warning(str(exc))
        except KeyError:
            return None
        rows = get(schema, content, list_path) or []
        row = next(r for r in rows if r["id"] == new_id)
        row.update(self._new_row_values(list_path))
        await self._rows_changed(content, list_path, descendants(schema, list_path, row), added=True)
        return None

    @rx.event
    async def remove_row(self, list_path: str, row_id: str):
        await self._revive()
        if not self.editable:
            return
        content = self._content()
        removed = remove_row(self._schema(), content, list_path, row_id)
        if removed is None:
            return
        self._removed = asdict(removed)
        self.undo_label = removed.label
        await self._rows_changed(content, list_path)

    @rx.event
    async def undo_remove(self):
        """撤销: the last removed row comes back where it was, with everything it held."""
        if not self.editable or not self._removed:
            return
        removed = Removed(**self._removed)
        content = self._content()
        schema = self._schema()
        self._removed, self.undo_label = {}, ""
        if restore_row(schema, content, removed):
            await self._rows_changed(
                content, removed.list_path, descendants(schema, removed.list_path, removed.row), added=True
            )

    @rx.event
    def dismiss_undo(self):
        self._removed, self.undo_label = {}, ""

    @rx.event
    async def move_row(self, list_path: str, row_id: str, delta: int):
        await self._revive()
        if not self.editable:
            return
        content = self._content()
        if move_row(self._schema(), content, list_path, row_id, int(delta)):
            await self._rows_changed(content, list_path)
