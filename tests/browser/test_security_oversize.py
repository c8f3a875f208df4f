"""Oversize input: a value past a field's limit is never kept past the limit (the long form cuts it to
its declared length, and every save checks it again: forms/checks.py); an event larger
than the server takes (1 MB) ends only the sender's connection. Another user's tab keeps working
throughout, and the sender's own page still works after a reload."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_page, register


def huge(page: Page, label: str, text: str) -> None:
    """What a script (not the page) can send: the field's maxlength removed, the value typed at once."""
    box = page.get_by_label(label, exact=True)
    box.evaluate("e => e.removeAttribute('maxlength')")
    box.fill(text)
    box.blur()


def still_works(page: Page, contact: str) -> None:
    """This tab can still change its draft and have it kept."""
    box = page.get_by_label("联系人", exact=True)
    box.fill(contact)
    box.blur()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存草稿").first).to_be_visible()


def test_oversize_values_and_events_harm_no_other_tab(new_page, app_server) -> None:  # noqa: ANN001
    sender, other = new_page(), new_page()
    register(sender, app_server, username="dazhi01", phone="13700001001")
    register(other, app_server, username="dazhi02", phone="13700001002")
    open_page(sender, "/workbench/enterprise")
    open_page(other, "/workbench/enterprise")

    # past the field's limit (公司简介: 300): at most 300 characters are kept
    huge(sender, "公司简介", "长" * 5_000)
    sender.get_by_role("button", name="保存").click()
    expect(sender.get_by_text("已保存草稿").first).to_be_visible()
    still_works(other, "李工")

    # an event of about 3 MB: the server drops that connection; nobody else notices
    huge(sender, "公司简介", "长" * 1_000_000)
    still_works(other, "赵工")
    assert httpx.get(f"{app_server.url}/ping", timeout=5).status_code == 200

    # the sender's page works again after a reload; neither huge value was kept
    open_page(sender, "/workbench/enterprise")
    assert len(sender.get_by_label("公司简介", exact=True).input_value()) <= 300
    still_works(sender, "钱工")
    open_page(other, "/workbench/enterprise")
    expect(other.get_by_label("联系人", exact=True)).to_have_value("赵工")
