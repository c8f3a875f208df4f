"""A stand-in for LibreOffice's soffice in tests: records each run, then does what FAKE_SOFFICE_MODE
says (ok: writes a tiny PDF per input; hang; fail; not_pdf)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen import pdf

FAKE_SOFFICE = f"""#!{sys.executable}
# A stand-in for soffice: records its arguments, then does what FAKE_SOFFICE_MODE says.
import os, pathlib, sys, time
args = sys.argv[1:]
log = pathlib.Path(os.environ["FAKE_SOFFICE_LOG"])
with log.open("a") as fh:
    fh.write(repr((os.getpid(), args)) + "\\n")
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
if mode == "hang":
    time.sleep(600)
if mode == "fail":
    sys.exit(1)
out = pathlib.Path(args[args.index("--outdir") + 1])
for source in args[args.index("--outdir") + 2:]:
    body = b"%PDF-1.4 fake" if mode == "ok" else b"PK not a pdf"
    (out / (pathlib.Path(source).stem + ".pdf")).write_bytes(body)
"""


def install_fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Make docgen/pdf.py run the stand-in; returns a function listing its runs (pid, arguments)."""
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(0o755)
    log = tmp_path / "soffice.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setattr(pdf, "soffice_command", str(script))

    def runs() -> list[tuple[int, list[str]]]:
        return [eval(line) for line in log.read_text().splitlines()] if log.exists() else []  # noqa: S307

    return runs
