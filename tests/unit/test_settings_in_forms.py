"""设置's 试点行业 and 需求种类 are what the forms offer and accept: an industry or a category an admin adds
is accepted at once (no restart), one removed is refused with the field's message; 其他 stays offered."""

from __future__ import annotations

from datetime import date

import pytest

from harbin_app import domain
from harbin_app.services import acceptance as ac
from harbin_app.services import certification as cert
from harbin_app.services import platform_settings as ps
from harbin_app.services import pool_entry as pe
from harbin_app.services.actor import ADMIN, ENTERPRISE, Actor
from harbin_app.services.errors import ValidationError
from harbin_app.services.validators import credit_code_check_char
from tests.unit.factories import VALID_CERTIFICATION, make_user
from tests.unit.test_acceptance_rules import content as acceptance_content
from tests.unit.test_pool_entry import valid_content as pool_content

NEW_INDUSTRY = "新能源装备制造"
NEW_CATEGORY = "能源管理"
PILOT = {"pilot_start": date(2024, 7, 1), "pilot_end": date(2026, 6, 30)}


@pytest.fixture
def admin(database) -> Actor:
    return make_user("admin1", ADMIN)


def code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def with_category(content: dict, category: str) -> dict:
    content["demands"][0]["category"] = category
    return content


def test_a_new_industry_is_offered_and_accepted_and_a_removed_one_refused(admin):
    clerk = make_user("qiye", ENTERPRISE, "13800000001")
    new = {**VALID_CERTIFICATION, "industry": NEW_INDUSTRY}
    with pytest.raises(ValidationError) as before:
        cert.submit(clerk, new, 0)
    assert before.value.fields["industry"] == "请选择所属行业"

    kept = [i for i in domain.PILOT_INDUSTRIES if i != VALID_CERTIFICATION["industry"]]
    ps.update(admin, {"industries": "\n".join([*kept, NEW_INDUSTRY])})
    assert ps.current().industry_options == (*kept, NEW_INDUSTRY, domain.OTHER_INDUSTRY)
    other = make_user("qiye2", ENTERPRISE, "13800000002")
    assert cert.submit(other, {**new, "credit_code": code("91230100MA1BBBBB3")}, 0).order_id

    removed = {**VALID_CERTIFICATION, "credit_code": code("91230100MA1CCCCC4")}
    errors = cert.problems(removed, date(2026, 11, 29), ps.current().industry_options)
    assert errors == {"industry": "请选择所属行业"}  # the removed industry is no longer accepted
    with pytest.raises(ValidationError) as after:
        cert.submit(make_user("qiye3", ENTERPRISE, "13800000003"), removed, 0)
    assert after.value.fields == {"industry": "请选择所属行业"}
    assert "industry" not in cert.problems({**removed, "industry": domain.OTHER_INDUSTRY}, date(2026, 11, 29),
                                            ps.current().industry_options)


def test_pool_entry_and_acceptance_take_the_categories_of_the_moment(admin):
    pool_rules = pe.Rules(**PILOT, needs_declaration=False, categories=ps.current().demand_category_options)
    assert pe.problems(with_category(pool_content(), NEW_CATEGORY), pool_rules)["demands.0.category"] == "请选择需求种类"
    assert "demands.0.category" in ac.problems(with_category(acceptance_content(), NEW_CATEGORY),
                                               ac.rules_from(ps.current()))

    categories = [c for c in ps.current().demand_categories if c != "生产管控"]
    ps.update(admin, {"demand_categories": "\n".join([*categories, NEW_CATEGORY])})
    now = ps.current()
    assert now.demand_category_options[-2:] == (NEW_CATEGORY, "其他")
    pool_rules = pe.Rules(**PILOT, needs_declaration=False, categories=now.demand_category_options)
    assert "demands.0.category" not in pe.problems(with_category(pool_content(), NEW_CATEGORY), pool_rules)
    assert "demands.0.category" not in ac.problems(with_category(acceptance_content(), NEW_CATEGORY), ac.rules_from(now))
    # the category taken away is refused in both forms; 其他 is always there
    assert pe.problems(with_category(pool_content(), "生产管控"), pool_rules)["demands.0.category"] == "请选择需求种类"
    assert ac.problems(with_category(acceptance_content(), "生产管控"), ac.rules_from(now))["demands.0.category"] \
        == "请选择需求种类"
    assert "demands.0.category" not in pe.problems(with_category(pool_content(), "其他"), pool_rules)


def test_rules_for_an_enterprise_read_the_settings(admin):
    from harbin_app.models import Enterprise

    ps.update(admin, {"demand_categories": NEW_CATEGORY})
    rules = pe.rules_for(Enterprise(profile={"industry": domain.PILOT_INDUSTRIES[0]}))
    assert rules.categories == (NEW_CATEGORY, "其他")
