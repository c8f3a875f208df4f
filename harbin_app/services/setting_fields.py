"""The fields of 设置: label, section, default, how the admin's text becomes a typed value, and
the Chinese message when it cannot.

Stored values are JSON: dates as "2024-07-01", amounts and ratios as decimal strings ("30",
"60.5"), lists as JSON lists, day counts as integers, SMS templates as text. Never floats.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from harbin_app import domain
from harbin_app.assessment import load_indicators
from harbin_app.settings import settings

OTHER = domain.OTHER_INDUSTRY  # "其他": always offered last, in both lists, never typed in
SIGNATURE = "【哈尔滨中小企业数字化转型公共服务平台】"
MAX_ITEM_CHARS = 32  # the industry column of enterprises and work orders holds 32 characters
MAX_ITEMS = 50
MAX_AMOUNT = Decimal("100000")  # 万元: a sanity bound (10 亿元), far above any cap
MAX_DAYS = 60
MAX_TEMPLATE_CHARS = 300

# sections, in the order of the form
PILOT, INDUSTRIES, CATEGORIES, SUBSIDY, REMINDERS, SMS = "试点期", "试点行业", "需求种类", "补贴规则", "提醒", "短信模板"
PUBLICATION = "公示"
SECTIONS = (PILOT, INDUSTRIES, CATEGORIES, SUBSIDY, PUBLICATION, REMINDERS, SMS)
PUBLICATION_CONTACT = "对公示内容有异议的，请在公示期内向哈尔滨市工业和信息化局或哈尔滨市财政局反映。"


class FieldProblem(Exception):
    """What is wrong with one field, in the words shown beside it."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    section: str
    kind: str  # date | lines | percent | amount | days | day_list | template | text
    default: Callable[[], Any]  # the stored (JSON) form
    hint: str = ""
    placeholders: tuple[str, ...] = ()  # templates: every placeholder allowed
    required: tuple[str, ...] = ()  # templates: the placeholders that must appear


def _template_hint(placeholders: tuple[str, ...], required: tuple[str, ...]) -> str:
    allowed = "、".join("{" + p + "}" for p in placeholders)
    must = "、".join("{" + p + "}" for p in required)
    return f"可用占位符：{allowed}；必须包含：{must}"


def _t(key: str, label: str, default: str, placeholders: tuple[str, ...], required: tuple[str, ...]) -> FieldSpec:
    return FieldSpec(
        key, label, SMS, "template", lambda: default, _template_hint(placeholders, required), placeholders, required
    )


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("pilot_start", "试点期开始日期", PILOT, "date", lambda: settings.pilot_start.isoformat(),
              "项目周期须在试点期内"),
    FieldSpec("pilot_end", "试点期结束日期", PILOT, "date", lambda: settings.pilot_end.isoformat()),
    FieldSpec("industries", "试点行业", INDUSTRIES, "lines", lambda: list(domain.PILOT_INDUSTRIES),
              f"每行一个行业；“{OTHER}”始终作为最后一项提供，无需填写"),
    FieldSpec("demand_categories", "需求种类", CATEGORIES, "lines",
              lambda: [scene.name for scene in load_indicators().scenes],
              f"每行一个种类，默认为 2024 年版评测指标的 16 个场景；“{OTHER}”始终作为最后一项提供，无需填写"),
    FieldSpec("subsidy_ratio", "补贴比例(%)", SUBSIDY, "percent", lambda: "30",
              "按认定的项目投资额计算补贴的比例，如 30 表示 30%"),
    FieldSpec("subsidy_cap_level2", "达到二级的补贴上限(万元)", SUBSIDY, "amount", lambda: "30"),
    FieldSpec("subsidy_cap_level3", "达到三级的补贴上限(万元)", SUBSIDY, "amount", lambda: "60"),
    FieldSpec("subsidy_cap_level4", "达到四级的补贴上限(万元)", SUBSIDY, "amount", lambda: "100"),
    FieldSpec("subsidy_cap_enterprise", "每家企业补贴上限(万元)", SUBSIDY, "amount", lambda: "100",
              "一家企业全部项目的补贴合计不超过此数"),
    FieldSpec("publication_contact", "公示异议联系方式", PUBLICATION, "text", lambda: PUBLICATION_CONTACT,
              "显示在门户的公示和企业的资金申请页面：受理异议的处室和联系电话"),
    FieldSpec("deadline_reminder_days", "期限前提醒(天)", REMINDERS, "day_list", lambda: [3, 1],
              "在整改、完善材料等期限前几天发短信提醒，多个天数用逗号隔开，如 3,1"),
    FieldSpec("reviewer_reminder_workdays", "审核提醒(工作日)", REMINDERS, "days", lambda: 5,
              "事项等待审核超过几个工作日时提醒审核员"),
    _t("sms_code", "验证码短信", f"{SIGNATURE}您的验证码为 {{验证码}}，{{有效分钟}} 分钟内有效。如非本人操作，请忽略本短信。",
       ("验证码", "有效分钟"), ("验证码",)),
    _t("sms_rejected", "驳回通知", f"{SIGNATURE}{{企业名称}}：您提交的{{事项}}未通过审核，审批意见：{{意见}}。请登录平台修改后重新提交。",
       ("企业名称", "事项", "意见"), ("事项",)),
    _t("sms_site_visit", "预约现场验收通知",
       f"{SIGNATURE}{{企业名称}}：您的项目已安排现场验收，时间：{{日期}}，地点：{{地点}}，要求：{{要求}}。请按时做好准备。",
       ("企业名称", "日期", "地点", "要求"), ("日期", "地点")),
    _t("sms_conclusion", "验收结论通知",
       f"{SIGNATURE}{{企业名称}}：您的项目验收结论为“{{结论}}”，请于 {{期限}} 前登录平台办理后续事项。",
       ("企业名称", "结论", "期限"), ("结论", "期限")),
    _t("sms_payment", "拨付通知",
       f"{SIGNATURE}{{企业名称}}：您的项目补助资金 {{金额}} 万元已于 {{日期}} 拨付，请注意查收。",
       ("企业名称", "金额", "日期"), ("金额",)),
    _t("sms_deadline", "期限提醒",
       f"{SIGNATURE}{{企业名称}}：您的{{事项}}办理期限为 {{期限}}，还有 {{剩余天数}} 天，请及时登录平台办理。",
       ("企业名称", "事项", "期限", "剩余天数"), ("期限",)),
)
BY_KEY = {f.key: f for f in FIELDS}


