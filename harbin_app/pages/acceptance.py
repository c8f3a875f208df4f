"""验收申请: the enterprise's list and the seven-section form (一、基本情况 … 七、其他补充材料)."""

from __future__ import annotations

import reflex as rx

from harbin_app.components import entry_list
from harbin_app.components import long_form as lf
from harbin_app.components.tables import state_badge
from harbin_app.pages import acceptance_materials as materials
from harbin_app.pages import acceptance_sections as sections
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import acceptance as svc
from harbin_app.state.acceptance import AcceptanceFormState as S
from harbin_app.state.acceptance import AcceptanceListState as L

ROUTE = "/workbench/acceptance"


INTRO = (
    "试点企业完成数字化改造项目后，在此申请项目验收和补助资金：点击“添加”，申报表已按入库申请的内容预先填好，"
    "补充实际周期、实际投资、数字化服务商及产品服务，上传总结报告、投资清单、合同和发票等材料后提交。"
    "审核通过后市工信局将预约现场验收。"
)


def list_page() -> rx.Component:
    """添加 when no application is open; else a link to the open one."""
    return entry_list.entry_list_page(
        L, "验收申请", INTRO, rx.cond(L.can_add, entry_list.add_button(L), entry_list.open_one(L, "验收申请")),
        overdue=True,
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
    return lf.status(
        S, LOCKED_TEXT,
        heading=rx.match(S.state, (svc.RECTIFYING, "验收不通过，整改要求："), (svc.SUPPLEMENTING, "请按要求完善材料："),
                         "审核未通过，审批意见："),
        extra=(rx.cond(S.due_date, rx.text("期限：", S.due_date, size="2"), rx.fragment()),
               rx.cond(S.overdue, state_badge("已逾期", "orange"), rx.fragment())),
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
    return lf.form_page(S, "验收申请", _form(), ("返回验收申请", ROUTE))


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, list_page, "验收申请", on_load=[L.load])
    add_workbench_page(app, ROUTE + "/[order_id]", form_page, "验收申请", on_load=[S.load])
