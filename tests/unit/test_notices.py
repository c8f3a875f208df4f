"""消息中心 and SMS notices of transitions: who is told what, once, in the decision's transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import Notification, SmsNotice, User
from harbin_app.services import certification as cert
from harbin_app.services import inbox, notices
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.validators import credit_code_check_char
from harbin_app.services.errors import Conflict, NotFound
from tests.unit import trial_type
from tests.unit.factories import VALID_CERTIFICATION, make_user


@pytest.fixture
def people(database):
    return {
        "qiye": make_user("qiye", ENTERPRISE, "13800000001"),
        "other": make_user("other", ENTERPRISE, "13800000002"),
        "reviewer": make_user("reviewer", REVIEWER),
        "reviewer2": make_user("reviewer2", REVIEWER),
        "finance": make_user("finance", FINANCE),
    }


def notes(username: str) -> list[Notification]:
    with db.reading() as s:
        uid = s.exec(select(User.id).where(User.username == username)).one()
        return list(s.exec(select(Notification).where(Notification.user_id == uid).order_by(Notification.id)))


def queued() -> list[SmsNotice]:
    with db.reading() as s:
        return list(s.exec(select(SmsNotice).order_by(SmsNotice.id)))


def test_a_submission_tells_every_reviewer_and_nobody_else(people):
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    for name in ("reviewer", "reviewer2"):
        (n,) = notes(name)
        assert (n.kind, n.order_id, n.needs_action, n.title) == ("submitted", result.order_id, True, "企业认证：提交")
        assert VALID_CERTIFICATION["company_name"] in n.body and "请及时办理" in n.body
    assert notes("qiye") == [] and notes("finance") == [] and notes("other") == []
    assert queued() == []


def test_a_rejection_tells_the_enterprise_by_message_and_sms_with_the_opinion(people):
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    wo.transition(people["reviewer"], result.order_id, "reject", seen_row_version=result.row_version, opinion="营业执照不清晰")
    (n,) = notes("qiye")
    assert (n.kind, n.needs_action, n.title) == ("decision", True, "企业认证：驳回")
    assert "审批意见：营业执照不清晰" in n.body and "当前状态“驳回”" in n.body
    (sms,) = queued()
    assert (sms.phone, sms.template, sms.status, sms.order_id) == ("13800000001", "sms_rejected", "pending", result.order_id)
    assert sms.text == (
        "【哈尔滨中小企业数字化转型公共服务平台】哈尔滨电气装备示范有限公司：您提交的企业认证未通过审核，"
        "审批意见：营业执照不清晰。请登录平台修改后重新提交。"
    )
    assert sms.key == n.key and n.key.startswith("log:")
    assert len(notes("reviewer")) == 1  # its own act tells it nothing new (only the submission)
    assert notes("other") == []  # another enterprise


def test_an_approval_tells_the_enterprise_without_sms(people):
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=result.row_version)
    (n,) = notes("qiye")
    assert (n.kind, n.needs_action, n.title) == ("decision", False, "企业认证：通过")
    assert queued() == []


def test_disabled_users_and_users_without_phone_get_what_they_can(people):
    extra = make_user("qiye-colleague", ENTERPRISE)  # no phone
    with db.transaction() as s:
        row = s.get(User, extra.user_id)
        row.enterprise_id = people["qiye"].enterprise_id
        s.add(row)
        s.get(User, people["reviewer2"].user_id).is_active = False
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    assert notes("reviewer2") == [] and len(notes("reviewer")) == 1
    wo.transition(people["reviewer"], result.order_id, "reject", seen_row_version=result.row_version, opinion="缺材料")
    assert len(notes("qiye")) == 1 and len(notes("qiye-colleague")) == 1
    assert [s.phone for s in queued()] == ["13800000001"]


def test_a_refused_transition_writes_no_message(people):
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=result.row_version)
    with pytest.raises(Conflict):  # the second reviewer saw the old version
        wo.transition(people["reviewer2"], result.order_id, "reject", seen_row_version=result.row_version, opinion="x")
    assert len(notes("qiye")) == 1 and queued() == []


def test_the_same_event_is_written_once(people):
    result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    # replaying the listener for the submission's event inside another transaction writes nothing new
    from harbin_app.models import WorkOrderLog
    from harbin_app.services.engine.transitions import TransitionEvent

    with db.transaction() as s:
        row = s.exec(select(WorkOrderLog).where(WorkOrderLog.action == "submit")).one()
        event = TransitionEvent(
            order_id=result.order_id, kind="certification", enterprise_id=people["qiye"].enterprise_id or 0,
            subject_name="x", action="submit", label="提交", from_state="draft", to_state="submitted",
            actor=people["qiye"], opinion="", inputs={}, due_date=None, log_id=row.id or 0,
        )
        notices.on_transition(s, event)
        notices.on_transition(s, event)
    assert len(notes("reviewer")) == 1 and len(notes("reviewer2")) == 1


@pytest.fixture
def trial(people):
    with trial_type.registered():
        yield people


def _row_version(order_id: int) -> int:
    from harbin_app.models import WorkOrder

    with db.reading() as s:
        return s.get(WorkOrder, order_id).row_version


def test_a_booking_sends_the_site_visit_sms_with_date_time_and_place(trial):
    order_id = trial_type.start(trial["qiye"])
    wo.transition(trial["reviewer"], order_id, "book", seen_row_version=_row_version(order_id), inputs={
        "visit_date": "2025-09-10", "visit_time": "09:30", "place": "平房区哈南工业新城 8 号", "needs": "准备项目合同原件",
    })
    (n,) = notes("qiye")
    assert n.kind == "booking" and "验收日期：2025-09-10；验收时间：09:30；验收地点：平房区哈南工业新城 8 号" in n.body
    (sms,) = queued()
    assert sms.template == "sms_site_visit"
    assert "时间：2025-09-10 09:30，地点：平房区哈南工业新城 8 号，要求：准备项目合同原件" in sms.text


def test_a_conclusion_with_a_deadline_sends_the_conclusion_sms(trial, fake_clock):
    order_id = trial_type.start(trial["qiye"])
    wo.transition(trial["reviewer"], order_id, "book", seen_row_version=_row_version(order_id),
                  inputs={"visit_date": "2025-09-10", "visit_time": "09:30", "place": "厂区"})
    due = (clock.today_china() + timedelta(days=10)).isoformat()
    wo.transition(trial["reviewer"], order_id, "conclude_fail", seen_row_version=_row_version(order_id),
                  opinion="投资清单与合同不符", inputs={"due": due})
    n = notes("qiye")[-1]
    assert (n.kind, n.needs_action) == ("deadline", True) and f"整改期限：{due}" in n.body
    sms = queued()[-1]
    assert sms.template == "sms_conclusion" and f"验收结论为“不通过”，请于 {due} 前" in sms.text


def test_a_conclusion_without_deadline_is_a_message_only_and_finance_is_told_it_waits(trial):
    order_id = trial_type.start(trial["qiye"])
    wo.transition(trial["reviewer"], order_id, "book", seen_row_version=_row_version(order_id),
                  inputs={"visit_date": "2025-09-10", "visit_time": "09:30", "place": "厂区"})
    wo.transition(trial["reviewer"], order_id, "conclude_pass", seen_row_version=_row_version(order_id),
                  inputs={"recognised": "120.50"})
    assert notes("qiye")[-1].kind == "decision" and [s.template for s in queued()] == ["sms_site_visit"]
    (f,) = notes("finance")
    assert (f.kind, f.needs_action, f.title) == ("waiting", True, "试验申请：通过")


def test_a_payment_sends_the_payment_sms(trial):
    order_id = trial_type.start(trial["qiye"])
    for action, inputs in (("book", {"visit_date": "2025-09-10", "visit_time": "09:30", "place": "厂区"}),
                           ("conclude_pass", {"recognised": "120.50"})):
        wo.transition(trial["reviewer"], order_id, action, seen_row_version=_row_version(order_id), inputs=inputs)
    wo.transition(trial["finance"], order_id, "pay", seen_row_version=_row_version(order_id),
                  inputs={"amount": "36.15", "paid_on": "2025-10-08"})
    n = notes("qiye")[-1]
    assert (n.kind, n.needs_action) == ("payment", False)
    sms = queued()[-1]
    assert sms.template == "sms_payment" and "补助资金 36.15 万元已于 2025-10-08 拨付" in sms.text


def test_the_sms_text_follows_the_template_set_in_settings_now(trial):
    from harbin_app.services import platform_settings

    admin = make_user("admin", "admin")
    platform_settings.update(admin, {"sms_rejected": "{企业名称}：{事项}被驳回（{意见}）"})
    order_id = trial_type.start(trial["qiye"])
    wo.transition(trial["reviewer"], order_id, "reject", seen_row_version=_row_version(order_id), opinion="缺合同")
    assert queued()[-1].text == "哈尔滨试验装备有限公司：试验申请被驳回（缺合同）"


# ------------------------------------------------------------------ the message centre


def second_code() -> str:
    body = "91230100MA0000001"
    return body + credit_code_check_char(body)


def test_unread_count_list_mark_read_and_all_read(people, fake_clock):
    r = people["reviewer"]
    cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
    fake_clock.advance(minutes=1)
    first = cert.submit(make_user("qiye2", ENTERPRISE, "13800000003"), {**VALID_CERTIFICATION, "credit_code": second_code()}, 0)
    assert inbox.unread_count(r) == 2
    page = inbox.messages(r)
    assert page.total == 2 and page.unread == 2 and page.rows[0].order_id == first.order_id  # newest first
    assert page.rows[0].link == f"/workbench/todo/{first.order_id}"
    inbox.mark_read(r, page.rows[0].id)
    assert inbox.unread_count(r) == 1
    assert [m.read for m in inbox.messages(r).rows] == [True, False]
    assert inbox.messages(r, unread_only=True).total == 1
    with pytest.raises(NotFound):  # another user's message does not exist for this one
        inbox.mark_read(people["reviewer2"], page.rows[0].id)
    assert inbox.mark_all_read(r) == 1 and inbox.unread_count(r) == 0
    assert inbox.unread_count(people["reviewer2"]) == 2


def test_users_are_told_after_the_commit_and_never_after_a_rollback(people):
    told: list[set[int]] = []
    inbox.on_committed(told.append)
    try:
        result = cert.submit(people["qiye"], VALID_CERTIFICATION, 0)
        assert told == [{people["reviewer"].user_id, people["reviewer2"].user_id}]
        told.clear()
        with pytest.raises(Conflict):
            wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=99)
        assert told == []
        wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=result.row_version)
        assert told == [{people["qiye"].user_id}]
    finally:
        inbox._hooks.remove(told.append)  # noqa: SLF001
