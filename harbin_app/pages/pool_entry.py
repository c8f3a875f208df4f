"""入库申请: the enterprise's list and the five-section form (一、基本情况 … 五、相关佐证材料)."""

from __future__ import annotations

import reflex as rx

from harbin_app.components import entry_list
from harbin_app.components import long_form as lf
from harbin_app.pages import pool_entry_sections as sections
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import pool_entry as svc
from harbin_app.state.pool_entry import PoolEntryFormState as S
from harbin_app.state.pool_entry import PoolEntryListState as L

ROUTE = "/workbench/pool-entry"


# ---------------------------------------------------------------- the list


INTRO = (
    "每家企业填写一份入库申请：填写五部分内容并上传佐证材料后提交，市工信局审核通过后，"
    "在待办详情中下载申报表，盖章扫描后上传，审核通过即入库。"
)


def list_page() -> rx.Component:
    """添加, or (one entry per enterprise) a link that opens the existing entry instead."""
    return entry_list.entry_list_page(
        L, "入库申请", INTRO, rx.cond(L.rows.length() > 0, entry_list.open_one(L, "入库申请"), entry_list.add_button(L)),
    )


LOCKED_TEXT = (
    (svc.SUBMITTED, "已提交，市工信局审核中，申请内容暂不能修改。"),
    (svc.AWAITING_STAMPED, "审核已通过：请在待办详情中下载申报表，盖章扫描后上传。"),
    (svc.STAMPED_REJECTED, "盖章材料未通过：请按审批意见在待办详情中重新上传。"),
    (svc.POOLED, "已入库。"),
)


def _status() -> rx.Component:
    return lf.status(S, LOCKED_TEXT)


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
    return lf.form_page(S, "入库申请", _form(), ("返回入库申请", ROUTE))


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, list_page, "入库申请", on_load=[L.load])
    add_workbench_page(app, ROUTE + "/[order_id]", form_page, "入库申请", on_load=[S.load])
