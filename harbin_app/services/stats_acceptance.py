"""统计 of 验收 (acceptance): 认定项目金额 and 补贴 by industry, levels after transformation, from the
table `acceptance_results` that the acceptance type writes (one row per concluded acceptance:
order_id, enterprise_id, recognised_amount, subsidy_amount as exact decimals, level_after, industry,
concluded_at, accepted_at, project_names).

Kept apart from stats.py until the acceptance branch is merged: `acceptance_figures` reads the table
by name (no model import) and answers None while the table does not exist; the 统计 page and its
export add these figures once it does (see the report of the ops branch).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from harbin_app import db
from harbin_app.services.actor import Actor
from harbin_app.services.stats import LEVELS, NO_INDUSTRY, StatsFilter, _in_period, _industry_order, industries, require_stats

TABLE = "acceptance_results"
RESULTS = sa.table(
    TABLE,
    sa.column("order_id", sa.Integer), sa.column("enterprise_id", sa.Integer),
    sa.column("recognised_amount", sa.Numeric(14, 2)), sa.column("subsidy_amount", sa.Numeric(14, 2)),
    sa.column("level_after", sa.Integer), sa.column("industry", sa.String),
    sa.column("concluded_at", sa.DateTime(timezone=True)), sa.column("accepted_at", sa.DateTime(timezone=True)),
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AcceptanceFigures:
    by_industry: list[dict]  # {industry, projects (acceptances), recognised, subsidy} — amounts in 万元, Decimal
    levels_after: list[dict]  # {level, level_name, count}
    total_recognised: Decimal
    total_subsidy: Decimal


def _money(value) -> Decimal:  # noqa: ANN001
    return Decimal(str(value or 0)).quantize(CENT)


def figures(session: Session, flt: StatsFilter) -> AcceptanceFigures | None:
    if not sa.inspect(session.get_bind()).has_table(TABLE):
        return None
    r = RESULTS.c
    where = [*_in_period(r.concluded_at, flt)]
    if flt.industry:
        where.append(r.industry == flt.industry)
    rows = session.execute(
        sa.select(r.industry, sa.func.count(), sa.func.sum(r.recognised_amount), sa.func.sum(r.subsidy_amount))
        .where(*where).group_by(r.industry)
    ).all()
    found = {ind or NO_INDUSTRY: (int(n), _money(rec), _money(sub)) for ind, n, rec, sub in rows}
    names = [flt.industry] if flt.industry else _industry_order(set(found) | set(industries()))
    zero = (0, _money(0), _money(0))
    by_industry = []
    for name in names:
        projects, recognised, subsidy = found.get(name, zero)
        by_industry.append({"industry": name, "projects": projects, "recognised": recognised, "subsidy": subsidy})
    levels = dict(session.execute(
        sa.select(r.level_after, sa.func.count()).where(*where).group_by(r.level_after)
    ).all())
    return AcceptanceFigures(
        by_industry=by_industry,
        levels_after=[{"level": lv, "level_name": name, "count": int(levels.get(lv, 0))} for lv, name in enumerate(LEVELS)],
        total_recognised=sum((row["recognised"] for row in by_industry), _money(0)),
        total_subsidy=sum((row["subsidy"] for row in by_industry), _money(0)),
    )


def acceptance_figures(actor: Actor, flt: StatsFilter) -> AcceptanceFigures | None:
    """The acceptance figures for 统计 (None until acceptance_results exists)."""
    require_stats(actor)
    with db.reading() as session:
        return figures(session, flt)
