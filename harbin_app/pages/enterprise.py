"""我的企业 → 企业认证."""

from __future__ import annotations

import reflex as rx

from harbin_app import live
from harbin_app.components import long_form as lf
from harbin_app.components.fields import form_error
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import state_badge
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import certification, regions
from harbin_app.state.certification import CertificationState as S

LABELS = certification.FIELDS
SPEC = {f.key: f for f in certification.FORM.sections[0].fields}


def _input(key: str, **props) -> rx.Component:  # noqa: ANN003
    spec = SPEC[key]
    return lf.text(
        S, LABELS[key], f"cert-{key}", key, S.view[key].to(str), max_length=spec.max_length,
        counter_shown=spec.counter, area=spec.kind == "area", **props,
    )


def _form() -> rx.Component:
    grid = rx.grid(
        rx.box(_input("company_name", placeholder="与营业执照一致"), grid_column="span 2"),
        _input("credit_code", placeholder="18 位，见营业执照", hint="18 位，字母须大写"),
        lf.date(S, LABELS["established"], "cert-established", "established", S.view["established"].to(str)),
        lf.select(S, LABELS["industry"], "cert-industry", "industry", S.view["industry"].to(str), S.industries),
        _input("registered_capital", placeholder="如 5000", input_mode="decimal"),
        _input("scale", placeholder="在职员工人数", input_mode="numeric"),
        _input("contact"),
        _input("phone", placeholder="手机号或座机，如 0451-86001234"),
        _input("email", type="email"),
        _input("website", placeholder="https://"),
        columns="2",
        spacing="4",
        width="100%",
    )
    address = rx.vstack(
        rx.text("公司地址", size="2", weight="medium"),
        rx.grid(
            lf.select(S, "省", "cert-province", "province", S.view["province"].to(str), regions.provinces(),
                      on_change=S.choose_province),
            lf.select(S, "市", "cert-city", "city", S.view["city"].to(str), S.cities, on_change=S.choose_city),
            lf.select(S, "区", "cert-district", "district", S.view["district"].to(str), S.districts),
            columns="3",
            spacing="3",
            width="100%",
        ),
        _input("address_detail", placeholder="街道、门牌号"),
        spacing="2",
        width="100%",
    )
    intro = _input("intro", placeholder="主营业务、主要产品、数字化现状等")
    buttons = rx.hstack(lf.buttons(S), lf.save_status(S), spacing="3", align="center")
    return rx.card(
        rx.vstack(
            rx.heading("企业认证信息", size="4"),
            rx.text("所有项目均为必填，请与营业执照保持一致。离开输入框时自动保存草稿。", size="2", color="var(--gray-11)"),
            grid,
            address,
            intro,
            form_error(S.form_message),
            buttons,
            lf.values_form(S),
            live.worker_marker(S),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _read_only() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("企业认证信息", size="4"),
            rx.data_list.root(
                *[
                    rx.data_list.item(rx.data_list.label(label, min_width="140px"), rx.data_list.value(S.view[key].to(str)))
                    for key, label in LABELS.items()
                    if key not in ("province", "city", "district", "address_detail")
                ],
                rx.data_list.item(
                    rx.data_list.label("公司地址", min_width="140px"),
                    rx.data_list.value(S.view["province"].to(str), S.view["city"].to(str), S.view["district"].to(str),
                                       S.view["address_detail"].to(str)),
                ),
            ),
            rx.cond(
                S.state == "certified",
                rx.button("申请变更", variant="soft", on_click=S.revise, class_name="harbin-no-print"),
                rx.fragment(),
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _status() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text("认证状态：", weight="medium"),
            state_badge(S.state_label, S.tone),
            rx.cond(S.certified & (S.state != "certified"), rx.badge("原认证信息有效", color_scheme="green", variant="outline"), rx.fragment()),
            spacing="2",
            align="center",
        ),
        rx.cond(
            S.state == "rejected",
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.callout.text(rx.text("审核未通过，审批意见：", weight="bold", as_="span"), S.last_opinion),
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(
            S.state == "submitted",
            rx.callout("已提交，市工信局审核中。审核结果会在“我的待办”中通知您。", icon="clock", color_scheme="blue", width="100%"),
            rx.fragment(),
        ),
        spacing="2",
        width="100%",
    )


def enterprise_page() -> rx.Component:
    return workbench_page(
        "企业认证",
        rx.cond(
            S.loaded,
            rx.vstack(_status(), rx.cond(S.editable, _form(), _read_only()), spacing="4", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, "/workbench/enterprise", enterprise_page, "企业认证", on_load=[S.load])
