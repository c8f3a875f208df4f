"""A stamped scan (盖章材料上传) against the form it is a scan of: same number of pages as the form's
print-ready PDF (read from that PDF, not estimated), and a red seal found on it.

``check_stamped`` is what hand-in asks before the enterprise confirms: its ``warnings`` are shown
(each names what it found), and the enterprise may hand in anyway with a reason
(``override_reason``), which the log keeps. Nothing here refuses the upload: a check that cannot be
done says so and the scan stays accepted. Blocking (conversion, seal check): call from a thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docgen import pdf
from harbin_app.services import seal_check
from harbin_app.services.errors import ValidationError
from harbin_app.services.seal_check import SealResult

PAGE_MISMATCH = "上传的扫描件共 {scan} 页，系统生成的申报表共 {form} 页，请确认是否漏扫或多扫"
NO_FORM_PAGES = "系统暂时无法生成申报表 PDF，未能核对页数（扫描件共 {scan} 页）"
OVERRIDE_FIELD = "seal_override"
OVERRIDE_LABEL = "仍要提交的原因"
OVERRIDE_MISSING = "请填写仍要提交的原因，例如：公章颜色较浅、扫描件为黑白"
OVERRIDE_TOO_LONG = "原因不能超过 200 字"
OVERRIDE_MAX = 200


@dataclass(frozen=True)
class StampedCheck:
    scan_pages: int
    form_pages: int | None  # None: the form's PDF could not be made
    seal: SealResult

    @property
    def page_warning(self) -> str:
        if self.form_pages is None:
            return NO_FORM_PAGES.format(scan=self.scan_pages)
        if self.scan_pages != self.form_pages:
            return PAGE_MISMATCH.format(scan=self.scan_pages, form=self.form_pages)
        return ""

    @property
    def warnings(self) -> list[str]:
        """What the enterprise reads before hand-in; empty when both checks passed."""
        return [w for w in (self.page_warning, self.seal.warning) if w]

    @property
    def needs_reason(self) -> bool:
        """Handing in anyway needs a reason when the seal was not found or not checked."""
        return not self.seal.found

    def to_dict(self) -> dict[str, Any]:
        """For the hand-in's log entry (JSON)."""
        return {"scan_pages": self.scan_pages, "form_pages": self.form_pages, "seal": self.seal.to_dict(),
                "warnings": self.warnings}


def form_pages(form_docx: bytes) -> int | None:
    """The pages of the form's print-ready PDF; None when the PDF cannot be made now."""
    try:
        return pdf.page_count(pdf.docx_to_pdf(form_docx))
    except pdf.PdfUnavailable:
        return None


def check_stamped(scan_sha256: str, scan_pages: int, form_docx: bytes) -> StampedCheck:
    """Both checks of the uploaded scan (services/files.py keeps it by SHA-256) against the form."""
    return StampedCheck(scan_pages=int(scan_pages or 0), form_pages=form_pages(form_docx),
                        seal=seal_check.check_stored(scan_sha256))


def override_reason(reason: str | None) -> str:
    """The enterprise's reason for handing in despite the seal warning, trimmed; ValidationError on
    the field OVERRIDE_FIELD when empty or too long."""
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError(fields={OVERRIDE_FIELD: OVERRIDE_MISSING})
    if len(text) > OVERRIDE_MAX:
        raise ValidationError(fields={OVERRIDE_FIELD: OVERRIDE_TOO_LONG})
    return text
