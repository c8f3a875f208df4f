"""Download links for the print-ready PDF of a generated document (待盖章材料下载 → 下载 PDF).

The caller has the .docx from a rights-checked service call (e.g. workorders.document(actor, …));
``pdf_link`` makes its PDF (docgen/pdf.py: cached by the .docx's SHA-256, blocking, seconds the first
time) and returns a URL ``/generated/<token>`` valid for LINK_SECONDS, naming the PDF (by that hash),
the file name to save it as, and the user; signed like the download links, under its own purpose.
web_routes.py serves it as an attachment. ``ready`` says, without converting, whether the PDF is there
already (the page can show 正在生成 PDF… only when it is not).
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import time
from pathlib import PurePath

from docgen import pdf
from harbin_app.services import files
from harbin_app.services.actor import Actor
from harbin_app.services.errors import NotFound, PermissionDenied

LINK_SECONDS = files.LINK_SECONDS
PURPOSE = b"generated-pdf\n"
INVALID = "下载链接无效"
EXPIRED = "下载链接已过期，请回到页面重新点击下载"
GONE = "文件已失效，请回到页面重新点击下载"
_KEY = re.compile(r"[0-9a-f]{64}")


def pdf_name(docx_name: str) -> str:
    """申报表.docx → 申报表.pdf"""
    name = PurePath(docx_name or "材料.docx").name
    return (name[:-5] if name.lower().endswith(".docx") else name) + ".pdf"


def ready(docx: bytes) -> bool:
    return pdf.cached_pdf(docx) is not None


def pdf_link(actor: Actor, docx: bytes, docx_name: str) -> str:
    """The URL of the PDF of ``docx``, made now if needed. Raises pdf.PdfUnavailable (message for
    the user: download the Word file instead) when it cannot be made."""
    path = pdf.docx_to_pdf(docx)
    payload = json.dumps({"k": path.stem, "n": pdf_name(docx_name), "u": actor.user_id,
                          "e": int(time.time()) + LINK_SECONDS}, ensure_ascii=False).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"/generated/{body}.{files._sign(PURPOSE + payload)}"


def resolve(token: str) -> files.Served:
    """The PDF a link stands for: PermissionDenied if forged, malformed or expired; NotFound if the
    cached PDF is gone."""
    try:
        body, signature = token.split(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        data = json.loads(payload)
        key, name, expires = str(data["k"]), str(data["n"]), int(data["e"])
    except Exception:  # noqa: BLE001  (any malformed token is simply not a link of ours)
        raise PermissionDenied(INVALID) from None
    if not hmac.compare_digest(signature, files._sign(PURPOSE + payload)) or not _KEY.fullmatch(key):
        raise PermissionDenied(INVALID)
    if expires < time.time():
        raise PermissionDenied(EXPIRED)
    path = pdf.cache_dir() / f"{key}.pdf"
    if not path.is_file():
        raise NotFound(GONE)
    return files.Served(path, name, path.stat().st_size)
