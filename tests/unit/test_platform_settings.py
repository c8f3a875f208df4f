"""设置: defaults, every validation rule, admin-only rights, the audited change list, and a change
taking effect without a restart (in this process at once, in another after the TTL)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlmodel import select

from harbin_app import db, domain
from harbin_app.models import PlatformSetting, SettingChange
from harbin_app.services import platform_settings as ps
from harbin_app.services import setting_fields as F
from harbin_app.services import sms
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, PROVIDER, REVIEWER, Actor
from harbin_app.services.errors import Conflict, PermissionDenied, ValidationError
from harbin_app.settings import settings
from tests.unit.factories import make_user


@pytest.fixture
def admin(database) -> Actor:
    return make_user("admin1", ADMIN)


def problems(excinfo: pytest.ExceptionInfo) -> dict[str, str]:
    return excinfo.value.fields


# ---------------------------------------------------------------- defaults


def test_defaults_come_from_the_environment_and_domain(database):
    s = ps.current()
    assert (s.pilot_start, s.pilot_end) == (settings.pilot_start, settings.pilot_end)
    assert s.industries == domain.PILOT_INDUSTRIES
    assert s.industry_options == domain.INDUSTRIES  # 其他 stays last, as domain.py has it
    assert len(s.demand_categories) == 16 and s.demand_category_options[-1] == "其他"
    assert "产品设计" in s.demand_categories
    assert s.subsidy_ratio == Decimal("30")
    assert (s.subsidy_cap_level2, s.subsidy_cap_level3, s.subsidy_cap_level4) == (Decimal(30), Decimal(60), Decimal(100))
    assert s.subsidy_cap_enterprise == Decimal(100)
    assert s.deadline_reminder_days == (3, 1) and s.reviewer_reminder_workdays == 5
    assert "{验证码}" in s.sms_code and s.version == 0
    for key in ("sms_rejected", "sms_site_visit", "sms_conclusion", "sms_payment"):
        assert getattr(s, key).startswith(F.SIGNATURE)


def test_subsidy_rule_ratio_and_caps():
    rules = ps.PlatformSettings(
        pilot_start=date(2024, 7, 1), pilot_end=date(2026, 6, 30), industries=("a",), demand_categories=("b",),
        subsidy_ratio=Decimal("30"), subsidy_cap_level2=Decimal("30"), subsidy_cap_level3=Decimal("60"),
        subsidy_cap_level4=Decimal("100"), subsidy_cap_enterprise=Decimal("100"), deadline_reminder_days=(3, 1),
        reviewer_reminder_workdays=5, sms_code="", sms_rejected="", sms_site_visit="", sms_conclusion="",
        sms_payment="",
    )
    assert rules.subsidy_for(Decimal("50"), 2) == Decimal("15.00")  # ratio below the cap
    assert rules.subsidy_for(Decimal("500"), 2) == Decimal("30.00")  # 二级 cap
    assert rules.subsidy_for(Decimal("500"), 3) == Decimal("60.00")
    assert rules.subsidy_for(Decimal("500"), 4) == Decimal("100.00")
    assert rules.subsidy_for(Decimal("500"), 4, already_granted=Decimal("70")) == Decimal("30.00")  # enterprise cap
    assert rules.subsidy_for(Decimal("500"), 1) == Decimal("0.00")  # below 二级: no subsidy
    assert rules.subsidy_for(Decimal("0.07"), 2) == Decimal("0.02")  # 0.021 rounded down


# ---------------------------------------------------------------- rights


@pytest.mark.parametrize("role", [ENTERPRISE, PROVIDER, REVIEWER, FINANCE])
def test_only_an_admin_may_read_the_form_save_or_see_changes(database, role):
    actor = make_user(f"user_{role}", role)
    for call in (lambda: ps.form(actor), lambda: ps.update(actor, {"pilot_end": "2026-12-31"}), lambda: ps.changes(actor)):
        with pytest.raises(PermissionDenied):
            call()
    assert ps.current().pilot_end == settings.pilot_end


def test_anonymous_and_forged_actors_are_refused(database):
    for actor in (None, Actor(user_id=0, username="", role=ADMIN), Actor(user_id=999, username="ghost", role=ADMIN)):
        with pytest.raises(PermissionDenied):
            ps.update(actor, {"pilot_end": "2026-12-31"})  # type: ignore[arg-type]


def test_a_disabled_admin_is_refused_even_with_its_actor(admin):
    with db.transaction() as s:
        s.exec(text("UPDATE users SET is_active = false WHERE id = :id").bindparams(id=admin.user_id))
    with pytest.raises(PermissionDenied):
        ps.update(admin, {"pilot_end": "2026-12-31"})


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("pilot_start", "", "请填写试点期开始日期"),
        ("pilot_start", "2024/07/01", "试点期开始日期格式应为 2024-07-01"),
        ("pilot_end", "2024-02-30", "试点期结束日期格式应为 2024-07-01"),
        ("pilot_end", "1999-01-01", "年份应在 2000 到 2100 之间"),
        ("industries", "", "请至少填写一项试点行业"),
        ("industries", "电气装备制造业\n\n  \n电气装备制造业", "“电气装备制造业”重复了，请删去重复的一行"),
        ("industries", "电气装备制造业\n其他", "“其他”由系统自动放在最后"),
        ("industries", "一" * 33, "超过 32 个字"),
        ("demand_categories", "\n".join(f"c{i}" for i in range(51)), "最多 50 项"),
        ("demand_categories", " \n ", "请至少填写一项需求种类"),
        ("subsidy_ratio", "", "请填写补贴比例(%)"),
        ("subsidy_ratio", "三十", "请填写数字"),
        ("subsidy_ratio", "0", "补贴比例须大于 0 且不超过 100"),
        ("subsidy_ratio", "100.01", "补贴比例须大于 0 且不超过 100"),
        ("subsidy_ratio", "-5", "补贴比例须大于 0 且不超过 100"),
        ("subsidy_ratio", "33.333", "最多保留两位小数"),
        ("subsidy_cap_level2", "", "请填写达到二级的补贴上限(万元)"),
        ("subsidy_cap_level2", "30万", "请填写金额数字（单位：万元）"),
        ("subsidy_cap_level2", "1e3", "请填写金额数字（单位：万元）"),
        ("subsidy_cap_level2", "NaN", "请填写金额数字（单位：万元）"),
        ("subsidy_cap_level2", "0", "金额须大于 0"),
        ("subsidy_cap_level2", "-1", "金额须大于 0"),
        ("subsidy_cap_enterprise", "10.005", "金额最多保留两位小数"),
        ("subsidy_cap_enterprise", "100001", "金额过大"),
        ("deadline_reminder_days", "", "请填写期限前提醒(天)"),
        ("deadline_reminder_days", "3,0", "1 到 60 之间的整数"),
        ("deadline_reminder_days", "3,x", "1 到 60 之间的整数"),
        ("deadline_reminder_days", "3,3", "天数重复了"),
        ("reviewer_reminder_workdays", "0", "请填写 1 到 60 之间的整数"),
        ("reviewer_reminder_workdays", "2.5", "请填写 1 到 60 之间的整数"),
        ("reviewer_reminder_workdays", "", "请填写审核提醒(工作日)"),
        ("sms_code", "", "请填写短信内容"),
        ("sms_code", "您的验证码 {验证码", "花括号不成对"),
        ("sms_code", "您的验证码 {验证码:>6}", "花括号里只写占位符的名称"),
        ("sms_code", "您的验证码 {code}", "不认识的占位符 {code}"),
        ("sms_code", "您的验证码已发送", "短信内容须包含 {验证码}"),
        ("sms_code", "{验证码}" + "字" * 300, "不能超过 300 个字"),
        ("sms_rejected", "您的申请被驳回：{意见}", "短信内容须包含 {事项}"),
        ("sms_site_visit", "现场验收 {日期}", "短信内容须包含 {地点}"),
        ("sms_conclusion", "结论：{结论}", "短信内容须包含 {期限}"),
        ("sms_payment", "已拨付 {日期}", "短信内容须包含 {金额}"),
        ("publication_contact", "  ", "请填写公示异议联系方式"),
        ("publication_contact", "电话" * 151, "公示异议联系方式不能超过 300 个字"),
        ("publication_contact", "市工信局\n电话 0451-1", "请写成一段，不要换行"),
    ],
)
def test_each_bad_value_gets_its_message_at_its_field(admin, key, value, message):
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {key: value})
    assert message in problems(exc)[key]
    with db.reading() as s:  # nothing written, nothing audited
        assert s.exec(select(SettingChange)).all() == []
        assert s.exec(select(PlatformSetting)).all() == []


def test_pilot_period_must_end_after_it_starts(admin):
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {"pilot_start": "2025-01-01", "pilot_end": "2025-01-01"})
    assert problems(exc) == {"pilot_end": "试点期结束日期须晚于开始日期"}
    with pytest.raises(ValidationError) as exc:  # against the stored end, reported where the admin typed
        ps.update(admin, {"pilot_start": "2027-01-01"})
    assert problems(exc) == {"pilot_start": "试点期结束日期须晚于开始日期"}


def test_level_caps_rise_with_the_level(admin):
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {"subsidy_cap_level3": "20"})
    assert problems(exc) == {"subsidy_cap_level3": "三级的补贴上限不能低于二级的上限"}
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {"subsidy_cap_level4": "50"})
    assert problems(exc) == {"subsidy_cap_level4": "四级的补贴上限不能低于三级的上限"}
    ps.update(admin, {"subsidy_cap_level2": "60", "subsidy_cap_level3": "60.00"})  # equal caps are fine


def test_every_problem_is_reported_at_once(admin):
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {"pilot_start": "x", "subsidy_ratio": "0", "industries": "", "sms_payment": "无"})
    assert set(problems(exc)) == {"pilot_start", "subsidy_ratio", "industries", "sms_payment"}


def test_unknown_keys_are_refused(admin):
    with pytest.raises(ValidationError) as exc:
        ps.update(admin, {"secret_key": "x"})
    assert problems(exc) == {"secret_key": "没有这个设置项"}


def test_values_are_normalised(admin):
    ps.update(admin, {
        "industries": "  航空航天设备制造业 \n\n电气装备制造业\n",
        "subsidy_ratio": "35.50",
        "subsidy_cap_level4": "120.00",
        "deadline_reminder_days": "1，7、3",
        "sms_code": "  您的验证码：{验证码}  ",
    })
    s = ps.current()
    assert s.industries == ("航空航天设备制造业", "电气装备制造业")
    assert s.subsidy_ratio == Decimal("35.5") and isinstance(s.subsidy_ratio, Decimal)
    assert s.subsidy_cap_level4 == Decimal("120")
    assert s.deadline_reminder_days == (7, 3, 1)
    assert s.sms_code == "您的验证码：{验证码}"
    with db.reading() as session:  # decimals are stored as strings, never floats
        stored = {r.key: r.value for r in session.exec(select(PlatformSetting))}
    assert stored["subsidy_ratio"] == "35.5" and stored["subsidy_cap_level4"] == "120"
    form = {f.key: f.value for f in ps.form(admin).fields}
    assert form["deadline_reminder_days"] == "7,3,1"
    assert form["industries"] == "航空航天设备制造业\n电气装备制造业"


# ---------------------------------------------------------------- audit


def test_each_changed_key_is_audited_old_to_new(admin):
    saved = ps.update(admin, {"pilot_end": "2026-12-31", "subsidy_ratio": "30", "subsidy_cap_level2": "35"})
    assert saved.changed == ("pilot_end", "subsidy_cap_level2")  # the ratio did not change
    assert saved.version == 1
    page = ps.changes(admin)
    assert page.total == 2
    by_label = {r.label: r for r in page.rows}
    end = by_label["试点期结束日期"]
    assert (end.old_text, end.new_text) == (settings.pilot_end.isoformat(), "2026-12-31")
    assert (by_label["达到二级的补贴上限(万元)"].old_text, by_label["达到二级的补贴上限(万元)"].new_text) == ("30 万元", "35 万元")
    assert end.actor_name == "admin1" and end.at
    with db.reading() as s:
        row = s.exec(select(SettingChange).where(SettingChange.key == "pilot_end")).one()
        assert (row.old_value, row.new_value, row.actor_id) == (settings.pilot_end.isoformat(), "2026-12-31", admin.user_id)


def test_saving_the_same_values_writes_nothing(admin):
    ps.update(admin, {"pilot_end": "2026-12-31"})
    saved = ps.update(admin, {"pilot_end": "2026-12-31", "subsidy_ratio": "30.00"})
    assert saved.changed == () and saved.version == 1
    assert ps.changes(admin).total == 1


def test_change_list_is_newest_first_and_paged(admin, fake_clock):
    for day in range(1, 6):
        fake_clock.advance(minutes=1)
        ps.update(admin, {"pilot_end": f"2026-12-{day:02d}"})
    first = ps.changes(admin, page=1, page_size=2)
    assert (first.total, first.pages) == (5, 3)
    assert [r.new_text for r in first.rows] == ["2026-12-05", "2026-12-04"]
    assert [r.new_text for r in ps.changes(admin, page=3, page_size=2).rows] == ["2026-12-01"]
    assert ps.changes(admin, page=99, page_size=2).page == 3


def test_the_change_list_is_append_only(admin):
    ps.update(admin, {"pilot_end": "2026-12-31"})
    for statement in ("UPDATE setting_changes SET new_text = 'x'", "DELETE FROM setting_changes"):
        with pytest.raises(Exception, match="append-only"):
            with db.transaction() as s:
                s.exec(text(statement))
    assert ps.changes(admin).total == 1


def test_a_save_from_a_stale_form_is_refused(admin):
    seen = ps.form(admin).version
    other = make_user("admin2", ADMIN)
    ps.update(other, {"subsidy_ratio": "40"}, seen_version=seen)
    with pytest.raises(Conflict):
        ps.update(admin, {"subsidy_ratio": "20"}, seen_version=seen)
    assert ps.current().subsidy_ratio == Decimal("40")
    ps.update(admin, {"subsidy_ratio": "20"}, seen_version=ps.form(admin).version)
    assert ps.current().subsidy_ratio == Decimal("20")


def test_a_hand_edited_invalid_row_falls_back_to_its_default(admin):
    ps.update(admin, {"subsidy_ratio": "40"})
    with db.transaction() as s:
        row = s.get(PlatformSetting, "subsidy_ratio")
        row.value = "abc"
        s.add(row)
    assert ps.load().subsidy_ratio == Decimal("30")


# ---------------------------------------------------------------- taking effect without restart


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_change_takes_effect_without_restart(admin):
    ticker = Ticker()
    other_worker = ps.SettingsCache(ttl=3.0, clock=ticker)  # another process's view
    assert ps.current().pilot_end == settings.pilot_end
    assert other_worker.get().pilot_end == settings.pilot_end

    ps.update(admin, {"pilot_end": "2026-12-31"})

    assert ps.current().pilot_end == date(2026, 12, 31)  # this worker: at once
    seen_in_thread = []
    thread = threading.Thread(target=lambda: seen_in_thread.append(ps.current().pilot_end))
    thread.start()
    thread.join()
    assert seen_in_thread == [date(2026, 12, 31)]

    assert other_worker.get().pilot_end == settings.pilot_end  # within its TTL it keeps its copy
    ticker.now += 2.9
    assert other_worker.get().pilot_end == settings.pilot_end
    ticker.now += 0.2
    assert other_worker.get().pilot_end == date(2026, 12, 31)  # after the TTL: the new value


def test_the_cache_follows_the_database_it_reads(admin):
    ps.update(admin, {"subsidy_ratio": "45"})
    assert ps.current().subsidy_ratio == Decimal("45")
    db.configure(str(db.engine().url))  # another engine (tests, tools): read again
    assert ps.current().subsidy_ratio == Decimal("45")


def test_the_sms_code_text_uses_the_template_of_the_moment(admin, fake_clock, sms_outbox):
    from tests.unit.test_accounts import send

    send(fake_clock, "13800138000", sms.REGISTER)
    assert "您的验证码为 " in sms_outbox.sent[-1][2] and "5 分钟内有效" in sms_outbox.sent[-1][2]
    ps.update(admin, {"sms_code": "【哈尔滨数字化转型】验证码 {验证码}，{有效分钟}分钟有效"})
    fake_clock.advance(seconds=61)
    send(fake_clock, "13800138000", sms.REGISTER)
    phone, code, message = sms_outbox.sent[-1]
    assert message == f"【哈尔滨数字化转型】验证码 {code}，5分钟有效"


def test_sms_text_fills_missing_optional_placeholders_with_nothing(database):
    s = ps.current()
    text_ = s.sms_text("sms_payment", 金额="30")
    assert "30 万元" in text_ and "{" not in text_


def test_the_publication_contact_is_a_setting_shown_where_a_publication_is(admin):
    """公示异议联系方式: no invented phone number by default; what the admin sets is what the pages read."""
    assert "0451" not in ps.current().publication_contact
    ps.update(admin, {"publication_contact": "对公示内容有异议的，请在公示期内联系市工信局中小企业处，电话 0451-88888888。"})
    assert ps.current().publication_contact.endswith("电话 0451-88888888。")
