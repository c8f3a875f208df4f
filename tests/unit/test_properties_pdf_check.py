"""Property-based tests (hypothesis) of the PDF check on random and mutated files: random bytes,
truncated and bit-flipped valid PDFs. Never an uncaught exception: a page count or one of the Chinese
messages beside the field."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from harbin_app.services import pdf_check
from harbin_app.services.errors import ValidationError
from tests.unit.test_pdf_check import handmade_pdf

FIELD = "evidence"
MESSAGES = {pdf_check.EMPTY, pdf_check.TOO_LARGE, pdf_check.NOT_PDF, pdf_check.ENCRYPTED, pdf_check.BROKEN, pdf_check.ACTIVE}
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _writer_pdf(pages: int, *, compress: bool) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if compress:
        writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


VALID = [handmade_pdf(), _writer_pdf(1, compress=False), _writer_pdf(3, compress=True)]


def answer(data: bytes) -> int | str:
    """The page count, or the message shown beside the field."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scan.pdf"
        path.write_bytes(data)
        try:
            return pdf_check.check_pdf(path, field=FIELD).pages
        except ValidationError as exc:
            assert list(exc.fields) == [FIELD]
            assert exc.fields[FIELD] in MESSAGES, exc.fields[FIELD]
            return exc.fields[FIELD]


def test_the_seeds_are_valid() -> None:
    assert [answer(d) for d in VALID] == [1, 1, 3]


@FAST
@given(st.binary(max_size=4096))
@example(b"%PDF-")
@example(b"%PDF-%%EOF")
@example(b"%PDF-1.7\n%%EOF\n")
@example(b"%PDF-1.7\ntrailer<</Root 1 0 R>>\nstartxref\n99999999999999999999\n%%EOF")
@example(b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 1 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
def test_random_bytes_get_an_answer(data: bytes) -> None:
    assert answer(data) in MESSAGES | {1, 2, 3}


@FAST
@given(st.sampled_from(VALID), st.data())
def test_a_truncated_pdf_gets_an_answer(seed: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(seed) - 1))
    result = answer(seed[:cut])
    assert result in MESSAGES or isinstance(result, int)
    if cut < len(seed) - 10:  # the end-of-file marker is gone
        assert result in MESSAGES


@FAST
@given(st.sampled_from(VALID), st.data())
def test_bit_flipped_pdfs_get_an_answer(seed: bytes, data: st.DataObject) -> None:
    mutated = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(mutated) - 1))
        mutated[at] ^= 1 << data.draw(st.integers(0, 7))
    result = answer(bytes(mutated))
    assert result in MESSAGES or isinstance(result, int)


@FAST
@given(st.sampled_from(VALID), st.data())
def test_pdfs_with_bytes_inserted_or_deleted_get_an_answer(seed: bytes, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(seed)))
    if data.draw(st.booleans()):
        mutated = seed[:at] + data.draw(st.binary(min_size=1, max_size=64)) + seed[at:]
    else:
        mutated = seed[:at] + seed[at + data.draw(st.integers(1, 64)):]
    result = answer(mutated)
    assert result in MESSAGES or isinstance(result, int)


TOKENS = [b"/Root", b"/Pages", b"/Kids", b"/Count", b"/Type", b"obj", b"endobj", b"R", b"xref", b"trailer",
          b"startxref", b"<<", b">>", b"[", b"]", b"/JavaScript", b"/OpenAction", b"/AA", b"/Names", b"/Encrypt",
          b"-1", b"0", b"99999999999", b"stream", b"endstream", b"/Length", b"/Filter", b"/FlateDecode"]


@FAST
@given(st.sampled_from(VALID), st.data())
def test_pdfs_with_pdf_syntax_spliced_in_get_an_answer(seed: bytes, data: st.DataObject) -> None:
    """Structural mutations: PDF keywords and numbers where others were (loops, bad counts, bad refs)."""
    mutated = seed
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(mutated)))
        token = b" " + data.draw(st.sampled_from(TOKENS)) + b" "
        mutated = mutated[:at] + token + mutated[at + data.draw(st.integers(0, 8)):]
    result = answer(mutated)
    assert result in MESSAGES or isinstance(result, int)
