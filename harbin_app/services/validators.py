"""Field rules shared by the forms: credit code (GB 32100), phone, e-mail, URL, numbers, dates, text."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from harbin_app.services.formats import normalize_mobile

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$", re.ASCII)  # ASCII: \d is no full-width digit
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# What no document (XML) can hold and no database should keep: control characters other than tab and line
# breaks, lone surrogates (a broken paste), the non-characters U+FFFE/U+FFFF.
UNSAVABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
URL_RE = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:\d{1,5})?(/[^\s]*)?$", re.ASCII)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> str:
    code = (value or "").strip().upper()
    if not code:
        return "请输入统一社会信用代码"
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，当前 {len(code)} 位"
    bad = sorted({c for c in code if c not in CREDIT_ALPHABET})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对营业执照"
    return ""


def phone_problem(value: str) -> str:
    """Mobile (11 digits, optional +86) or landline (0451-12345678)."""
    v = (value or "").strip()
    if not v:
        return "请输入联系电话"
    if normalize_mobile(v) or LANDLINE_RE.match(v.replace(" ", "")):
        return ""
    return "请输入正确的手机号或座机号（如 0451-86001234）"


def email_problem(value: str) -> str:
    v = (value or "").strip()
    if not v:
        return "请输入联系邮箱"
    return "" if EMAIL_RE.match(v) and len(v) <= 100 else "请输入正确的邮箱地址，如 name@example.com"


def url_problem(value: str, label: str = "官网地址") -> str:
    v = (value or "").strip()
    if not v:
        return f"请输入{label}"
    return "" if URL_RE.match(v) and len(v) <= 200 else f"请输入正确的{label}，如 https://www.example.com"


def unsavable_problem(value: str, label: str) -> str:
    """A control character (e.g. a soft line break pasted from Word) would break every generated document."""
    if UNSAVABLE_RE.search(value or ""):
        return f"{label}含有无法保存的不可见字符（如从其他软件复制来的特殊换行），请删除后重新输入"
    return ""


def text_problem(value: str, label: str, max_len: int, *, required: bool = True, min_len: int = 0) -> str:
    v = (value or "").strip()
    if not v:
        return f"请填写{label}" if required else ""
    if problem := unsavable_problem(v, label):
        return problem
    if len(v) > max_len:
        return f"{label}不能超过 {max_len} 字（当前 {len(v)} 字）"
    if min_len and len(v) < min_len:
        return f"{label}至少 {min_len} 字"
    return ""


# A number as people type it: ASCII digits, an optional sign and decimal point, thousands commas (removed
# first). Decimal() alone would also read "١٢", "1_000", "1e999999999", "NaN".
DECIMAL_RE = re.compile(r"^-?([0-9]+(\.[0-9]+)?|\.[0-9]+)$", re.ASCII)  # no "+1", no "1."
ISO_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)


def parse_decimal(value: str) -> Decimal | None:
    text = str(value).strip().replace(",", "")
    if not DECIMAL_RE.match(text):
        return None
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def positive_number_problem(value: str, label: str, *, max_places: int = 2, allow_zero: bool = False) -> str:
    v = str(value or "").strip()
    if not v:
        return f"请填写{label}"
    d = parse_decimal(v)
    if d is None:
        return f"{label}须为数字"
    if d <= 0 and not allow_zero:
        return f"{label}须大于 0"
    if d < 0:
        return f"{label}不能为负数"
    if -d.as_tuple().exponent > max_places:  # type: ignore[operator]
        return f"{label}最多保留 {max_places} 位小数"
    return ""


def positive_integer_problem(value: str, label: str) -> str:
    v = str(value or "").strip()
    if not v:
        return f"请填写{label}"
    if not (v.isascii() and v.isdigit()) or int(v) <= 0:  # "²".isdigit() holds, int("²") fails
        return f"{label}须为正整数"
    return ""


def parse_date(value: str) -> date | None:
    """2020-03-01 only (Python also reads 20200301 and 2020-W10-7, which no one means)."""
    text = (value or "").strip()
    if not ISO_DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def past_date_problem(value: str, label: str, today: date) -> str:
    if not (value or "").strip():
        return f"请选择{label}"
    d = parse_date(value)
    if d is None:
        return f"{label}格式应为 2020-03-01"
    if d > today:
        return f"{label}不能晚于今天"
    if d.year < 1949:
        return f"{label}不早于 1949 年"
    return ""
