"""验收申请 through its workflow: the whole state table, prefill, rights, the review, the booking,
the three conclusions with their deadlines, the figures kept for 公示/拨付, the stamped form."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from docx import Document
from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import AcceptanceResult, Assessment, WorkOrder, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services import acceptance as ac
from harbin_app.services import platform_settings as ps
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.errors import NotFound, PermissionDenied, ValidationError
from tests.unit.acceptance_data import certify, pool, refs_for, valid_content, with_changes
from tests.unit.factories import VALID_CERTIFICATION, make_user
from tests.unit.test_pool_entry import upload

E, R, F, A = ENTERPRISE, REVIEWER, FINANCE, ADMIN
STATES = [s.key for s in ac.WORKFLOW.states]
ACTIONS = sorted({tr.action for tr in ac.WORKFLOW.transitions}) + ["delete"]
VISIT = ("visit_booked", "visit_confirmed")
# every (state, action) → (target, roles), written out by hand from the lead's table
EXPECTED = {
    **{(s, "submit"): ("submitted", {E}) for s in ("draft", "rejected", "rectifying")},
    ("supplementing", "submit"): ("supplement_review", {E}),
    ("submitted", "approve"): ("awaiting_visit", {R}),
    ("submitted", "reject"): ("rejected", {R}),
    ("awaiting_visit", "book"): ("visit_booked", {R}),
    **{(s, "book"): ("visit_booked", {R}) for s in VISIT},  # 修改预约
    ("visit_booked", "confirm_visit"): ("visit_confirmed", {E}),
    **{(s, "conclude_pass"): ("awaiting_stamped", {R}) for s in VISIT},
    **{(s, "conclude_fail"): ("rectifying", {R}) for s in VISIT},
    **{(s, "conclude_supplement"): ("supplementing", {R}) for s in VISIT},
    ("supplement_review", "confirm_supplement"): ("awaiting_stamped", {R}),
    ("supplement_review", "reject_supplement"): ("supplementing", {R}),
    **{(s, "upload_stamped"): ("stamped_review", {E}) for s in ("awaiting_stamped", "stamped_rejected")},
    ("stamped_review", "approve_stamped"): ("accepted", {R}),
    ("stamped_review", "reject_stamped"): ("stamped_rejected", {R}),
    # 公示与拨付 (issue 11), after 验收完成
    ("accepted", "publish"): ("published", {R}),
    ("published", "withdraw"): ("accepted", {R}),
    **{(s, "pay"): ("part_paid", {F}) for s in ("published", "part_paid")},
    **{(s, "pay_final"): ("paid", {F}) for s in ("published", "part_paid")},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", [E, R, F, A])
def test_the_whole_state_table(state, action, role):
    found = ac.WORKFLOW.find(action, state, role)
    target, roles = EXPECTED.get((state, action), (None, set()))
    assert (found.target if found else None) == (target if role in roles else None)


def test_who_reads_edits_and_waits():
    wf = ac.WORKFLOW
    assert wf.editable == {"draft", "rejected", "rectifying", "supplementing"}
    assert all(wf.reads(E, s) and wf.reads(R, s) for s in STATES)
    assert [s for s in STATES if wf.reads(F, s)] == ["accepted", "published", "part_paid", "paid"]
    assert not any(wf.reads(A, s) for s in STATES)
    assert wf.finished_states() == {"accepted", "published", "part_paid", "paid"}
    assert "visit_confirmed" not in wf.waiting_states(E) and "visit_booked" in wf.waiting_states(E)
    assert wf.waiting_states(R) >= {"submitted", "awaiting_visit", "visit_booked", "visit_confirmed",
                                    "supplement_review", "stamped_review"}
    for action in ("reject", "reject_supplement", "reject_stamped", "conclude_fail", "conclude_supplement"):
        assert wf.transition(action).opinion_required, action


# ---------------------------------------------------------------- with the database


@pytest.fixture
def people(database, tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    q, rev = make_user("qiye", E, "13800000001"), make_user("reviewer", R)
    certify(q, rev)
    pool(q, rev)
    return {"qiye": q, "reviewer": rev, "finance": make_user("finance", F), "admin": make_user("admin", A),
            "other": make_user("other", E, "13800000002")}


def submitted(people, content=None) -> tuple[int, wo.TransitionResult]:
    q = people["qiye"]
    order_id = ac.start(q)
    result = ac.submit(q, order_id, content or valid_content(refs_for(q)), ac.load(q, order_id).row_version)
    return order_id, result


def act(actor, order_id, action, opinion="", **inputs) -> wo.TransitionResult:
    version = wo.detail(actor, order_id).row_version
    return wo.transition(actor, order_id, action, seen_row_version=version, opinion=opinion, inputs=inputs)


TOMORROW = lambda: (clock.today_china() + timedelta(days=1)).isoformat()
BOOKING = lambda: {"visit_date": TOMORROW(), "visit_time": "09:30", "address": "学府路 1 号",
                   "contact": "王经理", "phone": "0451-86001234", "requirements": ac.DEFAULT_REQUIREMENTS}


def to_visit(people, order_id) -> None:
    rev = people["reviewer"]
    act(rev, order_id, "approve")
    act(rev, order_id, "book", **BOOKING())


def test_only_a_pooled_enterprise_adds_one_and_it_is_prefilled(people):
    other, rev = people["other"], people["reviewer"]
    with pytest.raises(PermissionDenied) as exc:  # not even certified
        ac.start(other)
    assert exc.value.message == ac.NOT_POOLED
    certify(other, rev, {**VALID_CERTIFICATION, "credit_code": "91110108551385082Q", "company_name": "另一家公司"})
    with pytest.raises(PermissionDenied) as exc:  # certified, not pooled
        ac.start(other)
    assert exc.value.message == "需先完成入库申请"
    q = people["qiye"]
    order_id = ac.start(q)
    assert ac.start(q) == order_id  # the open application is opened again
    view = ac.load(q, order_id)
    c = view.content
    assert view.editable and c["basic"]["company_name"] == VALID_CERTIFICATION["company_name"]
    assert c["basic"]["main_products"] == "电站锅炉" and c["basic"]["current_level"] == "一级"
    assert [d["description"] for d in c["demands"]] == ["生产过程不透明", "质量追溯困难"]
    assert {d["creator"] for d in c["demands"]} == {"qiye"}
    assert [p["name"] for p in c["projects"]] == ["锅炉焊接车间MES生产执行系统建设项目", "设备联网与数据采集平台建设"]
    assert c["projects"][0]["indicators"][0]["name"] == "生产效率" and c["other"]["benchmark_willing"] == "是"
    with pytest.raises(PermissionDenied):  # another enterprise: not pooled, and not its order anyway
        ac.load(other, order_id)


def test_rights_of_another_enterprise_and_of_finance(people):
    order_id, result = submitted(people)
    other, fin = people["other"], people["finance"]
    with pytest.raises(NotFound):
        wo.detail(other, order_id)
    with pytest.raises(NotFound):
        wo.transition(other, order_id, "submit", seen_row_version=result.row_version)
    with pytest.raises(NotFound):  # finance reads only accepted applications
        wo.detail(fin, order_id)
    with pytest.raises(PermissionDenied):  # the enterprise cannot approve its own
        wo.transition(people["qiye"], order_id, "approve", seen_row_version=result.row_version)
    with pytest.raises(NotFound):
        wo.document(other, order_id, "summary_template")


def test_incomplete_submission_is_refused_at_the_fields_and_kept(people):
    q = people["qiye"]
    order_id = ac.start(q)
    with pytest.raises(ValidationError) as exc:
        ac.submit(q, order_id, ac.load(q, order_id).content, ac.load(q, order_id).row_version)
    fields = exc.value.fields
    assert any(p.endswith(".contracts") for p in fields) and "materials.summary_report" in fields
    messages = {p.split(".", 2)[-1] if p.startswith("projects.") else p: m for p, m in fields.items()}
    assert messages["providers"] == "请至少填写一家数字化服务商及其产品服务"  # the prefilled projects have none yet
    assert ac.load(q, order_id).state == "draft"


def test_files_of_another_enterprise_cannot_be_borrowed(people):
    q, other = people["qiye"], people["other"]
    order_id = ac.start(q)
    refs = {**refs_for(q), "summary": upload(other, "别人的.pdf")}
    with pytest.raises(PermissionDenied):
        ac.save(q, order_id, valid_content(refs), ac.load(q, order_id).row_version)


def test_rejection_resubmission_and_what_changed(people):
    q, rev = people["qiye"], people["reviewer"]
    content = valid_content(refs_for(q))
    order_id, _ = submitted(people, content)
    act(rev, order_id, "reject", opinion="请补充第二个项目的服务商联系人")
    view = ac.load(q, order_id)
    assert view.state == "rejected" and view.editable and view.last_opinion == "请补充第二个项目的服务商联系人"
    content["projects"][1]["providers"][0]["contact"] = "钱工"
    ac.submit(q, order_id, content, view.row_version)
    changes = {(c.label, c.before, c.after) for c in wo.detail(rev, order_id).changes}
    assert changes == {("三、项目2·数字化服务商1·联系人", "赵工", "钱工")}


def test_booking_its_checks_and_the_block_both_sides_see(people):
    q, rev = people["qiye"], people["reviewer"]
    order_id, _ = submitted(people)
    act(rev, order_id, "approve")
    book = wo.detail(rev, order_id).actions
    defaults = next(a.defaults for a in book if a.transition.action == "book")
    assert defaults["requirements"] == "按《中小企业数字化水平评测指标（2024年版）》准备材料"
    assert defaults["address"] == "黑龙江省哈尔滨市南岗区学府路 1 号" and defaults["phone"] == "0451-86001234"
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "book", **{**BOOKING(), "visit_date": clock.today_china().isoformat(), "visit_time": "9点",
                                      "phone": "12"})
    assert exc.value.fields == {"visit_time": "验收时间格式应为 09:30", "phone": "请输入正确的手机号或座机号（如 0451-86001234）"}
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "book", **{**BOOKING(), "visit_date": clock.today_china().isoformat()})
    assert exc.value.fields == {"visit_date": "验收日期须晚于今天"}
    act(rev, order_id, "book", **BOOKING())
    for viewer in (q, rev):
        detail = wo.detail(viewer, order_id)
        block = detail.inputs_shown[0]
        assert block.title == "现场验收预约" and ("验收时间", "09:30") in block.fields
    assert [r.state_label for r in wo.pending(q).rows] == ["已预约现场验收"] and wo.pending(q).rows[0].mine
    assert [a.transition.label for a in wo.detail(q, order_id).actions] == ["确认预约"]
    act(q, order_id, "confirm_visit")
    act(rev, order_id, "book", **{**BOOKING(), "visit_time": "14:00"})
    detail = wo.detail(q, order_id)
    assert detail.state == "visit_booked" and len(detail.inputs_shown) == 1  # the latest booking only
    assert ("验收时间", "14:00") in detail.inputs_shown[0].fields
    assert [r.action_label for r in detail.log][-3:] == ["预约现场验收", "确认预约", "修改预约"]


def conclusion_inputs(people, order_id, action) -> dict[str, str]:
    detail = wo.detail(people["reviewer"], order_id)
    return next(a.defaults for a in detail.actions if a.transition.action == action)


def test_pass_path_with_suggestion_stamped_form_and_the_kept_figures(people):
    q, rev, fin = people["qiye"], people["reviewer"], people["finance"]
    order_id, _ = submitted(people)
    to_visit(people, order_id)
    given = conclusion_inputs(people, order_id, "conclude_pass")
    # eligible 200.3 + 0.3; the highest 改造后 level is 三级: 30% = 60.18, the 三级 cap 60 binds
    assert (given["recognised"], given["subsidy"], given["reason"]) == ("200.60", "60.00", "")
    with pytest.raises(ValidationError) as exc:  # changed without a reason
        act(rev, order_id, "conclude_pass", **{**given, "subsidy": "55"})
    assert exc.value.fields == {"reason": "按认定项目金额 200.60 万元，建议补贴金额为 60.00 万元；补贴金额与建议不同，请填写调整原因"}
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "conclude_pass", **{**given, "subsidy": "300", "reason": "x"})
    assert exc.value.fields == {"subsidy": "补贴金额不能超过认定项目金额（200.60 万元）"}
    act(rev, order_id, "conclude_pass", **{**given, "recognised": "180.5", "subsidy": "50.1", "reason": "部分发票不合规"})
    detail = wo.detail(q, order_id)
    assert detail.state_label == "待上传盖章申报表"
    assert "调整原因：部分发票不合规" in detail.log[-1].note and "补贴金额(万元)：50.1" in detail.log[-1].note
    assert [d[0] for d in detail.documents] == ["stamp_form"] and [u.action for u in detail.uploads] == ["upload_stamped"]
    name, data = wo.document(q, order_id, "stamp_form")
    assert name == f"哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表（{VALID_CERTIFICATION['company_name']}）.docx"
    cells = "\n".join(c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells)
    assert "车间办公电脑" in cells and "180.5 万元" in cells and "50.1 万元" in cells
    with db.reading() as s:
        row = s.get(AcceptanceResult, order_id)
        log = s.get(WorkOrderLog, row.log_id)
    assert (row.conclusion, row.recognised_amount, row.subsidy_amount, row.suggested_amount) == (
        "conclude_pass", "180.5", "50.1", "54.15")  # 180.5 × 30%
    assert log.action == "conclude_pass" and log.extra["input"]["subsidy"] == "50.1" and row.accepted_at is None
    assert row.level_after == "三级" and "设备联网与数据采集平台建设" in row.project_names

    stamped = upload(q, "盖章验收申报表.pdf", pages=3, field=ac.STAMPED_SLOT)
    from docgen import pdf as print_ready

    _, form = wo.document(q, order_id, "stamp_form")
    form_pages = print_ready.page_count(print_ready.docx_to_pdf(form))
    check = wo.hand_in_check(q, order_id, ac.STAMPED_SLOT, stamped)  # blank pages: checked against the form
    assert check.needs_reason and "未能自动检查公章" in check.warnings[-1]
    if form_pages != 3:
        assert check.warnings[0] == f"上传的扫描件共 3 页，系统生成的申报表共 {form_pages} 页，请确认是否漏扫或多扫"
    handed = wo.hand_in(q, order_id, ac.STAMPED_SLOT, stamped, seen_row_version=wo.detail(q, order_id).row_version,
                        reason="空白测试件")
    act(rev, order_id, "reject_stamped", opinion="公章不清晰")
    assert wo.detail(q, order_id).state_label == "盖章材料驳回" and handed.to_state == "stamped_review"
    again = upload(q, "重新盖章.pdf", pages=3, field=ac.STAMPED_SLOT)
    wo.hand_in(q, order_id, ac.STAMPED_SLOT, again, seen_row_version=wo.detail(q, order_id).row_version,
               reason="空白测试件")
    assert [h[2]["name"] for h in wo.detail(rev, order_id).handed_in] == ["重新盖章.pdf", "盖章验收申报表.pdf"]
    act(rev, order_id, "approve_stamped")
    with db.reading() as s:
        assert s.get(AcceptanceResult, order_id).accepted_at is not None
    assert wo.detail(fin, order_id).state_label == "验收完成"  # finance reads it now
    assert [r.state_label for r in wo.handled(q).rows][:1] == ["验收完成"]


def test_fail_path_with_deadline_overdue_on_both_sides_and_resubmission(people, fake_clock):
    q, rev = people["qiye"], people["reviewer"]
    content = valid_content(refs_for(q))
    order_id, _ = submitted(people, content)
    to_visit(people, order_id)
    given = conclusion_inputs(people, order_id, "conclude_fail")
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "conclude_fail", **given)
    assert exc.value.fields == {"opinion": "验收不通过时必须填写审批意见"}
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "conclude_fail", "设备联网率未达到申报值", **{**given, "due": clock.today_china().isoformat()})
    assert exc.value.fields == {"due": "整改期限须晚于今天"}
    due = (clock.today_china() + timedelta(days=10)).isoformat()
    act(rev, order_id, "conclude_fail", "设备联网率未达到申报值", **{**given, "due": due})
    view = ac.load(q, order_id)
    assert (view.state, view.editable, view.due_date, view.overdue) == ("rectifying", True, due, False)
    assert view.last_opinion == "设备联网率未达到申报值"
    assert wo.detail(q, order_id).deadline_label == "整改期限"
    fake_clock.advance(days=11)
    assert wo.pending(q).rows[0].overdue and wo.detail(rev, order_id).overdue
    page, _ = wo.queue(rev, ac.KIND, wo.QueueFilter(state="rectifying"))
    assert page.rows[0].overdue and page.rows[0].as_dict()["overdue_label"] == "已逾期"
    assert ac.load(q, order_id).overdue and ac.load(q, order_id).content["projects"][1]["investment"] == "0.3"
    content["projects"][1]["indicators"][0]["after"] = "95"  # rectified, still accepted after the deadline
    ac.submit(q, order_id, content, ac.load(q, order_id).row_version)
    detail = wo.detail(rev, order_id)
    assert detail.state == "submitted" and detail.due_date == "" and not detail.overdue
    assert {c.label for c in detail.changes} == {"三、项目2·成效指标1·改造后实际值"}
    to_visit(people, order_id)
    act(rev, order_id, "conclude_pass", **conclusion_inputs(people, order_id, "conclude_pass"))
    with db.reading() as s:
        assert s.get(AcceptanceResult, order_id).conclusion == "conclude_pass"
    assert wo.detail(q, order_id).state == "awaiting_stamped"


def test_supplement_path_its_review_and_the_deadline(people, fake_clock):
    q, rev = people["qiye"], people["reviewer"]
    content = valid_content(refs_for(q))
    order_id, _ = submitted(people, content)
    to_visit(people, order_id)
    act(q, order_id, "confirm_visit")
    due = (clock.today_china() + timedelta(days=5)).isoformat()
    act(rev, order_id, "conclude_supplement", "请补充银行回单", **{**conclusion_inputs(people, order_id,
                                                                              "conclude_supplement"), "due": due})
    detail = wo.detail(q, order_id)
    assert (detail.state_label, detail.deadline_label, detail.due_date) == ("待完善材料", "完善期限", due)
    fake_clock.advance(days=6)
    assert wo.detail(q, order_id).overdue and wo.pending(q).rows[0].overdue
    assert order_id not in [r.id for r in wo.pending(rev).rows]  # it waits for the enterprise, not the reviewer
    content["projects"][1]["invoices"].append({"file": upload(q, "银行回单.pdf", field="invoice")})
    result = ac.submit(q, order_id, content, ac.load(q, order_id).row_version)
    assert result.to_state == "supplement_review"
    assert wo.detail(rev, order_id).changes[0].label == "三、项目2·发票/银行回单/收货验收单2·发票/银行回单/收货验收单"
    act(rev, order_id, "reject_supplement", opinion="银行回单不清晰")
    assert ac.load(q, order_id).state == "supplementing" and ac.load(q, order_id).last_opinion == "银行回单不清晰"
    ac.submit(q, order_id, content, ac.load(q, order_id).row_version)
    act(rev, order_id, "confirm_supplement")
    assert wo.detail(q, order_id).state_label == "待上传盖章申报表"
    with db.reading() as s:
        assert s.get(AcceptanceResult, order_id).conclusion == "conclude_supplement"


def test_pass_is_refused_below_level_two_and_the_suggestion_is_zero(people):
    q, rev = people["qiye"], people["reviewer"]
    order_id, _ = submitted(people)
    to_visit(people, order_id)
    # a submitted version whose projects reach only 一级 (from before the rule, or edited by hand)
    with db.transaction() as s:
        snap = s.exec(select(WorkOrderSnapshot).where(WorkOrderSnapshot.order_id == order_id)).one()
        low = with_changes(snap.content, lambda c: [p.update(level_after="一级") for p in c["projects"]])
        s.add(WorkOrderSnapshot(order_id=order_id, version=2, content=low, created_at=clock.now(),
                                created_by=q.user_id))
    given = conclusion_inputs(people, order_id, "conclude_pass")
    assert given["subsidy"] == "0.00"
    with pytest.raises(ValidationError) as exc:
        act(rev, order_id, "conclude_pass", **given)
    assert exc.value.fields == {
        "subsidy": "改造后数字化水平为一级，未达到二级，不能验收通过；请选择“验收不通过”或“完善材料后通过”"}
    due = (clock.today_china() + timedelta(days=5)).isoformat()
    act(rev, order_id, "conclude_fail", "未达到二级", **{**given, "due": due})  # 不通过 is still possible


def test_the_enterprise_cap_counts_what_was_granted_before(people):
    q, rev = people["qiye"], people["reviewer"]
    ps.update(people["admin"], {"subsidy_cap_enterprise": "80"})
    order_id, _ = submitted(people)
    to_visit(people, order_id)
    act(rev, order_id, "conclude_pass", **conclusion_inputs(people, order_id, "conclude_pass"))
    stamped = upload(q, "盖章.pdf", pages=3, field=ac.STAMPED_SLOT)
    wo.hand_in(q, order_id, ac.STAMPED_SLOT, stamped, seen_row_version=wo.detail(q, order_id).row_version,
               reason="空白测试件")
    act(rev, order_id, "approve_stamped")
    second, _ = submitted(people)
    assert second != order_id  # the first is finished: 添加 starts another
    to_visit(people, second)
    assert conclusion_inputs(people, second, "conclude_pass")["subsidy"] == "20.00"  # 80 − 60 left
    with db.reading() as s:
        assert Decimal(s.get(AcceptanceResult, order_id).subsidy_amount) == Decimal("60.00")


def test_a_kept_after_assessment_sets_the_level_and_is_named(people):
    from tests.unit.test_assessment_service import kept_before_and_after

    q, rev = people["qiye"], people["reviewer"]
    _, after = kept_before_and_after(q)
    assert [k.id for k in ac.kept_after(q)] == [after.id] and after.level == 3
    with db.transaction() as s:  # a kept 改造后 that stays below 二级
        low = Assessment(enterprise_id=q.enterprise_id, label="改造后", assessed_on=clock.today_china(),
                         indicator_version="2024", answers={}, scenes={}, total="30", level=1,
                         created_by=q.user_id, created_at=clock.now())
        s.add(low)
        s.flush()
        low_id = low.id
    content = valid_content(refs_for(q))
    content["self_test"] = {"report": None, "assessment_id": str(low_id)}
    order_id = ac.start(q)
    with pytest.raises(ValidationError) as exc:
        ac.submit(q, order_id, content, ac.load(q, order_id).row_version)
    assert exc.value.fields == {
        "self_test.assessment_id": "该自测记录的等级为一级，验收要求改造后数字化水平达到二级及以上"}
    content["self_test"]["assessment_id"] = str(after.id)
    content["projects"][1]["level_after"] = "四级"  # the projects say more than the assessment
    ac.submit(q, order_id, content, ac.load(q, order_id).row_version)
    shown = {label: value for s in wo.detail(rev, order_id).sections for label, value in s.fields}
    assert shown["平台自测记录（改造后）"].startswith("改造后 · ") and shown["平台自测记录（改造后）"].endswith("三级")
    with db.reading() as s:
        _, level = ac.suggestion(s, s.get(WorkOrder, order_id), Decimal(100))
    assert level == 3  # the kept assessment's level counts


def test_an_assessment_of_another_enterprise_is_refused(people):
    q = people["qiye"]
    content = valid_content(refs_for(q))
    content["self_test"] = {"report": None, "assessment_id": "999"}
    with pytest.raises(ValidationError) as exc:
        submitted(people, content)
    assert exc.value.fields == {"self_test.assessment_id": "请选择本企业保存的一条改造后自测记录"}


def test_queue_search_and_the_order_row(people):
    order_id, _ = submitted(people)
    page, waiting = wo.queue(people["reviewer"], ac.KIND, wo.QueueFilter(search="电气装备"))
    assert [r.id for r in page.rows] == [order_id] and waiting == 1
    with db.reading() as s:
        assert s.get(WorkOrder, order_id).subject_name == VALID_CERTIFICATION["company_name"]
