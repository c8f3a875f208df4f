"""Checks an uploaded PDF (evidence, stamped forms) before anything keeps it.

The upload is already spooled to a file on disk; this reads only its head, its tail and what pypdf
needs for the page tree, so a 100 MB scan costs no more than a small one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader

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
        except Exception:
            raise refuse(BROKEN) from None
    if pages <= 0:
        raise refuse(BROKEN)
    return PdfInfo(pages=pages)


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
