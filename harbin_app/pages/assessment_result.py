"""数字化水平自测's result (/workbench/assessment/result): total, dimensions, scenes, charts, what is
missing for the next level, 保存为评测记录 and the kept records with their reports."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_id, error_text, form_error, text_input
from harbin_app.components.layout import link_button, workbench_page
from harbin_app.assessment import load_indicators
from harbin_app.services import assessments as svc
from harbin_app.state.assessment import AssessmentState as S

ROUTE = "/workbench/assessment"
BLUE = "#123f7f"
IND = load_indicators(svc.VERSION)


def _table(
    header: list[str], rows: rx.Var, cell_keys: list[str], *, numeric: set[str] = frozenset()
) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in header])),
        rx.table.body(
            rx.foreach(
                rows,
                lambda row: rx.table.row(
                    *[
                        rx.table.cell(row[k], class_name="harbin-amount" if k in numeric else "")
                        for k in cell_keys
                    ]
                ),
            )
        ),
        variant="surface",
        size="1",
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.text("总分", size="2", color="var(--gray-10)"),
                    rx.text(
                        S.score_total, " / ", S.score_max, id="assessment-total", size="7", weight="bold"
                    ),
                    spacing="1",
                ),
                rx.vstack(
                    rx.text("数字化水平等级", size="2", color="var(--gray-10)"),
                    rx.text(S.level_name, id="assessment-level", size="7", weight="bold", color=BLUE),
                    spacing="1",
                ),
                spacing="9",
            ),
            rx.cond(
                S.remaining > 0,
                rx.callout(
                    rx.text(
                        "问卷还有 ",
                        S.remaining,
                        " 题未答，以下结果只计已答的题目；全部答完后才能保存为评测记录。",
                    ),
                    icon="info",
                    color_scheme="amber",
                    width="100%",
                ),
                rx.fragment(),
            ),
            rx.text("距下一等级", weight="bold", size="2"),
            rx.cond(
                S.gaps.length() > 0,
                rx.el.ul(
                    rx.foreach(S.gaps, lambda g: rx.el.li(g)),
                    style={"paddingLeft": "20px", "margin": 0, "listStyle": "disc"},
                ),
                rx.text("已达到最高等级。", size="2"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _charts() -> rx.Component:
    dimensions = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="name"),
        rx.recharts.y_axis(domain=[0, 100], unit="%"),
        rx.recharts.graphing_tooltip(),
        rx.recharts.bar(data_key="得分率", fill=BLUE, unit="%", bar_size=48),
        data=S.dimension_chart,
        width="100%",
        height=240,
    )
    scenes = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="name", interval=0, tick={"fontSize": 11}),
        rx.recharts.y_axis(
            domain=[0, IND.max_scene_level], allow_decimals=False, tick_count=IND.max_scene_level + 1
        ),
        rx.recharts.graphing_tooltip(),
        rx.recharts.bar(data_key="等级", fill="#3e63dd", bar_size=24),
        data=S.scene_chart,
        width="100%",
        height=240,
    )
    return rx.vstack(
        rx.grid(
            rx.card(
                rx.vstack(
                    rx.heading("各维度得分", size="3"),
                    _table(
                        ["维度", "得分", "满分", "得分率"],
                        S.dimension_rows,
                        ["name", "score", "max", "percent"],
                        numeric={"score", "max", "percent"},
                    ),
                    spacing="3",
                ),
            ),
            rx.card(rx.vstack(rx.heading("各维度得分率", size="3"), dimensions, spacing="2", width="100%")),
            columns="2",
            spacing="4",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("数字化经营：各场景达到的等级", size="3"),
                scenes,
                _table(
                    ["序号", "场景", "类别", "性质", "达到等级"],
                    S.scene_rows,
                    ["number", "name", "group", "kind", "level"],
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _keep_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("保存为评测记录", size="3"),
            rx.text(
                "保存后的评测记录不可修改，可用于入库申请的当前数字化水平、项目的改造前数字化水平，以及验收申请的自测结果。",
                size="1",
                color="var(--gray-10)",
            ),
            rx.hstack(
                rx.vstack(
                    rx.text("评测阶段", size="2", weight="medium"),
                    rx.radio_group(
                        list(svc.LABELS),
                        value=S.keep_label,
                        on_change=S.set_keep_label,
                        direction="row",
                        aria_label="评测阶段",
                        aria_describedby=error_id("keep-label"),
                    ),
                    error_text(S.errors.get("label", ""), "keep-label"),
                    spacing="1",
                ),
                rx.box(
                    text_input(
                        "评测日期",
                        field_id="keep-date",
                        value=S.keep_date,
                        on_change=S.set_keep_date,
                        type="date",
                        error=S.errors.get("assessed_on", ""),
                    ),
                    width="200px",
                ),
                rx.button("保存为评测记录", on_click=S.keep, loading=S.keeping),
                spacing="6",
                align="end",
            ),
            form_error(S.errors.get("keep", "")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _kept_list() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("评测记录", size="3"),
            rx.cond(
                S.kept.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("评测日期", "评测阶段", "总分", "等级", "操作")
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.kept,
                            lambda k: rx.table.row(
                                rx.table.cell(k["date"]),
                                rx.table.cell(k["label"]),
                                rx.table.cell(k["total"], class_name="harbin-amount"),
                                rx.table.cell(k["level"]),
                                rx.table.cell(
                                    rx.hstack(
                                        rx.button("下载报告", size="1", variant="soft", on_click=S.download(k["id"])),
                                        rx.button(
                                            rx.cond(S.pdf_busy == k["id"].to(str), "正在生成 PDF…", "下载 PDF"),
                                            size="1", variant="soft", on_click=S.download_pdf(k["id"]),
                                            loading=S.pdf_busy == k["id"].to(str), disabled=S.pdf_busy != "",
                                            aria_label="下载 PDF " + k["date"].to(str) + " " + k["label"].to(str),
                                        ),
                                        spacing="2",
                                    )
                                ),
                            ),
                        )
                    ),
                    variant="surface",
                    size="1",
                    width="100%",
                ),
                rx.text("还没有保存的评测记录。", size="2", color="var(--gray-10)"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def result_page() -> rx.Component:
    return workbench_page(
        "数字化水平自测结果",
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.cond(
                    S.has_result,
                    rx.vstack(_summary(), _keep_form(), spacing="4", width="100%"),
                    rx.callout(
                        rx.text(
                            "问卷中还有 ",
                            S.problem_count,
                            " 处需要修改，请返回问卷改正标红的内容后再查看评测结果。",
                        ),
                        icon="triangle-alert",
                        color_scheme="red",
                        width="100%",
                    ),
                ),
                _kept_list(),
                rx.cond(S.has_result, _charts(), rx.fragment()),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="48px"),
        ),
        actions=link_button("返回问卷", ROUTE, variant="outline", light=False),
    )
