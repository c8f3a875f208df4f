"""Checks an uploaded PDF (evidence, stamped forms) before anything keeps it.

The upload is already spooled to a file on disk; this reads only its head, its tail and what pypdf
needs for the page tree, so a 100 MB scan costs no more than a small one. Active content (scripts,
launch actions, embedded files) is looked for in the parsed document, where a byte search would miss
what compressed object streams hide: the catalog, its names tree, and each page's /AA and /Annots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from harbin_app.services.errors import ValidationError

MAX_PDF_BYTES = 100 * 1024 * 1024
HEAD_BYTES = 1024  # '%PDF-' must start within the first 1024 bytes
TAIL_BYTES = 1024  # '%%EOF' must be within the last 1024 bytes
XREF_DICT_BYTES = 4096

EMPTY = "文件为空，请重新选择文件上传"
TOO_LARGE = "文件不能超过 100 MB，请压缩后重新上传"
NOT_PDF = "文件不是有效的 PDF，请上传 PDF 格式的扫描件"
ENCRYPTED = "PDF 已加密，请上传未加密的文件"
BROKEN = "PDF 文件已损坏或不完整，请重新导出后上传"
ACTIVE = "请上传不含脚本的 PDF 扫描件"

# Actions that run something: a script, another program, an embedded document, a data import.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/GoToE", "/ImportData", "/RichMediaExecute"})
ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia"})  # an attached file, Flash-like media
ACTIVE_NAMES = ("/JavaScript", "/EmbeddedFiles")
WALK_BUDGET = 20_000  # objects looked at before giving up on a document (no scan comes near it)


@dataclass(frozen=True)
class PdfInfo:
    pages: int


def check_pdf(path: Path, *, field: str) -> PdfInfo:
    """The page count of the PDF at ``path``; ValidationError(fields={field: message}) when refused.

    The content decides, never the file name: a renamed .exe or .docx is refused.
    """

    def refuse(message: str) -> ValidationError:
        return ValidationError(fields={field: message})

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise refuse(EMPTY)
    if size >= MAX_PDF_BYTES:
        raise refuse(TOO_LARGE)

    with path.open("rb") as stream:
        if b"%PDF-" not in stream.read(HEAD_BYTES):
            raise refuse(NOT_PDF)
        # A truncated file has no end-of-file marker. Checked here because pypdf in non-strict mode
        # would otherwise scan the whole file backwards for one and may "recover" what is left.
        stream.seek(max(0, size - TAIL_BYTES))
        tail = stream.read()
        if b"%%EOF" not in tail:
            raise refuse(BROKEN)
        stream.seek(0)
        try:
            reader = PdfReader(stream, strict=False)
        except Exception:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError…) on broken files
            # It also fails while trying the empty password on some encrypted files (AES-256 without
            # the cryptography package): those are encrypted, not broken.
            raise refuse(ENCRYPTED if _declares_encryption(stream, tail) else BROKEN) from None
        if reader.is_encrypted:
            raise refuse(ENCRYPTED)
        try:
            pages = len(reader.pages)
            active = pages > 0 and _has_active_content(reader)
        except Exception:
            raise refuse(BROKEN) from None
    if pages <= 0:
        raise refuse(BROKEN)
    if active:
        raise refuse(ACTIVE)
    return PdfInfo(pages=pages)


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooComplex


class _TooComplex(Exception):
    """More objects than any scan has: refused as possibly active rather than walked further."""


def _resolved(value: PdfObject | None) -> PdfObject | None:
    return value.get_object() if value is not None else None


def _dict(value: PdfObject | None) -> DictionaryObject | None:
    value = _resolved(value)
    return value if isinstance(value, DictionaryObject) else None


def _items(value: PdfObject | None) -> list[PdfObject]:
    value = _resolved(value)
    return list(value) if isinstance(value, ArrayObject) else []


def _is_active_action(value: PdfObject | None, budget: _Budget, depth: int = 0) -> bool:
    """An action dictionary (or an array of them) that runs a script or a program, following /Next."""
    value = _resolved(value)
    if isinstance(value, ArrayObject):
        return any(_is_active_action(item, budget, depth) for item in value)
    if not isinstance(value, DictionaryObject) or depth > 32:
        return False
    budget.spend()
    if "/S" in value and _resolved(value.raw_get("/S")) in ACTIVE_ACTIONS:
        return True
    if "/JS" in value:  # a script can also ride on a rendition action
        return True
    return "/Next" in value and _is_active_action(value.raw_get("/Next"), budget, depth + 1)


def _has_active_actions(holder: DictionaryObject, budget: _Budget) -> bool:
    """/A (one action) and /AA (additional actions: a dictionary of trigger → action)."""
    if "/A" in holder and _is_active_action(holder.raw_get("/A"), budget):
        return True
    triggers = _dict(holder.raw_get("/AA")) if "/AA" in holder else None
    return triggers is not None and any(_is_active_action(triggers.raw_get(k), budget) for k in triggers)


def _has_active_content(reader: PdfReader) -> bool:
    budget = _Budget(WALK_BUDGET)
    try:
        catalog = _dict(reader.trailer.raw_get("/Root"))
        if catalog is None:
            return False
        names = _dict(catalog.raw_get("/Names")) if "/Names" in catalog else None
        if names is not None and any(key in names for key in ACTIVE_NAMES):
            return True
        if "/OpenAction" in catalog and _is_active_action(catalog.raw_get("/OpenAction"), budget):
            return True
        if _has_active_actions(catalog, budget):
            return True
        form = _dict(catalog.raw_get("/AcroForm")) if "/AcroForm" in catalog else None
        if form is not None and "/XFA" in form:  # XML forms carry their own scripts
            return True
        for page in reader.pages:
            budget.spend()
            if _has_active_actions(page, budget):
                return True
            for annotation in _items(page.raw_get("/Annots")) if "/Annots" in page else []:
                budget.spend()
                annotation = _dict(annotation)
                if annotation is None:
                    continue
                if _resolved(annotation.raw_get("/Subtype")) in ACTIVE_ANNOTATIONS:
                    return True
                if _has_active_actions(annotation, budget):
                    return True
    except _TooComplex:
        return True
    return False


_ENCRYPT_KEY = re.compile(rb"/Encrypt(?![A-Za-z0-9])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")


def _declares_encryption(stream: BinaryIO, tail: bytes) -> bool:
    """Whether the trailer (classic, in the tail; or an xref stream's dictionary) names /Encrypt."""
    if _ENCRYPT_KEY.search(tail):
        return True
    found = _STARTXREF.findall(tail)
    if not found:
        return False
    try:
        stream.seek(int(found[-1]))
        xref_dict = stream.read(XREF_DICT_BYTES).split(b"stream", 1)[0]
    except (OSError, OverflowError, ValueError):
        return False
    return bool(_ENCRYPT_KEY.search(xref_dict))
