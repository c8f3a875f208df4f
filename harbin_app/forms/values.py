"""Values of a form's content by path: read, write, flatten for storage, assemble back.

Storage keeps one value per path: a field's value under its path, a row list's order as the list
of its row ids under the list's path. Writing a blur is then one value; a row added, removed or
moved is its list's id order (the removed row's values stay, so 撤销 can bring it back).
"""

from __future__ import annotations

from typing import Any

from harbin_app.forms.schema import FormSchema, Rows


def _find(rows: list[dict[str, Any]], rid: str) -> dict[str, Any] | None:
    return next((r for r in rows if r.get("id") == rid), None)


def container(schema: FormSchema, content: dict[str, Any], path: str) -> tuple[Any, str] | None:
    """(the dict holding the value or the list, its key) for a field or list path, or None."""
    loc = schema.locate(path)
    if loc is None:
        return None
    parts = path.split(".")
    if loc.rows is None:  # a section field
        if loc.section.key:
            return content.setdefault(loc.section.key, {}), parts[-1]
        return content, parts[-1]
    node: Any = content
    key = parts[0]
    i = 1
    while i < len(parts):
        rows = node.get(key) if isinstance(node, dict) else None
        row = _find(rows or [], parts[i]) if isinstance(rows, list) else None
        if row is None:
            return None
        node, key = row, parts[i + 1]
        i += 2
    return node, key


def get(schema: FormSchema, content: dict[str, Any], path: str) -> Any:
    found = container(schema, content, path)
    return None if found is None else found[0].get(found[1])


def put(schema: FormSchema, content: dict[str, Any], path: str, value: Any) -> bool:
    """Write a field's value (or a list) at `path`; False when the path names nothing present."""
    found = container(schema, content, path)
    if found is None:
        return False
    found[0][found[1]] = value
    return True


def rows_at(schema: FormSchema, content: dict[str, Any], list_path: str) -> list[dict[str, Any]] | None:
    value = get(schema, content, list_path)
    return value if isinstance(value, list) else None


# ---------------------------------------------------------------- storage


def flatten(schema: FormSchema, content: dict[str, Any]) -> dict[str, Any]:
    """Every value of the content by path, each row list as the list of its ids."""
    out: dict[str, Any] = {}
    for s in schema.sections:
        source = content.get(s.key, {}) if s.key else content
        for f in s.fields:
            out[s.field_path(f)] = source.get(f.key, f.blank()) if isinstance(source, dict) else f.blank()
        if s.rows:
            _flatten_rows(s.rows, s.rows.key, content.get(s.rows.key) or [], out)
    return out


def _flatten_rows(kind: Rows, path: str, rows: list[dict[str, Any]], out: dict[str, Any]) -> None:
    out[path] = [r["id"] for r in rows]
    for r in rows:
        at = f"{path}.{r['id']}"
        for f in kind.fields:
            out[f"{at}.{f.key}"] = r.get(f.key, f.blank())
        for child in kind.children:
            _flatten_rows(child, f"{at}.{child.key}", r.get(child.key) or [], out)


