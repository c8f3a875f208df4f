"""The figures of an application, in exact decimals (万元): each project's product total, its eligible
and ineligible parts, the eligible investment, the level reached, and the subsidy suggested by the
platform's settings. 0.1 + 0.2 is 0.3 here: every amount is a Decimal parsed from the text typed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from harbin_app.services import validators as v
from harbin_app.services.acceptance.form import LEVELS, PRODUCT_CATEGORIES, normalise

ZERO = Decimal(0)


def amount(text: Any) -> Decimal | None:
    """An amount as typed ("120.5", "1,200") → Decimal; None when it is not a number."""
    return v.parse_decimal(str(text or "")) if str(text or "").strip() else None


def fmt(value: Decimal | None) -> str:
    """An amount for people: at least two decimals, never scientific (120.50, 0.30, 12.3456)."""
    if value is None:
        return ""
    places = max(2, -value.normalize().as_tuple().exponent) if value != 0 else 2  # type: ignore[operator]
    return f"{value:.{places}f}"


def is_eligible(category: str) -> bool:
    return PRODUCT_CATEGORIES.get(category, False)


@dataclass(frozen=True)
class Ineligible:
    provider: str
    product: str
    category: str
    amount: Decimal


@dataclass(frozen=True)
class ProjectFigures:
    total: Decimal  # the products' amounts added up (amounts that are not numbers left out)
    investment: Decimal | None  # 实际投资 as typed
    eligible: Decimal
    ineligible: tuple[Ineligible, ...]

    @property
    def difference(self) -> Decimal | None:
        return None if self.investment is None else self.investment - self.total

    @property
    def matches(self) -> bool:
        return self.investment is not None and self.investment == self.total

    def ineligible_text(self) -> str:
        """办公电脑：联想台式机 3.00 万元；布线工程：… (empty when every product is eligible)."""
        return "；".join(f"{i.category}：{i.product or '（未填名称）'} {fmt(i.amount)} 万元" for i in self.ineligible)


def project_figures(project: dict[str, Any]) -> ProjectFigures:
    total, eligible = ZERO, ZERO
    ineligible: list[Ineligible] = []
    for provider in project.get("providers") or []:
        for product in provider.get("products") or []:
            value = amount(product.get("amount"))
            if value is None:
                continue
            total += value
            category = str(product.get("category") or "")
            if is_eligible(category):
                eligible += value
            elif category:
                ineligible.append(Ineligible(str(provider.get("name") or ""), str(product.get("name") or ""),
                                             category, value))
    return ProjectFigures(total, amount(project.get("investment")), eligible, tuple(ineligible))


def figures(content: dict[str, Any]) -> list[ProjectFigures]:
    return [project_figures(p) for p in normalise(content)["projects"]]


def eligible_investment(content: dict[str, Any]) -> Decimal:
    """What the subsidy is computed on: the eligible products of every project."""
    return sum((f.eligible for f in figures(content)), ZERO)


def total_investment(content: dict[str, Any]) -> Decimal:
    return sum((f.total for f in figures(content)), ZERO)


def level_index(name: str) -> int:
    """未达一级 0 … 四级 4; -1 when not a level."""
    return LEVELS.index(name) if name in LEVELS else -1


def level_reached(content: dict[str, Any], assessment_level: int | None = None) -> int:
    """The level the enterprise reached: its attached 改造后 self-assessment's, else the highest
    改造后 level among its projects (0 when none is chosen)."""
    if assessment_level is not None:
        return assessment_level
    levels = [level_index(p["level_after"]) for p in normalise(content)["projects"]]
    return max([0, *levels])


def suggested_subsidy(settings: Any, eligible: Decimal, level: int, already_granted: Decimal = ZERO) -> Decimal:
    """The platform's suggestion (设置: ratio, cap per level reached, cap per enterprise less what
    the enterprise was already granted); 0 below 二级."""
    return settings.subsidy_for(eligible, level, already_granted)
