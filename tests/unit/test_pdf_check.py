"""Uploaded PDFs: the content decides, refusals are Chinese messages beside the field."""

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from harbin_app.services import pdf_check
from harbin_app.services.errors import ValidationError
from harbin_app.services.pdf_check import MAX_PDF_BYTES, PdfInfo, check_pdf

FIELD = "audit_report"


def pdf_bytes(pages: int = 3, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handmade_pdf(trailer_extra: bytes = b"", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF written byte by byte, with correct xref offsets."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>", *extra_objects]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def save(tmp_path: Path, data: bytes, name: str = "scan.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ValidationError) as caught:
        check_pdf(path, field=FIELD)
    assert list(caught.value.fields) == [FIELD]
    assert caught.value.message == caught.value.fields[FIELD]
    return caught.value.fields[FIELD]


def test_real_pdf_gives_its_page_count(tmp_path):
    assert check_pdf(save(tmp_path, pdf_bytes(3)), field=FIELD) == PdfInfo(pages=3)
    assert check_pdf(save(tmp_path, pdf_bytes(1), "one.pdf"), field=FIELD).pages == 1
    assert check_pdf(save(tmp_path, handmade_pdf(), "hand.pdf"), field=FIELD).pages == 1


def test_content_decides_not_the_name(tmp_path):
    # a real PDF with another extension is fine; the magic may follow a little junk (< 1024 bytes)
    assert check_pdf(save(tmp_path, pdf_bytes(2), "scan.bin"), field=FIELD).pages == 2
    assert check_pdf(save(tmp_path, b"\r\n" + pdf_bytes(2), "junk.pdf"), field=FIELD).pages == 2
    late_magic = save(tmp_path, b" " * 1024 + pdf_bytes(2), "late.pdf")
    assert refusal(late_magic) == "文件不是有效的 PDF，请上传 PDF 格式的扫描件"


def test_renamed_docx_is_refused(tmp_path):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert refusal(save(tmp_path, zipped.getvalue())) == "文件不是有效的 PDF，请上传 PDF 格式的扫描件"


def test_renamed_exe_is_refused(tmp_path):
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    exe += b"This program cannot be run in DOS mode"
    assert refusal(save(tmp_path, exe + b"%%EOF")) == "文件不是有效的 PDF，请上传 PDF 格式的扫描件"


def test_encrypted_pdf_is_refused(tmp_path):
    assert refusal(save(tmp_path, pdf_bytes(3, password="secret"))) == "PDF 已加密，请上传未加密的文件"
    # owner password only (opens without a password, but still encrypted)
    assert refusal(save(tmp_path, pdf_bytes(1, password=""), "owner.pdf")) == "PDF 已加密，请上传未加密的文件"


def test_aes256_pdf_is_encrypted_not_broken(tmp_path):
    """pypdf cannot even try the empty password on AES-256 without the cryptography package."""
    o_u, key = b"00" * 48, b"00" * 32
    encrypt = (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 "
               b"/O <%s> /U <%s> /OE <%s> /UE <%s> /Perms <%s> >>" % (o_u, o_u, key, key, b"00" * 16))
    file_id = b"<00112233445566778899aabbccddeeff>"
    data = handmade_pdf(b"/Encrypt 4 0 R /ID [%s %s] " % (file_id, file_id), (encrypt,))
    assert refusal(save(tmp_path, data)) == "PDF 已加密，请上传未加密的文件"


def test_truncated_pdf_is_refused(tmp_path):
    whole = pdf_bytes(3)
    assert refusal(save(tmp_path, whole[: len(whole) // 2])) == "PDF 文件已损坏或不完整，请重新导出后上传"
    assert refusal(save(tmp_path, whole[:-8], "tail.pdf")) == "PDF 文件已损坏或不完整，请重新导出后上传"


def test_unreadable_or_pageless_pdf_is_refused(tmp_path):
    broken = "PDF 文件已损坏或不完整，请重新导出后上传"
    assert refusal(save(tmp_path, b"%PDF-1.4\nthis is not a document at all\n%%EOF\n")) == broken
    assert refusal(save(tmp_path, pdf_bytes(0), "empty-doc.pdf")) == broken


def test_empty_file_is_refused(tmp_path):
    assert refusal(save(tmp_path, b"")) == "文件为空，请重新选择文件上传"


def test_size_limit_is_checked_before_reading(tmp_path):
    too_large = "文件不能超过 100 MB，请压缩后重新上传"
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:  # sparse: costs no disk
        f.write(pdf_bytes(1))
        f.truncate(MAX_PDF_BYTES)
    assert refusal(path) == too_large
    with path.open("r+b") as f:  # one byte under the limit: the size passes, the zero-filled tail does not
        f.truncate(MAX_PDF_BYTES - 1)
    assert refusal(path) == "PDF 文件已损坏或不完整，请重新导出后上传"


def test_size_limit_boundary(tmp_path, monkeypatch):
    data = pdf_bytes(3)
    path = save(tmp_path, data)
    monkeypatch.setattr(pdf_check, "MAX_PDF_BYTES", len(data))
    assert refusal(path) == "文件不能超过 100 MB，请压缩后重新上传"
    monkeypatch.setattr(pdf_check, "MAX_PDF_BYTES", len(data) + 1)
    assert check_pdf(path, field=FIELD).pages == 3


def test_limit_is_100_mb():
    assert MAX_PDF_BYTES == 100 * 1024 * 1024
