"""资金申请 (/workbench/funding; enterprise): the own accepted projects with 认定项目金额, 补贴金额,
公示 (batch, period), 拨付 (dates, amounts, vouchers), what remains, totals; the state as a badge."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import empty_row, hidden_caption, state_badge
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.state.funding import FundingState as S

ROUTE = "/workbench/funding"
HEADERS = ["项目名称", "认定项目金额(万元)", "补贴金额(万元)", "公示批次", "公示期", "拨付记录", "已拨付(万元)", "未拨付(万元)", "状态"]


def _amount(value: rx.Var) -> rx.Component:
    return rx.table.cell(value, class_name="harbin-amount")


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["projects"]), _amount(r["recognised"]), _amount(r["subsidy"]), rx.table.cell(r["batch"]),
        rx.table.cell(r["period"], white_space="nowrap"),
        rx.table.cell(rx.cond(r["payments"].to(list[str]).length() > 0,
                              rx.vstack(rx.foreach(r["payments"].to(list[str]), lambda t: rx.text(t, size="1")), spacing="0"),
                              rx.text("—"))),
        _amount(r["paid"]), _amount(r["remaining"]), rx.table.cell(state_badge(r["phase"], r["tone"])),
        custom_attrs={"data-order": r["key"]},
    )


def funding_page() -> rx.Component:
    table = rx.table.root(
        hidden_caption("资金申请"),
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in HEADERS])),
        rx.table.body(
            rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _row),
                    empty_row(len(HEADERS), "暂无验收完成的项目。验收申请完成后，项目的认定金额、补贴金额、公示和拨付情况在此显示。")),
            rx.table.row(
                rx.table.cell(rx.text("合计 ", S.total["count"].to(str), " 项", weight="bold")),
                _amount(S.total["recognised"]), _amount(S.total["subsidy"]), rx.table.cell(col_span=3),
                _amount(S.total["paid"]), _amount(S.total["remaining"]), rx.table.cell(""),
            ),
        ),
        variant="surface", width="100%", id="funding-own",
    )
    return workbench_page(
        "资金申请",
        rx.card(rx.vstack(
            rx.text("验收申请完成后，市工信局、市财政局将按验收评价认定的项目金额、补贴金额进行公示和补贴资金发放。",
                    size="2"),
            error_text(S.message),
            rx.cond(S.loaded, table, rx.center(rx.spinner(size="3"), padding="32px")),
            rx.text(S.contact, size="1", color="var(--gray-10)"),
            spacing="3", width="100%"), width="100%"),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, funding_page, "资金申请", on_load=[S.load])
