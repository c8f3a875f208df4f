"""A small data set made through the services on a clock the test sets, whose statistics are
worked out by hand below (test_stats.py and test_exports.py check them).

    E1 电气  certification: submitted 03-03 10:00, approved 03-05 10:00 (2 days)   → 已认证
             pool entry:    submitted 03-20 10:00, approved 03-21 10:00 (1 day), stamped handed in
                            03-22 10:00, approved 03-25 10:00 (3 days)             → 已入库 (pooled 03-25)
             kept self-assessments 改造前 (二级) and 改造后 (三级)
    E2 电气  certification: submitted 03-10 10:00, rejected 03-11 10:00 (1 day),
                            resubmitted 04-01 10:00, approved 04-04 10:00 (3 days) → 已认证
    E3 电气  certification: submitted 04-02 10:00                                  → 待审核
    E4 药品  certification: submitted 04-03 10:00, rejected 04-07 10:00 (4 days)   → 驳回
    E5 药品  certification: a draft only                                            → 草稿
(2025, China time.) Review point 企业认证 · 待审核: 4 decisions, 2 passed, 2 rejected, times 2, 1, 3,
4 days (average 2.5, longest 4.0); in April only: E2's approval (3) and E4's rejection (4).
"""

from __future__ import annotations

from datetime import date, datetime

from harbin_app import clock
from harbin_app.services import certification as cert
from harbin_app.services import files
from harbin_app.services import pool_entry as pe
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.demo_funding import blank_pdf
from harbin_app.services.validators import credit_code_check_char
from tests.unit.factories import VALID_CERTIFICATION, make_user

ELECTRIC, PHARMA = "电气装备制造业", "药品生产制造业"


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=clock.CHINA)


def code(n: int) -> str:
    body = f"91230100MA{n:07d}"
    return body + credit_code_check_char(body)


def form(n: int, industry: str) -> dict[str, str]:
    return {**VALID_CERTIFICATION, "company_name": f"哈尔滨统计示范{n}号有限公司", "credit_code": code(n), "industry": industry}


def seed(fake_clock) -> dict:  # noqa: ANN001
    from tests.unit.test_assessment_service import kept_before_and_after
    from tests.unit.test_pool_entry import valid_content

    rev = make_user("reviewer", REVIEWER)
    make_user("finance", FINANCE)
    e = {n: make_user(f"qiye{n}", ENTERPRISE, f"1380000000{n}") for n in range(1, 6)}

    def go(when: datetime) -> None:
        fake_clock.current = when

    go(at(3, 3))
    r1 = cert.submit(e[1], form(1, ELECTRIC), 0)
    go(at(3, 5))
    wo.transition(rev, r1.order_id, "approve", seen_row_version=r1.row_version)
    go(at(3, 10))
    r2 = cert.submit(e[2], form(2, ELECTRIC), 0)
    go(at(3, 11))
    rj = wo.transition(rev, r2.order_id, "reject", seen_row_version=r2.row_version, opinion="材料不全")
    go(at(3, 20))
    order = pe.start(e[1])
    evidence = {"audit_report": files.store_upload(e[1], blank_pdf(30), "审计报告.pdf", field="a"),
                "credit_report": files.store_upload(e[1], blank_pdf(5), "信用报告.pdf", field="c")}
    sub = pe.submit(e[1], order, valid_content(evidence), pe.load(e[1], order).row_version)
    go(at(3, 21))
    ok = wo.transition(rev, order, "approve", seen_row_version=sub.row_version)
    go(at(3, 22))
    stamped = files.store_upload(e[1], blank_pdf(2), "盖章申报表.pdf", field="stamped_form")
    handed = wo.transition(e[1], order, "upload_stamped", seen_row_version=ok.row_version,  # set-up: no scan check
                           extra={"slot": "stamped_form", "file_id": stamped["file_id"]})
    go(at(3, 25))
    wo.transition(rev, order, "approve_stamped", seen_row_version=handed.row_version)
    go(at(3, 26))
    kept_before_and_after(e[1])
    go(at(4, 1))
    r2b = cert.submit(e[2], form(2, ELECTRIC), rj.row_version)
    go(at(4, 2))
    cert.submit(e[3], form(3, ELECTRIC), 0)
    go(at(4, 3))
    r4 = cert.submit(e[4], form(4, PHARMA), 0)
    go(at(4, 4))
    wo.transition(rev, r2b.order_id, "approve", seen_row_version=r2b.row_version)
    go(at(4, 7))
    wo.transition(rev, r4.order_id, "reject", seen_row_version=r4.row_version, opinion="行业证明缺失")
    cert.save(e[5], form(5, PHARMA), cert.load(e[5]).row_version)
    go(at(4, 10))
    return {"reviewer": rev, "enterprises": e, "pool_entry": order, "april": (date(2025, 4, 1), date(2025, 4, 30))}
