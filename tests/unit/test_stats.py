"""统计 against a data set whose figures are worked out by hand (tests/unit/stats_data.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from harbin_app.services import stats
from harbin_app.services.actor import ADMIN, ENTERPRISE
from harbin_app.services.errors import PermissionDenied, ValidationError
from tests.unit import stats_data
from tests.unit.factories import make_user

ELECTRIC, PHARMA = stats_data.ELECTRIC, stats_data.PHARMA


@pytest.fixture
def seeded(database, fake_clock, tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    return stats_data.seed(fake_clock)


def counts(rows: list[dict], kind: str, key: str) -> dict[str, int]:
    return {r[key]: r["count"] for r in rows if r["kind"] == kind and r["count"]}


def test_the_whole_period(seeded):
    o = stats.overview(seeded["reviewer"], stats.StatsFilter())
    assert counts(o.by_state, "certification", "state") == {"draft": 1, "submitted": 1, "rejected": 1, "certified": 2}
    assert counts(o.by_state, "pool_entry", "state") == {"pooled": 1}
    assert [r["state_label"] for r in o.by_state if r["kind"] == "certification"] == ["草稿", "待审核", "驳回", "已认证"]
    assert counts(o.by_industry, "certification", "industry") == {ELECTRIC: 3, PHARMA: 1}
    assert counts(o.by_industry, "pool_entry", "industry") == {ELECTRIC: 1}
    assert [r["industry"] for r in o.by_industry if r["kind"] == "certification"][:5] == [
        "航空航天设备制造业", ELECTRIC, "锅炉及原动装备制造业", PHARMA, "食品精深加工及食品制造业"]
    assert o.by_month == [
        {"month": "2025-03", "certification": 2, "pool_entry": 1, "acceptance": 0},
        {"month": "2025-04", "certification": 2, "pool_entry": 0, "acceptance": 0},
    ]
    reviews = {r["point"]: r for r in o.reviews}
    assert list(reviews)[:3] == ["企业认证 · 待审核", "入库申请 · 待审核", "入库申请 · 盖章材料待审核"]
    assert all(r["decisions"] == 0 for point, r in reviews.items() if point.startswith("验收申请"))  # none yet
    c = reviews["企业认证 · 待审核"]
    assert (c["decisions"], c["passed"], c["rejected"]) == (4, 2, 2)
    assert (c["pass_rate"], c["reject_rate"], c["avg_days"], c["max_days"]) == (
        Decimal("50.0"), Decimal("50.0"), Decimal("2.5"), Decimal("4.0"))
    p = reviews["入库申请 · 待审核"]
    assert (p["decisions"], p["pass_rate"], p["avg_days"], p["max_days"]) == (1, Decimal("100.0"), Decimal("1.0"), Decimal("1.0"))
    s = reviews["入库申请 · 盖章材料待审核"]
    assert (s["decisions"], s["passed"], s["avg_days"]) == (1, 1, Decimal("3.0"))
    firms = {r["industry"]: (r["certified"], r["pooled"]) for r in o.enterprises}
    assert firms[ELECTRIC] == (2, 1) and firms[PHARMA] == (0, 0) and sum(c for c, _ in firms.values()) == 2
    levels = {r["level_name"]: (r["改造前"], r["改造后"]) for r in o.levels}
    assert levels == {"未达一级": (0, 0), "一级": (0, 0), "二级": (1, 0), "三级": (0, 1), "四级": (0, 0)}
    assert o.queues == ["certification", "pool_entry", "acceptance"]


def test_april_only(seeded):
    o = stats.overview(seeded["reviewer"], stats.StatsFilter(*seeded["april"]))
    # E2 was first submitted in March: it counts in March, not in April
    assert counts(o.by_state, "certification", "state") == {"submitted": 1, "rejected": 1}
    assert counts(o.by_state, "pool_entry", "state") == {}
    assert o.by_month == [{"month": "2025-04", "certification": 2, "pool_entry": 0, "acceptance": 0}]
    c = next(r for r in o.reviews if r["point"] == "企业认证 · 待审核")
    assert (c["decisions"], c["passed"], c["rejected"], c["avg_days"], c["max_days"]) == (
        2, 1, 1, Decimal("3.5"), Decimal("4.0"))
    assert next(r for r in o.reviews if r["point"] == "入库申请 · 待审核")["decisions"] == 0
    firms = {r["industry"]: (r["certified"], r["pooled"]) for r in o.enterprises}
    assert firms[ELECTRIC] == (1, 0)
    assert all(r["改造前"] == r["改造后"] == 0 for r in o.levels)  # kept in February and March


def test_one_industry(seeded):
    o = stats.overview(seeded["reviewer"], stats.StatsFilter(industry=PHARMA))
    assert counts(o.by_state, "certification", "state") == {"draft": 1, "rejected": 1}  # E5’s draft names its industry
    assert [r["industry"] for r in o.by_industry if r["kind"] != "acceptance"] == [PHARMA, PHARMA]
    c = next(r for r in o.reviews if r["point"] == "企业认证 · 待审核")
    assert (c["decisions"], c["pass_rate"], c["reject_rate"], c["max_days"]) == (1, Decimal("0.0"), Decimal("100.0"), Decimal("4.0"))
    assert [r["industry"] for r in o.enterprises] == [PHARMA]
    assert sum(r["改造前"] for r in o.levels) == 0


def test_the_month_boundary_is_china_time(database, fake_clock):
    from harbin_app.services import certification as cert

    q = make_user("q", ENTERPRISE)
    rev = make_user("r", "reviewer")
    fake_clock.current = stats_data.at(4, 1, hour=3)  # 2025-04-01 03:00 in Harbin is still March in UTC
    cert.submit(q, stats_data.form(9, ELECTRIC), 0)
    o = stats.overview(rev, stats.StatsFilter(date(2025, 4, 1), date(2025, 4, 1)))
    assert o.by_month == [{"month": "2025-04", "certification": 1, "pool_entry": 0, "acceptance": 0}]
    assert stats.overview(rev, stats.StatsFilter(date(2025, 3, 1), date(2025, 3, 31))).by_month == []


def test_finance_sees_the_figures_but_no_queue_and_others_are_refused(seeded):
    finance = make_user("finance2", "finance")
    o = stats.overview(finance, stats.StatsFilter())
    assert o.queues == [] and sum(r["count"] for r in o.by_state) == 6
    for role in (ENTERPRISE, ADMIN):
        with pytest.raises(PermissionDenied):
            stats.overview(make_user(f"u-{role}", role), stats.StatsFilter())
    with pytest.raises(PermissionDenied):
        stats.overview(None, stats.StatsFilter())


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    ("2025-13-01", "", "start", "起始日期格式应为 2025-03-01"),
    ("", "四月", "end", "截止日期格式应为 2025-03-01"),
    ("2025-04-30", "2025-04-01", "end", "截止日期不能早于起始日期"),
])
def test_bad_filters_are_refused_at_their_field(start, end, field, message):
    with pytest.raises(ValidationError) as exc:
        stats.parse_filter(start, end, "")
    assert exc.value.fields == {field: message}


def test_a_good_filter():
    assert stats.parse_filter(" 2025-04-01 ", "", f" {PHARMA} ") == stats.StatsFilter(date(2025, 4, 1), None, PHARMA)
