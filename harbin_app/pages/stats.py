"""统计 (reviewer, finance): charts with their figures in a table beside them; filters by period
and industry; a click on a bar (or on its row's 查看) opens the matching review queue; 导出 Excel."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import hidden_caption
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services.engine import registry
from harbin_app.state.stats import ALL, StatsState as S

ROUTE = "/workbench/stats"
BLUE, GREEN, RED, ORANGE, TEAL = "#1f5fbf", "#2e7d32", "#c62828", "#ef6c00", "#00838f"
SERIES = (BLUE, ORANGE, TEAL, GREEN, RED)
CHART_HEIGHT = 260


def _date(label: str, field_id: str, value: rx.Var, on_change, error_key: str) -> rx.Component:  # noqa: ANN001
    return rx.box(
        rx.el.label(label, html_for=field_id, class_name="rt-Text rt-r-size-1"),
        rx.input(id=field_id, name=field_id, type="date", value=value, on_change=on_change, width="160px",
                 aria_describedby=f"{field_id}-error"),
        error_text(S.errors.get(error_key, ""), field_id),
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            _date("起始日期", "stats-start", S.start, S.set_start, "start"),
            _date("截止日期", "stats-end", S.end, S.set_end, "end"),
            rx.box(
                rx.el.label("所属行业", html_for="stats-industry", class_name="rt-Text rt-r-size-1"),
                rx.el.select(
                    rx.el.option(ALL, value=ALL), rx.foreach(S.industries, lambda i: rx.el.option(i, value=i)),
                    id="stats-industry", name="stats-industry", value=S.industry, on_change=S.set_industry, class_name="harbin-select",
                ),
            ),
            rx.button("查询", type="submit", variant="soft"),
            rx.button("清除筛选", type="button", variant="ghost", on_click=S.clear),
            rx.spacer(),
            rx.button(rx.icon("file-spreadsheet", size=16), "导出 Excel", type="button", variant="outline",
                      on_click=S.export_excel),
            align="end", spacing="3", wrap="wrap", width="100%",
        ),
        on_submit=S.apply,
        width="100%",
    )


def _figures(caption: str, headers: list[str], rows: rx.Var, cells, *, table_id: str) -> rx.Component:  # noqa: ANN001
    """The figures of a chart, beside it."""
    return rx.table.root(
        hidden_caption(caption),
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, lambda r: rx.table.row(*cells(r)))),
        variant="surface", size="1", width="100%", id=table_id,
    )


def _num(value: rx.Var) -> rx.Component:
    return rx.table.cell(value, text_align="right")


def _open(r: rx.Var, text: rx.Var) -> rx.Component:
    """The row's label; a link to its queue when it has one."""
    return rx.table.cell(rx.cond(r["link"] != "", rx.link(text, href=r["link"]), rx.text(text)))


def _clickable_bars(rows: rx.Var, key: str, name: str, color: str, label_key: str) -> rx.Component:
    """Bars that open their row's queue; each bar is named (label, series, figure) for screen readers."""
    def cell(r: rx.Var) -> rx.Component:
        return rx.recharts.cell(
            fill=color, on_click=S.open(r["link"]), cursor=rx.cond(r["link"] != "", "pointer", "default"),
            custom_attrs={"aria-label": r[label_key].to(str) + " " + name + " " + r[key].to_string(), "role": "img"},
        )

    return rx.recharts.bar(rx.foreach(rows, cell), data_key=key, name=name, fill=color, is_animation_active=False)


def _card(title: str, chart: rx.Component, table: rx.Component, note: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, size="3"),
            rx.text(note, size="1", color="var(--gray-10)") if note else rx.fragment(),
            rx.flex(
                rx.box(chart, flex="3 1 360px", min_width="0", height=f"{CHART_HEIGHT}px"),
                rx.box(table, flex="2 1 280px", min_width="0"),
                gap="16px", wrap="wrap", width="100%",
            ),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _industry_chart(rows: rx.Var, series: list[tuple[str, str, str]]) -> rx.Component:
    """Horizontal bars by industry (the long industry names read in full)."""
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(type_="number", allow_decimals=False),
        rx.recharts.y_axis(data_key="industry", type_="category", width=200, interval=0),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        *[_clickable_bars(rows, key, name, color, "industry") for key, name, color in series],
        data=rows, layout="vertical", width="100%", height=CHART_HEIGHT,
    )


def enterprises_card() -> rx.Component:
    return _card(
        "企业（按行业）",
        _industry_chart(S.enterprises, [("certified", "认证企业", BLUE), ("pooled", "入库企业", GREEN)]),
        _figures("企业按行业", ["所属行业", "认证企业", "入库企业"], S.enterprises,
                 lambda r: [_open(r, r["industry"]), _num(r["certified"]), _num(r["pooled"])], table_id="stats-enterprises"),
        "统计期间内通过认证、入库的企业；点击柱形查看对应的企业认证审核列表",
    )


def by_state_card(kind: str, label: str) -> rx.Component:
    rows = S.by_state[kind].to(list[dict])
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(type_="number", allow_decimals=False),
        rx.recharts.y_axis(data_key="label", type_="category", width=120, interval=0),
        rx.recharts.graphing_tooltip(),
        _clickable_bars(rows, "count", "数量", BLUE, "label"),
        data=rows, layout="vertical", width="100%", height=CHART_HEIGHT,
    )
    table = _figures(f"{label}按状态", ["状态", "数量"], rows, lambda r: [_open(r, r["label"]), _num(r["count"])],
                     table_id=f"stats-state-{kind}")
    return _card(f"{label}（按状态）", chart, table, "点击柱形查看该状态的审核列表")


