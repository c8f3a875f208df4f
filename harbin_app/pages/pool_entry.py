"""入库申请: the enterprise's list and the five-section form (一、基本情况 … 五、相关佐证材料)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components.fields import error_id, error_text, field, form_error, select_input, text_input
from harbin_app.components.layout import TOPBAR_HEIGHT, link_button, workbench_page
from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.components.tables import empty_row, state_badge
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import pool_entry as svc
from harbin_app.state.pool_entry import PoolEntryFormState as S
from harbin_app.state.pool_entry import PoolEntryListState as L

ROUTE = "/workbench/pool-entry"
SCROLL_MARGIN = "170px"  # the top bar and the sticky index stay above an anchored section
ROW_BOX = {
    "border": "1px solid var(--gray-5)",
    "borderRadius": "var(--radius-3)",
    "padding": "12px 14px",
    "background": "var(--gray-1)",
    "width": "100%",
}


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


# ---------------------------------------------------------------- field helpers

# a content path ("basic.main_products"); inside rx.foreach an f-string on the row index, e.g.
# f"demands.{i}.description", which Reflex turns into a string built in the browser
Path = str | rx.Var


def _err(path: Path) -> rx.Var:
    return S.errors.get(path, "").to(str)


def _text(label: str, field_id: str, path: Path, value: rx.Var, on_change: Any, **props: Any) -> rx.Component:
    return text_input(
        label,
        field_id=field_id,
        value=value,
        on_change=on_change,
        on_blur=lambda _v: S.check(path),
        error=_err(path),
        disabled=~S.editable,
        **props,
    )


def _area(
    label: str,
    field_id: str,
    path: Path,
    value: rx.Var,
    on_change: Any,
    *,
    max_length: int,
    hint: str = "",
    placeholder: str = "",
    rows: str = "3",
) -> rx.Component:
    """A text area that is checked (and the draft kept) when the user leaves it."""
    error = _err(path)
    control = rx.text_area(
        id=field_id,
        name=field_id,
        value=value,
        on_change=on_change,
        on_blur=lambda _v: S.check(path),
        max_length=max_length,
        placeholder=placeholder,
        rows=rows,
        disabled=~S.editable,
        aria_invalid=rx.cond(error, "true", "false"),
        aria_describedby=error_id(field_id),
    )
    count = rx.text(value.length().to_string() + f" / {max_length}", size="1", color="var(--gray-10)")
    return field(label, control, field_id=field_id, error=error, hint=hint, extra=count)


def _select(label: str, field_id: str, path: Path, value: rx.Var, options: list[str]) -> rx.Component:
    return select_input(
        label,
        field_id=field_id,
        value=value,
        on_change=lambda v: S.choose(path, v),
        options=options,
        error=_err(path),
        placeholder=f"请选择{label}",
        disabled=~S.editable,
    )


def _radio(label: str, field_id: str, path: str, value: rx.Var, options: list[str]) -> rx.Component:
    control = rx.radio(
        options,
        value=value,
        on_change=lambda v: S.choose(path, v),
        direction="row",
        spacing="5",
        disabled=~S.editable,
        id=field_id,
        aria_label=label,
        aria_describedby=error_id(field_id),
    )
    return field(label, control, field_id=field_id, error=_err(path))


def _from_assessment(path: Path) -> rx.Component:
    """从自测结果带入: choose a kept 数字化水平自测 result; its level fills the field."""
    return rx.cond(
        S.editable & (S.kept.length() > 0),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(rx.icon("gauge", size=14), "从自测结果带入", size="1", variant="ghost", type="button"),
            ),
            rx.menu.content(
                rx.foreach(
                    S.kept,
                    lambda k: rx.menu.item(
                        k["text"].to(str), on_select=S.fill_level(path, k["level_name"].to(str))
                    ),
                ),
            ),
        ),
        rx.fragment(),
    )


def _section(key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(svc.SECTIONS[key], size="4", as_="h2"), *children, spacing="4", width="100%"),
        id=f"pe-section-{key}",
        width="100%",
        style={"scrollMarginTop": SCROLL_MARGIN},
    )


def _remove_button(text: str, on_click: Any) -> rx.Component:
    return rx.cond(
        S.editable,
        rx.button(
            rx.icon("trash-2", size=14), text,
            size="1", variant="ghost", color_scheme="red", type="button", on_click=on_click,
        ),
        rx.fragment(),
    )


def _add_button(text: str, on_click: Any) -> rx.Component:
    return rx.cond(
        S.editable,
        rx.button(rx.icon("plus", size=14), text, size="2", variant="soft", type="button", on_click=on_click),
        rx.fragment(),
    )


# ---------------------------------------------------------------- 一、基本情况


def _certified() -> rx.Component:
    basic = S.form["basic"].to(dict[str, str])

    def item(key: str) -> rx.Component:
        value = basic[key]
        return rx.data_list.item(
            rx.data_list.label(svc.CERTIFIED_FIELDS[key], min_width="120px"),
            rx.data_list.value(rx.cond(value, value, "—"), white_space="pre-wrap"),
        )

    keys = [k for k in svc.CERTIFIED_FIELDS if k not in ("address", "intro")]
    half = (len(keys) + 1) // 2
    return rx.vstack(
        rx.hstack(
            rx.text("以下信息来自企业认证，不能在此修改；如有变化，请到", size="1", color="var(--gray-10)"),
            rx.link("我的企业", href="/workbench/enterprise", size="1"),
            rx.text("申请变更。", size="1", color="var(--gray-10)"),
            spacing="1",
        ),
        rx.grid(
            rx.data_list.root(*[item(k) for k in keys[:half]], size="2"),
            rx.data_list.root(*[item(k) for k in keys[half:]], size="2"),
            columns="2",
            spacing="4",
            width="100%",
        ),
        rx.data_list.root(item("address"), item("intro"), size="2"),
        spacing="3",
        width="100%",
        padding="12px",
        background="var(--gray-2)",
        border_radius="var(--radius-3)",
    )


def _basic() -> rx.Component:
    basic = S.form["basic"].to(dict[str, str])

    def own(key: str, **props: Any) -> rx.Component:
        return _text(
            svc.OWN_FIELDS[key], f"pe-basic-{key}", f"basic.{key}", basic[key],
            lambda v: S.set_basic(key, v), **props,
        )

    return _section(
        "basic",
        _certified(),
        rx.grid(
            rx.box(
                own("main_products", max_length=200, counter=True, placeholder="如：电站锅炉、余热锅炉及配套部件"),
                grid_column="span 2",
            ),
            own("last_year_revenue", placeholder="如 12000.50", input_mode="decimal"),
            own("employees", placeholder="如 320", input_mode="numeric"),
            _radio("规上/规下", "pe-basic-above_scale", "basic.above_scale", basic["above_scale"],
                   list(svc.SCALES)),
            rx.vstack(
                _select("当前数字化水平", "pe-basic-current_level", "basic.current_level", basic["current_level"],
                        list(svc.LEVELS)),
                _from_assessment("basic.current_level"),
                spacing="1",
                width="100%",
                align="start",
            ),
            columns="2",
            spacing="4",
            width="100%",
        ),
    )


# ---------------------------------------------------------------- 二、数字化改造需求


def _demand(d: rx.Var, i: rx.Var) -> rx.Component:
    n = (i + 1).to_string()
    base = f"pe-demands-{i}-"
    path = f"demands.{i}."
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.text("需求 ", n, weight="bold", size="2"),
                rx.spacer(),
                _remove_button("删除", S.remove_demand(i)),
                width="100%",
                align="center",
            ),
            rx.grid(
                _select("需求种类", base + "category", path + "category", d["category"],
                        list(svc.DEMAND_CATEGORIES)),
                _area(
                    "需求描述", base + "description", path + "description", d["description"],
                    lambda v: S.set_demand_field(i, "description", v), max_length=500,
                    placeholder="希望通过数字化改造解决什么、达到什么目标",
                ),
                _area(
                    "问题及需求分析", base + "analysis", path + "analysis", d["analysis"],
                    lambda v: S.set_demand_field(i, "analysis", v), max_length=1000,
                    placeholder="现状存在的问题、原因，以及改造的必要性",
                ),
                columns="220px 1fr 1fr",
                spacing="3",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        role="group",
        aria_label="需求 " + n,
        style=ROW_BOX,
    )


def _demands() -> rx.Component:
    rows = S.form["demands"].to(list[dict[str, str]])
    return _section(
        "demands",
        rx.text("按需求逐条填写，每条选择一个需求种类。", size="2", color="var(--gray-11)"),
        error_text(_err("demands"), "pe-demands"),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, _demand), spacing="3", width="100%"),
            rx.text("尚未添加需求。", size="2", color="var(--gray-10)"),
        ),
        _add_button("添加需求", S.add_demand),
    )


# ---------------------------------------------------------------- 三、数字化改造情况及成效


def _indicator(i: rx.Var, n: rx.Var, ind: rx.Var, j: rx.Var) -> rx.Component:
    m = (j + 1).to_string()
    base = f"pe-projects-{i}-indicators-{j}-"
    path = f"projects.{i}.indicators.{j}."

    def cell(key: str, placeholder: str) -> rx.Component:
        return _text(
            svc.INDICATOR_FIELDS[key], base + key, path + key, ind[key],
            lambda v: S.set_indicator_field(i, j, key, v), placeholder=placeholder,
        )

    return rx.box(
        rx.grid(
            rx.text("指标 ", m, size="2", weight="medium", padding_top="26px", white_space="nowrap"),
            cell("name", "如 设备联网率"),
            cell("unit", "如 %"),
            cell("before", "改造前数值"),
            cell("after", "改造后数值"),
            rx.box(_remove_button("删除", S.remove_indicator(i, j)), padding_top="26px"),
            columns="48px 2fr 1fr 1fr 1fr 64px",
            spacing="3",
            width="100%",
            align="start",
        ),
        role="group",
        aria_label="项目 " + n + " 成效指标 " + m,
        width="100%",
    )


def _project(p: rx.Var, i: rx.Var) -> rx.Component:
    n = (i + 1).to_string()
    base = f"pe-projects-{i}-"
    path = f"projects.{i}."
    indicators = p["indicators"].to(list[dict[str, str]])

    def text(key: str, **props: Any) -> rx.Component:
        return _text(
            svc.PROJECT_FIELDS[key], base + key, path + key, p[key].to(str),
            lambda v: S.set_project_field(i, key, v), **props,
        )

    def level(key: str) -> rx.Component:
        return _select(svc.PROJECT_FIELDS[key], base + key, path + key, p[key].to(str), list(svc.LEVELS))

    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.heading("项目 ", n, size="3", as_="h3"),
                rx.spacer(),
                _remove_button("删除项目", S.remove_project(i)),
                width="100%",
                align="center",
            ),
            text(
                "name", max_length=100, counter=True, placeholder="如：××公司MES生产执行系统建设项目",
                hint="写明建设的系统、平台或改造的产线",
            ),
            rx.grid(
                text("start", type="date"),
                text("end", type="date"),
                text("investment", placeholder="如 350", input_mode="decimal"),
                columns="3",
                spacing="3",
                width="100%",
            ),
            rx.text(
                rx.icon("calendar-range", size=14, style={"display": "inline", "verticalAlign": "-2px"}),
                " 试点期 ", S.pilot_start, " 至 ", S.pilot_end, "，项目周期须在试点期内",
                size="1",
                color="var(--gray-10)",
            ),
            rx.grid(
                rx.vstack(
                    level("level_before"), _from_assessment(path + "level_before"),
                    spacing="1", width="100%", align="start",
                ),
                level("level_after"),
                columns="2",
                spacing="3",
                width="100%",
            ),
            _area(
                "项目内容", base + "content", path + "content", p["content"].to(str),
                lambda v: S.set_project_field(i, "content", v), max_length=2000, rows="5",
                hint=f"至少 {svc.MIN_CONTENT} 字：写明改造的环节、建设的系统或设备、实现的功能",
            ),
            rx.vstack(
                rx.text("成效指标", size="2", weight="medium"),
                error_text(_err(path + "indicators"), base + "indicators"),
                rx.foreach(indicators, lambda ind, j: _indicator(i, n, ind, j)),
                _add_button("添加指标", S.add_indicator(i)),
                spacing="2",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        role="group",
        aria_label="项目 " + n,
        style=ROW_BOX,
    )


def _projects() -> rx.Component:
    rows = S.form["projects"].to(list[dict[str, Any]])
    return _section(
        "projects",
        rx.text("每个数字化改造项目单独填写，并填写可量化的成效指标（改造前、改造后）。", size="2", color="var(--gray-11)"),
        error_text(_err("projects"), "pe-projects"),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, _project), spacing="4", width="100%"),
            rx.text("尚未添加项目。", size="2", color="var(--gray-10)"),
        ),
        _add_button("添加项目", S.add_project),
    )


# ---------------------------------------------------------------- 四、五


def _other() -> rx.Component:
    other = S.form["other"].to(dict[str, str])
    return _section(
        "other",
        _radio(
            "愿意参与标杆样板打造", "pe-other-benchmark_willing", "other.benchmark_willing",
            other["benchmark_willing"], list(svc.YES_NO),
        ),
    )


def _evidence_slot(slot: str, label: str) -> rx.Component:
    upload_id = f"pe-evidence-{slot}"
    current = S.form["evidence"].to(dict)[slot].to(dict)

    def zone(required: bool, hint: str) -> rx.Component:
        return pdf_upload(
            upload_id,
            label,
            on_drop=[
                S.begin_upload(slot),
                S.upload(
                    rx.upload_files(upload_id=upload_id, on_upload_progress=S.upload_progress_changed), slot
                ),
            ],
            progress=S.upload_progress,
            uploading=S.uploading_slot == slot,
            error=_err(f"evidence.{slot}"),
            current=current,
            on_download=S.download_evidence(slot),
            on_remove=S.remove_evidence(slot),
            hint=hint,
            required=required,
        )

    editable = (
        rx.cond(
            S.needs_declaration,
            zone(True, "企业所属行业不清晰，须上传加盖公章的试点行业声明"),
            zone(False, "选填：所属行业不清晰时上传加盖公章的试点行业声明"),
        )
        if slot == "industry_declaration"
        else zone(True, "")
    )
    read_only = rx.hstack(
        rx.text(label, size="2", min_width="200px"),
        rx.cond(
            current,
            file_chip(current, S.download_evidence(slot)),
            rx.text("未上传", size="2", color="var(--gray-10)"),
        ),
        align="center",
        spacing="3",
    )
    return rx.cond(S.editable, editable, read_only)


def _evidence() -> rx.Component:
    return _section(
        "evidence",
        rx.text("请上传 PDF 格式的扫描件，每份小于 100 MB。", size="2", color="var(--gray-11)"),
        *[_evidence_slot(slot, label) for slot, label in svc.EVIDENCE.items()],
    )


# ---------------------------------------------------------------- status, index, buttons


def _save_status() -> rx.Component:
    return rx.hstack(
        rx.cond(S.saved_at, rx.text("草稿已保存 ", S.saved_at, size="1", color="var(--gray-10)"), rx.fragment()),
        rx.cond(S.dirty, rx.text("有未保存的修改", size="1", color="var(--amber-11)"), rx.fragment()),
        spacing="2",
        align="center",
    )


def _buttons() -> rx.Component:
    return rx.cond(
        S.editable,
        rx.hstack(
            rx.button("保存", variant="soft", on_click=S.save, type="button"),
            rx.button("提交", on_click=S.submit, loading=S.busy, type="button"),
            spacing="2",
        ),
        rx.fragment(),
    )


def _index_link(key: str) -> rx.Component:
    count = S.section_counts.get(key, 0).to(int)
    badge = rx.cond(
        count > 0,
        rx.badge(
            count.to_string(), color_scheme="red", radius="full", variant="solid",
            aria_label=count.to_string() + " 处待修改",
        ),
        rx.badge(rx.icon("check", size=12), color_scheme="green", radius="full", aria_label="已填好"),
    )
    return rx.el.a(
        rx.hstack(
            rx.text(svc.SECTIONS[key], size="2"),
            rx.cond(S.editable, badge, rx.fragment()),
            spacing="1",
            align="center",
        ),
        href=f"#pe-section-{key}",
        style={"textDecoration": "none", "color": "var(--gray-12)", "whiteSpace": "nowrap"},
    )


def _sticky_bar() -> rx.Component:
    return rx.box(
        rx.card(
            rx.hstack(
                rx.el.nav(
                    rx.hstack(
                        *[_index_link(k) for k in svc.SECTIONS], spacing="4", wrap="wrap", align="center"
                    ),
                    aria_label="申请目录",
                ),
                rx.spacer(),
                _save_status(),
                _buttons(),
                width="100%",
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            width="100%",
            style={"background": "white"},
        ),
        class_name="harbin-no-print",
        width="100%",
        padding_top="8px",
        padding_bottom="4px",
        background="var(--gray-2)",
        style={"position": "sticky", "top": TOPBAR_HEIGHT, "zIndex": "5"},
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


def _bottom() -> rx.Component:
    return rx.cond(
        S.editable,
        rx.card(
            rx.vstack(
                form_error(S.form_message),
                rx.hstack(_buttons(), _save_status(), spacing="3", align="center"),
                rx.text("离开输入框时自动保存草稿；提交前会检查全部内容。", size="1", color="var(--gray-10)"),
                spacing="3",
                width="100%",
            ),
            width="100%",
            class_name="harbin-no-print",
        ),
        form_error(S.form_message),
    )


def _form() -> rx.Component:
    return rx.vstack(
        _status(),
        _sticky_bar(),
        _basic(),
        _demands(),
        _projects(),
        _other(),
        _evidence(),
        _bottom(),
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
