"""A work-order type for tests of what the engine's generic consumers (messages, SMS, reminders,
statistics) do with a type they never name: a booking with a date, a conclusion with a deadline the
reviewer enters, 拨付 by finance with an amount — the shapes 验收申请 and 拨付 will have."""

from __future__ import annotations

from contextlib import contextmanager

from harbin_app import db
from harbin_app.forms import DATE, Field, FormSchema, Section
from harbin_app.forms.checks import AMOUNT, TIME
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER, Actor
from harbin_app.services.engine import registry, transitions
from harbin_app.services.engine.types import (
    BLUE, EVERY_STATE, GREEN, GREY, ORANGE, RED, Deadline, DisplaySection, OrderType, StateDef, Workflow, t,
)

KIND = "trial"
WORKFLOW = Workflow(
    kind=KIND,
    label="试验申请",
    states=(
        StateDef("draft", "草稿", GREY),
        StateDef("submitted", "待审核", BLUE),
        StateDef("rejected", "驳回", RED),
        StateDef("visit", "待现场验收", BLUE),
        StateDef("fixing", "整改中", ORANGE),
        StateDef("to_pay", "待拨付", BLUE),
        StateDef("paid", "已拨付", GREEN, finished=True),
    ),
    initial="draft",
    transitions=(
        t("submit", "提交", {"draft", "rejected", "fixing"}, "submitted", {ENTERPRISE}, snapshot=True),
        t("reject", "驳回", {"submitted"}, "rejected", {REVIEWER}, opinion_required=True, tone="danger"),
        t("book", "预约现场验收", {"submitted"}, "visit", {REVIEWER}, title="现场验收预约", inputs=(
            Field("visit_date", "验收日期", kind=DATE), Field("visit_time", "验收时间", kind=TIME),
            Field("place", "验收地点", max_length=100), Field("needs", "验收要求", max_length=200, required=False),
        )),
        t("conclude_fail", "不通过", {"visit"}, "fixing", {REVIEWER}, opinion_required=True, tone="danger",
          inputs=(Field("due", "整改期限", kind=DATE),), deadline=Deadline(input_key="due", label="整改期限")),
        t("conclude_pass", "通过", {"visit"}, "to_pay", {REVIEWER},
          inputs=(Field("recognised", "认定项目金额(万元)", kind=AMOUNT),)),
        t("pay", "拨付", {"to_pay"}, "paid", {FINANCE}, inputs=(
            Field("amount", "拨付金额(万元)", kind=AMOUNT), Field("paid_on", "拨付日期", kind=DATE),
        )),
    ),
    editable=frozenset({"draft", "rejected", "fixing"}),
    readers={ENTERPRISE: EVERY_STATE, REVIEWER: EVERY_STATE, FINANCE: EVERY_STATE},
)
FORM = FormSchema((Section("", "申请", fields=(Field("name", "企业名称", max_length=64),
                                               Field("industry", "所属行业", max_length=32)),),))

TYPE = OrderType(
    workflow=WORKFLOW, form=FORM, validate=lambda session, order, content: {},
    summary=lambda c: (str(c.get("name") or ""), "", str(c.get("industry") or "")),
    display=lambda c: [DisplaySection("申请", fields=[("企业名称", str(c.get("name") or ""))])],
)


@contextmanager
def registered():
    registry.register(TYPE)
    try:
        yield
    finally:
        registry._TYPES.pop(KIND, None)  # noqa: SLF001  (tests only)


def start(actor: Actor, name: str = "哈尔滨试验装备有限公司", industry: str = "电气装备制造业") -> int:
    """A submitted trial order of the actor's enterprise; returns its id."""
    with db.transaction() as session:
        order = transitions.create(session, actor, KIND, actor.enterprise_id or 0, {"name": name, "industry": industry})
        order_id = order.id or 0
    transitions.transition(actor, order_id, "submit", seen_row_version=1)
    return order_id
