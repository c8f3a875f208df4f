"""The acceptance figures of 统计, on a stand-in for the acceptance branch's acceptance_results table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from harbin_app import clock, db
from harbin_app.services import stats, stats_acceptance
from harbin_app.services.actor import ENTERPRISE, REVIEWER
from harbin_app.services.errors import PermissionDenied
from tests.unit.factories import make_user
from tests.unit.stats_data import ELECTRIC, PHARMA, at

META = sa.MetaData()
STAND_IN = sa.Table(
    "acceptance_results", META,
    sa.Column("order_id", sa.Integer, primary_key=True), sa.Column("enterprise_id", sa.Integer),
    sa.Column("recognised_amount", sa.Numeric(14, 2)), sa.Column("subsidy_amount", sa.Numeric(14, 2)),
    sa.Column("level_after", sa.Integer), sa.Column("industry", sa.String(32)),
    sa.Column("concluded_at", sa.DateTime(timezone=True)), sa.Column("accepted_at", sa.DateTime(timezone=True)),
    sa.Column("project_names", sa.JSON),
)


@pytest.fixture
def results(database):
    META.create_all(db.engine())
    yield
    META.drop_all(db.engine())


def test_none_before_the_table_exists(database):
    assert stats_acceptance.acceptance_figures(make_user("r", REVIEWER), stats.StatsFilter()) is None


def test_amounts_by_industry_exactly_and_levels_after(results):
    rows = [
        (1, "120.50", "36.15", 2, ELECTRIC, at(3, 5)), (2, "80.10", "24.03", 3, ELECTRIC, at(4, 8)),
        (3, "0.10", "0.03", 3, PHARMA, at(4, 9)),
    ]
    with db.engine().begin() as conn:
        conn.execute(STAND_IN.insert(), [
            {"order_id": o, "enterprise_id": o, "recognised_amount": Decimal(rec), "subsidy_amount": Decimal(sub),
             "level_after": lv, "industry": ind, "concluded_at": when.astimezone(clock.CHINA), "accepted_at": None,
             "project_names": ["项目"]} for o, rec, sub, lv, ind, when in rows
        ])
    r = make_user("r", REVIEWER)
    f = stats_acceptance.acceptance_figures(r, stats.StatsFilter())
    by = {x["industry"]: (x["projects"], x["recognised"], x["subsidy"]) for x in f.by_industry}
    assert by[ELECTRIC] == (2, Decimal("200.60"), Decimal("60.18")) and by[PHARMA] == (1, Decimal("0.10"), Decimal("0.03"))
    assert by["航空航天设备制造业"] == (0, Decimal("0.00"), Decimal("0.00"))
    assert (f.total_recognised, f.total_subsidy) == (Decimal("200.70"), Decimal("60.21"))
    assert [x["count"] for x in f.levels_after] == [0, 0, 1, 2, 0]
    april = stats_acceptance.acceptance_figures(r, stats.StatsFilter(date(2025, 4, 1), date(2025, 4, 30), ELECTRIC))
    assert [(x["industry"], x["projects"], x["subsidy"]) for x in april.by_industry] == [(ELECTRIC, 1, Decimal("24.03"))]
    with pytest.raises(PermissionDenied):
        stats_acceptance.acceptance_figures(make_user("q", ENTERPRISE), stats.StatsFilter())
