"""注册, 登录 (password and SMS), lockout, sidebar by role, redirect of an anonymous visitor."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import drag_slider, field_error, login, logout, open_page, register, wait_ready


def test_register_logout_and_login_by_password_and_sms(page: Page, app_server) -> None:
    register(page, app_server, username="hrbdq", phone="13800000001", password="Qiye2024ok")
    expect(page.get_by_role("navigation", name="工作台导航").get_by_text("我的企业")).to_be_visible()
    expect(page.get_by_role("button", name="用户菜单")).to_contain_text("hrbdq")
    logout(page)

    login(page, "hrbdq", "Qiye2024ok")
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    logout(page)

    app_server.age_sms_codes("13800000001")  # a minute after the registration code
    open_page(page, "/login")
    page.get_by_role("tab", name="短信登录").click()
    page.get_by_label("手机号", exact=True).fill("13800000001")
    page.get_by_role("button", name="发送验证码").click()  # the manual: 单击“发送验证码”，滑动图形验证码进行校验
    dialog = page.get_by_role("dialog", name="滑动验证")
    expect(dialog).to_be_visible()
    assert app_server.sms_count("13800000001") == 1  # nothing is sent before the slider check (only the registration's)
    drag_slider(page, page.locator("#login-slider"))
    expect(page.get_by_role("button", name=re.compile(r"(5\d|60) 秒后重新发送"))).to_be_disabled()
    expect(dialog).to_have_count(0)
    page.get_by_label("验证码", exact=True).fill(app_server.sms_code("13800000001"))
    page.get_by_role("checkbox", name="记住手机号").click()
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/workbench/todo"))
    wait_ready(page)
    logout(page)

    open_page(page, "/login")  # the remembered number is prefilled in this browser
    page.get_by_role("tab", name="短信登录").click()
    expect(page.get_by_label("手机号", exact=True)).to_have_value("13800000001")


def test_register_messages_keep_what_was_typed(page: Page, app_server) -> None:
    register(page, app_server, username="hrbsp", phone="13800000002")
    logout(page)
    open_page(page, "/register")
    page.get_by_label("用户名", exact=True).fill("hrbsp")
    page.get_by_label("手机号", exact=True).fill("13800000003")
    page.get_by_label("密码", exact=True).fill("abcdefgh")
    page.get_by_label("确认密码", exact=True).fill("abcdefgx")
    page.get_by_role("button", name="确认").click()
    expect(field_error(page, "用户名")).to_have_text("该用户名已被注册，请换一个")
    expect(field_error(page, "密码")).to_have_text("密码须同时包含字母和数字")
    expect(field_error(page, "确认密码")).to_have_text("两次输入的密码不一致")
    expect(field_error(page, "短信验证码")).to_have_text("请输入短信验证码")
    expect(page.get_by_text("请阅读并勾选同意《用户服务协议》和《隐私政策》")).to_be_visible()
    expect(page.get_by_label("用户名", exact=True)).to_have_value("hrbsp")
    expect(page.get_by_label("手机号", exact=True)).to_have_value("13800000003")
    expect(page.get_by_label("密码", exact=True)).to_have_value("abcdefgh")

    page.get_by_label("手机号", exact=True).fill("13800000002")  # already registered
    page.get_by_role("button", name="发送验证码").click()
    drag_slider(page, page.locator("#reg-slider"))
    expect(field_error(page, "手机号")).to_have_text("该手机号已注册，请直接登录或使用其他手机号")
    assert app_server.sms_count("13800000002") == 1  # only the code of the first registration


def test_a_too_fast_drag_is_refused(page: Page, app_server) -> None:
    open_page(page, "/register")
    page.get_by_label("手机号", exact=True).fill("13800000009")
    page.get_by_role("button", name="发送验证码").click()
    drag_slider(page, page.locator("#reg-slider"), duration_ms=0)
    expect(page.get_by_text("拖动过快，请重新验证")).to_be_visible()
    assert app_server.sms_count("13800000009") == 0
    page.get_by_role("button", name="取消").click()
    expect(page.get_by_role("dialog", name="滑动验证")).to_have_count(0)
    expect(page.get_by_role("button", name="发送验证码")).to_be_enabled()


def test_wrong_password_message_and_lockout(page: Page, app_server) -> None:
    register(page, app_server, username="hrbgl", phone="13800000004", password="Right2024pw")
    logout(page)
    open_page(page, "/login")
    page.get_by_label("用户名或手机号", exact=True).fill("13800000004")
    for left in (4, 3, 2, 1):
        page.get_by_label("密码", exact=True).fill("Wrong2024pw")
        page.get_by_role("button", name="登录").click()
        expect(field_error(page, "密码")).to_have_text(f"用户名或密码错误，还可尝试 {left} 次")
    page.get_by_label("密码", exact=True).fill("Wrong2024pw")
    page.get_by_role("button", name="登录").click()
    expect(field_error(page, "密码")).to_contain_text(re.compile(r"账号已锁定，请于 \d{4}-\d\d-\d\d \d\d:\d\d 后再试"))
    page.get_by_label("密码", exact=True).fill("Right2024pw")
    page.get_by_role("button", name="登录").click()
    expect(field_error(page, "密码")).to_contain_text("账号已锁定")
    expect(page).to_have_url(re.compile(r"/login"))


def test_sidebar_by_role_and_no_other_roles_pages(page: Page, app_server) -> None:
    nav = page.get_by_role("navigation", name="工作台导航")
    login(page, "reviewer")
    for name in ("我的待办", "企业认证审核", "入库审核", "验收审核", "统计"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_text("我的企业")).to_have_count(0)
    expect(nav.get_by_role("link", name="企业认证", exact=True)).to_have_count(0)
    open_page(page, "/workbench/enterprise")  # an enterprise page
    expect(page).to_have_url(re.compile(r"/workbench/todo"))
    expect(page.get_by_text("您无权访问该页面")).to_be_visible()
    logout(page)

    login(page, "finance")
    for name in ("我的待办", "公示与拨付", "统计"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(nav.get_by_role("link", name="企业认证审核")).to_have_count(0)
    logout(page)

    login(page, "admin")
    for name in ("我的待办", "用户", "设置"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    open_page(page, "/workbench/review/certification")
    expect(page).to_have_url(re.compile(r"/workbench/todo"))


def test_anonymous_visitor_goes_to_login_and_comes_back(page: Page, app_server) -> None:
    open_page(page, "/workbench/review/certification")
    expect(page).to_have_url(re.compile(r"/login\?next=/workbench/review/certification"))
    page.get_by_label("用户名或手机号", exact=True).fill("reviewer")
    page.get_by_label("密码", exact=True).fill("Harbin#2024")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/workbench/review/certification"))
    expect(page.get_by_role("heading", name="企业认证审核")).to_be_visible()


def test_portal_shows_the_pilot_and_the_signed_in_menu(page: Page, app_server) -> None:
    open_page(page, "/")
    expect(page.get_by_role("heading", name="哈尔滨中小企业数字化转型公共服务平台")).to_be_visible()
    for industry in ("航空航天设备制造业", "电气装备制造业", "锅炉及原动装备制造业", "药品生产制造业", "食品精深加工及食品制造业"):
        expect(page.get_by_text(industry, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="注册", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="登录", exact=True)).to_be_visible()
    login(page, "reviewer")
    open_page(page, "/")
    # the manual: 鼠标滑过单击"工作台" — the mouse over the name opens the menu, away closes it
    menu = page.get_by_role("button", name="用户菜单")
    menu.hover()
    expect(page.get_by_role("menuitem", name="工作台")).to_be_visible()
    expect(page.get_by_role("menuitem", name="退出")).to_be_visible()
    page.mouse.move(10, 500)
    expect(page.get_by_role("menuitem", name="工作台")).to_have_count(0)
    # by keyboard: Enter on the name opens it, Escape closes it
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("menuitem", name="工作台")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("menuitem", name="工作台")).to_have_count(0)
    menu.click()  # hovered on the way, then clicked: it stays open
    expect(page.get_by_role("menuitem", name="工作台")).to_be_visible()
    page.get_by_role("menuitem", name="工作台").click()
    expect(page).to_have_url(re.compile(r"/workbench/todo"))
