"""A long form declared as data: sections, fields, repeatable rows at any depth.

The content of a form is a plain dict: a section's fields under ``content[section.key]`` (or at the
top for a section without key), a section's rows as a list under ``content[rows.key]``; every row is
a dict with a stable ``id``, its fields, and a list per kind of child row.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

TEXT, AREA, SELECT, RADIO, DATE, FILE = "text", "area", "select", "radio", "date", "file"
ID_RE = re.compile(r"^[0-9a-z]{1,16}$")


def new_id() -> str:
    return uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    max_length: int = 200
    options: tuple[str, ...] = ()
    counter: bool = False  # a live “n / max” beside the label
    readonly: bool = False  # filled by the service (e.g. from certification), never by the user
    required: bool = True
    placeholder: str = ""
    hint: str = ""

    def blank(self) -> Any:
        return None if self.kind == FILE else ""


@dataclass(frozen=True)
class Rows:
    """A repeatable row kind: ``label`` numbers its rows (需求 1, 项目 2 · 成效指标 3)."""

    key: str
    label: str
    fields: tuple[Field, ...]
    children: tuple[Rows, ...] = ()
    limit: int = 30
    start_with: int = 1  # blank rows a new parent (or a new form) starts with

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)

    def child(self, key: str) -> Rows | None:
        return next((c for c in self.children if c.key == key), None)

    def blank(self) -> dict[str, Any]:
        row: dict[str, Any] = {"id": new_id(), **{f.key: f.blank() for f in self.fields}}
        for child in self.children:
            row[child.key] = [child.blank() for _ in range(child.start_with)]
        return row


@dataclass(frozen=True)
class Section:
    key: str  # "" for a form whose fields sit at the top of the content
    title: str  # "一、基本情况"
    fields: tuple[Field, ...] = ()
    rows: Rows | None = None

    @property
    def prefix(self) -> str:
        """What a change list puts before this section's labels: "一、" of "一、基本情况"."""
        head, sep, _ = self.title.partition("、")
        return head + sep if sep and len(head) <= 3 else ""

    def field_path(self, f: Field) -> str:
        return f"{self.key}.{f.key}" if self.key else f.key


@dataclass(frozen=True)
class Located:
    """What a path names in a form."""

    section: Section
    field: Field | None = None  # a value path
    rows: Rows | None = None  # the row kind of a list path, or of the row holding the field
    row_ids: tuple[str, ...] = ()  # the rows walked through, outermost first
    is_list: bool = False  # the path names a list of rows
    path: str = ""

    @property
    def list_path(self) -> str:
        """The list holding the row of a row field, or the list itself."""
        return self.path.rsplit(".", 2)[0] if self.field is not None and self.rows is not None else self.path


@dataclass(frozen=True)
class FormSchema:
    sections: tuple[Section, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for s in self.sections:
            slots = [f.key for f in s.fields] if not s.key else ([s.key] if s.fields else [])
            for key in slots + ([s.rows.key] if s.rows else []):
                assert key not in seen, f"two parts of the form are stored under {key!r}"
                seen.add(key)

    # ------------------------------------------------------------ lookups

    @cached_property
    def _root_rows(self) -> dict[str, tuple[Section, Rows]]:
        return {s.rows.key: (s, s.rows) for s in self.sections if s.rows}

    @cached_property
    def _root_fields(self) -> dict[str, tuple[Section, Field]]:
        return {f.key: (s, f) for s in self.sections if not s.key for f in s.fields}

    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {s.key: s for s in self.sections if s.key and s.fields}

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key or (s.rows and s.rows.key == key))

    def locate(self, path: str) -> Located | None:
        """What `path` names (a field or a list of rows), or None if the form has no such thing."""
        parts = path.split(".") if isinstance(path, str) and path else []
        if not parts:
            return None
        head = parts[0]
        if head in self._root_fields and len(parts) == 1:
            s, f = self._root_fields[head]
            return Located(s, field=f, path=path)
        if head in self._sections and len(parts) == 2:
            s = self._sections[head]
            f = next((f for f in s.fields if f.key == parts[1]), None)
            return Located(s, field=f, path=path) if f else None
        if head not in self._root_rows:
            return None
        section, rows = self._root_rows[head]
        ids: list[str] = []
        i = 1
        while True:
            if i == len(parts):
                return Located(section, rows=rows, row_ids=tuple(ids), is_list=True, path=path)
            if not ID_RE.match(parts[i]) or i + 1 == len(parts):
                return None
            ids.append(parts[i])
            key = parts[i + 1]
            if (f := rows.field(key)) is not None:
                return Located(section, field=f, rows=rows, row_ids=tuple(ids), path=path) if i + 2 == len(parts) else None
            child = rows.child(key)
            if child is None:
                return None
            rows, i = child, i + 2

    def section_key_of(self, path: str) -> str:
        """The section a path (or a message's path) belongs to."""
        head = path.split(".", 1)[0]
        if head in self._root_rows:
            return self._root_rows[head][0].key or head
        if head in self._root_fields:
            return self._root_fields[head][0].key
        return head

    def section_keys(self) -> list[str]:
        return [s.key or (s.rows.key if s.rows else "") for s in self.sections]

    # ------------------------------------------------------------ content

    def blank(self) -> dict[str, Any]:
        content: dict[str, Any] = {}
        for s in self.sections:
            values = {f.key: f.blank() for f in s.fields}
            if s.key and s.fields:
                content[s.key] = values
            elif not s.key:
                content.update(values)
            if s.rows:
                content[s.rows.key] = [s.rows.blank() for _ in range(s.rows.start_with)]
        return content

    def normalise(self, content: Any, *, strip: bool = True) -> dict[str, Any]:
        """The stored shape: every key present, strings (trimmed), every row with an id."""
        content = content if isinstance(content, dict) else {}
        out: dict[str, Any] = {}
        for s in self.sections:
            source = content.get(s.key) if s.key else content
            values = {f.key: _value(f, (source or {}).get(f.key) if isinstance(source, dict) else None, strip) for f in s.fields}
            if s.key and s.fields:
                out[s.key] = values
            elif not s.key:
                out.update(values)
            if s.rows:
                out[s.rows.key] = _rows(s.rows, content.get(s.rows.key), strip)
        return out


def _value(f: Field, value: Any, strip: bool) -> Any:
    if f.kind == FILE:
        if isinstance(value, dict) and value.get("file_id"):
            return {k: value.get(k) for k in ("file_id", "name", "size", "pages", "sha256")}
        return None
    text = "" if value is None else str(value)
    return text.strip() if strip else text


def _rows(kind: Rows, value: Any, strip: bool) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for row in value if isinstance(value, list) else []:
        if not isinstance(row, dict):
            continue
        rid = str(row.get("id") or "")
        if not ID_RE.match(rid) or rid in seen:
            rid = new_id()
        seen.add(rid)
        item: dict[str, Any] = {"id": rid, **{f.key: _value(f, row.get(f.key), strip) for f in kind.fields}}
        for child in kind.children:
            item[child.key] = _rows(child, row.get(child.key), strip)
        out.append(item)
    return out
