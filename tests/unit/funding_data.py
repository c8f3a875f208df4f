"""Accepted 验收申请 for the 公示与拨付 tests, made through the services (the stamped form's
transition taken directly: set-up, not the subject)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from harbin_app import clock
from harbin_app.services import acceptance as ac
from harbin_app.services import workorders as wo
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, REVIEWER
from tests.unit.acceptance_data import certify, pool, refs_for, valid_content
from tests.unit.factories import VALID_CERTIFICATION, make_user
from tests.unit.test_pool_entry import upload

SECOND = {**VALID_CERTIFICATION, "company_name": "哈尔滨航空零部件示范有限公司", "credit_code": "91110108551385082Q",
          "industry": "航空航天设备制造业"}


def day(offset: int) -> str:
    return (clock.today_china() + timedelta(days=offset)).isoformat()


def act(actor, order_id, action, opinion="", extra=None, **inputs) -> wo.TransitionResult:  # noqa: ANN001
    version = wo.detail(actor, order_id).row_version
    return wo.transition(actor, order_id, action, seen_row_version=version, opinion=opinion, inputs=inputs,
                         extra=extra)


def accepted(q, rev, recognised: str = "180.5", subsidy: str = "50.1") -> int:  # noqa: ANN001
    """An enterprise's 验收申请 run to 验收完成 with the given 认定项目金额 / 补贴金额 (万元)."""
    order_id = ac.start(q)
    ac.submit(q, order_id, valid_content(refs_for(q)), ac.load(q, order_id).row_version)
    act(rev, order_id, "approve")
    act(rev, order_id, "book", visit_date=day(1), visit_time="09:30", address="学府路 1 号", contact="王经理",
        phone="0451-86001234", requirements=ac.DEFAULT_REQUIREMENTS)
    act(rev, order_id, "conclude_pass", recognised=recognised, subsidy=subsidy, reason="按核定发票调整")
    stamped = upload(q, "盖章验收申报表.pdf", pages=3, field=ac.STAMPED_SLOT)
    act(q, order_id, "upload_stamped", extra={"slot": ac.STAMPED_SLOT, "file_id": stamped["file_id"]})
    act(rev, order_id, "approve_stamped")
    return order_id


@pytest.fixture
def funding_people(database, tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    """Two pooled enterprises with one accepted application each, a reviewer, finance, an admin."""
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    rev = make_user("reviewer", REVIEWER)
    q1, q2 = make_user("qiye", ENTERPRISE, "13800000001"), make_user("qiye2", ENTERPRISE, "13800000002")
    certify(q1, rev)
    certify(q2, rev, SECOND)
    pool(q1, rev)
    pool(q2, rev)
    return {
        "qiye": q1, "qiye2": q2, "reviewer": rev, "finance": make_user("finance", FINANCE, "13800000009"),
        "admin": make_user("admin", ADMIN), "other": make_user("other", ENTERPRISE, "13800000003"),
        "order1": accepted(q1, rev, "180.5", "50.1"), "order2": accepted(q2, rev, "100", "30"),
    }
