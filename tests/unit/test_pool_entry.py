"""入库申请: the manual's checks, drafts, the workflow, the stamped form, rights."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from pypdf import PdfWriter
from sqlmodel import select

from harbin_app import db
from harbin_app.models import Enterprise, WorkOrder
from harbin_app.services import certification as cert
from harbin_app.services import files, pool_entry as pe, workorders as wo
from harbin_app.services.actor import ENTERPRISE, REVIEWER
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from tests.unit.factories import VALID_CERTIFICATION, make_user

RULES = pe.Rules(date(2024, 7, 1), date(2026, 6, 30), needs_declaration=False)
CONTENT_TEXT = "建设MES生产执行系统，覆盖锅炉焊接与总装两条产线，实现工单下达、报工、质量追溯和设备数据采集，并与ERP系统打通。"


def pdf_bytes(pages: int = 3) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def valid_content(evidence: dict | None = None) -> dict:
    return {
        "basic": {"main_products": "电站锅炉", "last_year_revenue": "12000.5", "employees": "450",
                  "above_scale": "规上", "current_level": "一级"},
        "demands": [
            {"category": "生产管控", "description": "生产过程不透明", "analysis": "工单靠纸质流转，进度无法实时掌握"},
            {"category": "质量管理", "description": "质量追溯困难", "analysis": "焊缝检验记录分散在表格中"},
        ],
        "projects": [
            {"name": "锅炉焊接车间MES生产执行系统建设项目", "start": "2024-09-01", "end": "2025-12-31",
             "content": CONTENT_TEXT, "investment": "300", "level_before": "一级", "level_after": "二级",
             "indicators": [{"name": "生产效率", "unit": "%", "before": "60", "after": "75"},
                            {"name": "不良品率", "unit": "%", "before": "3", "after": "1.5"}]},
            {"name": "设备联网与数据采集平台建设", "start": "2025-01-01", "end": "2026-06-30",
             "content": CONTENT_TEXT, "investment": "120.5", "level_before": "一级", "level_after": "二级",
             "indicators": [{"name": "设备联网率", "unit": "%", "before": "20", "after": "85"}]},
        ],
        "other": {"benchmark_willing": "是"},
        "evidence": evidence or {
            "audit_report": {"file_id": 1, "name": "审计报告.pdf", "pages": 30},
            "credit_report": {"file_id": 2, "name": "信用报告.pdf", "pages": 5},
        },
    }


def test_a_complete_application_passes_the_checks():
    assert pe.problems(valid_content(), RULES) == {}


def with_project(**changes) -> dict:  # noqa: ANN003
    content = valid_content()
    content["projects"][0].update(changes)
    return content


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"start": "2024-01-01"}, "projects.0.start", "项目周期超出试点期（2024-07-01 至 2026-06-30）"),
        ({"end": "2026-07-01"}, "projects.0.end", "项目周期超出试点期"),
        ({"end": "2024-08-01"}, "projects.0.end", "结束日期不能早于开始日期"),
        ({"level_before": "三级", "level_after": "二级"}, "projects.0.level_after", "改造前数字化水平高于改造后"),
        ({"name": "数字化改造"}, "projects.0.name", "项目名称表述不完整"),
        ({"name": "公司数字化转型升级改造项目"}, "projects.0.name", "项目名称表述不完整"),
        ({"content": "上MES系统。"}, "projects.0.content", "项目内容过于简单"),
        ({"investment": "-3"}, "projects.0.investment", "计划投资须大于 0"),
        ({"level_after": ""}, "projects.0.level_after", "请选择改造后数字化水平"),
    ],
)
def test_the_manuals_project_checks(changes, path, message):
    assert message in pe.problems(with_project(**changes), RULES)[path]


def test_pilot_period_boundaries_are_inside():
    assert pe.problems(with_project(start="2024-07-01", end="2026-06-30"), RULES) == {}


def test_equal_levels_are_allowed():
    assert pe.problems(with_project(level_before="二级", level_after="二级"), RULES) == {}


def test_indicator_with_values_but_no_name():
    content = valid_content()
    content["projects"][1]["indicators"].append({"name": "", "unit": "%", "before": "1", "after": "2"})
    assert pe.problems(content, RULES) == {"projects.1.indicators.1.name": "该成效指标填写了数值，请填写指标名称"}


def test_empty_indicator_rows_are_ignored_but_one_is_needed():
    content = valid_content()
    content["projects"][1]["indicators"] = [{"name": "", "unit": "", "before": "", "after": ""}]
    assert pe.problems(content, RULES) == {"projects.1.indicators": "请至少填写一项成效指标"}


def test_no_demand_and_no_project():
    content = valid_content()
    content["demands"], content["projects"] = [{"category": "", "description": "", "analysis": ""}], []
    errors = pe.problems(content, RULES)
    assert errors["demands"] == "请至少填写一条数字化改造需求"
    assert errors["projects"] == "请至少填写一个数字化改造项目"


def test_industry_unclear_needs_the_stamped_declaration():
    rules = replace(RULES, needs_declaration=True)
    assert pe.problems(valid_content(), rules) == {
        "evidence.industry_declaration": "企业所属行业不清晰，须上传试点行业盖章声明（PDF）"
    }
    evidence = {**valid_content()["evidence"], "industry_declaration": {"file_id": 3, "name": "声明.pdf", "pages": 1}}
    assert pe.problems(valid_content(evidence), rules) == {}


def test_required_evidence_and_basic_fields():
    content = valid_content(evidence={"audit_report": None})
    content["basic"] = {"main_products": "", "last_year_revenue": "x", "employees": "1.5", "above_scale": "", "current_level": ""}
    content["other"] = {}
    errors = pe.problems(content, RULES)
    assert errors["evidence.audit_report"] == "请上传2023年审计报告（PDF）"
    assert errors["evidence.credit_report"] == "请上传信用中国企业信用信息报告（PDF）"
    assert errors["basic.last_year_revenue"] == "上年营业收入须为数字"
    assert errors["basic.employees"] == "员工人数须为正整数"
    assert errors["other.benchmark_willing"] == "请选择是否愿意参与标杆样板打造"
    assert pe.section_problem_counts(errors) == {"basic": 5, "demands": 0, "projects": 0, "other": 1, "evidence": 2}


# ------------------------------------------------------------------ with the database


@pytest.fixture
def people(database, tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    q = make_user("qiye", ENTERPRISE, "13800000001")
    other = make_user("other", ENTERPRISE, "13800000002")
    rev = make_user("reviewer", REVIEWER)
    r = cert.submit(q, VALID_CERTIFICATION, 0)
    wo.transition(rev, r.order_id, "approve", seen_row_version=r.row_version)
    return {"qiye": q, "other": other, "reviewer": rev}


def upload(actor, name="材料.pdf", pages=3, field="evidence.audit_report"):  # noqa: ANN001, ANN201
    return files.store_upload(actor, io.BytesIO(pdf_bytes(pages)), name, field=field)


def scan(actor, name: str, pages: int, *, sealed: bool, tmp_path):  # noqa: ANN001, ANN201
    """A scanned stamped form: text pages, the last with a red seal when `sealed`."""
    from tests.unit import scans

    images = [scans.page_without_seal(dpi=100) for _ in range(pages - 1)]
    images.append(scans.page_with_seal(dpi=100) if sealed else scans.page_without_seal(dpi=100))
    path = scans.save_pdf(tmp_path / name, images, dpi=100)
    with path.open("rb") as fh:
        return files.store_upload(actor, fh, name, field="stamped_form")


def evidence_for(actor) -> dict:  # noqa: ANN001
    return {"audit_report": upload(actor, "审计报告.pdf", 30), "credit_report": upload(actor, "信用报告.pdf", 5)}


def test_only_a_certified_enterprise_starts_one_entry(people):
    with pytest.raises(PermissionDenied) as exc:
        pe.start(people["other"])
    assert "企业认证通过后" in exc.value.message
    first = pe.start(people["qiye"])
    assert pe.start(people["qiye"]) == first  # one pool entry per enterprise
    view = pe.load(people["qiye"], first)
    assert view.content["basic"]["company_name"] == VALID_CERTIFICATION["company_name"]  # prefilled
    assert view.content["basic"]["address"] == "黑龙江省哈尔滨市南岗区学府路 1 号"
    with pytest.raises(PermissionDenied):  # not certified, and not its order anyway
        pe.load(people["other"], first)


def test_incomplete_draft_is_saved_and_submission_refused_but_kept(people):
    q = people["qiye"]
    order_id = pe.start(q)
    view = pe.load(q, order_id)
    partial = {"demands": [{"category": "生产管控", "description": "只写了一半"}]}
    version = pe.save(q, order_id, partial, view.row_version)
    with pytest.raises(ValidationError) as exc:
        pe.submit(q, order_id, partial, version)
    assert "projects" in exc.value.fields and "evidence.audit_report" in exc.value.fields
    again = pe.load(q, order_id)
    assert again.content["demands"][0]["description"] == "只写了一半" and again.state == "draft"


def test_evidence_of_another_enterprise_cannot_be_borrowed(people):
    q, other = people["qiye"], people["other"]
    order_id = pe.start(q)
    foreign = {"audit_report": upload(other, "别人的.pdf")}
    with pytest.raises(PermissionDenied):
        pe.save(q, order_id, valid_content(foreign), pe.load(q, order_id).row_version)


def run_to_approval(people) -> tuple[int, int]:  # noqa: ANN001
    q, rev = people["qiye"], people["reviewer"]
    order_id = pe.start(q)
    result = pe.submit(q, order_id, valid_content(evidence_for(q)), pe.load(q, order_id).row_version)
    approved = wo.transition(rev, order_id, "approve", seen_row_version=result.row_version)
    return order_id, approved.row_version


def test_whole_workflow_to_pooled_with_the_generated_form(people, tmp_path):
    q, rev, other = people["qiye"], people["reviewer"], people["other"]
    order_id, version = run_to_approval(people)
    detail = wo.detail(q, order_id)
    assert detail.state_label == "待上传盖章材料"
    assert [d[0] for d in detail.documents] == ["stamp_form"]
    assert [u.action for u in detail.uploads] == ["upload_stamped"]
    name, data = wo.document(q, order_id, "stamp_form")
    assert name == f"哈尔滨市中小企业数字化转型试点企业培育入库申报表（{VALID_CERTIFICATION['company_name']}）.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "哈尔滨市中小企业数字化转型试点企业培育入库申报表" in text
    tables = "\n".join(c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells)
    assert "锅炉焊接车间MES生产执行系统建设项目" in tables and "设备联网率" in tables
    with pytest.raises(NotFound):
        wo.document(other, order_id, "stamp_form")

    from docgen import pdf as print_ready

    form_pages = print_ready.page_count(print_ready.docx_to_pdf(data))  # read from the form's PDF, not estimated
    stamped = scan(q, "盖章申报表.pdf", form_pages + 1, sealed=False, tmp_path=tmp_path)
    check = wo.hand_in_check(q, order_id, "stamped_form", stamped)
    assert check.warnings == (
        f"上传的扫描件共 {form_pages + 1} 页，系统生成的申报表共 {form_pages} 页，请确认是否漏扫或多扫",
        "未检测到红色公章，请确认已盖章",  # blank pages: no seal
    )
    with pytest.raises(ValidationError) as exc:  # handing in anyway needs a reason, kept in the log
        wo.hand_in(q, order_id, "stamped_form", stamped, seen_row_version=version)
    assert exc.value.fields == {"override_reason": "请填写仍要提交的原因，例如：公章颜色较浅、扫描件为黑白"}
    result = wo.hand_in(q, order_id, "stamped_form", stamped, seen_row_version=version, reason="公章颜色较浅")
    note = wo.detail(rev, order_id).log[-1].note
    assert "请确认是否漏扫" in note and "未检测到红色公章" in note and "仍要提交的原因：公章颜色较浅" in note
    reject = wo.transition(rev, order_id, "reject_stamped", seen_row_version=result.row_version, opinion="公章不清晰")
    assert wo.detail(q, order_id).state_label == "盖章材料驳回"
    again = scan(q, "重新盖章.pdf", form_pages, sealed=True, tmp_path=tmp_path)
    checked = wo.hand_in_check(q, order_id, "stamped_form", again)
    assert checked.warnings == () and not checked.needs_reason  # as many pages as the form, and a seal
    result = wo.hand_in(q, order_id, "stamped_form", again, seen_row_version=reject.row_version)
    assert f"第 {form_pages} 页检测到红色公章" in wo.detail(rev, order_id).log[-1].note
    detail = wo.detail(rev, order_id)
    assert [h[0] for h in detail.handed_in] == ["盖章申报表扫描件", "盖章申报表扫描件"]
    assert detail.handed_in[0][2]["name"] == "重新盖章.pdf"
    wo.transition(rev, order_id, "approve_stamped", seen_row_version=result.row_version)
    with db.reading() as s:
        assert s.get(Enterprise, q.enterprise_id).pooled_at is not None
        assert s.get(WorkOrder, order_id).state == "pooled"
    assert cert.status(q).pooled


def test_stamped_upload_needs_the_enterprises_own_file(people):
    q, other = people["qiye"], people["other"]
    order_id, version = run_to_approval(people)
    foreign = upload(other, "别人的.pdf", field="stamped_form")
    with pytest.raises(ValidationError) as exc:
        wo.hand_in(q, order_id, "stamped_form", foreign, seen_row_version=version)
    assert exc.value.fields == {"stamped_form": "请先上传盖章后的申报表扫描件（PDF）"}
    with pytest.raises(NotFound):  # nor can another enterprise hand anything in
        wo.hand_in(other, order_id, "stamped_form", foreign, seen_row_version=version)
    with pytest.raises(Conflict):  # nor is there a slot for the reviewer
        wo.hand_in(people["reviewer"], order_id, "stamped_form", foreign, seen_row_version=version)


def test_file_rights_and_signed_links(people):
    q, other, rev = people["qiye"], people["other"], people["reviewer"]
    ref = upload(q, "审计报告.pdf")
    order_id = pe.start(q)  # the reviewer reads it as evidence of the enterprise's pool entry (the policy)
    pe.save(q, order_id, {"evidence": {"audit_report": ref}}, pe.load(q, order_id).row_version)
    assert files.get_readable(rev, ref["file_id"]).original_name == "审计报告.pdf"
    with pytest.raises(NotFound):
        files.get_readable(other, ref["file_id"])
    with pytest.raises(NotFound):
        files.download_link(other, ref["file_id"])
    link = files.download_link(q, ref["file_id"])
    served = files.resolve_link(link.removeprefix("/download/"))
    assert served.name == "审计报告.pdf" and served.path.read_bytes().startswith(b"%PDF-")
    body, signature = link.removeprefix("/download/").split(".")
    tampered = ("B" if signature[0] == "A" else "A") + signature[1:]  # always another signature
    with pytest.raises(PermissionDenied):
        files.resolve_link(body + "." + tampered)
    with pytest.raises(PermissionDenied):
        files.resolve_link("garbage")


def test_files_are_stored_by_content_hash_outside_served_folders(people, tmp_path):
    q = people["qiye"]
    a = upload(q, "一.pdf")
    b = upload(q, "二.pdf")
    assert a["sha256"] == b["sha256"] and a["file_id"] != b["file_id"]
    stored = list((tmp_path / "files").rglob(a["sha256"]))
    assert len(stored) == 1 and "incoming" not in str(stored[0])
    assert not any((tmp_path / "files" / "incoming").iterdir())


def test_uploads_are_checked_by_content(people):
    q = people["qiye"]
    with pytest.raises(ValidationError) as exc:
        files.store_upload(q, io.BytesIO(b"MZ\x90\x00 not a pdf" * 100), "setup.pdf", field="evidence.audit_report")
    assert exc.value.fields == {"evidence.audit_report": "文件不是有效的 PDF，请上传 PDF 格式的扫描件"}
    with pytest.raises(PermissionDenied):
        files.store_upload(people["reviewer"], io.BytesIO(pdf_bytes()), "x.pdf", field="f")


def test_pool_entry_queue_and_todo(people):
    order_id, _ = run_to_approval(people)
    page, waiting = wo.queue(people["reviewer"], "pool_entry", wo.QueueFilter(state=""))
    assert [r.id for r in page.rows] == [order_id] and waiting == 0
    assert [r.state_label for r in wo.pending(people["qiye"]).rows] == ["待上传盖章材料"]
    with db.reading() as s:
        assert s.exec(select(WorkOrder).where(WorkOrder.kind == "pool_entry")).one().subject_name == VALID_CERTIFICATION["company_name"]


def test_the_reviewer_sees_what_changed_since_the_last_submission(people):
    q, rev = people["qiye"], people["reviewer"]
    order_id = pe.start(q)
    content = valid_content(evidence_for(q))
    first = pe.submit(q, order_id, content, pe.load(q, order_id).row_version)
    wo.transition(rev, order_id, "reject", seen_row_version=first.row_version, opinion="请核对投资")
    content["projects"][1]["investment"] = "165"
    content["projects"][0]["indicators"].append({"name": "交付周期", "unit": "天", "before": "30", "after": "18"})
    pe.submit(q, order_id, content, pe.load(q, order_id).row_version)
    changes = {(c.label, c.before, c.after) for c in wo.detail(rev, order_id).changes}
    assert changes == {
        ("三、项目2·计划投资(万元)", "120.5", "165"),
        ("三、项目1·成效指标3·指标名称", "", "交付周期"),
        ("三、项目1·成效指标3·单位", "", "天"),
        ("三、项目1·成效指标3·改造前", "", "30"),
        ("三、项目1·成效指标3·改造后", "", "18"),
    }