# ---------------------------------------------------------------- text the admin types → stored value


def _date(spec: FieldSpec, raw: Any) -> str:
    text = str(raw or "").strip()
    if not text:
        raise FieldProblem(f"请填写{spec.label}")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise FieldProblem(f"{spec.label}格式应为 2024-07-01") from None
    if not 2000 <= value.year <= 2100:
        raise FieldProblem(f"{spec.label}年份应在 2000 到 2100 之间")
    return value.isoformat()


def _lines(spec: FieldSpec, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list | tuple) else str(raw or "").splitlines()
    items = [str(i).strip() for i in items if str(i).strip()]
    if not items:
        raise FieldProblem(f"请至少填写一项{spec.label}")
    if len(items) > MAX_ITEMS:
        raise FieldProblem(f"{spec.label}最多 {MAX_ITEMS} 项")
    seen: set[str] = set()
    for item in items:
        if item == OTHER:
            raise FieldProblem(f"“{OTHER}”由系统自动放在最后，无需填写，请删去这一行")
        if len(item) > MAX_ITEM_CHARS:
            raise FieldProblem(f"“{item[:12]}…”超过 {MAX_ITEM_CHARS} 个字，请缩短")
        if item in seen:
            raise FieldProblem(f"“{item}”重复了，请删去重复的一行")
        seen.add(item)
    return items


_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def _decimal(raw: Any, not_a_number: str) -> Decimal:
    text = str(raw if raw is not None else "").strip()
    if not _NUMBER.match(text):
        raise FieldProblem(not_a_number)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise FieldProblem(not_a_number) from None


def _two_places(value: Decimal, message: str) -> None:
    if value != value.quantize(Decimal("0.01")):
        raise FieldProblem(message)


