"""What changed between two submissions, row by row (rows are matched by their stable id).

A row edited lists its edited fields under its new position; a row added lists its filled fields
(before empty); a row removed lists its fields under its old position marked （已删除）; rows only
reordered give one line for the list. Deleting a middle row therefore names exactly that row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harbin_app.forms.schema import FILE, Field, FormSchema, Rows

REMOVED = "（已删除）"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def shown(f: Field, value: Any) -> str:
    """A value as a change list (and 待办详情) shows it."""
    if f.kind == FILE:
        return f"{value.get('name', '')}（{value.get('pages', '?')} 页）" if isinstance(value, dict) and value else ""
    return "" if value is None else str(value).strip()


def changes(schema: FormSchema, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    old, new = schema.normalise(old), schema.normalise(new)
    out: list[Change] = []
    for s in schema.sections:
        a = old.get(s.key, {}) if s.key else old
        b = new.get(s.key, {}) if s.key else new
        for f in s.fields:
            before, after = shown(f, a.get(f.key)), shown(f, b.get(f.key))
            if before != after:
                out.append(Change(s.prefix + f.label, before, after))
        if s.rows:
            _rows(s.rows, s.prefix, old.get(s.rows.key) or [], new.get(s.rows.key) or [], out)
    return out


def _summary(kind: Rows, row: dict[str, Any]) -> str:
    text = next((shown(f, row.get(f.key)) for f in kind.fields if shown(f, row.get(f.key))), "")
    return text[:16] + ("…" if len(text) > 16 else "") or "（空）"


def _fields_of(kind: Rows, row: dict[str, Any], label: str, out: list[Change], *, added: bool) -> None:
    for f in kind.fields:
        value = shown(f, row.get(f.key))
        if value:
            out.append(Change(f"{label}·{f.label}", "" if added else value, value if added else ""))
    for child in kind.children:
        for m, c in enumerate(row.get(child.key) or [], 1):
            _fields_of(child, c, f"{label}·{child.label}{m}", out, added=added)


def _rows(kind: Rows, label: str, old: list[dict[str, Any]], new: list[dict[str, Any]], out: list[Change]) -> None:
    before = {r["id"]: (n, r) for n, r in enumerate(old, 1)}
    after_ids = {r["id"] for r in new}
    for n, row in enumerate(new, 1):
        here = f"{label}{kind.label}{n}"
        if row["id"] not in before:
            _fields_of(kind, row, here, out, added=True)
            continue
        old_row = before[row["id"]][1]
        for f in kind.fields:
            a, b = shown(f, old_row.get(f.key)), shown(f, row.get(f.key))
            if a != b:
                out.append(Change(f"{here}·{f.label}", a, b))
        for child in kind.children:
            _rows(child, f"{here}·", old_row.get(child.key) or [], row.get(child.key) or [], out)
    for rid, (n, row) in before.items():
        if rid not in after_ids:
            _fields_of(kind, row, f"{label}{kind.label}{n}{REMOVED}", out, added=False)
    common_old = [r["id"] for r in old if r["id"] in after_ids]
    common_new = [r["id"] for r in new if r["id"] in before]
    if common_old != common_new:
        by_id = {r["id"]: r for r in new}
        out.append(Change(
            f"{label}{kind.label}顺序",
            "、".join(_summary(kind, by_id[i]) for i in common_old),
            "、".join(_summary(kind, by_id[i]) for i in common_new),
        ))
