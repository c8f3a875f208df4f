"""What a value may be, by its field's declaration: the limits every save enforces (a draft can
never grow past what the form allows), and the checks of a transition's structured input."""

from __future__ import annotations

import re
from typing import Any

from harbin_app.forms.schema import DATE, FILE, ID_RE, RADIO, SELECT, Field, FormSchema
from harbin_app.services import validators as v

AMOUNT, TIME, PHONE = "amount", "time", "phone"  # kinds of a transition's input only
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$", re.ASCII)
MAX_ID_LIST = 200


def stored_problem(f: Field, value: Any) -> str:
    """Why a value cannot be kept in a draft ("" when it can). Empty is always allowed."""
    if f.kind == FILE:
        if value is None:
            return ""
        ok = isinstance(value, dict) and isinstance(value.get("file_id"), int) and len(str(value.get("name", ""))) <= 255
        return "" if ok else "文件信息无效，请重新上传"
    if not isinstance(value, str):
        return f"{f.label}的内容无效"
    if len(value) > f.max_length:
        return f"{f.label}不能超过 {f.max_length} 字（当前 {len(value)} 字）"
    if problem := v.unsavable_problem(value, f.label):
        return problem
    if f.kind in (SELECT, RADIO) and value and f.options and value not in f.options:  # no options: checked by the type
        return f"请从列表中选择{f.label}"
    if f.kind == DATE and value and v.parse_date(value) is None:
        return f"{f.label}格式应为 2025-03-01"
    return ""


def change_problem(schema: FormSchema, path: str, value: Any) -> str:
    """Why a change of a draft is refused ("" when it is accepted): unknown paths, read-only
    fields, oversize values, row lists past their limit."""
    loc = schema.locate(path)
    if loc is None:
        return "表单中没有该项"
    if loc.is_list:
        assert loc.rows is not None
        if not isinstance(value, list) or not all(isinstance(i, str) and ID_RE.match(i) for i in value):
            return "行数据无效"
        if len(value) > min(loc.rows.limit, MAX_ID_LIST) or len(set(value)) != len(value):
            return f"最多可添加 {loc.rows.limit} 个{loc.rows.label}"
        return ""
    assert loc.field is not None
    if loc.field.readonly:
        return f"{loc.field.label}不能在此修改"
    return stored_problem(loc.field, value)


def input_problem(f: Field, value: Any) -> str:
    """A transition's structured input (a booking, amounts, a deadline): required and format."""
    text = "" if value is None else str(value).strip()
    if not text:
        return f"请填写{f.label}" if f.required else ""
    if len(text) > f.max_length:
        return f"{f.label}不能超过 {f.max_length} 字"
    if problem := v.unsavable_problem(text, f.label):
        return problem
    if f.kind == DATE:
        return "" if v.parse_date(text) else f"{f.label}格式应为 2025-03-01"
    if f.kind == TIME:
        return "" if TIME_RE.match(text) else f"{f.label}格式应为 09:30"
    if f.kind == AMOUNT:
        return v.positive_number_problem(text, f.label, max_places=2, allow_zero=True)
    if f.kind == PHONE:
        return v.phone_problem(text)
    if f.kind in (SELECT, RADIO):
        return "" if text in f.options else f"请选择{f.label}"
    return ""
