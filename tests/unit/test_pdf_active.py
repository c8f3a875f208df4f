"""Active PDFs (scripts, launch actions, embedded files) are refused beside the field; clean ones pass."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from harbin_app.services import pdf_check
from harbin_app.services.pdf_check import check_pdf
from tests.unit.test_pdf_check import FIELD, refusal, save

ACTIVE = "请上传不含脚本的 PDF 扫描件"


def writer(pages: int = 2) -> PdfWriter:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    return w


def written(w: PdfWriter) -> bytes:
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def js_action(code: str = "app.alert('hi');") -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Action"),
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject(code),
    })


def launch_action() -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Action"),
        NameObject("/S"): NameObject("/Launch"),
        NameObject("/F"): TextStringObject("cmd.exe"),
    })


def link_annotation(w: PdfWriter, action: DictionaryObject, *, key: str = "/A") -> DictionaryObject:
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(100), FloatObject(40)])
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): rect,
    })
    if key == "/A":
        annotation[NameObject("/A")] = w._add_object(action)
    else:  # additional actions: trigger → action
        annotation[NameObject("/AA")] = DictionaryObject({NameObject("/E"): w._add_object(action)})
    return annotation


def add_annotation(w: PdfWriter, annotation: DictionaryObject, page: int = 1) -> None:
    target = w.pages[page]
    target[NameObject("/Annots")] = ArrayObject([w._add_object(annotation)])


def document_javascript() -> bytes:
    """A script in the catalog's names tree (/Names → /JavaScript), run when the document opens."""
    w = writer()
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("start"), w._add_object(js_action())])})
    w._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): w._add_object(tree)})
    return written(w)


def open_action_javascript() -> bytes:
    w = writer()
    w._root_object[NameObject("/OpenAction")] = w._add_object(js_action())
    return written(w)


def open_action_launch() -> bytes:
    w = writer()
    w._root_object[NameObject("/OpenAction")] = launch_action()
    return written(w)


def chained_open_action() -> bytes:
    """A harmless first action whose /Next runs a script."""
    w = writer()
    first = DictionaryObject({
        NameObject("/S"): NameObject("/URI"),
        NameObject("/URI"): TextStringObject("https://www.example.com"),
        NameObject("/Next"): w._add_object(js_action()),
    })
    w._root_object[NameObject("/OpenAction")] = first
    return written(w)


def embedded_file() -> bytes:
    w = writer()
    w.add_attachment("setup.exe", b"MZ\x90\x00 not a document")
    return written(w)


def launch_link() -> bytes:
    w = writer()
    add_annotation(w, link_annotation(w, launch_action()))
    return written(w)


def annotation_additional_action() -> bytes:
    w = writer()
    add_annotation(w, link_annotation(w, js_action(), key="/AA"))
    return written(w)


def page_additional_action() -> bytes:
    w = writer()
    w.pages[1][NameObject("/AA")] = DictionaryObject({NameObject("/O"): w._add_object(js_action())})
    return written(w)


def file_attachment_annotation() -> bytes:
    w = writer()
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(20), FloatObject(20)]),
    })
    add_annotation(w, annotation, page=0)
    return written(w)


def compressed_javascript() -> bytes:
    """Document-level JavaScript inside a compressed object stream (PDF 1.5): invisible to a byte grep."""
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R /Names 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /JavaScript 5 0 R >>",
        b"<< /Names [(start) 6 0 R] >>",
        b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
    ]
    header, data = b"", b""
    for number, body in enumerate(bodies, 1):
        header += b"%d %d " % (number, len(data))
        data += body + b"\n"
    packed = zlib.compress(header + data)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"7 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(bodies), len(header), len(packed))
    out += packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows += [b"\x02" + (7).to_bytes(4, "big") + i.to_bytes(2, "big") for i in range(len(bodies))]
    rows += [b"\x01" + stream_offset.to_bytes(4, "big") + b"\x00\x00", b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00\x00"]
    table = b"".join(rows)
    out += b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


@pytest.mark.parametrize(
    "build",
    [
        document_javascript, open_action_javascript, open_action_launch, chained_open_action, embedded_file,
        launch_link, annotation_additional_action, page_additional_action, file_attachment_annotation,
        compressed_javascript,
    ],
)
def test_active_pdf_is_refused_at_the_field(tmp_path: Path, build) -> None:  # noqa: ANN001
    assert refusal(save(tmp_path, build())) == ACTIVE


def test_compressed_script_is_found_in_the_parsed_document(tmp_path: Path) -> None:
    data = compressed_javascript()
    assert b"/JavaScript" not in data and b"/JS" not in data  # a byte search sees nothing
    assert refusal(save(tmp_path, data)) == ACTIVE


def test_clean_pdfs_are_still_accepted(tmp_path: Path) -> None:
    assert check_pdf(save(tmp_path, written(writer(3))), field=FIELD).pages == 3
    # an ordinary web link and an opening view (a destination, not an action) are not scripts
    w = writer(2)
    uri = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://www.example.com")})
    add_annotation(w, link_annotation(w, uri))
    w._root_object[NameObject("/OpenAction")] = ArrayObject([w.pages[0].indirect_reference, NameObject("/Fit")])
    assert check_pdf(save(tmp_path, written(w), "links.pdf"), field=FIELD).pages == 2


def test_an_unreasonably_complex_document_is_not_walked_to_the_end(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    w = writer(5)
    monkeypatch.setattr(pdf_check, "WALK_BUDGET", 3)
    assert refusal(save(tmp_path, written(w))) == ACTIVE
    monkeypatch.setattr(pdf_check, "WALK_BUDGET", 100)
    assert check_pdf(save(tmp_path, written(w), "ok.pdf"), field=FIELD).pages == 5


def test_the_check_reads_no_page_content(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """Only dictionaries are looked at, never a content or image stream (a 100 MB scan is mostly images)."""
    from pypdf.generic import DecodedStreamObject, EncodedStreamObject, StreamObject

    w = writer(200)
    for page in w.pages:
        content = StreamObject()
        content.set_data(b"0 0 m 595 842 l S " * 200)
        page[NameObject("/Contents")] = w._add_object(content)
        page.compress_content_streams()
    path = save(tmp_path, written(w))

    def no_decoding(self):  # noqa: ANN001, ANN202
        raise AssertionError("the check decoded a stream")

    monkeypatch.setattr(EncodedStreamObject, "get_data", no_decoding)
    monkeypatch.setattr(DecodedStreamObject, "get_data", no_decoding)
    assert check_pdf(path, field=FIELD).pages == 200
