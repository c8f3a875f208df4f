"""用户 and 设置 (admin): a new reviewer account that logs in (after setting its own password),
disable and enable, a password reset forcing a new password, a pilot-period change in the list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import field_error, login, open_page, register, wait_ready

START_PASSWORD = "Start2024ok"


def make_account(app, username: str, role: str = "enterprise", password: str = START_PASSWORD) -> None:  # noqa: ANN001
    """Set-up step: an account that can log in (as if it had registered)."""
    app.run_python(
        "from harbin_app import clock, db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services.passwords import hash_password\n"
        "with db.transaction() as s:\n"
        f"    s.add(User(username={username!r}, role={role!r}, display_name={username + '的姓名'!r},\n"
        f"               password_hash=hash_password({password!r}), created_at=clock.now()))\n"
    )


def open_users(page: Page, search: str = "") -> None:
    open_page(page, "/workbench/admin/users")
    expect(page.get_by_role("heading", name="用户")).to_be_visible()
    if search:
        page.get_by_label("搜索", exact=True).fill(search)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_role("table", name="账号列表").get_by_role("row")).to_have_count(2)


def user_row(page: Page, username: str):  # noqa: ANN201
    return page.get_by_role("table", name="账号列表").get_by_role("row").filter(has_text=username)


def try_login(page: Page, identifier: str, password: str) -> None:
    open_page(page, "/login")
    page.get_by_label("用户名或手机号", exact=True).fill(identifier)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()


def set_new_password(page: Page, password: str) -> None:
    expect(page).to_have_url(re.compile(r"/change-password"))
    expect(page.get_by_role("heading", name="设置新密码")).to_be_visible()
    wait_ready(page)
    page.get_by_label("新密码", exact=True).fill(password)
    page.get_by_label("确认新密码", exact=True).fill(password)
    page.get_by_role("button", name="确认修改").click()
    expect(page).to_have_url(re.compile(r"/workbench/todo"))
    wait_ready(page)


def confirm(page: Page, button: str) -> None:
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_be_hidden()


def test_admin_creates_a_reviewer_account_that_logs_in(new_page, app_server) -> None:
    admin: Page = new_page()
    login(admin, "admin")
    open_users(admin)
    admin.get_by_role("button", name="新建账号").click()
    dialog = admin.get_by_role("dialog", name="新建账号")
    expect(dialog).to_be_visible()
    wait_ready(admin)
    dialog.get_by_label("用户名", exact=True).fill("9bad")
    dialog.get_by_label("姓名", exact=True).fill("张审核")
    dialog.get_by_label("初始密码", exact=True).fill("short")
    dialog.get_by_role("button", name="创建").click()
    expect(field_error(admin, "用户名")).to_contain_text("以字母开头")
    expect(field_error(admin, "初始密码")).to_contain_text("至少 8 位")
    expect(dialog.get_by_label("姓名", exact=True)).to_have_value("张审核")  # nothing typed is lost
    dialog.get_by_label("用户名", exact=True).fill("shenhe2")
    dialog.get_by_label("初始密码", exact=True).fill(START_PASSWORD)
    expect(dialog.get_by_label("角色", exact=True)).to_have_value("审核员")
    dialog.get_by_role("button", name="创建").click()

    shown = admin.get_by_role("dialog", name="账号已创建")
    expect(shown).to_be_visible()
    expect(shown.get_by_label("临时密码")).to_have_text(START_PASSWORD)
    shown.get_by_role("button", name="我已记下").click()
    expect(shown).to_be_hidden()
    row = user_row(admin, "shenhe2")
    expect(row).to_contain_text("张审核")
    expect(row).to_contain_text("审核员")
    expect(row).to_contain_text("启用")

    reviewer: Page = new_page()
    try_login(reviewer, "shenhe2", START_PASSWORD)
    set_new_password(reviewer, "Mine2024xy")
    nav = reviewer.get_by_role("navigation", name="工作台导航")
    expect(nav.get_by_role("link", name="企业认证审核")).to_be_visible()
    expect(reviewer.get_by_role("button", name="用户菜单")).to_contain_text("张审核")


def test_a_generated_password_is_shown_once_and_works(new_page, app_server) -> None:
    admin: Page = new_page()
    login(admin, "admin")
    open_users(admin)
    admin.get_by_role("button", name="新建账号").click()
    dialog = admin.get_by_role("dialog", name="新建账号")
    wait_ready(admin)
    dialog.get_by_label("角色", exact=True).select_option("财政")
    dialog.get_by_label("用户名", exact=True).fill("caizheng2")
    dialog.get_by_label("姓名", exact=True).fill("李财政")
    dialog.get_by_role("button", name="创建").click()
    shown = admin.get_by_role("dialog", name="账号已创建")
    password = shown.get_by_label("临时密码").inner_text()
    assert re.fullmatch(r"[A-Za-z0-9]{12}", password)
    shown.get_by_role("button", name="我已记下").click()
    expect(user_row(admin, "caizheng2")).to_contain_text("财政")

    clerk: Page = new_page()
    try_login(clerk, "caizheng2", password)
    set_new_password(clerk, "Caizheng2024")
    expect(clerk.get_by_role("navigation", name="工作台导航").get_by_role("link", name="公示与拨付")).to_be_visible()


def test_admin_disables_a_user_whose_login_is_then_refused(new_page, app_server) -> None:
    make_account(app_server, "qiye_dis")
    admin: Page = new_page()
    login(admin, "admin")
    open_users(admin, "qiye_dis")
    user_row(admin, "qiye_dis").get_by_role("button", name="停用").click()
    expect(admin.get_by_role("alertdialog")).to_contain_text("将立即退出登录")
    confirm(admin, "停用")
    expect(user_row(admin, "qiye_dis")).to_contain_text("停用")
    expect(user_row(admin, "qiye_dis").get_by_role("button", name="启用")).to_be_visible()
    log = admin.get_by_role("table", name="操作记录").get_by_role("row").nth(1)
    expect(log).to_contain_text("停用账号")
    expect(log).to_contain_text("qiye_dis")
    expect(log).to_contain_text("平台管理员")

    user: Page = new_page()
    try_login(user, "qiye_dis", START_PASSWORD)
    expect(field_error(user, "密码")).to_have_text("该账号已停用，无法登录。如有疑问，请联系平台管理员")
    expect(user).to_have_url(re.compile(r"/login"))

    user_row(admin, "qiye_dis").get_by_role("button", name="启用").click()
    confirm(admin, "启用")
    expect(user_row(admin, "qiye_dis").get_by_role("button", name="停用")).to_be_visible()
    login(user, "qiye_dis", START_PASSWORD)


def test_the_open_tab_of_a_disabled_user_is_signed_out(new_page, app_server) -> None:
    make_account(app_server, "qiye_tab")
    user: Page = new_page()
    login(user, "qiye_tab", START_PASSWORD)
    admin: Page = new_page()
    login(admin, "admin")
    open_users(admin, "qiye_tab")
    user_row(admin, "qiye_tab").get_by_role("button", name="停用").click()
    confirm(admin, "停用")
    expect(user.get_by_role("link", name="登录")).to_be_visible(timeout=5_000)


def test_reset_password_forces_a_new_password_at_login(new_page, app_server) -> None:
    make_account(app_server, "qiye_reset")
    admin: Page = new_page()
    login(admin, "admin")
    open_users(admin, "qiye_reset")
    user_row(admin, "qiye_reset").get_by_role("button", name="重置密码").click()
    confirm(admin, "重置密码")
    shown = admin.get_by_role("dialog", name="密码已重置")
    temporary = shown.get_by_label("临时密码").inner_text()
    assert temporary and temporary != START_PASSWORD
    shown.get_by_role("button", name="我已记下").click()
    expect(shown).to_be_hidden()
    expect(user_row(admin, "qiye_reset")).to_contain_text("待设新密码")

    user: Page = new_page()
    try_login(user, "qiye_reset", START_PASSWORD)  # the old password is gone
    expect(field_error(user, "密码")).to_contain_text("用户名或密码错误")
    try_login(user, "qiye_reset", temporary)
    expect(user).to_have_url(re.compile(r"/change-password"))
    wait_ready(user)
    user.get_by_label("新密码", exact=True).fill(temporary)
    user.get_by_label("确认新密码", exact=True).fill(temporary)
    user.get_by_role("button", name="确认修改").click()
    expect(field_error(user, "新密码")).to_have_text("新密码不能与管理员设置的密码相同")
    open_page(user, "/workbench/todo")  # nothing else opens before the new password is set
    expect(user).to_have_url(re.compile(r"/login"))
    try_login(user, "qiye_reset", temporary)
    set_new_password(user, "Reset2024new")
    expect(user.get_by_role("heading", name="我的待办")).to_be_visible()


def test_admin_changes_the_pilot_period_and_the_change_list_shows_it(page: Page, app_server) -> None:
    login(page, "admin")
    open_page(page, "/workbench/admin/settings")
    end = page.get_by_label("试点期结束日期", exact=True)
    expect(end).to_have_value("2026-06-30")
    for title in ("一、试点期", "二、试点行业", "三、需求种类", "四、补贴规则", "五、公示", "六、提醒", "七、短信模板"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()

    ratio = page.get_by_label("补贴比例(%)", exact=True)
    ratio.fill("0")
    end.fill("2026-12-31")
    page.get_by_role("button", name="保存").click()
    expect(field_error(page, "补贴比例(%)")).to_have_text("补贴比例须大于 0 且不超过 100")
    expect(page.get_by_text("还有 1 处需要修改")).to_be_visible()
    expect(end).to_have_value("2026-12-31")  # nothing typed is lost
    changes = page.get_by_role("table", name="修改记录")
    expect(changes).to_contain_text("还没有修改记录")

    ratio.fill("30")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存 1 项设置，立即生效")).to_be_visible()
    first = changes.get_by_role("row").nth(1)
    expect(first).to_contain_text("试点期结束日期")
    expect(first).to_contain_text("2026-06-30 → 2026-12-31")
    expect(first).to_contain_text("平台管理员")

    page.reload()  # stored, not just on this page
    wait_ready(page)
    expect(page.get_by_label("试点期结束日期", exact=True)).to_have_value("2026-12-31")
    page.get_by_label("试点期结束日期", exact=True).fill("2026-06-30")  # back to the default for the other tests
    page.get_by_role("button", name="保存").click()
    expect(changes.get_by_role("row").nth(1)).to_contain_text("2026-12-31 → 2026-06-30")


def test_an_industry_added_in_settings_is_offered_by_the_certification_form(new_page, app_server) -> None:
    admin, clerk = new_page(), new_page()
    login(admin, "admin")
    open_page(admin, "/workbench/admin/settings")
    industries = admin.get_by_label("试点行业", exact=True)
    before = industries.input_value()
    industries.fill(before + "\n新能源装备制造")
    admin.get_by_role("button", name="保存").click()
    expect(admin.get_by_text("已保存 1 项设置，立即生效")).to_be_visible()
    try:
        register(clerk, app_server, username="hrbxny", phone="13800000931")
        open_page(clerk, "/workbench/enterprise")
        select = clerk.get_by_label("所属行业", exact=True)
        expect(select.locator("option", has_text="新能源装备制造")).to_have_count(1)
        expect(select.locator("option").last).to_have_text("其他")  # 其他 stays last
        select.select_option("新能源装备制造")
        expect(field_error(clerk, "所属行业")).to_have_count(0)
        expect(clerk.get_by_text(re.compile("草稿已保存"))).to_be_visible()
        clerk.reload()  # kept as a draft value, and still a valid choice
        wait_ready(clerk)
        expect(clerk.get_by_label("所属行业", exact=True)).to_have_value("新能源装备制造")
    finally:
        expect(admin.get_by_text("已保存 1 项设置，立即生效")).to_have_count(0)  # the first save's toast has gone
        industries.fill(before)  # back to the default for the other tests
        admin.get_by_role("button", name="保存").click()
        expect(admin.get_by_text("已保存 1 项设置，立即生效")).to_be_visible()