def differing(schema: FormSchema, content: dict[str, Any], edits: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """The page's text values (path → text) that differ from what the tab holds: `content` as drawn with
    `edits` typed since. Paths the content does not hold (a removed row, a name that is no field) are left
    out. 保存 sends every input's value and usually one or two differ: one pass over the content, instead
    of locating each path in it."""
    known = flatten(schema, content)
    return {
        p: v for p, v in values.items()
        if isinstance(v, str) and p in known and edits.get(p, known[p]) != v
    }


def changed_paths(schema: FormSchema, before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """The paths (by row id) whose value differs between two contents: the inputs a redraw renews."""
    old, new = flatten(schema, before), flatten(schema, after)
    return tuple(p for p, v in new.items() if old.get(p, _ABSENT) != v)


_ABSENT = object()


def assemble(schema: FormSchema, values: dict[str, Any]) -> dict[str, Any]:
    """The content back from its stored values (missing values blank, unknown paths ignored)."""
    content: dict[str, Any] = {}
    for s in schema.sections:
        fields = {f.key: values.get(s.field_path(f), f.blank()) for f in s.fields}
        if s.key and s.fields:
            content[s.key] = fields
        elif not s.key:
            content.update(fields)
        if s.rows:
            content[s.rows.key] = _assemble_rows(s.rows, s.rows.key, values)
    return content


def _assemble_rows(kind: Rows, path: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    ids = values.get(path)
    out = []
    for rid in ids if isinstance(ids, list) else []:
        at = f"{path}.{rid}"
        row: dict[str, Any] = {"id": rid, **{f.key: values.get(f"{at}.{f.key}", f.blank()) for f in kind.fields}}
        for child in kind.children:
            row[child.key] = _assemble_rows(child, f"{at}.{child.key}", values)
        out.append(row)
    return out


# ---------------------------------------------------------------- messages


def id_path(schema: FormSchema, content: dict[str, Any], path: str) -> str:
    """A rule's message path by row position (``projects.1.indicators.0.name``) as a path by row id
    (``projects.<id>.indicators.<id>.name``); paths without positions come back unchanged."""
    parts = path.split(".")
    node: Any = content
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        out.append(part)
        value = node.get(part) if isinstance(node, dict) else None
        if isinstance(value, list) and i + 1 < len(parts) and parts[i + 1].isascii() and parts[i + 1].isdigit():
            index = int(parts[i + 1])
            if index >= len(value):
                return path
            node = value[index]
            out.append(str(node.get("id")))
            i += 2
            continue
        node = value
        i += 1
    return ".".join(out)



def adopt_ids(schema: FormSchema, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`new` with every row that has no id given the id of the row at its position in `old`
    (a whole form handed in without ids keeps its rows' identity)."""

    def rows(kind: Rows, old_rows: Any, new_rows: Any) -> Any:
        if not isinstance(new_rows, list):
            return new_rows
        old_rows = old_rows if isinstance(old_rows, list) else []
        taken = {r.get("id") for r in new_rows if isinstance(r, dict) and r.get("id")}
        out = []
        for n, row in enumerate(new_rows):
            if not isinstance(row, dict):
                continue
            row = dict(row)
            previous = old_rows[n] if n < len(old_rows) and isinstance(old_rows[n], dict) else {}
            if not row.get("id") and previous.get("id") and previous["id"] not in taken:
                row["id"] = previous["id"]
                taken.add(row["id"])
            for child in kind.children:
                row[child.key] = rows(child, previous.get(child.key) if previous.get("id") == row.get("id") else [],
                                      row.get(child.key))
            out.append(row)
        return out

    result = dict(new)
    for s in schema.sections:
        if s.rows and s.rows.key in result:
            result[s.rows.key] = rows(s.rows, old.get(s.rows.key), result[s.rows.key])
    return result


def overlay(schema: FormSchema, content: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """`content` with `edits` (path → value) written over it, copying only the dicts and lists on
    the edited paths: for reading (checks), never to be changed in place."""
    if not edits:
        return content
    out = dict(content)
    for path, value in edits.items():
        loc = schema.locate(path)
        if loc is None or loc.field is None:
            continue
        parts = path.split(".")
        if loc.rows is None:
            if loc.section.key:
                out[loc.section.key] = {**(out.get(loc.section.key) or {}), parts[-1]: value}
            else:
                out[parts[-1]] = value
            continue
        node: dict[str, Any] = out
        for j in range(0, len(parts) - 1, 2):
            rows = list(node.get(parts[j]) or [])
            node[parts[j]] = rows
            index = next((n for n, r in enumerate(rows) if r.get("id") == parts[j + 1]), -1)
            if index < 0:
                break
            rows[index] = node = dict(rows[index])
        else:
            node[parts[-1]] = value
    return out


def by_position(content: Any, path: str) -> str:
    """'projects.<id>.indicators.<id>.name' → 'projects-0-indicators-1-name': rows named by their
    position, as the pages name their controls; "" when the path is not in the content."""
    node: Any = content
    out: list[str] = []
    for part in path.split("."):
        if isinstance(node, list):
            index = next((n for n, row in enumerate(node) if isinstance(row, dict) and row.get("id") == part), -1)
            if index < 0:
                return ""
            out.append(str(index))
            node = node[index]
        elif isinstance(node, dict):
            out.append(part)
            node = node.get(part)
        else:
            return ""
    return "-".join(out)
