"""Forms by keyboard alone: Tab reaches every field and button in order, Enter submits 登录 and 注册,
a refused 提交 puts the focus on the first field with a message."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import DEMO_PASSWORD, open_page, register, send_code

FOCUSED = """() => {
  const e = document.activeElement;
  return e ? (e.id || e.getAttribute('aria-label') || (e.textContent || '').trim().slice(0, 20) || e.tagName) : '';
}"""


def tab_order(page: Page, presses: int) -> list[str]:
    """What Tab focuses, press after press, from the top of the page."""
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    return seen


def in_order(seen: list[str], wanted: list[str]) -> None:
    """`wanted` is a subsequence of `seen` (other stops, such as the top bar's links, may come between)."""
    at = 0
    for w in wanted:
        assert w in seen[at:], f"Tab does not reach {w} after {wanted[:wanted.index(w)]}: {seen}"
        at = seen.index(w, at) + 1


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def test_login_by_keyboard(page: Page) -> None:
    open_page(page, "/login")
    in_order(tab_order(page, 14), ["login-identifier", "login-password", "登录", "立即注册"])

    # Enter in an empty form: refused, the focus on the first field with a message
    page.get_by_label("密码", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("请输入用户名或手机号")).to_be_visible()
    expect(page.get_by_label("用户名或手机号", exact=True)).to_be_focused()

    page.keyboard.type("reviewer")
    page.keyboard.press("Tab")
    expect(page.get_by_label("密码", exact=True)).to_be_focused()
    page.keyboard.type("wrong-password-1")
    page.keyboard.press("Enter")
    expect(page.get_by_label("密码", exact=True)).to_be_focused()  # refused: the password's message

    page.get_by_label("密码", exact=True).fill("")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workbench"))


def test_register_by_keyboard(page: Page, app_server) -> None:  # noqa: ANN001
    open_page(page, "/register")
    in_order(tab_order(page, 24), ["reg-username", "reg-phone", "reg-code", "发送验证码", "reg-password",
                                   "reg-confirm", "确认", "去登录"])

    page.get_by_label("确认密码", exact=True).focus()
    page.keyboard.press("Enter")  # an empty form: the focus goes to the first field with a message
    expect(page.get_by_label("用户名", exact=True)).to_be_focused()

    page.keyboard.type("jianpan01")
    page.keyboard.press("Tab")
    expect(page.get_by_label("手机号", exact=True)).to_be_focused()
    page.keyboard.type("13700000901")
    send_code(page, "#reg-slider")  # the slider is a drag (its own keyboard path is not this test's subject)
    page.get_by_label("短信验证码", exact=True).focus()
    page.keyboard.type(app_server.sms_code("13700000901"))
    page.keyboard.press("Tab")
    expect(page.get_by_label("密码", exact=True)).to_be_focused()
    page.keyboard.type("Qiye2024ok")
    page.keyboard.press("Tab")
    page.keyboard.type("Qiye2024no")  # not the same: refused at 确认密码
    page.keyboard.press("Enter")
    expect(page.get_by_label("确认密码", exact=True)).to_be_focused()
    page.get_by_label("确认密码", exact=True).fill("")
    page.keyboard.type("Qiye2024ok")
    page.keyboard.press("Enter")  # the agreement is not ticked yet
    expect(page.get_by_text(re.compile("请阅读并勾选同意"))).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).focus()
    page.keyboard.press("Space")
    page.get_by_label("确认密码", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workbench/todo"))


def test_a_refused_certification_puts_the_focus_on_the_first_field(page: Page, app_server) -> None:  # noqa: ANN001
    register(page, app_server, username="jianpan02", phone="13700000902")
    open_page(page, "/workbench/enterprise")
    names = tab_order(page, 60)
    in_order(names, ["cert-company_name", "cert-credit_code", "cert-established", "cert-industry",
                     "cert-registered_capital", "cert-scale", "cert-contact", "cert-phone", "cert-email",
                     "cert-website", "cert-province", "cert-city", "cert-district", "cert-address_detail",
                     "cert-intro", "保存", "提交"])
    page.get_by_role("button", name="提交").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("公司名称", exact=True)).to_be_focused()

    page.keyboard.type("哈尔滨键盘示范有限公司")
    page.get_by_role("button", name="提交").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("统一社会信用代码", exact=True)).to_be_focused()


def test_a_refused_pool_entry_puts_the_focus_on_its_first_field_with_a_message(page: Page, app_server) -> None:  # noqa: ANN001
    from tests.browser.helpers import certify, wait_ready

    register(page, app_server, username="jianpan03", phone="13700000903")
    certify(app_server, "jianpan03", "哈尔滨键盘入库示范有限公司")
    open_page(page, "/workbench/pool-entry")
    page.get_by_role("button", name="添加").click()
    expect(page).to_have_url(re.compile(r"/workbench/pool-entry/\d+$"))
    wait_ready(page)
    page.get_by_role("button", name="提交").last.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"还有 \d+ 处需要修改"))).to_be_visible()
    expect(page.locator("[id^='pe-basic-'][aria-invalid='true']").first).to_be_focused()
