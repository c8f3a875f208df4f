"""The acceptance figures of 统计: 认定项目金额 and 补贴金额 by industry (exact decimals), the levels
reached, the period and industry filters, rights."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from harbin_app import db
from harbin_app.models import AcceptanceResult, WorkOrder, WorkOrderLog
from harbin_app.services import stats
from harbin_app.services.actor import ENTERPRISE, REVIEWER
from harbin_app.services.errors import PermissionDenied
from tests.unit.factories import make_user
from tests.unit.stats_data import ELECTRIC, PHARMA, at


def concluded(rows) -> None:  # noqa: ANN001
    """Conclusions as the acceptance type writes them (an order, its conclusion's log row, the figures)."""
    owner = make_user("q", ENTERPRISE, "13800000001")
    with db.transaction() as s:
        for conclusion, recognised, subsidy, level, industry, when, accepted in rows:
            order = WorkOrder(kind="acceptance", enterprise_id=owner.enterprise_id, state="accepted",
                              created_at=when, updated_at=when)
            s.add(order)
            s.flush()
            log = WorkOrderLog(order_id=order.id, at=when, actor_id=owner.user_id, actor_name="审核员", actor_role=REVIEWER,
                               action=conclusion, action_label="验收通过", from_state="visit_booked", to_state="accepted")
            s.add(log)
            s.flush()
            s.add(AcceptanceResult(
                order_id=order.id, enterprise_id=owner.enterprise_id, conclusion=conclusion, recognised_amount=recognised,
                subsidy_amount=subsidy, suggested_amount=subsidy, level_after=level, industry=industry, project_names="项目",
                log_id=log.id, concluded_at=when, accepted_at=when if accepted else None,
            ))


def test_amounts_by_industry_exactly_and_levels_after(database):
    concluded([
        ("conclude_pass", "120.5", "36.15", "二级", ELECTRIC, at(3, 5), True),
        ("conclude_supplement", "80.1", "24.03", "三级", ELECTRIC, at(4, 8), False),
        ("conclude_pass", "0.1", "0.2", "三级", PHARMA, at(4, 9), True),
        ("conclude_fail", "999", "99", "一级", PHARMA, at(4, 10), False),  # not passed: no amounts recognised
    ])
    r = make_user("r", REVIEWER)
    f = stats.acceptance_figures(r, stats.StatsFilter())
    by = {x["industry"]: (x["projects"], x["accepted"], x["recognised"], x["subsidy"]) for x in f.by_industry}
    assert by[ELECTRIC] == (2, 1, Decimal("200.60"), Decimal("60.18"))
    assert by[PHARMA] == (1, 1, Decimal("0.10"), Decimal("0.20"))
    assert by["航空航天设备制造业"] == (0, 0, Decimal("0.00"), Decimal("0.00"))
    assert (f.total_recognised, f.total_subsidy) == (Decimal("200.70"), Decimal("60.38"))  # 0.1 + 0.2 exactly
    assert [x["count"] for x in f.levels_after] == [0, 0, 1, 2, 0]
    april = stats.acceptance_figures(r, stats.StatsFilter(date(2025, 4, 1), date(2025, 4, 30), ELECTRIC))
    assert [(x["industry"], x["projects"], x["subsidy"]) for x in april.by_industry] == [(ELECTRIC, 1, Decimal("24.03"))]
    with pytest.raises(PermissionDenied):
        stats.acceptance_figures(make_user("e", ENTERPRISE, "13800000002"), stats.StatsFilter())
