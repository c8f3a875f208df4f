"""门户 `/`: what the pilot is, the five industries, notices and published lists."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.layout import GOV_BLUE, PLATFORM_NAME, link_button, portal_page
from harbin_app.components.tables import hidden_caption
from harbin_app.domain import PILOT_INDUSTRIES
from harbin_app.state.portal import PortalState

INTRO = (
    "中小企业数字化转型城市试点由工业和信息化部、财政部自 2023 年起组织实施，哈尔滨市入选试点城市。"
    "平台面向试点行业的中小企业，提供企业认证、试点企业培育入库申请、数字化改造项目验收和补助资金申请等一站式线上服务；"
    "市工信局在线审核，市财政局公示并拨付补助资金。"
)

STEPS = [
    ("注册账号", "以企业用户身份注册，手机号短信验证"),
    ("企业认证", "填写企业基本信息，提交市工信局审核"),
    ("入库申请", "填报数字化改造需求和项目，上传佐证材料"),
    ("验收申请", "项目完成后申请验收，申报补助资金"),
]


def _hero() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.heading(PLATFORM_NAME, size="7", color="white"),
            rx.text(INTRO, color="rgba(255,255,255,0.9)", size="3", max_width="820px"),
            rx.hstack(
                link_button("企业注册", "/register", size="3"),
                link_button("进入工作台", "/workbench", variant="outline", size="3"),
                spacing="3",
            ),
            spacing="4",
            padding="36px",
        ),
        background=f"linear-gradient(120deg, {GOV_BLUE}, #1d5aa8)",
        border_radius="12px",
        width="100%",
    )


def _industries() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("五个试点行业", size="4"),
            rx.grid(
                *[
                    rx.box(
                        rx.hstack(rx.icon("factory", size=18, color="var(--accent-10)"), rx.text(name, weight="medium"), spacing="2"),
                        padding="12px",
                        border="1px solid var(--gray-5)",
                        border_radius="8px",
                        background="white",
                    )
                    for name in PILOT_INDUSTRIES
                ],
                columns="3",
                spacing="3",
                width="100%",
            ),
            rx.text("所属行业不清晰的企业可选择“其他”，审核时需补充试点行业盖章声明。", size="2", color="var(--gray-10)"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _steps() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("办理流程", size="4"),
            rx.hstack(
                *[
                    rx.vstack(
                        rx.badge(f"第 {i} 步", variant="soft"),
                        rx.text(title, weight="bold"),
                        rx.text(text, size="2", color="var(--gray-11)"),
                        spacing="1",
                        flex="1",
                    )
                    for i, (title, text) in enumerate(STEPS, start=1)
                ],
                spacing="4",
                width="100%",
                align="start",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _batch(b: rx.Var) -> rx.Component:
    """One 公示批次: enterprise, project, 认定项目金额, 补贴金额, and the period."""
    return rx.vstack(
        rx.hstack(rx.text(b["title"], weight="bold"), rx.badge("公示期 ", b["period"].to(str), variant="soft"),
                  spacing="2", wrap="wrap", align="center"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("企业名称", "项目名称", "认定项目金额(万元)", "补贴金额(万元)")])),
            rx.table.body(rx.foreach(b["items"].to(list[dict]), lambda i: rx.table.row(
                rx.table.cell(i["enterprise"]), rx.table.cell(i["projects"]),
                rx.table.cell(i["recognised"], class_name="harbin-amount"),
                rx.table.cell(i["subsidy"], class_name="harbin-amount")))),
            size="1", variant="surface", width="100%",
        ),
        rx.text("共 ", b["count"].to_string(), " 个项目，补贴金额合计 ", b["subsidy"].to(str), " 万元", size="1",
                color="var(--gray-10)"),
        spacing="2", width="100%", class_name="harbin-batch",
    )


def _publication() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("补助资金公示", size="4", id="portal-publication"),
            rx.cond(PortalState.current.length() > 0, rx.foreach(PortalState.current, _batch),
                    rx.text("暂无公示中的名单。验收完成的项目将在此公示。", color="var(--gray-10)", size="2")),
            rx.text(PortalState.contact, size="1", color="var(--gray-10)"),
            rx.cond(
                PortalState.past.length() > 0,
                rx.el.details(rx.el.summary("往期公示", style={"cursor": "pointer", "fontWeight": "500"}),
                              rx.vstack(rx.foreach(PortalState.past, _batch), spacing="3", width="100%",
                                        padding_top="8px"),
                              id="portal-past"),
                rx.fragment(),
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _notices() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.vstack(
                rx.heading("通知公告", size="4"),
                rx.text("暂无通知公告。", color="var(--gray-10)", size="2"),
                spacing="2",
            ),
            width="100%",
        ),
        _publication(),
        spacing="4",
        width="100%",
    )


def portal() -> rx.Component:
    return portal_page(_hero(), _industries(), _steps(), _notices())
