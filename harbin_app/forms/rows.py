"""Repeatable rows at any depth: add, remove (kept for 撤销), restore, move up and down.

Each function changes the content it is given and says what it did; nothing else is touched, so
the caller knows exactly which list to store (a list's order is one stored value).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from harbin_app.forms.schema import FormSchema, Rows
from harbin_app.forms.values import rows_at


class RowLimit(ValueError):
    """The list is full (the message says so, in the user's words)."""


@dataclass(frozen=True)
class Removed:
    list_path: str
    index: int
    row: dict[str, Any]
    label: str  # 需求 2


def kind_of(schema: FormSchema, list_path: str) -> Rows | None:
    loc = schema.locate(list_path)
    return loc.rows if loc is not None and loc.is_list else None


def add_row(schema: FormSchema, content: dict[str, Any], list_path: str) -> str:
    """Append a blank row (with its kind's starting child rows); returns its id."""
    kind, rows = kind_of(schema, list_path), rows_at(schema, content, list_path)
    if kind is None or rows is None:
        raise KeyError(list_path)
    if len(rows) >= kind.limit:
        raise RowLimit(f"最多可添加 {kind.limit} 个{kind.label}")
    row = kind.blank()
    rows.append(row)
    return row["id"]


def remove_row(schema: FormSchema, content: dict[str, Any], list_path: str, row_id: str) -> Removed | None:
    rows = rows_at(schema, content, list_path)
    kind = kind_of(schema, list_path)
    if rows is None or kind is None:
        return None
    index = next((n for n, r in enumerate(rows) if r.get("id") == row_id), -1)
    if index < 0:
        return None
    row = rows.pop(index)
    return Removed(list_path, index, copy.deepcopy(row), f"{kind.label} {index + 1}")


def restore_row(schema: FormSchema, content: dict[str, Any], removed: Removed) -> bool:
    """Put a removed row back where it was (False if its list is gone or full)."""
    rows, kind = rows_at(schema, content, removed.list_path), kind_of(schema, removed.list_path)
    if rows is None or kind is None or len(rows) >= kind.limit:
        return False
    if any(r.get("id") == removed.row.get("id") for r in rows):
        return False
    rows.insert(min(removed.index, len(rows)), copy.deepcopy(removed.row))
    return True


def move_row(schema: FormSchema, content: dict[str, Any], list_path: str, row_id: str, delta: int) -> bool:
    """Move a row up (delta −1) or down (+1); False at either end."""
    rows = rows_at(schema, content, list_path)
    if rows is None:
        return False
    index = next((n for n, r in enumerate(rows) if r.get("id") == row_id), -1)
    target = index + delta
    if index < 0 or not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    return True


def descendants(schema: FormSchema, list_path: str, row: dict[str, Any]) -> dict[str, Any]:
    """Every stored value of a row and its child rows, by path (to store a restored row)."""
    kind = kind_of(schema, list_path)
    out: dict[str, Any] = {}
    if kind is None:
        return out

    def walk(k: Rows, at: str, r: dict[str, Any]) -> None:
        for f in k.fields:
            out[f"{at}.{f.key}"] = r.get(f.key, f.blank())
        for child in k.children:
            children = r.get(child.key) or []
            out[f"{at}.{child.key}"] = [c["id"] for c in children]
            for c in children:
                walk(child, f"{at}.{child.key}.{c['id']}", c)

    walk(kind, f"{list_path}.{row['id']}", row)
    return out
