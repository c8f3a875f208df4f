"""Markup in a company name, a project name and an opinion is shown as text on every page that
shows them (certification detail, queues, 待办详情, 我的待办); no script runs, no dialog opens."""

from __future__ import annotations


from playwright.sync_api import Page, expect

from tests.browser.acceptance_steps import USER, act
from tests.browser.helpers import certify, login, open_page, register

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
COMPANY = f"哈尔滨{SCRIPT}{IMG}有限公司"
PROJECT = f"MES项目{IMG}{SCRIPT}"
OPINION = f"请补充材料{SCRIPT}{IMG}"


def watch_dialogs(page: Page) -> list[str]:
    fired: list[str] = []

    def seen(dialog) -> None:  # noqa: ANN001
        fired.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return fired


def shows_literally(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=False).first).to_be_visible()
    assert page.locator("img[src='x']").count() == 0, "the markup became an element"


def submit_pool_entry_named(app, username: str, project: str) -> int:  # noqa: ANN001
    out = app.run_python(
        USER + "import io\n"
        "from pypdf import PdfWriter\n"
        "from harbin_app.services import files, pool_entry\n"
        "from tests.unit.test_pool_entry import valid_content\n"
        "def pdf(n):\n"
        "    w = PdfWriter()\n"
        "    for _ in range(n): w.add_blank_page(width=595, height=842)\n"
        "    b = io.BytesIO(); w.write(b); b.seek(0); return b\n"
        f"q = user({username!r})\n"
        "evidence = {'audit_report': files.store_upload(q, pdf(30), '审计报告.pdf', field='a'),\n"
        "            'credit_report': files.store_upload(q, pdf(5), '信用报告.pdf', field='c')}\n"
        "content = valid_content(evidence)\n"
        f"content['projects'][0]['name'] = {project!r}\n"
        "order_id = pool_entry.start(q)\n"
        "pool_entry.submit(q, order_id, content, pool_entry.load(q, order_id).row_version)\n"
        "print(order_id)\n"
    )
    return int(out.strip().splitlines()[-1])


def certification_order(app, username: str) -> int:  # noqa: ANN001
    out = app.run_python(
        USER + "from sqlmodel import select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import WorkOrder\n"
        f"q = user({username!r})\n"
        "with db.reading() as s:\n"
        "    print(s.exec(select(WorkOrder.id).where(WorkOrder.kind == 'certification',\n"
        "                 WorkOrder.enterprise_id == q.enterprise_id)).first())\n"
    )
    return int(out.strip().splitlines()[-1])


def test_markup_in_names_and_opinions_is_shown_as_text(new_page, app_server) -> None:  # noqa: ANN001
    clerk, reviewer = new_page(), new_page()
    clerk_dialogs, reviewer_dialogs = watch_dialogs(clerk), watch_dialogs(reviewer)
    register(clerk, app_server, username="xssqiye", phone="13700000801")
    certify(app_server, "xssqiye", COMPANY)
    order_id = submit_pool_entry_named(app_server, "xssqiye", PROJECT)
    cert_id = certification_order(app_server, "xssqiye")

    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/pool-entry")  # the queue
    expect(reviewer.get_by_role("row", name=COMPANY)).to_be_visible()
    shows_literally(reviewer, COMPANY)
    open_page(reviewer, f"/workbench/todo/{cert_id}")  # the certification's detail
    shows_literally(reviewer, COMPANY)

    act(app_server, order_id, "reject", opinion=OPINION)
    open_page(reviewer, f"/workbench/todo/{order_id}")  # 待办详情: content, 工单日志
    shows_literally(reviewer, COMPANY)
    shows_literally(reviewer, PROJECT)
    shows_literally(reviewer, OPINION)

    open_page(clerk, "/workbench/todo")  # 我的待办: the rejected application waits for the enterprise
    shows_literally(clerk, COMPANY)
    open_page(clerk, f"/workbench/todo/{order_id}")
    shows_literally(clerk, OPINION)
    shows_literally(clerk, PROJECT)
    open_page(clerk, "/workbench/enterprise")  # 企业认证: the certified company's own page
    name_box = clerk.get_by_label("公司名称", exact=True)
    if name_box.count():  # shown in its field
        expect(name_box).to_have_value(COMPANY)
    else:
        shows_literally(clerk, COMPANY)

    clerk.wait_for_timeout(200)  # an onerror handler would have fired by now (the image fails at once)
    assert clerk_dialogs == [] and reviewer_dialogs == []
