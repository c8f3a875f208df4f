"""What the engine gives every type by declaration: deadlines and 已逾期 (with a clock we control),
structured transition input checked at its fields and kept in the log, batch transitions (all or
none), live topics from the table's roles, drafts kept value by value, a new reader of a type
seeing its orders and their files."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from harbin_app import clock, db, live
from harbin_app.forms import DATE, Field, FormSchema, Section
from harbin_app.forms.checks import AMOUNT, TIME
from harbin_app.models import WorkOrder, WorkOrderDraftValue, WorkOrderLog
from harbin_app.services import files, workorders as wo
from harbin_app.services import pool_entry as pe
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.engine import drafts, registry
from harbin_app.services.engine.types import (
    BLUE, EVERY_STATE, GREEN, GREY, ORANGE, Deadline, DisplaySection, OrderType, StateDef, Workflow, t,
)
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.unit.factories import make_user
from tests.unit.test_pool_entry import pdf_bytes

KIND = "visit_test"
BOOKING = (
    Field("date", "验收日期", kind=DATE),
    Field("time", "验收时间", kind=TIME),
    Field("place", "验收地点", max_length=50),
    Field("amount", "补贴金额", kind=AMOUNT, required=False),
)
WORKFLOW = Workflow(
    kind=KIND,
    label="测试预约",
    states=(StateDef("draft", "草稿", GREY), StateDef("submitted", "待审核", BLUE), StateDef("booked", "已预约", BLUE),
            StateDef("fixing", "整改中", ORANGE), StateDef("published", "已公示", GREEN, finished=True)),
    initial="draft",
    transitions=(
        t("submit", "提交", {"draft", "fixing"}, "submitted", {ENTERPRISE}, snapshot=True),
        t("book", "预约", {"submitted"}, "booked", {REVIEWER}, inputs=BOOKING, title="现场验收预约"),
        t("fail", "不通过", {"booked"}, "fixing", {REVIEWER},
          inputs=(Field("due", "整改期限", kind=DATE),), deadline=Deadline(input_key="due", label="整改期限")),
        t("remind", "限期补正", {"submitted"}, "fixing", {REVIEWER}, deadline=Deadline(days=10, label="补正期限")),
        t("publish", "公示", {"booked"}, "published", {REVIEWER}, batch=True),
    ),
    editable=frozenset({"draft", "fixing"}),
    readers={ENTERPRISE: EVERY_STATE, REVIEWER: EVERY_STATE},
)
FORM = FormSchema((Section("", "基本", fields=(Field("name", "名称", max_length=20),)),))
TYPE = OrderType(
    workflow=WORKFLOW, form=FORM,
    validate=lambda session, order, content: {} if content.get("name") else {"name": "请填写名称"},
    summary=lambda content: (content.get("name", ""), "", ""),
    display=lambda content: [DisplaySection("基本", fields=[("名称", content.get("name", ""))])],
)


@pytest.fixture
def people(database, monkeypatch):
    monkeypatch.setitem(registry._TYPES, KIND, TYPE)  # declared, nothing else: the engine does the rest
    return {
        "q": make_user("q", ENTERPRISE, "13800000001"),
        "other": make_user("other", ENTERPRISE, "13800000002"),
        "rev": make_user("rev", REVIEWER),
        "fin": make_user("fin", FINANCE),
    }


def submitted(actor, name: str = "甲公司") -> wo.TransitionResult:  # noqa: ANN001
    with db.transaction() as s:
        order = wo.create(s, actor, KIND, actor.enterprise_id, {"name": name})
        order_id, version = order.id, order.row_version
    return wo.transition(actor, order_id, "submit", seen_row_version=version)


def booking(day: int = 3) -> dict[str, str]:
    return {"date": (clock.today_china() + timedelta(days=day)).isoformat(), "time": "09:30", "place": "一号车间"}


def test_structured_input_is_checked_at_its_fields_and_kept_in_the_log(people):
    r = submitted(people["q"])
    with pytest.raises(ValidationError) as exc:
        wo.transition(people["rev"], r.order_id, "book", seen_row_version=r.row_version,
                      inputs={"date": "2025-02-30", "time": "9点", "amount": "1.005"})
    assert exc.value.fields == {
        "date": "验收日期格式应为 2025-03-01", "time": "验收时间格式应为 09:30", "place": "请填写验收地点",
        "amount": "补贴金额最多保留 2 位小数",
    }
    assert wo.detail(people["rev"], r.order_id).state == "submitted"  # nothing written
    booked = wo.transition(people["rev"], r.order_id, "book", seen_row_version=r.row_version, inputs=booking())
    detail = wo.detail(people["q"], r.order_id)  # the enterprise sees the booking
    block = detail.inputs_shown[0]
    assert block.title == "现场验收预约" and ("验收地点", "一号车间") in block.fields
    assert "验收地点：一号车间" in detail.log[-1].note and "验收时间：09:30" in detail.log[-1].note
    assert booked.to_state == "booked"


def test_a_deadline_set_by_the_actor_shows_overdue_on_both_sides_once_it_passes(people, fake_clock):
    r = submitted(people["q"])
    b = wo.transition(people["rev"], r.order_id, "book", seen_row_version=r.row_version, inputs=booking())
    with pytest.raises(ValidationError) as exc:  # a deadline must lie ahead
        wo.transition(people["rev"], r.order_id, "fail", seen_row_version=b.row_version,
                      inputs={"due": clock.today_china().isoformat()})
    assert exc.value.fields == {"due": "整改期限须晚于今天"}
    due = clock.today_china() + timedelta(days=5)
    f = wo.transition(people["rev"], r.order_id, "fail", seen_row_version=b.row_version, inputs={"due": due.isoformat()})
    row = wo.pending(people["q"]).rows[0]
    assert (row.due_date, row.overdue, row.mine) == (due.isoformat(), False, True)
    detail = wo.detail(people["rev"], r.order_id)
    assert (detail.due_date, detail.overdue, detail.deadline_label) == (due.isoformat(), False, "整改期限")
    assert f"整改期限：{due.isoformat()}" in detail.log[-1].note
    fake_clock.advance(days=6)
    assert wo.pending(people["q"]).rows[0].overdue and wo.detail(people["rev"], r.order_id).overdue
    page, _ = wo.queue(people["rev"], KIND, wo.QueueFilter(state="fixing"))
    assert page.rows[0].as_dict()["overdue_label"] == "已逾期"
    # nothing is lost when it passes: the enterprise still edits and resubmits; the deadline goes
    wo.save_changes(people["q"], r.order_id, KIND, {"name": "甲公司（整改后）"})
    again = wo.transition(people["q"], r.order_id, "submit", seen_row_version=f.row_version)
    assert again.to_state == "submitted" and wo.detail(people["rev"], r.order_id).due_date == ""


def test_a_deadline_in_days_from_today(people, fake_clock):
    r = submitted(people["q"])
    wo.transition(people["rev"], r.order_id, "remind", seen_row_version=r.row_version)
    assert wo.detail(people["q"], r.order_id).due_date == (clock.today_china() + timedelta(days=10)).isoformat()


def test_a_batch_moves_every_order_or_none(people):
    a, b = submitted(people["q"], "甲公司"), submitted(people["other"], "乙公司")
    a = wo.transition(people["rev"], a.order_id, "book", seen_row_version=a.row_version, inputs=booking())
    b = wo.transition(people["rev"], b.order_id, "book", seen_row_version=b.row_version, inputs=booking())
    stale = [(a.order_id, a.row_version), (b.order_id, b.row_version - 1)]  # one changed meanwhile
    with pytest.raises(Conflict) as exc:
        wo.transition_many(people["rev"], stale, "publish")
    assert "乙公司" in exc.value.message and "本次操作未执行" in exc.value.message
    with db.reading() as s:
        assert {s.get(WorkOrder, i).state for i in (a.order_id, b.order_id)} == {"booked"}  # none moved
    created = []

    def batch_record(session) -> dict:  # noqa: ANN001
        created.append(1)
        return {"batch": "2025 第一批"}

    results = wo.transition_many(
        people["rev"], [(a.order_id, a.row_version), (b.order_id, b.row_version)], "publish", before=batch_record,
    )
    assert [r.to_state for r in results] == ["published", "published"] and created == [1]
    with db.reading() as s:
        logs = s.exec(select(WorkOrderLog).where(WorkOrderLog.action == "publish")).all()
    assert sorted(row.order_id for row in logs) == sorted([a.order_id, b.order_id])  # each its own row
    assert all(row.extra["batch"] == "2025 第一批" for row in logs)


def test_only_batch_transitions_are_taken_in_a_batch_and_rights_still_hold(people):
    a = submitted(people["q"])
    with pytest.raises(PermissionDenied, match="不能批量办理"):
        wo.transition_many(people["rev"], [(a.order_id, a.row_version)], "book", inputs=booking())
    with pytest.raises(NotFound):  # another enterprise does not see it
        wo.transition_many(people["other"], [(a.order_id, a.row_version)], "publish")
    with pytest.raises(ValidationError):
        wo.transition_many(people["rev"], [], "publish")


def test_live_topics_come_from_the_tables_roles(people, monkeypatch):
    assert "todo:role:reviewer" in live.order_topics(KIND, 1, 2) and "todo:role:finance" not in live.order_topics(KIND, 1, 2)
    wider = replace(TYPE, workflow=replace(WORKFLOW, readers={**WORKFLOW.readers, FINANCE: EVERY_STATE}))
    monkeypatch.setitem(registry._TYPES, KIND, wider)
    assert "todo:role:finance" in live.order_topics(KIND, 1, 2)


def test_a_new_reader_of_a_type_sees_its_orders_and_their_files(people, monkeypatch, tmp_path):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    r = submitted(people["q"])
    ref = files.store_upload(people["q"], io.BytesIO(pdf_bytes(1)), "证明.pdf", field="f")
    with db.transaction() as s:
        drafts.attach(s, r.order_id, [ref])
    with pytest.raises(NotFound):
        wo.detail(people["fin"], r.order_id)
    with pytest.raises(NotFound):
        files.download_link(people["fin"], ref["file_id"])
    wider = replace(TYPE, workflow=replace(WORKFLOW, readers={**WORKFLOW.readers, FINANCE: frozenset({"submitted"})}))
    monkeypatch.setitem(registry._TYPES, KIND, wider)  # one line of the table, no other edit
    assert wo.detail(people["fin"], r.order_id).state == "submitted"
    assert files.download_link(people["fin"], ref["file_id"]).startswith("/download/")
    assert [row.id for row in wo.pending(people["fin"]).rows] == []  # reads, but nothing waits for finance
    wo.transition(people["rev"], r.order_id, "remind", seen_row_version=r.row_version)
    with pytest.raises(NotFound):  # a reader in the states the table names only
        wo.detail(people["fin"], r.order_id)


def test_a_blur_writes_only_what_changed_and_a_draft_cannot_grow_past_the_form(people):
    with db.transaction() as s:
        order = wo.create(s, people["q"], KIND, people["q"].enterprise_id, {"name": "甲"})
        order_id = order.id
    wo.save_changes(people["q"], order_id, KIND, {"name": "甲公司"})
    with db.reading() as s:
        rows = s.exec(select(WorkOrderDraftValue).where(WorkOrderDraftValue.order_id == order_id)).all()
    assert {r.path: r.value for r in rows} == {"name": "甲公司"}
    with pytest.raises(ValidationError) as exc:  # 900,000 characters over the websocket: refused, nothing kept
        wo.save_changes(people["q"], order_id, KIND, {"name": "长" * 900_000})
    assert exc.value.fields == {"name": "名称不能超过 20 字（当前 900000 字）"}
    with pytest.raises(ValidationError):
        wo.save_changes(people["q"], order_id, KIND, {"unknown.path": "x"})
    with pytest.raises(PermissionDenied):
        wo.save_changes(people["rev"], order_id, KIND, {"name": "审核员改的"})
    with pytest.raises(NotFound):
        wo.save_changes(people["other"], order_id, KIND, {"name": "别人改的"})
    with db.reading() as s:
        assert s.get(WorkOrderDraftValue, (order_id, "name")).value == "甲公司"


def test_a_draft_refuses_another_enterprises_file_and_a_submitted_order_refuses_changes(people, tmp_path, monkeypatch):
    from harbin_app.services import certification as cert
    from harbin_app.settings import settings
    from tests.unit.factories import VALID_CERTIFICATION

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    q = people["q"]
    c = cert.submit(q, VALID_CERTIFICATION, 0)
    wo.transition(people["rev"], c.order_id, "approve", seen_row_version=c.row_version)
    order_id = pe.start(q)
    foreign = files.store_upload(people["other"], io.BytesIO(pdf_bytes(1)), "别人的.pdf", field="f")
    with pytest.raises(ValidationError) as exc:
        wo.save_changes(q, order_id, pe.KIND, {"evidence.audit_report": foreign})
    assert exc.value.fields == {"evidence.audit_report": "该文件无效，请重新上传"}
    own = files.store_upload(q, io.BytesIO(pdf_bytes(1)), "审计报告.pdf", field="f")
    wo.save_changes(q, order_id, pe.KIND, {"evidence.audit_report": own})
    assert pe.load(q, order_id).content["evidence"]["audit_report"]["name"] == "审计报告.pdf"
    with pytest.raises(ValidationError):  # certified data is not the enterprise's to type here
        wo.save_changes(q, order_id, pe.KIND, {"basic.company_name": "改名"})
    r = submitted(q)
    with pytest.raises(Conflict, match="内容不能修改"):
        wo.save_changes(q, r.order_id, KIND, {"name": "提交后改"})


def test_a_role_acting_only_on_finished_orders_has_no_review_queue(people, monkeypatch):
    """Finance paying a finished (已公示) order works where it pays, not in the type's review queue."""
    from harbin_app.services.engine import policy

    paying = replace(WORKFLOW, transitions=(*WORKFLOW.transitions,
                                            t("pay", "拨付", {"published"}, "published", {FINANCE},
                                              inputs=(Field("amount", "拨付金额", kind=AMOUNT),))))
    monkeypatch.setitem(registry._TYPES, KIND, replace(TYPE, workflow=paying))
    assert policy.can_view_queue(people["rev"], KIND) and not policy.can_view_queue(people["fin"], KIND)
    assert not policy.can_view_queue(people["q"], KIND)
