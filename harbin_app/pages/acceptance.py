"""验收申请: the enterprise's list and the seven-section form (一、基本情况 … 七、其他补充材料)."""

from __future__ import annotations

import reflex as rx

from harbin_app.components import long_form as lf
from harbin_app.components.fields import form_error
from harbin_app.components.layout import link_button, workbench_page
from harbin_app.components.tables import empty_row, state_badge
from harbin_app.pages import acceptance_materials as materials
from harbin_app.pages import acceptance_sections as sections
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import acceptance as svc
from harbin_app.state.acceptance import AcceptanceFormState as S
from harbin_app.state.acceptance import AcceptanceListState as L

ROUTE = "/workbench/acceptance"


def _list_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["subject_name"]),
        rx.table.cell(rx.hstack(
            state_badge(r["state_label"], r["tone"]),
            rx.cond(r["overdue"], state_badge("已逾期", "orange"), rx.fragment()),
            spacing="1",
        )),
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
    """添加 when no application is open; else a link to the open one."""
    first = L.rows[0]
    href = first["href"].to(str)
    return rx.cond(
        L.can_add,
        rx.button(rx.icon("plus", size=16), "添加", on_click=L.add, loading=L.busy, type="button"),
        rx.cond(
            first["editable"],
            link_button("继续填写验收申请", href, light=False),
            link_button("查看验收申请", href, light=False),
        ),
    )


def list_page() -> rx.Component:
    headers = ["企业名称", "状态", "更新时间", "提交时间", "操作"]
    intro = rx.callout.root(
        rx.callout.icon(rx.icon("info")),
        rx.callout.text(
            "试点企业完成数字化改造项目后，在此申请项目验收和补助资金：点击“添加”，申报表已按入库申请的内容预先填好，"
            "补充实际周期、实际投资、数字化服务商及产品服务，上传总结报告、投资清单、合同和发票等材料后提交。"
            "审核通过后市工信局将预约现场验收。"
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
                empty_row(len(headers), "尚未添加验收申请，点击右上角“添加”开始填写"),
            )
        ),
        variant="surface",
        width="100%",
        size="2",
    )
    return workbench_page(
        "验收申请",
        intro,
        form_error(L.message),
        rx.card(
            rx.cond(L.loaded, table, rx.center(rx.spinner(size="3"), padding="32px", width="100%")),
            width="100%",
        ),
        actions=_list_actions(),
    )


LOCKED_TEXT = (
    (svc.SUBMITTED, "已提交，市工信局审核中，申请内容暂不能修改。"),
    (svc.AWAITING_VISIT, "审核已通过，市工信局将与联系人预约现场验收。"),
    (svc.VISIT_BOOKED, "市工信局已预约现场验收：请在待办详情中查看预约并确认。"),
    (svc.VISIT_CONFIRMED, "已确认现场验收预约，请按准备要求准备材料。"),
    (svc.SUPPLEMENT_REVIEW, "完善的材料已提交，等待市工信局确认。"),
    (svc.AWAITING_STAMPED, "验收通过：请在待办详情中下载申报表，盖章扫描后上传。"),
    (svc.STAMPED_REVIEW, "盖章申报表已上传，等待市工信局审核。"),
    (svc.STAMPED_REJECTED, "盖章材料未通过：请按审批意见在待办详情中重新上传。"),
    (svc.ACCEPTED, "验收完成。"),
)


def _status() -> rx.Component:
    todo = "/workbench/todo/" + S.order_id.to_string()
    return rx.vstack(
        rx.hstack(
            rx.text("申请状态：", weight="medium"),
            state_badge(S.state_label, S.tone),
            rx.cond(S.due_date, rx.text("期限：", S.due_date, size="2"), rx.fragment()),
            rx.cond(S.overdue, state_badge("已逾期", "orange"), rx.fragment()),
            spacing="2",
            align="center",
        ),
        rx.cond(
            S.last_opinion,
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.callout.text(
                    rx.text(rx.match(S.state, (svc.RECTIFYING, "验收不通过，整改要求："),
                                     (svc.SUPPLEMENTING, "请按要求完善材料："), "审核未通过，审批意见："),
                            weight="bold", as_="span"),
                    S.last_opinion,
                ),
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(
            ~S.editable,
            rx.callout.root(
                rx.callout.icon(rx.icon("lock")),
                rx.callout.text(rx.match(S.state, *LOCKED_TEXT, "申请内容当前不能修改。"), " ",
                                rx.link("查看待办详情", href=todo)),
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
        materials.materials(),
        materials.self_test(),
        materials.extras(),
        lf.bottom_bar(S),
        spacing="4",
        width="100%",
    )


def form_page() -> rx.Component:
    return workbench_page(
        "验收申请",
        rx.cond(
            S.loaded,
            rx.cond(
                S.found,
                _form(),
                rx.callout(S.not_found_message, icon="circle-alert", color_scheme="red", width="100%"),
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
        actions=rx.link("返回验收申请", href=ROUTE, class_name="harbin-no-print"),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, list_page, "验收申请", on_load=[L.load])
    add_workbench_page(app, ROUTE + "/[order_id]", form_page, "验收申请", on_load=[S.load])
