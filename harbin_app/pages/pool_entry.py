"""入库申请: the enterprise's list and the five-section form (一、基本情况 … 五、相关佐证材料)."""

from __future__ import annotations

import reflex as rx

from harbin_app.components import long_form as lf
from harbin_app.components.fields import form_error
from harbin_app.components.layout import link_button, workbench_page
from harbin_app.components.tables import empty_row, state_badge
from harbin_app.pages import pool_entry_sections as sections
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import pool_entry as svc
from harbin_app.state.pool_entry import PoolEntryFormState as S
from harbin_app.state.pool_entry import PoolEntryListState as L

ROUTE = "/workbench/pool-entry"


# ---------------------------------------------------------------- the list


def _list_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["subject_name"]),
        rx.table.cell(state_badge(r["state_label"], r["tone"])),
        rx.table.cell(r["updated_at"], white_space="nowrap"),
        rx.table.cell(rx.cond(r["submitted_at"], r["submitted_at"], "—"), white_space="nowrap"),
        rx.table.cell(
            rx.hstack(
                rx.link(rx.cond(r["editable"], "继续填写", "查看"), href=r["href"].to(str)),
                rx.link("待办详情", href="/workbench/todo/" + r["id"].to_string()),
                spacing="3",
            )
        ),
    )


def _list_actions() -> rx.Component:
    """添加, or (one entry per enterprise) a link that opens the existing entry instead."""
    first = L.rows[0]
    href = first["href"].to(str)
    return rx.cond(
        L.rows.length() > 0,
        rx.cond(
            first["editable"],
            link_button("继续填写入库申请", href, light=False),
            link_button("查看入库申请", href, light=False),
        ),
        rx.button(rx.icon("plus", size=16), "添加", on_click=L.add, loading=L.busy, type="button"),
    )


def list_page() -> rx.Component:
    headers = ["企业名称", "状态", "更新时间", "提交时间", "操作"]
    intro = rx.callout.root(
        rx.callout.icon(rx.icon("info")),
        rx.callout.text(
            "每家企业填写一份入库申请：填写五部分内容并上传佐证材料后提交，市工信局审核通过后，"
            "在待办详情中下载申报表，盖章扫描后上传，审核通过即入库。"
        ),
        color_scheme="blue",
        width="100%",
    )
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(
            rx.cond(
                L.rows.length() > 0,
                rx.foreach(L.rows, _list_row),
                empty_row(len(headers), "尚未添加入库申请，点击右上角“添加”开始填写"),
            )
        ),
        variant="surface",
        width="100%",
        size="2",
    )
    return workbench_page(
        "入库申请",
        intro,
        form_error(L.message),
        rx.card(
            rx.cond(L.loaded, table, rx.center(rx.spinner(size="3"), padding="32px", width="100%")),
            width="100%",
        ),
        actions=_list_actions(),
    )


def _status() -> rx.Component:
    todo = "/workbench/todo/" + S.order_id.to_string()
    return rx.vstack(
        rx.hstack(
            rx.text("申请状态：", weight="medium"),
            state_badge(S.state_label, S.tone),
            spacing="2",
            align="center",
        ),
        rx.cond(
            S.last_opinion,
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.callout.text(rx.text("审核未通过，审批意见：", weight="bold", as_="span"), S.last_opinion),
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(
            ~S.editable,
            rx.callout.root(
                rx.callout.icon(rx.icon("lock")),
                rx.callout.text(
                    rx.match(
                        S.state,
                        (svc.SUBMITTED, "已提交，市工信局审核中，申请内容暂不能修改。"),
                        (svc.AWAITING_STAMPED, "审核已通过：请在待办详情中下载申报表，盖章扫描后上传。"),
                        (svc.STAMPED_REJECTED, "盖章材料未通过：请按审批意见在待办详情中重新上传。"),
                        (svc.POOLED, "已入库。"),
                        "申请内容当前不能修改。",
                    ),
                    " ",
                    rx.link("查看待办详情", href=todo),
                ),
                color_scheme="blue",
                width="100%",
            ),
            rx.fragment(),
        ),
        spacing="2",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _status(),
        lf.sticky_index(S, svc.SECTIONS, sections.ANCHOR),
        sections.basic(),
        sections.demands(),
        sections.projects(),
        sections.other(),
        sections.evidence(),
        lf.bottom_bar(S),
        spacing="4",
        width="100%",
    )


def form_page() -> rx.Component:
    return workbench_page(
        "入库申请",
        rx.cond(
            S.loaded,
            rx.cond(
                S.found,
                _form(),
                rx.callout(S.not_found_message, icon="circle-alert", color_scheme="red", width="100%"),
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
        actions=rx.link("返回入库申请", href=ROUTE, class_name="harbin-no-print"),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, list_page, "入库申请", on_load=[L.load])
    add_workbench_page(app, ROUTE + "/[order_id]", form_page, "入库申请", on_load=[S.load])
