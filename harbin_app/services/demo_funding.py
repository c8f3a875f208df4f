"""演示数据 of 验收申请, 公示 and 拨付 (demo.py calls these inside its simulated clock), made through the
services: a pooled enterprise's application filled from its 入库申请 (one provider and one eligible
product per project, the files as blank PDFs), reviewed, visited, concluded, stamped and accepted;
then published in a batch, and paid (in instalments) once its period has ended."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from pypdf import PdfWriter
from sqlmodel import col, select

from harbin_app import clock, db
from harbin_app.models import Assessment
from harbin_app.services import acceptance as ac
from harbin_app.services import files, funding
from harbin_app.services import workorders as wo
from harbin_app.services.actor import Actor
from harbin_app.services.validators import credit_code_check_char

PROVIDER = "哈尔滨数智工业软件有限公司"
PROVIDER_CODE_BODY = "91230109MA1D2E3F4"


def blank_pdf(pages: int = 2) -> io.BytesIO:
    """A PDF of blank A4 pages, for the demo's uploads."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    return out


def _file(actor: Actor, name: str, field: str) -> dict:
    return files.store_upload(actor, blank_pdf(), name, field=field)


def _kept_after(actor: Actor) -> str:
    with db.reading() as session:
        row = session.exec(select(Assessment.id).where(Assessment.enterprise_id == actor.enterprise_id,
                                                       Assessment.label == "改造后")
                           .order_by(col(Assessment.id).desc())).first()
    return str(row or "")


def _content(actor: Actor, content: dict) -> dict:
    """The prefilled application completed: each project one provider with one eligible product
    worth its investment, its contract and invoice; the materials; the kept 改造后 self-assessment."""
    code = PROVIDER_CODE_BODY + credit_code_check_char(PROVIDER_CODE_BODY)
    for i, p in enumerate(content["projects"]):
        p["providers"] = [{"name": PROVIDER, "credit_code": code, "contact": "孙工", "phone": "13904510001",
                           "products": [{"name": f"{p['name'][:20]}软件实施", "category": "软件（许可、实施、开发）",
                                         "amount": p["investment"]}]}]
        p["contracts"] = [{"file": _file(actor, f"项目{i + 1}合同.pdf", "contracts")}]
        p["invoices"] = [{"file": _file(actor, f"项目{i + 1}发票.pdf", "invoices")}]
    content["materials"] = {"summary_report": _file(actor, "项目总结报告.pdf", "materials.summary_report"),
                            "investment_list": _file(actor, "项目投资清单.pdf", "materials.investment_list")}
    content["self_test"] = {**content.get("self_test", {}), "report": None, "assessment_id": _kept_after(actor)}
    return content


def _act(actor: Actor, order_id: int, action: str, **inputs: str) -> wo.TransitionResult:
    return wo.transition(actor, order_id, action, seen_row_version=wo.detail(actor, order_id).row_version,
                         inputs=inputs, extra={})


def accept(actor: Actor, reviewer: Actor, advance: Callable[..., None]) -> int:
    """The enterprise's 验收申请 to 验收完成, at the amounts the settings suggest."""
    order_id = ac.start(actor)
    view = ac.load(actor, order_id)
    ac.submit(actor, order_id, _content(actor, view.content), view.row_version)
    advance(days=3, hours=2)
    _act(reviewer, order_id, "approve")
    advance(days=1)
    day = (clock.today_china() + timedelta(days=5)).isoformat()
    _act(reviewer, order_id, "book", visit_date=day, visit_time="09:30", address="企业生产车间", contact="王经理",
         phone="0451-86001234", requirements=ac.DEFAULT_REQUIREMENTS)
    advance(days=6)
    conclusion = next(a for a in wo.detail(reviewer, order_id).actions if a.transition.action == "conclude_pass")
    _act(reviewer, order_id, "conclude_pass", **conclusion.defaults)
    advance(days=2)
    stamped = _file(actor, "验收申报表（盖章）.pdf", ac.STAMPED_SLOT)
    # the stamped form's transition taken directly: a blank demo scan has no seal to check
    wo.transition(actor, order_id, "upload_stamped", seen_row_version=wo.detail(actor, order_id).row_version,
                  extra={"slot": ac.STAMPED_SLOT, "file_id": stamped["file_id"]})
    advance(days=2)
    _act(reviewer, order_id, "approve_stamped")
    return order_id


def publish(reviewer: Actor, order_ids: list[int], title: str, days: int) -> None:
    today = clock.today_china()
    funding.publish(reviewer, [(o, wo.detail(reviewer, o).row_version) for o in order_ids], title,
                    today.isoformat(), (today + timedelta(days=days)).isoformat())


def pay_in_instalments(finance: Actor, order_id: int, advance: Callable[..., None]) -> None:
    """Two payments after the period: 60 % first, the rest a few weeks later (→ 已拨付)."""
    row = next(r for r in funding.published(finance).rows if r.order_id == order_id)
    first = (row.subsidy * 6 / 10).quantize(Decimal("0.01"))
    for n, amount in enumerate((first, row.subsidy - first), start=1):
        funding.pay(finance, order_id, wo.detail(finance, order_id).row_version, clock.today_china().isoformat(),
                    f"{amount:.2f}", f"HRBCZ-{clock.today_china():%Y%m%d}-{order_id:03d}-{n}")
        advance(days=20)
