"""待办详情: 待盖章材料下载 (Word and PDF), 盖章材料上传 (hand-in slots, checked against the form), the
files handed in, page previews of uploaded PDFs, and the enterprise's kept self-assessments."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text
from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.services.engine import registry
from harbin_app.services.engine.documents import REASON_FIELD
from harbin_app.state.order_detail import OrderDetailState as S
from harbin_app.state.order_files import OrderFilesState as F


def documents() -> rx.Component:
    """待盖章材料下载: the Word file, and the PDF made on the server from it (recommended for printing:
    its ticks and fonts print the same on every computer)."""

    def row(d: rx.Var) -> rx.Component:
        making = F.pdf_busy == d["key"].to(str)
        return rx.hstack(
            rx.icon("file-down", size=16, color="var(--accent-10)"),
            rx.text(d["label"], size="2"),
            rx.button(rx.cond(d["pdf"], "下载 Word", "下载"), size="1", variant="soft",
                      on_click=F.download_document(d["key"])),
            rx.cond(
                d["pdf"],
                rx.button(
                    rx.cond(making, "正在生成 PDF…", "下载 PDF（推荐打印）"),
                    size="1", on_click=F.download_pdf(d["key"]), loading=making, disabled=F.pdf_busy != "",
                ),
                rx.fragment(),
            ),
            align="center",
            spacing="2",
            wrap="wrap",
        )

    return rx.cond(
        F.documents.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("待盖章材料下载", size="3"),
                rx.foreach(F.documents, row),
                rx.text("下载后打印（建议使用 PDF 版，勾选标记在任何电脑上都能正确打印），加盖公章，扫描为一个 PDF 文件上传。",
                        size="1", color="var(--gray-10)"),
                spacing="2",
                width="100%",
            ),
            width="100%",
            class_name="harbin-no-print",
        ),
        rx.fragment(),
    )


def _upload_slot(key: str) -> rx.Component:
    """One hand-in slot (slots are known in advance: ids and labels are plain strings)."""
    slot = F.uploads[key].to(dict)
    pending = F.pending_files.get(key, {}).to(dict)
    warnings = F.warnings.get(key, []).to(list[str])
    needs_reason = F.needs_reason.get(key, False).to(bool)
    upload_id = f"upload-{key}"
    reason_id = f"reason-{key}"
    reason = rx.vstack(
        rx.el.label("仍要提交的原因", html_for=reason_id, style={"fontWeight": "500", "fontSize": "var(--font-size-2)"}),
        rx.text_area(
            id=reason_id, value=F.reasons.get(key, "").to(str), on_change=lambda v: F.set_reason(key, v),
            rows="2", max_length=200, placeholder="如：公章颜色较浅、扫描件为黑白", width="100%",
            aria_describedby=f"{reason_id}-error",
        ),
        error_text(F.errors.get(REASON_FIELD, "").to(str), reason_id),
        spacing="1",
        width="100%",
    )
    return rx.vstack(
        pdf_upload(
            upload_id,
            slot["label"].to(str),
            on_drop=F.upload(rx.upload_files(upload_id=upload_id, on_upload_progress=F.upload_progress_changed), key),
            progress=F.upload_progress,
            uploading=F.uploading,
            error=F.errors.get(key, "").to(str),
            current=pending,
            on_download=F.download_file(pending["file_id"].to(int)),
            hint=slot["hint"].to(str),
        ),
        rx.cond(
            F.checking == key,
            rx.hstack(rx.spinner(size="1"), rx.text("正在检查盖章扫描件（页数、公章）…", size="2"), spacing="2",
                      align="center", role="status"),
            rx.fragment(),
        ),
        rx.foreach(warnings, lambda w: rx.callout(w, icon="triangle-alert", color_scheme="amber", width="100%")),
        rx.cond(needs_reason & (F.checking != key), reason, rx.fragment()),
        rx.button(slot["button"].to(str), on_click=F.hand_in(key), loading=F.handing_in == key,
                  disabled=~pending["file_id"].to(bool) | (F.checking == key)),
        spacing="2",
        width="100%",
    )


def uploads() -> rx.Component:
    return rx.fragment(
        *[
            rx.cond(
                F.uploads.contains(key),
                rx.card(_upload_slot(key), width="100%", class_name="harbin-no-print", role="region",
                        aria_label=F.uploads[key].to(dict)["label"].to(str)),
                rx.fragment(),
            )
            for key in registry.all_slots()
        ]
    )


def thumbnails(file_id: rx.Var) -> rx.Component:
    """The first pages of an uploaded PDF (for reviewers); a click opens the page viewer."""
    shown = F.previews.get(file_id.to_string(), {}).to(dict)
    name = shown["name"].to(str)
    return rx.cond(
        shown.contains("base"),
        rx.hstack(
            rx.foreach(
                shown["thumbnails"].to(list[str]),
                lambda url, n: rx.el.button(
                    rx.image(src=url, alt=name + " 第 " + (n + 1).to_string() + " 页", width="96px",
                             style={"border": "1px solid var(--gray-6)", "background": "white"}),
                    type="button", on_click=F.open_viewer(file_id.to_string(), n + 1),
                    aria_label="预览 " + name + " 第 " + (n + 1).to_string() + " 页",
                    class_name="rt-reset", style={"cursor": "zoom-in", "padding": "0"},
                ),
            ),
            rx.text("共 ", shown["pages"].to(int).to_string(), " 页，点击缩略图逐页查看", size="1", color="var(--gray-10)"),
            spacing="2",
            align="end",
            wrap="wrap",
            class_name="harbin-no-print",
        ),
        rx.fragment(),
    )


def viewer() -> rx.Component:
    """One page of an uploaded PDF, page by page, through the same rights check as the download."""
    v = F.viewer
    page = v["page"].to(int)
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(v["name"].to(str)),
            rx.hstack(
                rx.button("上一页", size="1", variant="soft", on_click=F.viewer_step(-1), disabled=page <= 1),
                rx.text("第 ", page.to_string(), " / ", v["pages"].to(int).to_string(), " 页", size="2"),
                rx.button("下一页", size="1", variant="soft", on_click=F.viewer_step(1),
                          disabled=page >= v["pages"].to(int)),
                rx.spacer(),
                rx.button("关闭", size="1", variant="ghost", on_click=F.close_viewer),
                align="center",
                width="100%",
            ),
            rx.image(src=v["base"].to(str) + "/page/" + page.to_string(),
                     alt=v["name"].to(str) + " 第 " + page.to_string() + " 页", width="100%",
                     style={"marginTop": "8px", "border": "1px solid var(--gray-6)"}),
            max_width="960px",
        ),
        open=v.contains("base"),
        on_open_change=lambda open_: rx.cond(open_, rx.noop(), F.close_viewer()),
    )


def handed_in() -> rx.Component:
    return rx.cond(
        F.handed_in.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("盖章材料", size="3"),
                rx.foreach(
                    F.handed_in,
                    lambda h: rx.vstack(
                        rx.hstack(
                            rx.text(h["at"], size="2", color="var(--gray-11)", white_space="nowrap"),
                            file_chip(h["file"].to(dict), F.download_file(h["file"].to(dict)["file_id"].to(int))),
                            align="center",
                            spacing="3",
                        ),
                        thumbnails(h["file"].to(dict)["file_id"]),
                        spacing="1",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.fragment(),
    )


def assessments() -> rx.Component:
    """数字化水平自测: the enterprise's kept records, and before / after side by side."""
    kept = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("阶段", "评测日期", "总分", "等级", "报告")])),
        rx.table.body(
            rx.foreach(
                S.kept_assessments,
                lambda k: rx.table.row(
                    rx.table.cell(k["label"]),
                    rx.table.cell(k["date"]),
                    rx.table.cell(k["total"], class_name="harbin-amount"),
                    rx.table.cell(k["level"]),
                    rx.table.cell(rx.button("下载报告", size="1", variant="ghost", on_click=S.download_assessment(k["id"].to(int)))),
                ),
            )
        ),
        size="1",
        variant="surface",
        width="100%",
    )
    side_by_side = rx.cond(
        S.comparison.contains("rows"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("指标"),
                    rx.table.column_header_cell("改造前 ", S.comparison["before"].to(str)),
                    rx.table.column_header_cell("改造后 ", S.comparison["after"].to(str)),
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.comparison["rows"].to(list[list[str]]),
                    lambda r: rx.table.row(rx.table.cell(r[0]), rx.table.cell(r[1]), rx.table.cell(r[2])),
                )
            ),
            size="1",
            variant="surface",
            width="100%",
            aria_label="改造前后对比",
        ),
        rx.text("尚无同时包含“改造前”和“改造后”的评测记录，暂不能对比。", size="2", color="var(--gray-10)"),
    )
    return rx.cond(
        S.kept_assessments.length() > 0,
        rx.card(
            rx.vstack(rx.heading("数字化水平自测结果", size="3"), kept, side_by_side, spacing="3", width="100%"),
            width="100%",
        ),
        rx.fragment(),
    )


