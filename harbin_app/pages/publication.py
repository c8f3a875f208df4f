"""公示与拨付 (/workbench/finance/publication; reviewer and finance): 待公示项目 with filters and totals,
发布公示 of the selection as one batch, 公示批次 (下载, 撤回), 已公示项目 and their 拨付."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text, field
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import empty_row, hidden_caption, state_badge
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.state.publication import ALL, PublicationState as S

ROUTE = "/workbench/finance/publication"


def amount(value: rx.Var) -> rx.Component:
    return rx.table.cell(value, class_name="harbin-amount")


def _input(label: str, field_id: str, value: rx.Var, on_change, error: rx.Var, *, kind: str = "text",  # noqa: ANN001
           hint: str = "") -> rx.Component:
    return field(label, rx.input(id=field_id, name=field_id, type=kind, value=value, on_change=on_change,
                                 aria_label=label, aria_describedby=f"{field_id}-error"),
                 field_id=field_id, error=error, hint=hint)


def _filters() -> rx.Component:
    def day(label: str, field_id: str, value: rx.Var, on_change, key: str) -> rx.Component:  # noqa: ANN001
        return rx.box(
            rx.el.label(label, html_for=field_id, class_name="rt-Text rt-r-size-1"),
            rx.input(id=field_id, name=field_id, type="date", value=value, on_change=on_change, width="160px",
                     aria_label=label),
            error_text(S.errors.get(key, ""), field_id),
        )

    return rx.form(
        rx.hstack(
            rx.box(
                rx.el.label("所属行业", html_for="funding-industry", class_name="rt-Text rt-r-size-1"),
                rx.el.select(rx.el.option(ALL, value=ALL), rx.foreach(S.industries, lambda i: rx.el.option(i, value=i)),
                             id="funding-industry", name="funding-industry", value=S.industry, on_change=S.set_industry,
                             class_name="harbin-select", aria_label="所属行业"),
            ),
            day("验收完成起始日期", "funding-start", S.start, S.set_start, "start"),
            day("验收完成截止日期", "funding-end", S.end, S.set_end, "end"),
            rx.button("查询", type="submit", variant="soft"),
            rx.button("清除筛选", type="button", variant="ghost", on_click=S.clear),
            rx.spacer(),
            rx.button(rx.icon("file-spreadsheet", size=16), "导出 Excel", type="button", variant="outline",
                      on_click=S.export_list),
            align="end", spacing="3", wrap="wrap", width="100%",
        ),
        error_text(S.errors.get("form", "")),
        on_submit=S.apply, width="100%",
    )


def _candidates() -> rx.Component:
    headers = ["企业名称", "项目名称", "所属行业", "验收完成时间", "认定项目金额(万元)", "补贴金额(万元)"]

    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(rx.cond(S.can_publish, rx.checkbox(
                checked=S.selected.contains(r["key"]), on_change=lambda c: S.toggle(r["key"].to(str), c),
                aria_label="选择 " + r["enterprise"].to(str)), rx.fragment())),
            rx.table.cell(r["enterprise"]), rx.table.cell(r["projects"]), rx.table.cell(r["industry"]),
            rx.table.cell(r["accepted_at"], white_space="nowrap"), amount(r["recognised"]), amount(r["subsidy"]),
        )

    table = rx.table.root(
        hidden_caption("待公示项目"),
        rx.table.header(rx.table.row(
            rx.table.column_header_cell(rx.cond(S.can_publish, rx.checkbox(
                checked=(S.selected.length() == S.candidates.length()) & (S.candidates.length() > 0),
                on_change=S.toggle_all, aria_label="全选"), rx.fragment())),
            *[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(
            rx.cond(S.candidates.length() > 0, rx.foreach(S.candidates, row), empty_row(7, "没有待公示的验收完成项目")),
            rx.table.row(rx.table.cell(""),
                         rx.table.cell(rx.text("合计 ", S.candidate_total["count"].to(str), " 项", weight="bold"), col_span=4),
                         amount(S.candidate_total["recognised"]), amount(S.candidate_total["subsidy"])),
        ),
        variant="surface", width="100%", id="funding-candidates",
    )
    form = rx.form(
        rx.hstack(
            rx.box(_input("公示标题", "batch-title", S.title, S.set_title, S.batch_errors.get("title", "")), flex="2"),
            rx.box(_input("公示开始日期", "batch-start", S.starts_on, S.set_starts_on, S.batch_errors.get("starts_on", ""),
                          kind="date")),
            rx.box(_input("公示结束日期", "batch-end", S.ends_on, S.set_ends_on, S.batch_errors.get("ends_on", ""),
                          kind="date")),
            rx.button("发布公示（已选 ", S.selected.length().to_string(), " 项）", type="submit", loading=S.busy,
                      disabled=S.selected.length() == 0),
            align="end", spacing="3", width="100%", wrap="wrap",
        ),
        error_text(S.batch_errors.get("form", "")),
        on_submit=S.publish, width="100%",
    )
    return rx.card(rx.vstack(rx.heading("待公示项目", size="4"), table, rx.cond(S.can_publish, form, rx.fragment()),
                             spacing="3", width="100%"), width="100%")


def _withdraw_form() -> rx.Component:
    return rx.cond(
        S.withdraw_id != 0,
        rx.form(
            rx.text("撤回公示批次：", S.withdraw_title, weight="medium"),
            field("撤回原因", rx.text_area(id="withdraw-reason", name="withdraw-reason", value=S.reason, on_change=S.set_reason,
                                          aria_label="撤回原因", aria_describedby="withdraw-reason-error"),
                  field_id="withdraw-reason", error=S.withdraw_error),
            rx.hstack(rx.button("确认撤回", type="submit", color_scheme="red", loading=S.busy),
                      rx.button("取消", type="button", variant="soft", on_click=S.cancel_withdraw), spacing="2"),
            on_submit=S.withdraw, width="100%", id="withdraw-form",
        ),
        rx.fragment(),
    )


def _batches() -> rx.Component:
    def row(b: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(b["title"]), rx.table.cell(b["period"], white_space="nowrap"), rx.table.cell(b["count"]),
            amount(b["recognised"]), amount(b["subsidy"]), rx.table.cell(state_badge(b["status"], b["tone"])),
            rx.table.cell(rx.hstack(
                rx.button("下载 Excel", size="1", variant="outline", on_click=S.export_batch(b["id"].to(int)),
                          aria_label="下载 Excel " + b["title"].to(str)),
                rx.cond(b["can_withdraw"], rx.button("撤回", size="1", color_scheme="red", variant="soft",
                                                     on_click=S.start_withdraw(b["id"].to(int), b["title"].to(str)),
                                                     aria_label="撤回 " + b["title"].to(str)), rx.fragment()),
                spacing="2")),
        )

    headers = ["公示标题", "公示期", "项目数", "认定项目金额(万元)", "补贴金额(万元)", "状态", "操作"]
    return rx.card(rx.vstack(
        rx.heading("公示批次", size="4"),
        rx.table.root(hidden_caption("公示批次"),
                      rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                      rx.table.body(rx.cond(S.batches.length() > 0, rx.foreach(S.batches, row), empty_row(7, "暂无公示批次"))),
                      variant="surface", width="100%", id="funding-batches"),
        _withdraw_form(), spacing="3", width="100%"), width="100%")


def _pay_form() -> rx.Component:
    return rx.cond(
        S.pay_id != 0,
        rx.form(
            rx.text("登记拨付：", S.pay_name, "（剩余未拨付 ", S.pay_remaining, " 万元）", weight="medium"),
            rx.hstack(
                rx.box(_input("拨付日期", "pay-date", S.paid_on, S.set_paid_on, S.pay_errors.get("paid_on", ""), kind="date")),
                rx.box(_input("拨付金额(万元)", "pay-amount", S.amount, S.set_amount, S.pay_errors.get("amount", ""))),
                rx.box(_input("凭证号", "pay-voucher", S.voucher, S.set_voucher, S.pay_errors.get("voucher", ""))),
                spacing="3", align="start", wrap="wrap", width="100%",
            ),
            error_text(S.pay_errors.get("form", "")),
            rx.hstack(rx.button("确认拨付", type="submit", loading=S.busy),
                      rx.button("取消", type="button", variant="soft", on_click=S.cancel_pay), spacing="2"),
            on_submit=S.pay, width="100%", id="pay-form",
        ),
        rx.fragment(),
    )


def _projects() -> rx.Component:
    headers = ["企业名称", "项目名称", "公示批次", "公示期", "补贴金额(万元)", "已拨付(万元)", "未拨付(万元)", "拨付记录", "状态", "操作"]

    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(r["enterprise"]), rx.table.cell(r["projects"]), rx.table.cell(r["batch"]),
            rx.table.cell(r["period"], white_space="nowrap"), amount(r["subsidy"]), amount(r["paid"]), amount(r["remaining"]),
            rx.table.cell(rx.vstack(rx.foreach(r["payments"].to(list[str]), lambda t: rx.text(t, size="1")), spacing="0")),
            rx.table.cell(state_badge(r["phase"], r["tone"])),
            rx.table.cell(rx.cond(S.can_pay & r["payable"].to(bool),
                                  rx.button("登记拨付", size="1", on_click=S.start_pay(r["id"].to(int)),
                                            aria_label="登记拨付 " + r["enterprise"].to(str)), rx.fragment())),
        )

    return rx.card(rx.vstack(
        rx.heading("已公示项目与拨付", size="4"),
        rx.text("公示期满后，市财政局按补贴金额登记拨付（可分次拨付，累计不超过补贴金额）。", size="2", color="var(--gray-10)"),
        rx.table.root(hidden_caption("已公示项目与拨付"),
                      rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                      rx.table.body(
                          rx.cond(S.projects.length() > 0, rx.foreach(S.projects, row), empty_row(10, "暂无已公示项目")),
                          rx.table.row(rx.table.cell(rx.text("合计 ", S.project_total["count"].to(str), " 项", weight="bold"),
                                                     col_span=4),
                                       amount(S.project_total["subsidy"]), amount(S.project_total["paid"]),
                                       amount(S.project_total["remaining"]), rx.table.cell(col_span=3)),
                      ),
                      variant="surface", width="100%", id="funding-projects"),
        _pay_form(), spacing="3", width="100%"), width="100%")


def publication_page() -> rx.Component:
    return workbench_page(
        "公示与拨付",
        rx.card(_filters(), width="100%"),
        rx.cond(S.loaded, rx.vstack(_candidates(), _batches(), _projects(), spacing="4", width="100%"),
                rx.center(rx.spinner(size="3"), padding="48px")),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, publication_page, "公示与拨付", on_load=[S.load])