def by_industry_card(kind: str, label: str) -> rx.Component:
    rows = S.by_industry[kind].to(list[dict])
    table = _figures(f"{label}按行业", ["所属行业", "已提交"], rows, lambda r: [_open(r, r["industry"]), _num(r["count"])],
                     table_id=f"stats-industry-{kind}")
    return _card(f"{label}（按行业）", _industry_chart(rows, [("count", "已提交", ORANGE)]), table)


def by_month_card() -> rx.Component:
    kinds = [(ot.kind, ot.workflow.label) for ot in registry.all_types()]
    chart = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="month"),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        *[rx.recharts.line(data_key=k, name=label, stroke=SERIES[i % len(SERIES)], type_="linear",
                           is_animation_active=False) for i, (k, label) in enumerate(kinds)],
        data=S.by_month, width="100%", height=CHART_HEIGHT,
    )
    table = _figures("按月份首次提交", ["月份", *[label for _, label in kinds]], S.by_month,
                     lambda r: [rx.table.cell(r["month"]), *[_num(r[k]) for k, _ in kinds]], table_id="stats-month")
    return _card("按月份（首次提交）", chart, table)


def reviews_card() -> rx.Component:
    chart = rx.recharts.pie_chart(
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        rx.recharts.pie(
            rx.foreach(S.review_pie, lambda r: rx.recharts.cell(fill=r["fill"])),
            data=S.review_pie, data_key="value", name_key="name", label=True, outer_radius=90,
            is_animation_active=False,
        ),
        width="100%", height=CHART_HEIGHT,
    )
    table = _figures(
        "审核情况", ["审核环节", "办理", "通过", "驳回", "通过率", "驳回率", "平均(天)", "最长(天)"], S.reviews,
        lambda r: [rx.table.cell(r["point"]), _num(r["decisions"]), _num(r["passed"]), _num(r["rejected"]),
                   _num(r["pass_rate"]), _num(r["reject_rate"]), _num(r["avg_days"]), _num(r["max_days"])],
        table_id="stats-reviews",
    )
    return rx.card(
        rx.vstack(
            rx.heading("审核通过与驳回", size="3"),
            rx.text("统计期间内的审核决定；审核时长为事项进入该环节到审核决定的时间", size="1", color="var(--gray-10)"),
            rx.flex(rx.box(chart, flex="1 1 280px", height=f"{CHART_HEIGHT}px"), rx.box(table, flex="3 1 480px", min_width="0"),
                    gap="16px", wrap="wrap", width="100%"),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def levels_card() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="level_name"),
        rx.recharts.y_axis(allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        rx.recharts.bar(data_key="改造前", name="改造前", fill=ORANGE, is_animation_active=False),
        rx.recharts.bar(data_key="改造后", name="改造后", fill=GREEN, is_animation_active=False),
        data=S.levels, width="100%", height=CHART_HEIGHT,
    )
    table = _figures("自测水平", ["数字化水平", "改造前", "改造后"], S.levels,
                     lambda r: [rx.table.cell(r["level_name"]), _num(r["改造前"]), _num(r["改造后"])], table_id="stats-levels")
    return _card("数字化水平自测（企业数）", chart, table, "每家企业最近一次保存的改造前、改造后自测结果")


def acceptance_card() -> rx.Component:
    """验收: 认定项目金额 and 补贴金额 by industry (万元), with the totals."""
    chart = _industry_chart(S.acceptance, [("recognised_value", "认定项目金额(万元)", BLUE), ("subsidy_value", "补贴金额(万元)", GREEN)])
    table = rx.vstack(
        _figures("验收按行业", ["所属行业", "验收通过", "验收完成", "认定项目金额(万元)", "补贴金额(万元)", "已拨付(万元)"],
                 S.acceptance,
                 lambda r: [_open(r, r["industry"]), _num(r["projects"]), _num(r["accepted"]),
                            rx.table.cell(r["recognised"], class_name="harbin-amount"),
                            rx.table.cell(r["subsidy"], class_name="harbin-amount"),
                            rx.table.cell(r["paid"], class_name="harbin-amount")], table_id="stats-acceptance"),
        rx.text("合计：验收通过 ", S.acceptance_total["projects"].to(str), " 项，认定项目金额 ",
                S.acceptance_total["recognised"].to(str), " 万元，补贴金额 ", S.acceptance_total["subsidy"].to(str),
                " 万元，已拨付 ", S.acceptance_total["paid"].to(str), " 万元",
                size="2", weight="medium"),
        spacing="2", width="100%",
    )
    return _card("验收（按行业，万元）", chart, table, "验收结论为通过或完善材料后通过的申请；点击柱形查看对应的验收审核列表")


def stats_page() -> rx.Component:
    kinds = [(ot.kind, ot.workflow.label) for ot in registry.all_types()]
    return workbench_page(
        "统计",
        rx.card(rx.vstack(_filters(), rx.text("统计范围：", S.period_text, size="2", id="stats-period"),
                          error_text(S.errors.get("form", "")), spacing="2", width="100%"), width="100%"),
        rx.cond(
            S.loaded,
            rx.vstack(
                enterprises_card(),
                *[by_state_card(k, label) for k, label in kinds],
                *[by_industry_card(k, label) for k, label in kinds],
                by_month_card(),
                reviews_card(),
                acceptance_card(),
                levels_card(),
                spacing="4", width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px"),
        ),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, stats_page, "统计", on_load=[S.load])
