"""公示 (batches): the table's rows after 验收完成, a batch all or none with each project's log row,
withdrawal before the period only, the portal's 公示 / 往期公示, rights, append-only rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import select

from harbin_app import db
from harbin_app.models import (
    AcceptanceResult,
    Payment,
    PublicationBatch,
    PublicationItem,
    PublicationWithdrawal,
    WorkOrderLog,
)
from harbin_app.models.workorder import AppendOnlyError
from harbin_app.services import acceptance as ac
from harbin_app.services import funding
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.errors import Conflict, PermissionDenied, ValidationError
from tests.unit.funding_data import act, day, funding_people  # noqa: F401  (the fixture)

E, R, F, A = ENTERPRISE, REVIEWER, FINANCE, ADMIN
FUNDING = {
    ("accepted", "publish"): ("published", {R}),
    ("published", "withdraw"): ("accepted", {R}),
    **{(s, "pay"): ("part_paid", {F}) for s in ("published", "part_paid")},
    **{(s, "pay_final"): ("paid", {F}) for s in ("published", "part_paid")},
}


@pytest.mark.parametrize("key", sorted(FUNDING))
@pytest.mark.parametrize("role", [E, R, F, A])
def test_the_funding_rows_of_the_table(key, role):
    state, action = key
    target, roles = FUNDING[key]
    found = ac.WORKFLOW.find(action, state, role)
    assert (found.target if found else None) == (target if role in roles else None)


def test_who_reads_and_waits_after_acceptance():
    wf = ac.WORKFLOW
    for s in ("published", "part_paid", "paid"):
        assert wf.reads(F, s) and wf.reads(R, s) and wf.reads(E, s) and s in wf.finished_states()
    assert {"published", "part_paid"} <= wf.waiting_states(F) and "accepted" not in wf.waiting_states(R)
    assert wf.transition("publish").batch and wf.transition("withdraw").opinion_required


def orders(people, *keys):  # noqa: ANN001, ANN201
    rev = people["reviewer"]
    return [(people[k], wo.detail(rev, people[k]).row_version) for k in keys]


def test_a_batch_publishes_every_project_with_its_log_row(funding_people):
    p, rev = funding_people, funding_people["reviewer"]
    listing = funding.candidates(rev)
    assert [r.order_id for r in listing.rows] == [p["order1"], p["order2"]]
    assert (listing.total_recognised, listing.total_subsidy) == (Decimal("280.5"), Decimal("80.1"))
    assert [r.order_id for r in funding.candidates(rev, funding.parse_filter("航空航天设备制造业", "", "")).rows] == [p["order2"]]
    assert funding.candidates(rev, funding.parse_filter("", day(1), "")).rows == []  # accepted today
    with pytest.raises(ValidationError) as exc:
        funding.publish(rev, orders(p, "order1"), "", day(-1), day(-2))
    assert exc.value.fields == {"title": "请填写公示标题"}
    with pytest.raises(ValidationError) as exc:
        funding.publish(rev, orders(p, "order1"), "第一批", day(0), day(-2))
    assert exc.value.fields == {"ends_on": "公示结束日期不能早于开始日期"}

    results = funding.publish(rev, orders(p, "order1", "order2"), "2025年第一批补助资金公示", day(0), day(6))
    assert [r.to_state for r in results] == ["published", "published"]
    assert funding.candidates(rev).rows == []
    with db.reading() as s:
        batch = s.exec(select(PublicationBatch)).one()
        items = s.exec(select(PublicationItem)).all()
        logs = s.exec(select(WorkOrderLog).where(WorkOrderLog.action == "publish")).all()
    assert (batch.title, batch.starts_on.isoformat(), batch.ends_on.isoformat()) == ("2025年第一批补助资金公示", day(0), day(6))
    assert sorted((i.order_id, i.subsidy_amount) for i in items) == sorted([(p["order1"], "50.1"), (p["order2"], "30")])
    assert sorted(l.order_id for l in logs) == sorted([p["order1"], p["order2"]])
    assert all(l.extra["batch_id"] == batch.id and l.extra["input"]["title"] == batch.title for l in logs)
    last = wo.detail(p["qiye"], p["order1"]).log[-1]
    assert (last.action_label, last.to_label) == ("发布公示", "已公示") and "公示标题：2025年第一批补助资金公示" in last.note
    (view,) = funding.batches(rev)
    assert (view.status, view.total_subsidy, len(view.items), view.can_withdraw) == ("公示中", Decimal("80.1"), 2, False)
    shown = funding.published(p["finance"]).rows
    assert [r.phase[0] for r in shown] == ["公示中", "公示中"] and shown[0].batch_title == batch.title


def test_a_batch_is_all_or_none(funding_people):
    p, rev = funding_people, funding_people["reviewer"]
    seen = orders(p, "order1", "order2")
    funding.publish(rev, orders(p, "order2"), "先行公示", day(1), day(7))  # order2 changed meanwhile
    with pytest.raises(Conflict) as exc:
        funding.publish(rev, seen, "第二批", day(0), day(6))
    assert "哈尔滨航空零部件示范有限公司" in exc.value.message and "本次操作未执行" in exc.value.message
    assert wo.detail(rev, p["order1"]).state == "accepted"  # nothing published
    with db.reading() as s:
        assert [b.title for b in s.exec(select(PublicationBatch)).all()] == ["先行公示"]
        assert len(s.exec(select(WorkOrderLog).where(WorkOrderLog.action == "publish")).all()) == 1


def test_withdrawal_before_the_period_only(funding_people, fake_clock):
    p, rev = funding_people, funding_people["reviewer"]
    funding.publish(rev, orders(p, "order1", "order2"), "下周公示", day(2), day(8))
    (view,) = funding.batches(rev)
    assert view.status == "未开始" and view.can_withdraw
    assert funding.public_batches() == ([], [])  # not shown before its period
    with pytest.raises(ValidationError) as exc:
        funding.withdraw(rev, view.id, " ")
    assert exc.value.fields == {"opinion": "请填写撤回原因"}
    with pytest.raises(PermissionDenied):
        funding.withdraw(p["finance"], view.id, "金额有误")
    funding.withdraw(rev, view.id, "金额有误，重新核定")
    assert [wo.detail(rev, p[k]).state for k in ("order1", "order2")] == ["accepted", "accepted"]
    assert funding.batches(rev)[0].status == "已撤回" and len(funding.candidates(rev).rows) == 2
    with db.reading() as s:
        assert {w.reason for w in s.exec(select(PublicationWithdrawal)).all()} == {"金额有误，重新核定"}
    with pytest.raises(ValidationError):
        funding.withdraw(rev, view.id, "再次撤回")

    funding.publish(rev, orders(p, "order1"), "重新公示", day(1), day(3))
    batch_id = max(b.id for b in funding.batches(rev))
    fake_clock.advance(days=1)  # the period has started
    with pytest.raises(ValidationError) as exc:
        funding.withdraw(rev, batch_id, "晚了")
    assert "不能撤回" in exc.value.message or "不能撤回" in str(exc.value.fields)
    assert wo.detail(rev, p["order1"]).state == "published"


def test_the_portal_shows_batches_in_their_period_then_as_past(funding_people, fake_clock):
    p, rev = funding_people, funding_people["reviewer"]
    funding.publish(rev, orders(p, "order1", "order2"), "第一批", day(0), day(5))
    current, past = funding.public_batches()
    assert [b.title for b in current] == ["第一批"] and past == []
    assert sorted(i.enterprise_name for i in current[0].items) == ["哈尔滨电气装备示范有限公司", "哈尔滨航空零部件示范有限公司"]
    assert "锅炉焊接车间MES生产执行系统建设项目" in current[0].items[0].project_names
    fake_clock.advance(days=6)
    current, past = funding.public_batches()
    assert current == [] and [b.title for b in past] == ["第一批"]


def test_rights(funding_people):
    p = funding_people
    q, q2, rev, fin, other = p["qiye"], p["qiye2"], p["reviewer"], p["finance"], p["other"]
    for who in (q, fin, p["admin"]):
        with pytest.raises(PermissionDenied):
            funding.publish(who, orders(p, "order1"), "第一批", day(0), day(5))
    for who in (q, p["admin"], other):
        with pytest.raises(PermissionDenied):
            funding.candidates(who)
    with pytest.raises(PermissionDenied):  # the engine refuses it too
        wo.transition_many(q, orders(p, "order1"), "publish", inputs={"title": "x", "starts_on": day(0), "ends_on": day(1)})
    funding.publish(rev, orders(p, "order1", "order2"), "第一批", day(0), day(0))
    for who in (q, rev):
        with pytest.raises(PermissionDenied):
            funding.pay(who, p["order1"], wo.detail(rev, p["order1"]).row_version, day(0), "1", "PZ-1")
    # finance cannot change the recognised amounts: no conclusion is finance's
    with pytest.raises(PermissionDenied):
        act(fin, p["order1"], "conclude_pass", recognised="999", subsidy="999", reason="x")
    with db.reading() as s:
        kept = s.get(AcceptanceResult, p["order1"])
    assert (kept.recognised_amount, kept.subsidy_amount) == ("180.5", "50.1")
    # 资金申请: each enterprise its own, nothing of another
    assert [r.order_id for r in funding.own_projects(q).rows] == [p["order1"]]
    assert [r.order_id for r in funding.own_projects(q2).rows] == [p["order2"]]
    assert funding.own_projects(other).rows == []
    for who in (rev, fin):
        with pytest.raises(PermissionDenied):
            funding.own_projects(who)


def test_batches_withdrawals_and_payments_are_append_only(funding_people, fake_clock):
    p, rev = funding_people, funding_people["reviewer"]
    funding.publish(rev, orders(p, "order1"), "第一批", day(0), day(0))
    funding.publish(rev, orders(p, "order2"), "第二批", day(1), day(2))
    funding.withdraw(rev, max(b.id for b in funding.batches(rev)), "重新核定")
    fake_clock.advance(days=1)
    funding.pay(p["finance"], p["order1"], wo.detail(rev, p["order1"]).row_version, day(0), "10", "PZ-1")
    for model, column in ((PublicationBatch, "title"), (PublicationItem, "subsidy_amount"),
                          (PublicationWithdrawal, "reason"), (Payment, "amount")):
        with db.transaction() as s:
            row = s.exec(select(model)).first()
            assert row is not None, model
            setattr(row, column, "1")
            with pytest.raises(AppendOnlyError):
                s.flush()
            s.rollback()
        with db.transaction() as s:
            with pytest.raises(AppendOnlyError):
                s.delete(s.exec(select(model)).first())
                s.flush()
            s.rollback()
        for sql in (f"UPDATE {model.__tablename__} SET {column} = '1'", f"DELETE FROM {model.__tablename__}"):
            with pytest.raises(Exception, match="append-only"):
                with db.engine().begin() as conn:
                    conn.execute(text(sql))


def test_from_the_detail_page_one_project_is_its_own_batch_and_withdrawn_alone(funding_people):
    p, rev = funding_people, funding_people["reviewer"]
    (publish,) = [a for a in wo.detail(rev, p["order1"]).actions if a.transition.action == "publish"]
    assert [f.label for f in publish.inputs] == ["公示标题", "公示开始日期", "公示结束日期"]
    assert not [a for a in wo.detail(p["finance"], p["order1"]).actions]  # finance does not publish
    act(rev, p["order1"], "publish", title="单项公示", starts_on=day(1), ends_on=day(3))
    funding.publish(rev, orders(p, "order2"), "另一批", day(1), day(3))
    assert [(b.title, len(b.items)) for b in funding.batches(rev)] == [("另一批", 1), ("单项公示", 1)]
    with pytest.raises(ValidationError) as exc:
        act(rev, p["order1"], "withdraw")
    assert exc.value.fields == {"opinion": "撤回公示时必须填写审批意见"}
    act(rev, p["order1"], "withdraw", opinion="补充材料后再公示")
    assert [(b.title, b.status) for b in funding.batches(rev)] == [("另一批", "未开始"), ("单项公示", "已撤回")]
    assert wo.detail(p["qiye"], p["order1"]).log[-1].opinion == "补充材料后再公示"
