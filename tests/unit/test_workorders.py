"""The transition table, the one-transaction write, concurrency, the log, rights, queues and todos."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from harbin_app import db
from harbin_app.models import Enterprise, WorkOrder, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services import certification as cert
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.unit.factories import VALID_CERTIFICATION, make_user

ROLES = (ENTERPRISE, REVIEWER, FINANCE, ADMIN)

# every (state, action) → (target, roles allowed) of the certification table, written out by hand
EXPECTED = {
    ("draft", "submit"): ("submitted", {ENTERPRISE}),
    ("rejected", "submit"): ("submitted", {ENTERPRISE}),
    ("submitted", "approve"): ("certified", {REVIEWER}),
    ("submitted", "reject"): ("rejected", {REVIEWER}),
    ("certified", "revise"): ("draft", {ENTERPRISE}),
}


@pytest.mark.parametrize("state", ["draft", "submitted", "rejected", "certified"])
@pytest.mark.parametrize("action", ["submit", "approve", "reject", "revise", "delete"])
@pytest.mark.parametrize("role", ROLES)
def test_certification_table(state, action, role):
    found = cert.WORKFLOW.find(action, state, role)
    target, roles = EXPECTED.get((state, action), (None, set()))
    if role in roles:
        assert found is not None and found.target == target
    else:
        assert found is None


def test_waiting_states_and_buttons():
    wf = cert.WORKFLOW
    assert wf.waiting_states(REVIEWER) == {"submitted"}
    assert wf.waiting_states(ENTERPRISE) == {"draft", "rejected"}  # 申请变更 is offered, not awaited
    assert [t.label for t in wf.actions_for("submitted", REVIEWER)] == ["通过", "驳回"]
    assert [t.label for t in wf.actions_for("certified", ENTERPRISE)] == ["申请变更"]
    assert wf.actions_for("submitted", ENTERPRISE) == []
    assert wf.find("reject", "submitted", REVIEWER).opinion_required


@pytest.fixture
def people(database):
    return {
        "qiye": make_user("qiye", ENTERPRISE, "13800000001"),
        "other": make_user("other", ENTERPRISE, "13800000002"),
        "reviewer": make_user("reviewer", REVIEWER),
        "reviewer2": make_user("reviewer2", REVIEWER),
        "finance": make_user("finance", FINANCE),
    }


def submitted_order(actor) -> wo.TransitionResult:  # noqa: ANN001
    return cert.submit(actor, VALID_CERTIFICATION, 0)


def logs(order_id: int) -> list[WorkOrderLog]:
    with db.reading() as s:
        return list(s.exec(select(WorkOrderLog).where(WorkOrderLog.order_id == order_id).order_by(WorkOrderLog.id)))


def test_submit_writes_state_snapshot_and_log_together(people):
    result = submitted_order(people["qiye"])
    with db.reading() as s:
        order = s.get(WorkOrder, result.order_id)
        snap = s.exec(select(WorkOrderSnapshot)).one()
    assert (order.state, order.version, snap.version) == ("submitted", 1, 1)
    assert snap.content["company_name"] == VALID_CERTIFICATION["company_name"]
    assert order.subject_name == VALID_CERTIFICATION["company_name"] and order.credit_code == "91350100M000100Y43"
    rows = logs(result.order_id)
    assert [(r.action_label, r.from_state, r.to_state) for r in rows] == [("创建", "", "draft"), ("提交", "draft", "submitted")]
    assert rows[1].actor_name == "qiye" and rows[1].actor_role == ENTERPRISE and rows[1].snapshot_version == 1


def test_rejection_needs_an_opinion_and_is_logged(people):
    result = submitted_order(people["qiye"])
    with pytest.raises(ValidationError) as exc:
        wo.transition(people["reviewer"], result.order_id, "reject", seen_row_version=result.row_version, opinion="  ")
    assert exc.value.fields["opinion"] == "驳回时必须填写审批意见"
    wo.transition(
        people["reviewer"], result.order_id, "reject", seen_row_version=result.row_version,
        opinion="营业执照地址与填写不一致", extra={"industry_unclear": True},
    )
    last = logs(result.order_id)[-1]
    assert (last.action_label, last.opinion, last.extra) == ("驳回", "营业执照地址与填写不一致", {"industry_unclear": True})
    view = cert.load(people["qiye"])
    assert (view.state, view.editable, view.last_opinion) == ("rejected", True, "营业执照地址与填写不一致")


def test_forbidden_moves(people):
    result = submitted_order(people["qiye"])
    with pytest.raises(PermissionDenied):  # the enterprise cannot approve itself
        wo.transition(people["qiye"], result.order_id, "approve", seen_row_version=result.row_version)
    with pytest.raises(NotFound):  # finance does not read certifications
        wo.transition(people["finance"], result.order_id, "approve", seen_row_version=result.row_version)
    with pytest.raises(NotFound):  # another enterprise does not even see it
        wo.transition(people["other"], result.order_id, "submit", seen_row_version=result.row_version)
    with pytest.raises(NotFound):
        wo.detail(people["other"], result.order_id)
    with pytest.raises(PermissionDenied):  # a reviewer cannot edit enterprise content
        with db.transaction() as s:
            order = s.get(WorkOrder, result.order_id)
            wo.replace_draft(s, people["reviewer"], order, {"company_name": "改"}, order.row_version)


def test_a_double_click_or_second_reviewer_fails_cleanly(people):
    result = submitted_order(people["qiye"])
    wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=result.row_version)
    with pytest.raises(Conflict) as exc:
        wo.transition(people["reviewer2"], result.order_id, "reject", seen_row_version=result.row_version, opinion="x")
    assert "已有新的变化" in exc.value.message and "已认证" in exc.value.message
    assert [r.action_label for r in logs(result.order_id)] == ["创建", "提交", "通过"]


def test_concurrent_decisions_exactly_one_wins(people):
    result = submitted_order(people["qiye"])
    outcomes: list[str] = []
    barrier = threading.Barrier(6)

    def decide(actor, action):  # noqa: ANN001
        barrier.wait()
        try:
            wo.transition(actor, result.order_id, action, seen_row_version=result.row_version, opinion="意见")
            outcomes.append(action)
        except Conflict:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=decide, args=(people["reviewer" if i % 2 else "reviewer2"], "approve" if i % 2 else "reject"))
        for i in range(6)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes).count("conflict") == 5
    decisions = [r for r in logs(result.order_id) if r.action in ("approve", "reject")]
    assert len(decisions) == 1
    with db.reading() as s:
        assert s.get(WorkOrder, result.order_id).state == {"approve": "certified", "reject": "rejected"}[decisions[0].action]


def test_a_failing_side_effect_leaves_no_half_state(people):
    first = submitted_order(people["qiye"])
    wo.transition(people["reviewer"], first.order_id, "approve", seen_row_version=first.row_version)
    # the other enterprise submits the same credit code while the first is being certified elsewhere:
    # its submission is refused by validation…
    with pytest.raises(ValidationError) as exc:
        cert.submit(people["other"], VALID_CERTIFICATION, 0)
    assert exc.value.fields["credit_code"] == cert.TAKEN
    # …and if it slipped through (a race), the approval fails as a whole
    with db.transaction() as s:
        order = s.exec(select(WorkOrder).where(WorkOrder.enterprise_id == people["other"].enterprise_id)).one()
        order_id = order.id
    with db.transaction() as s:
        s.exec(
            WorkOrder.__table__.update().where(WorkOrder.id == order_id).values(state="submitted", row_version=50)
        )
    with pytest.raises(Conflict):
        wo.transition(people["reviewer"], order_id, "approve", seen_row_version=50)
    with db.reading() as s:
        assert s.get(WorkOrder, order_id).state == "submitted"
        assert s.get(Enterprise, people["other"].enterprise_id).certified_at is None
    assert [r.action for r in logs(order_id)] == ["create"]


def test_log_and_snapshots_are_append_only(people):
    result = submitted_order(people["qiye"])
    with pytest.raises(Exception):  # noqa: B017, PT011 (the ORM guard)
        with db.transaction() as s:
            row = s.exec(select(WorkOrderLog)).first()
            row.opinion = "篡改"
            s.add(row)
    for statement in ("UPDATE work_order_logs SET opinion = 'x'", "DELETE FROM work_order_logs",
                      "UPDATE work_order_snapshots SET version = 9", "DELETE FROM work_order_snapshots"):
        with pytest.raises(DatabaseError):  # the database triggers
            with db.engine().begin() as conn:
                conn.exec_driver_sql(statement)
    assert len(logs(result.order_id)) == 2


def test_certification_approval_puts_the_profile_in_force_and_a_change_keeps_it(people):
    q = people["qiye"]
    result = submitted_order(q)
    wo.transition(people["reviewer"], result.order_id, "approve", seen_row_version=result.row_version,
                  extra={"industry_unclear": True})
    view = cert.load(q)
    assert view.certified and view.state == "certified" and not view.editable and view.industry_unclear
    assert cert.status(q).certified
    revised = cert.revise(q, result.order_id, view.row_version)
    changed = {**VALID_CERTIFICATION, "company_name": "哈尔滨电气装备示范股份有限公司"}
    cert.save(q, changed, revised.row_version)
    view = cert.load(q)
    assert view.state == "draft" and view.certified  # the certified version stays in force
    assert view.certified_profile["company_name"] == VALID_CERTIFICATION["company_name"]
    sub = cert.submit(q, changed, view.row_version)
    detail = wo.detail(people["reviewer"], sub.order_id)
    assert [(c.label, c.before, c.after) for c in detail.changes] == [
        ("公司名称", VALID_CERTIFICATION["company_name"], changed["company_name"])
    ]
    wo.transition(people["reviewer"], sub.order_id, "approve", seen_row_version=sub.row_version)
    assert cert.load(q).certified_profile["company_name"] == changed["company_name"]


def test_draft_survives_and_incomplete_submission_is_refused_but_kept(people):
    q = people["qiye"]
    partial = {"company_name": "半成品公司"}
    with pytest.raises(ValidationError) as exc:
        cert.submit(q, partial, 0)
    assert {"credit_code", "established", "industry", "email"} <= set(exc.value.fields)
    view = cert.load(q)
    assert view.content["company_name"] == "半成品公司" and view.state == "draft"


def test_stale_draft_save_is_refused(people):
    q = people["qiye"]
    version = cert.save(q, {"company_name": "甲"}, 0)
    cert.save(q, {"company_name": "乙"}, version)
    with pytest.raises(Conflict):
        cert.save(q, {"company_name": "丙"}, version)


def test_todo_lists_and_queue(people):
    q, other, rev = people["qiye"], people["other"], people["reviewer"]
    r1 = submitted_order(q)
    cert.save(other, {"company_name": "草稿企业"}, 0)
    assert [r.id for r in wo.pending(rev).rows] == [r1.order_id]
    # the enterprise follows its unfinished flow in 待处理 (the manual), not marked as its turn
    assert [(r.id, r.mine) for r in wo.pending(q).rows] == [(r1.order_id, False)] and wo.pending_count(q) == 0
    assert len(wo.pending(other).rows) == 1 and wo.pending_count(other) == 1  # its own draft waits for it
    wo.transition(rev, r1.order_id, "reject", seen_row_version=r1.row_version, opinion="请补充")
    assert wo.pending(rev).total == 0 and [r.id for r in wo.handled(rev).rows] == [r1.order_id]
    assert [r.state_label for r in wo.pending(q).rows] == ["驳回"]
    assert wo.handled(people["reviewer2"]).total == 0
    page, waiting = wo.queue(rev, "certification", wo.QueueFilter(state=""))
    assert waiting == 0 and [r.id for r in page.rows] == [r1.order_id]  # drafts are not in the queue
    page, _ = wo.queue(rev, "certification", wo.QueueFilter(search="电气装备", state=""))
    assert page.total == 1
    page, _ = wo.queue(rev, "certification", wo.QueueFilter(search="91350100", state=""))
    assert page.total == 1
    page, waiting_now = wo.queue(rev, "certification", wo.QueueFilter())  # 待处理: nothing waits now
    assert page.total == 0 and waiting_now == 0
    page, _ = wo.queue(rev, "certification", wo.QueueFilter(industry="药品生产制造业", state=""))
    assert page.total == 0
    with pytest.raises(PermissionDenied):
        wo.queue(q, "certification", wo.QueueFilter())


def test_queue_pages_in_the_database(people):
    for i in range(25):
        user = make_user(f"q{i}", ENTERPRISE, f"1390000{i:04d}")
        from harbin_app.services.validators import credit_code_check_char

        body = f"91230100MA{i:07d}"
        code = body + credit_code_check_char(body)
        cert.submit(user, {**VALID_CERTIFICATION, "credit_code": code, "company_name": f"企业{i:02d}"}, 0)
    page, waiting = wo.queue(people["reviewer"], "certification", wo.QueueFilter(state="submitted"), page=2, size=10)
    assert (waiting, page.total, page.pages, len(page.rows)) == (25, 25, 3, 10)
    last, _ = wo.queue(people["reviewer"], "certification", wo.QueueFilter(state="submitted"), page=3, size=10)
    assert len(last.rows) == 5


def test_queue_search_matches_wildcards_literally_and_caps_the_term(people):
    from harbin_app.services.validators import credit_code_check_char

    for i, name in enumerate(("百分之百%科技有限公司", "下划_线制造有限公司", "普通装备有限公司")):
        user = make_user(f"s{i}", ENTERPRISE, f"1390001{i:04d}")
        body = f"91230100MB{i:07d}"
        cert.submit(user, {**VALID_CERTIFICATION, "credit_code": body + credit_code_check_char(body), "company_name": name}, 0)
    rev = people["reviewer"]

    def names(term: str) -> list[str]:
        page, _ = wo.queue(rev, "certification", wo.QueueFilter(search=term, state=""))
        return [r.subject_name for r in page.rows]

    assert names("%") == ["百分之百%科技有限公司"]
    assert names("_") == ["下划_线制造有限公司"]
    assert names("下划%线") == [] and names("\\") == []
    assert len(names("有限公司")) == 3
    assert names("有" * 60_000) == []  # cut to the box's 64 characters; no error page
    assert names("'; DROP TABLE work_orders; --") == []