def decimal_text(value: Decimal) -> str:
    """30.00 → "30", 60.50 → "60.5": the stored and displayed form."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(spec: FieldSpec, raw: Any) -> str:
    if not str(raw if raw is not None else "").strip():
        raise FieldProblem(f"请填写{spec.label}")
    value = _decimal(raw, "请填写数字，如 30 表示 30%")
    if not Decimal(0) < value <= Decimal(100):
        raise FieldProblem("补贴比例须大于 0 且不超过 100")
    _two_places(value, "补贴比例最多保留两位小数")
    return decimal_text(value)


def _amount(spec: FieldSpec, raw: Any) -> str:
    if not str(raw if raw is not None else "").strip():
        raise FieldProblem(f"请填写{spec.label}")
    value = _decimal(raw, "请填写金额数字（单位：万元），如 30")
    if value <= 0:
        raise FieldProblem("金额须大于 0")
    _two_places(value, "金额最多保留两位小数（单位：万元）")
    if value > MAX_AMOUNT:
        raise FieldProblem("金额过大，请核对（单位为万元）")
    return decimal_text(value)


def _day(text: str, message: str) -> int:
    if not re.fullmatch(r"[0-9]{1,3}", text) or not 1 <= int(text) <= MAX_DAYS:
        raise FieldProblem(message)
    return int(text)


def _days(spec: FieldSpec, raw: Any) -> int:
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise FieldProblem(f"请填写{spec.label}")
    return _day(text, f"请填写 1 到 {MAX_DAYS} 之间的整数")


def _day_list(spec: FieldSpec, raw: Any) -> list[int]:
    parts = [str(p) for p in raw] if isinstance(raw, list | tuple) else re.split(r"[,，、;；\s]+", str(raw or ""))
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        raise FieldProblem(f"请填写{spec.label}，如 3,1")
    days = [_day(p, f"每个天数须为 1 到 {MAX_DAYS} 之间的整数，多个用逗号隔开，如 3,1") for p in parts]
    if len(set(days)) != len(days):
        raise FieldProblem("天数重复了，请删去重复的一项")
    return sorted(days, reverse=True)


def template_fields(template: str) -> list[str]:
    """The placeholders of a template, in order; FieldProblem when its braces do not pair."""
    names = []
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(template):
            if name is None:
                continue
            if spec or conversion or not name:
                raise FieldProblem("占位符请写成 {验证码} 这样，花括号里只写占位符的名称")
            names.append(name)
    except ValueError:
        raise FieldProblem("花括号不成对：占位符请写成 {验证码} 这样") from None
    return names


def _template(spec: FieldSpec, raw: Any) -> str:
    text = str(raw or "").strip()
    if not text:
        raise FieldProblem("请填写短信内容")
    if len(text) > MAX_TEMPLATE_CHARS:
        raise FieldProblem(f"短信内容不能超过 {MAX_TEMPLATE_CHARS} 个字")
    names = template_fields(text)
    allowed = "、".join("{" + p + "}" for p in spec.placeholders)
    for name in names:
        if name not in spec.placeholders:
            raise FieldProblem(f"不认识的占位符 {{{name}}}，可用的有：{allowed}")
    missing = [p for p in spec.required if p not in names]
    if missing:
        raise FieldProblem("短信内容须包含 " + "、".join("{" + p + "}" for p in missing))
    return text


def _text(spec: FieldSpec, raw: Any) -> str:
    text = str(raw or "").strip()
    if not text:
        raise FieldProblem(f"请填写{spec.label}")
    if len(text) > MAX_TEMPLATE_CHARS:
        raise FieldProblem(f"{spec.label}不能超过 {MAX_TEMPLATE_CHARS} 个字")
    if any(ord(c) < 32 for c in text):
        raise FieldProblem(f"{spec.label}请写成一段，不要换行或粘贴控制字符")
    return text


_PARSERS: dict[str, Callable[[FieldSpec, Any], Any]] = {
    "date": _date, "lines": _lines, "percent": _percent, "amount": _amount,
    "days": _days, "day_list": _day_list, "template": _template, "text": _text,
}


def parse(spec: FieldSpec, raw: Any) -> Any:
    """The stored (JSON) value for what the admin typed; FieldProblem with the message otherwise."""
    return _PARSERS[spec.kind](spec, raw)


# ---------------------------------------------------------------- stored value → text


def form_text(spec: FieldSpec, value: Any) -> str:
    """What the form's input shows for a stored value."""
    if spec.kind == "lines":
        return "\n".join(value)
    if spec.kind == "day_list":
        return ",".join(str(d) for d in value)
    return str(value)


def display_text(spec: FieldSpec, value: Any) -> str:
    """How a value reads in the change list."""
    if value is None:
        return ""
    if spec.kind == "lines":
        return "、".join(value)
    if spec.kind == "day_list":
        return "期限前 " + "、".join(str(d) for d in value) + " 天"
    if spec.kind == "percent":
        return f"{value}%"
    if spec.kind == "amount":
        return f"{value} 万元"
    if spec.kind == "days":
        return f"{value} 个工作日"
    return str(value)
