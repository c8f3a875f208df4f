"""A PDF upload field: a labelled drop zone (a button for keyboard and screen readers), the limit
shown before upload, a progress bar while it travels, the message beside it, and the file kept."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components.fields import error_id, error_text
from harbin_app.services.pdf_check import MAX_PDF_BYTES


def file_chip(ref: rx.Var, on_download: Any, on_remove: Any = None) -> rx.Component:
    """The kept file: name, pages, size; 下载 (and 删除 while editable)."""
    return rx.hstack(
        rx.icon("file-text", size=16, color="var(--accent-10)"),
        rx.text(ref["name"].to(str), size="2", weight="medium"),
        rx.text(ref["pages"].to_string(), " 页", size="1", color="var(--gray-10)"),
        rx.button("下载", size="1", variant="ghost", type="button", on_click=on_download),
        rx.button("删除", size="1", variant="ghost", color_scheme="red", type="button", on_click=on_remove)
        if on_remove is not None
        else rx.fragment(),
        align="center",
        spacing="2",
    )


def pdf_upload(
    upload_id: str | rx.Var,
    label: str | rx.Var,
    *,
    on_drop: Any,
    progress: rx.Var,
    uploading: rx.Var,
    error: rx.Var,
    current: rx.Var | None = None,
    on_download: Any = None,
    on_remove: Any = None,
    hint: str | rx.Var = "",
    required: bool = True,
    disabled: rx.Var | bool = False,
) -> rx.Component:
    # The drop zone's own role is "presentation" (react-dropzone): the button inside is what the
    # keyboard and screen readers reach; a click on it bubbles to the zone, which opens the picker.
    zone = rx.upload(
        rx.hstack(
            rx.el.button(
                rx.icon("upload", size=14),
                rx.cond(uploading, "上传中…", "选择文件"),
                type="button",
                aria_label=label + "：选择文件",
                aria_describedby=error_id(upload_id),
                class_name="rt-reset rt-BaseButton rt-r-size-1 rt-variant-soft rt-Button",
                style={"gap": "6px"},
            ),
            rx.text("或将 PDF 文件拖到这里", size="1", color="var(--gray-10)"),
            align="center",
            spacing="3",
        ),
        id=upload_id,
        accept={"application/pdf": [".pdf"]},
        multiple=False,
        max_files=1,
        max_size=MAX_PDF_BYTES - 1,
        disabled=(disabled | uploading) if isinstance(disabled, rx.Var) else uploading,
        on_drop=on_drop,
        on_drop_rejected=rx.toast.error("只能上传一个小于 100 MB 的 PDF 文件"),
        no_keyboard=True,
        border="1px dashed var(--gray-8)",
        border_radius="6px",
        padding="10px 14px",
        cursor="pointer",
        background="var(--gray-1)",
        width="100%",
    )
    return rx.vstack(
        rx.hstack(
            rx.text(label, size="2", weight="medium"),
            rx.text("*", color="var(--red-10)", size="2", aria_hidden="true") if required else rx.fragment(),
            rx.spacer(),
            rx.text("PDF，小于 100 MB", size="1", color="var(--gray-10)"),
            width="100%",
            spacing="1",
        ),
        rx.cond(current, file_chip(current, on_download, on_remove), rx.fragment()) if current is not None else rx.fragment(),
        zone,
        rx.cond(uploading, rx.progress(value=progress, max=100, width="100%", aria_label=label + "上传进度"), rx.fragment()),
        rx.cond(hint, rx.text(hint, size="1", color="var(--gray-10)"), rx.fragment())
        if isinstance(hint, rx.Var)
        else (rx.text(hint, size="1", color="var(--gray-10)") if hint else rx.fragment()),
        error_text(error, upload_id),
        spacing="1",
        width="100%",
        align="stretch",
    )
