"""下载 PDF of a generated .docx, for any page: the PDF is made on the server from the same document
(docgen/pdf.py, cached by its content), in the documents' own threads, and offered by a signed link."""

from __future__ import annotations

import reflex as rx

from docgen.pdf import PdfUnavailable
from harbin_app.services import generated_pdf, slow_work
from harbin_app.services.actor import Actor


async def pdf_download(actor: Actor, name: str, docx: bytes) -> rx.event.EventSpec:
    """The download of the PDF of `docx` (seconds the first time), or the message saying why not."""
    try:
        link = await slow_work.run(generated_pdf.pdf_link, actor, docx, name)
    except PdfUnavailable as exc:
        return rx.toast.error(exc.message)
    return rx.download(url=link)
