"""Steps a user takes, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

DEMO_PASSWORD = "Harbin#2024"


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    wait_ready(page)


def wait_ready(page: Page) -> None:
    expect(page.locator("#harbin-ready")).to_be_attached(timeout=20_000)


def drag_slider(page: Page, slider: Locator, *, to: float = 1.0, duration_ms: int = 700) -> None:
    """Press the handle, move it like a person (over `duration_ms`), release at `to` of the track."""
    box = slider.bounding_box()
    assert box is not None
    thumb = slider.get_by_role("slider")
    tb = thumb.bounding_box()
    assert tb is not None
    x0, y = tb["x"] + tb["width"] / 2, tb["y"] + tb["height"] / 2
    x1 = box["x"] + box["width"] * to + (10 if to >= 1 else 0)
    page.mouse.move(x0, y)
    page.mouse.down()
    steps = 12 if duration_ms else 2  # a script's drag: two jumps, no pause
    for i in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * i / steps, y)
        page.wait_for_timeout(duration_ms / steps)
    page.mouse.up()


def send_code(page: Page, slider: str) -> None:
    """单击“发送验证码”，滑动图形验证码进行校验，平台将会发送信息到手机 (操作手册 四、(1) b)."""
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("dialog", name="滑动验证")).to_be_visible()
    drag_slider(page, page.locator(slider))
    expect(page.get_by_role("button", name=re.compile(r"\d+ 秒后重新发送"))).to_be_visible()
    expect(page.get_by_role("dialog", name="滑动验证")).to_have_count(0)


def field_error(page: Page, label: str) -> Locator:
    """The message shown under the field labelled `label` (the control's aria-describedby)."""
    described_by = page.get_by_label(label, exact=True).get_attribute("aria-describedby")
    assert described_by, f"the field {label} names no message element"
    return page.locator(f"#{described_by}")


def register(page: Page, app, *, username: str, phone: str, password: str = "Qiye2024ok") -> None:  # noqa: ANN001
    open_page(page, "/register")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("手机号", exact=True).fill(phone)
    send_code(page, "#reg-slider")
    page.get_by_label("短信验证码", exact=True).fill(app.sms_code(phone))
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_label("确认密码", exact=True).fill(password)
    page.get_by_role("checkbox", name=re.compile("我已阅读并同意")).click()
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/workbench/todo"))


def login(page: Page, identifier: str, password: str = DEMO_PASSWORD, *, next_url: str = "") -> None:
    open_page(page, "/login" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("用户名或手机号", exact=True).fill(identifier)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/workbench"))
    wait_ready(page)


def logout(page: Page) -> None:
    page.get_by_role("button", name="用户菜单").click()
    page.get_by_role("menuitem", name="退出").click()
    expect(page.get_by_role("link", name="登录")).to_be_visible()


CERTIFICATION = {
    "公司名称": "哈尔滨锅炉示范有限公司",
    "统一社会信用代码": "91350100M000100Y43",
    "成立时间": "2010-06-01",
    "注册资本(万元)": "8000",
    "企业规模(人)": "450",
    "联系人": "李工",
    "联系电话": "0451-86001234",
    "联系邮箱": "li@example.com",
    "官网地址": "https://www.example.com",
    "详细地址": "红旗大街 100 号",
    "公司简介": "锅炉及原动装备研发制造。",
}


def fill_certification(page: Page, values: dict[str, str] | None = None, *, industry: str = "锅炉及原动装备制造业") -> None:
    """Fill 企业认证 as a clerk would: type each field, choose the selects."""
    for label, value in {**CERTIFICATION, **(values or {})}.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("所属行业", exact=True).select_option(industry)
    page.get_by_label("省", exact=True).select_option("黑龙江省")
    page.get_by_label("市", exact=True).select_option("哈尔滨市")
    page.get_by_label("区", exact=True).select_option("南岗区")


def certify(app, username: str, company: str, *, industry: str = "电气装备制造业") -> None:  # noqa: ANN001
    """Set-up step: certify `username`'s enterprise through the services (as if a reviewer had approved)."""
    app.run_python(
        "from sqlmodel import select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services import certification, workorders\n"
        "from harbin_app.services.accounts import actor_of\n"
        "from harbin_app.services.validators import credit_code_check_char\n"
        "with db.reading() as s:\n"
        f"    q = actor_of(s.exec(select(User).where(User.username == {username!r})).one())\n"
        "    r = actor_of(s.exec(select(User).where(User.username == 'reviewer')).one())\n"
        "body = f'91230100MA{q.enterprise_id:07d}'\n"
        f"data = dict(company_name={company!r}, established='2012-05-18', credit_code=body + credit_code_check_char(body),\n"
        f"    industry={industry!r}, contact='王经理', phone='0451-86001234', registered_capital='5000',\n"
        "    email='wang@example.com', scale='320', province='黑龙江省', city='哈尔滨市', district='南岗区',\n"
        "    address_detail='学府路 1 号', website='https://www.example.com', intro='主要生产电气装备。')\n"
        "res = certification.submit(q, data, certification.load(q).row_version)\n"
        "workorders.transition(r, res.order_id, 'approve', seen_row_version=res.row_version)\n"
    )


def submit_pool_entry(app, username: str) -> int:  # noqa: ANN001
    """Set-up step: fill and submit `username`'s 入库申请 through the services; returns its order id."""
    out = app.run_python(
        "import io\n"
        "from pypdf import PdfWriter\n"
        "from sqlmodel import select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services import files, pool_entry\n"
        "from harbin_app.services.accounts import actor_of\n"
        "from tests.unit.test_pool_entry import valid_content\n"
        "def pdf(n):\n"
        "    w = PdfWriter()\n"
        "    for _ in range(n): w.add_blank_page(width=595, height=842)\n"
        "    b = io.BytesIO(); w.write(b); b.seek(0); return b\n"
        "with db.reading() as s:\n"
        f"    q = actor_of(s.exec(select(User).where(User.username == {username!r})).one())\n"
        "evidence = {'audit_report': files.store_upload(q, pdf(30), '2023年审计报告.pdf', field='a'),\n"
        "            'credit_report': files.store_upload(q, pdf(5), '信用报告.pdf', field='c')}\n"
        "order_id = pool_entry.start(q)\n"
        "view = pool_entry.load(q, order_id)\n"
        "pool_entry.submit(q, order_id, valid_content(evidence), view.row_version)\n"
        "print(order_id)\n"
    )
    return int(out.strip().splitlines()[-1])


def make_pdf(path, pages: int):  # noqa: ANN001, ANN201
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def keep_assessments(app, username: str) -> None:  # noqa: ANN001
    """Set-up step: `username`'s enterprise keeps a 改造前 and a 改造后 self-assessment."""
    app.run_python(
        "from sqlmodel import select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services.accounts import actor_of\n"
        "from tests.unit.test_assessment_service import kept_before_and_after\n"
        "with db.reading() as s:\n"
        f"    q = actor_of(s.exec(select(User).where(User.username == {username!r})).one())\n"
        "kept_before_and_after(q)\n"
    )
