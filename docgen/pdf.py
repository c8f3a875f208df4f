"""The print-ready PDF of a generated .docx, made on the server by LibreOffice (headless).

Why LibreOffice: the PDF is made from the very .docx the enterprise can also download, so the two
can never say different things (a typesetting library would be a second layout of every form to keep
in step). The PDF is PDF/A-2b, which requires every font to be embedded: the Chinese text and each
option's √ print the same on any computer. The server's fonts are Debian's Noto CJK; docgen/fonts.conf
answers the documents' 宋体 with Noto Serif CJK SC (`make run` / `make test` install both).

Each conversion runs soffice in its own temporary profile (-env:UserInstallation), so conversions at
the same time never meet; it is killed (its whole process group) past a timeout, and its temporary
folder is always removed. The PDF is cached under <HARBIN_FILES_DIR>/cache/pdf/ by the SHA-256 of
the .docx bytes (docgen/common.py saves the same content as the same bytes): the same document is
converted once, by one thread of one worker (harbin_app/disk_cache.py), however many ask at once.

Blocking: call from a thread (asyncio.to_thread), never on the event loop.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from pypdf import PdfReader

from harbin_app import disk_cache
from harbin_app.settings import settings

FONTS_CONF = Path(__file__).with_name("fonts.conf")
TIMEOUT_S = 120.0  # a 20-project form converts in about 3 s here; a stuck soffice must not stay
PARALLEL = 2  # soffice processes at once per backend worker (each takes ≈ 200 MB)
# PDF/A-2b: every font embedded, by the standard's own rule.
FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'

NO_OFFICE = "服务器未安装 LibreOffice，暂时无法生成 PDF，请先下载 Word 版打印"
NO_CJK_FONT = "服务器缺少中文字体，暂时无法生成 PDF，请先下载 Word 版打印"
TIMED_OUT = "生成 PDF 超时，请稍后重试，或先下载 Word 版打印"
FAILED = "生成 PDF 失败，请稍后重试，或先下载 Word 版打印"

_slots = threading.BoundedSemaphore(PARALLEL)
soffice_command: str | None = None  # None: `soffice` from PATH (tests put a stand-in here)


class PdfUnavailable(Exception):
    """The PDF could not be made; ``message`` is what the user reads."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def cache_dir() -> Path:
    return settings.files_dir / "cache" / "pdf"


def cache_key(docx: bytes) -> str:
    return hashlib.sha256(docx).hexdigest()


def cached_pdf(docx: bytes) -> Path | None:
    """The PDF of these .docx bytes if it was made before (cheap: one stat)."""
    path = cache_dir() / f"{cache_key(docx)}.pdf"
    return path if path.exists() else None


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_S) -> Path:
    """The path of the print-ready PDF of these .docx bytes, made now if not cached.

    Raises PdfUnavailable (with the message for the user) when it cannot be made."""
    key = cache_key(docx)
    target = cache_dir() / f"{key}.pdf"
    return disk_cache.get_or_make(target, key, lambda part: _convert(docx, part, timeout))


def docx_to_pdfs(docs: Sequence[bytes], *, timeout: float = TIMEOUT_S) -> list[Path]:
    """The PDFs of several documents; those not cached are converted in ONE soffice run (one start
    for all: about 1.5 s saved per document), ``timeout`` for the whole run. Unlike docx_to_pdf the
    run holds no lock: a document asked for at the same moment elsewhere may be converted twice
    (each result whole, the first one kept)."""
    targets = [cache_dir() / f"{cache_key(docx)}.pdf" for docx in docs]
    missing = {target: docx for target, docx in zip(targets, docs) if not target.exists()}
    if missing:
        with _converted(list(missing.values()), timeout) as made:
            for target, path in zip(missing, made):
                def place(part: Path, made: Path = path) -> None:
                    shutil.move(str(made), part)

                disk_cache.get_or_make(target, target.stem, place)
    return targets


def pdf_bytes(docx: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    return docx_to_pdf(docx, timeout=timeout).read_bytes()


def page_count(pdf: Path | bytes) -> int:
    """The number of pages, read from the PDF itself."""
    source = io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else Path(pdf)
    return len(PdfReader(source).pages)


def embedded_fonts(pdf: Path | bytes) -> set[str]:
    """The base names of the fonts embedded in the PDF (subset prefixes removed)."""
    source = io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else Path(pdf)
    names: set[str] = set()
    for page in PdfReader(source).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for descendant in descendants:
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


# ------------------------------------------------------------------ the conversion


def _soffice() -> str:
    command = soffice_command or shutil.which("soffice") or shutil.which("libreoffice")
    if not command:
        raise PdfUnavailable(NO_OFFICE)
    return command


@functools.lru_cache(maxsize=1)
def _has_cjk_font() -> bool:
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                                timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(listed.strip())


@contextlib.contextmanager
def _converted(docs: Sequence[bytes], timeout: float) -> Iterator[list[Path]]:
    """One soffice run over ``docs``; yields their PDFs, in a temporary folder removed afterwards."""
    command = _soffice()
    if soffice_command is None and not _has_cjk_font():
        raise PdfUnavailable(NO_CJK_FONT)
    with _slots, tempfile.TemporaryDirectory(prefix="harbin-soffice-") as tmp:
        work = Path(tmp)
        sources = [work / f"document-{n}.docx" for n in range(len(docs))]
        for source, docx in zip(sources, docs):
            source.write_bytes(docx)
        out = work / "out"
        out.mkdir()
        env = {**os.environ, "HOME": str(work), "FONTCONFIG_FILE": str(FONTS_CONF), "TMPDIR": str(work)}
        args = [
            command, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            "--convert-to", FILTER, "--outdir", str(out), *map(str, sources),
        ]
        _run(args, env, timeout, cwd=work)
        made = [out / f"{source.stem}.pdf" for source in sources]
        for path in made:
            if not path.is_file() or path.stat().st_size == 0:
                raise PdfUnavailable(FAILED)
            with path.open("rb") as fh:
                if not fh.read(1024).lstrip().startswith(b"%PDF-"):
                    raise PdfUnavailable(FAILED)
        yield made


def _convert(docx: bytes, part: Path, timeout: float) -> None:
    """Write the PDF of ``docx`` to ``part``."""
    with _converted([docx], timeout) as [made]:
        shutil.move(str(made), part)


def _run(args: list[str], env: dict[str, str], timeout: float, cwd: Path) -> None:
    """Run soffice in its own process group; past ``timeout`` the whole group is killed."""
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise PdfUnavailable(TIMED_OUT) from None
    finally:
        _kill_group(proc)  # whatever soffice left running in its group
    if proc.returncode != 0:
        raise PdfUnavailable(FAILED)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        proc.communicate()
