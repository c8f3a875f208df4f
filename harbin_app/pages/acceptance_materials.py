"""验收申请's materials: 五、项目总结报告及佐证材料 (the report and the list, with their downloadable
templates; each project's contracts and invoices, a row per file), 六、自测结果 (a PDF or a kept
改造后 self-assessment), 七、其他补充材料. PDFs only, each < 100 MB, kept privately."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components import long_form as lf
from harbin_app.components.fields import error_id, field
from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.pages.acceptance_sections import ANCHOR, note
from harbin_app.services import acceptance as svc
from harbin_app.state.acceptance import ASSESSMENT
from harbin_app.state.acceptance import AcceptanceFormState as S


def _zone(target: str, label: str, *, error: rx.Var, current: rx.Var | None = None, hint: str = "",
          required: bool = True, on_remove: Any = None) -> rx.Component:
    upload_id = "ac-upload-" + target.replace(".", "-").replace(":", "-")
    return pdf_upload(
        upload_id, label,
        on_drop=[S.begin_upload(target),
                 S.upload(rx.upload_files(upload_id=upload_id, on_upload_progress=S.upload_progress_changed), target)],
        progress=S.upload_progress, uploading=S.uploading_slot == target, error=error, current=current,
        on_download=S.download_file(current["file_id"].to(int)) if current is not None else None,
        on_remove=on_remove, hint=hint, required=required,
    )


def _single(path: str, label: str, *, hint: str = "", required: bool = True) -> rx.Component:
    section, key = path.split(".")
    current = S.view[section].to(dict)[key].to(dict)
    read_only = rx.hstack(
        rx.text(label, size="2", min_width="200px"),
        rx.cond(current, file_chip(current, S.download_file(current["file_id"].to(int))),
                rx.text("未上传", size="2", color="var(--gray-10)")),
        align="center", spacing="3",
    )
    editable = _zone(path, label, error=lf.err(S, path), current=current, hint=hint, required=required,
                     on_remove=S.remove_file(path))
    return rx.cond(S.editable, editable, read_only)


def _file_rows(list_path: Any, rows: rx.Var, label: str) -> rx.Component:
    """The files of a list, each with 下载 (and 删除 while editable)."""
    def chip(row: rx.Var, j: rx.Var) -> rx.Component:
        ref = row["file"].to(dict)
        name = label + " " + (j + 1).to_string()
        return rx.box(
            rx.cond(
                S.editable,
                file_chip(ref, S.download_file(ref["file_id"].to(int)), S.remove_row(list_path, row["id"].to(str))),
                file_chip(ref, S.download_file(ref["file_id"].to(int))),
            ),
            key=row["id"].to(str), role="group", aria_label=name,
        )

    return rx.cond(rows.length() > 0, rx.vstack(rx.foreach(rows, chip), spacing="1", width="100%"),
                   note("尚未上传。"))


def _project_files(i: int) -> rx.Component:
    """Project i+1's contracts and invoices (a static block per position: an upload zone needs a fixed id)."""
    projects = S.view["projects"].to(list[dict[str, Any]])
    p = projects[i].to(dict[str, Any])
    n = i + 1

    def kind(key: str, label: str) -> rx.Component:
        list_path = f"projects.{p['id']}.{key}"
        rows = p[key].to(list[dict[str, Any]])
        return rx.vstack(
            rx.cond(S.editable, _zone(f"{key}:{i}", f"项目{n} {label}", error=lf.err(S, list_path),
                                      hint="可上传多份，每次一份"),
                    rx.text(f"项目{n} {label}", size="2", weight="medium")),
            _file_rows(list_path, rows, f"项目{n} {label}"),
            spacing="1", width="100%",
        )

    block = rx.box(
        rx.vstack(
            rx.heading(f"项目{n}：", p["name"].to(str), size="3", as_="h3"),
            rx.grid(kind("contracts", svc.PROJECT_FILES["contracts"]), kind("invoices", svc.PROJECT_FILES["invoices"]),
                    columns="2", spacing="4", width="100%"),
            spacing="2", width="100%",
        ),
        role="group", aria_label=f"项目{n} 佐证材料", style=lf.ROW_BOX,
    )
    return rx.cond(projects.length() > i, block, rx.fragment())


def materials() -> rx.Component:
    return lf.section(
        "materials", svc.SECTIONS["materials"],
        note("请上传 PDF 格式的扫描件，每份小于 100 MB。总结报告按模板填写；投资清单按下载的 Excel 核对、签字盖章后扫描上传。"),
        rx.cond(
            S.editable,
            rx.hstack(
                rx.button(rx.icon("download", size=14), "下载总结报告模板", size="2", variant="soft", type="button",
                          on_click=S.download_document("summary_template")),
                rx.button(rx.icon("sheet", size=14), "下载项目投资清单（Excel）", size="2", variant="soft", type="button",
                          on_click=S.download_document("investment_list")),
                spacing="3", wrap="wrap",
            ),
            rx.fragment(),
        ),
        _single("materials.summary_report", svc.MATERIALS["summary_report"]),
        _single("materials.investment_list", svc.MATERIALS["investment_list"]),
        rx.text("各项目的合同、发票等", size="2", weight="medium"),
        note("每个项目至少上传一份项目合同，以及一份发票、银行回单或收货验收单；它们是认定项目周期和金额的依据。"),
        *[_project_files(i) for i in range(svc.MAX_PROJECTS)],
        anchor=ANCHOR,
    )


def _assessment_select() -> rx.Component:
    field_id = "ac-self_test-assessment_id"
    value = S.view["self_test"].to(dict[str, str])["assessment_id"]
    control = rx.el.select(
        rx.el.option("不选择", value=""),
        rx.foreach(S.kept, lambda k: rx.el.option(k["text"].to(str), value=k["id"].to(str))),
        id=field_id, name=field_id, key=lf._key(S, ASSESSMENT), default_value=value.to(str),
        on_change=lambda v: S.choose(ASSESSMENT, v), disabled=~S.editable,
        aria_describedby=error_id(field_id), class_name="harbin-select",
    )
    return field("平台自测记录（改造后）", control, field_id=field_id, error=lf.err(S, ASSESSMENT), required=False,
                 hint="选择后，审核员可对照查看改造前、改造后两次自测的等级和得分")


def self_test() -> rx.Component:
    return lf.section(
        "self_test", svc.SECTIONS["self_test"],
        note("上传中小企业数字化水平自测结果报告或截图（PDF），或选择在本平台“数字化水平自测”中保存的改造后自测记录。"),
        _single("self_test.report", "自测结果报告或截图", required=False),
        rx.cond(S.kept.length() > 0, _assessment_select(),
                note("本企业尚未在平台保存改造后的自测记录。")),
        anchor=ANCHOR,
    )


def extras() -> rx.Component:
    rows = S.view["extras"].to(list[dict[str, Any]])
    return lf.section(
        "extras", svc.SECTIONS["extras"],
        note("选填：其他企业认为可以作为补充证明的材料，例如咨询诊断报告，可上传多份。"),
        rx.cond(S.editable, _zone("extras", "其他补充材料", error=lf.err(S, "extras"), required=False), rx.fragment()),
        _file_rows("extras", rows, "补充材料"),
        anchor=ANCHOR,
    )
