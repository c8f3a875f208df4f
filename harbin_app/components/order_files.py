"""待办详情: 待盖章材料下载, 盖章材料上传 (hand-in slots), the files handed in, and the enterprise's
kept self-assessments (before / after side by side)."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.services.engine import registry
from harbin_app.state.order_detail import OrderDetailState as S


def documents() -> rx.Component:
    return rx.cond(
        S.documents.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("待盖章材料下载", size="3"),
                rx.foreach(
                    S.documents,
                    lambda d: rx.hstack(
                        rx.icon("file-down", size=16, color="var(--accent-10)"),
                        rx.text(d["label"], size="2"),
                        rx.button("下载", size="1", variant="soft", on_click=S.download_document(d["key"])),
                        align="center",
                        spacing="2",
                    ),
                ),
                rx.text("下载后打印，加盖公章，扫描为一个 PDF 文件上传。", size="1", color="var(--gray-10)"),
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
    slot = S.uploads[key].to(dict)
    pending = S.pending_files.get(key, {}).to(dict)
    warning = S.warnings.get(key, "").to(str)
    upload_id = f"upload-{key}"
    return rx.vstack(
        pdf_upload(
            upload_id,
            slot["label"].to(str),
            on_drop=S.upload(rx.upload_files(upload_id=upload_id, on_upload_progress=S.upload_progress_changed), key),
            progress=S.upload_progress,
            uploading=S.uploading,
            error=S.errors.get(key, "").to(str),
            current=pending,
            on_download=S.download_file(pending["file_id"].to(int)),
            hint=slot["hint"].to(str),
        ),
        rx.cond(warning, rx.callout(warning, icon="triangle-alert", color_scheme="amber", width="100%"), rx.fragment()),
        rx.button(slot["button"].to(str), on_click=S.hand_in(key), disabled=~pending["file_id"].to(bool)),
        spacing="2",
        width="100%",
    )


def uploads() -> rx.Component:
    return rx.fragment(
        *[
            rx.cond(
                S.uploads.contains(key),
                rx.card(_upload_slot(key), width="100%", class_name="harbin-no-print"),
                rx.fragment(),
            )
            for key in registry.all_slots()
        ]
    )


def handed_in() -> rx.Component:
    return rx.cond(
        S.handed_in.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("盖章材料", size="3"),
                rx.foreach(
                    S.handed_in,
                    lambda h: rx.hstack(
                        rx.text(h["at"], size="2", color="var(--gray-11)", white_space="nowrap"),
                        file_chip(h["file"].to(dict), S.download_file(h["file"].to(dict)["file_id"].to(int))),
                        align="center",
                        spacing="3",
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


