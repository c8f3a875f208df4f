"""The long-form toolkit's checks: every rule on the content (the index's problem counts), the
message of a field just left and of its row, the focus order of a refused 提交. `LongFormMixin`
(state/long_form.py) takes these; a form says its rules (`_problems`) and, if it differs, where a
message is counted (`_section_of`), which row fields answer at once (`_cross_fields`) and its
controls' ids (`_dom_prefix`)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.forms import FILE
from harbin_app.forms.values import by_position, get, id_path
from harbin_app.services.errors import remaining_problems


class LongFormChecksMixin(rx.State, mixin=True):
    def _count_by_section(self, paths: Any) -> None:
        schema = self._schema()
        counts = dict.fromkeys(schema.section_keys(), 0)
        for path in paths:
            key = self._section_of(path)
            counts[key] = counts.get(key, 0) + 1
        self.section_counts = counts

    def _full_check(self, content: dict[str, Any] | None = None) -> dict[str, str]:
        """Every rule on the content: the index's problem counts; returns path (by row id) → message."""
        content = self._content() if content is None else content
        if not self.editable:
            self.section_counts = {}
            return {}
        schema = self._schema()
        found = {id_path(schema, content, p): m for p, m in self._problems(content).items()}
        self._count_by_section(found)
        return found

    def _siblings(self, path: str) -> list[str]:
        """The paths whose message may change when `path` changes: the field, its row's fields."""
        loc = self._schema().locate(path)
        if loc is None or loc.rows is None:
            return [path]
        row = path.rsplit(".", 1)[0]
        return [path, *[f"{row}.{f.key}" for f in loc.rows.fields if f"{row}.{f.key}" != path]]

    def _check(self, path: str, content: dict[str, Any]) -> None:
        """Say at once what is wrong with a field just left (and what it makes wrong in its row);
        messages already shown follow the content."""
        found = self._full_check(content)
        schema = self._schema()
        errors = {k: found.get(k, m) for k, m in self.errors.items() if k in found or self._is_slot(k)}
        for p in self._siblings(path):
            # a message appears for a filled field, one already shown, or a row field the form marks eager
            shown = p in self.errors or self._eager(p) or str(get(schema, content, p) or "").strip()
            if (message := found.get(p)) and shown:
                errors[p] = message
        self.errors = errors
        self._summary()

    def _eager(self, path: str) -> bool:
        loc = self._schema().locate(path)
        return loc is not None and loc.rows is not None and loc.field is not None and (
            f"{loc.rows.key}.{loc.field.key}" in self._cross_fields()
        )

    def _is_slot(self, path: str) -> bool:
        """A refused upload's message stays until its slot changes."""
        loc = self._schema().locate(path)
        return loc is not None and loc.field is not None and loc.field.kind == FILE

    def _focus_order(self, errors: dict[str, str]) -> list[tuple[str, str]]:
        """(path, control id) in the page's order: a refused 提交 moves the focus to the first with a
        message. By default the sections' order and, within one, the order of the messages; empty when
        the page names no ids (the focus stays on 提交; the summary is announced)."""
        if not self._dom_prefix:
            return []
        sections = list(self._schema().section_keys())
        ranked = sorted(errors, key=lambda p: sections.index(k) if (k := self._section_of(p)) in sections else len(sections))
        view = self.get_value("view")
        return [(p, f"{self._dom_prefix}-{i}") for p in ranked if (i := by_position(view, p))]

    def _summary(self) -> None:
        if self.attempted:
            self.form_message = remaining_problems(len(self.errors))
