"""Page previews of uploaded PDFs for reviewers: a small thumbnail or a readable page (≈ 1200 px
wide) as PNG, so a scan can be read in the browser without downloading it.

Links: ``preview_set`` / ``preview_link`` / ``thumbnail_links`` check the same right as
files.download_link (files.get_readable) and mint a short-lived token naming the file and the user,
signed with the download links' key (files._sign) under its own purpose, so a preview token is no
download link and the reverse. The URL is ``/preview/<token>/<size>/<page>`` (web_routes.py): one token
serves every page of the file, so the page can page through without asking the server for new links.
Serving checks the signature and expiry (403), that the user still may read the file (403), the size
and the page number (404) (``locate``: fast), then draws the page once and keeps it on disk
(``render``: slow, web_routes.py runs it in services/slow_work.py's pool).

Rendering runs PDFium in the child process of pdf_worker.py (memory-limited, killed past its time).
Blocking: call from a thread.
"""

from __future__ import annotations

import base64
import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path

from harbin_app import db, disk_cache
from harbin_app.models import StoredFile, User
from harbin_app.services import files, pdf_worker
from harbin_app.services.engine import policy
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import Actor
from harbin_app.services.errors import NotFound, PermissionDenied, ServiceError
from harbin_app.settings import settings

THUMB, PAGE = "thumb", "page"
SIZES = {THUMB: (240, 480), PAGE: (1200, 2400)}  # width, at most this tall (very long pages)
LINK_SECONDS = files.LINK_SECONDS
RENDER_TIMEOUT_S = 30.0
THUMBNAILS = 4
PURPOSE = b"preview\n"

INVALID = "预览链接无效"
EXPIRED = "预览链接已过期，请回到页面重新打开"
NO_RIGHT = "您无权查看该文件"
NO_PAGE = "该文件没有这一页"
CANNOT_RENDER = "该页无法预览，请下载原文件查看"


class PreviewFailed(ServiceError):
    """The page exists but could not be drawn."""


@dataclass(frozen=True)
class PreviewSet:
    """What a page needs to show a file: its name, its page count, thumbnails of its first pages,
    and the base of its page URLs (``page_url(n)``); valid for LINK_SECONDS."""

    file_id: int
    name: str
    pages: int
    base: str  # /preview/<token>
    thumbnails: tuple[str, ...]

    def page_url(self, page: int, size: str = PAGE) -> str:
        return f"{self.base}/{size}/{page}"


def _token(actor: Actor, file_id: int) -> str:
    payload = json.dumps({"f": file_id, "u": actor.user_id, "e": int(time.time()) + LINK_SECONDS}).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + files._sign(PURPOSE + payload)


def preview_set(actor: Actor, file_id: int, *, thumbnails: int = THUMBNAILS) -> PreviewSet:
    row = files.get_readable(actor, file_id)  # NotFound when missing or not the actor's to read
    base = f"/preview/{_token(actor, file_id)}"
    count = max(0, min(thumbnails, row.pages))
    return PreviewSet(file_id=file_id, name=row.original_name, pages=row.pages, base=base,
                      thumbnails=tuple(f"{base}/{THUMB}/{n}" for n in range(1, count + 1)))


def preview_link(actor: Actor, file_id: int, page: int, size: str = PAGE) -> str:
    """The URL of one page (1-based) of the file as an image; NotFound for a page it does not have."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}")
    found = preview_set(actor, file_id, thumbnails=0)
    if not 1 <= page <= found.pages:
        raise NotFound(NO_PAGE)
    return found.page_url(page, size)


def thumbnail_links(actor: Actor, file_id: int, count: int = THUMBNAILS) -> list[str]:
    """Thumbnail URLs of the file's first ``count`` pages (fewer if it has fewer)."""
    return list(preview_set(actor, file_id, thumbnails=count).thumbnails)


# ------------------------------------------------------------------ serving


def _verified(token: str) -> dict:
    try:
        body, signature = token.split(".", 1)
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        data = json.loads(payload)
        file_id, user_id, expires = int(data["f"]), int(data["u"]), int(data["e"])
    except Exception:  # noqa: BLE001  (any malformed token is simply not a link of ours)
        raise PermissionDenied(INVALID) from None
    if not hmac.compare_digest(signature, files._sign(PURPOSE + payload)):
        raise PermissionDenied(INVALID)
    if expires < time.time():
        raise PermissionDenied(EXPIRED)
    return {"file_id": file_id, "user_id": user_id}


@dataclass(frozen=True)
class Located:
    """A verified preview request: which stored file, page and size; ``cached`` if already drawn."""

    sha256: str
    page: int
    size: str
    cached: Path | None


def locate(token: str, size: str, page: str) -> Located:
    """Check a preview URL (signature, expiry, the user's right, the page and size) without drawing:
    fast, a database read and a stat."""
    link = _verified(token)
    with db.reading() as session:
        row = session.get(StoredFile, link["file_id"])
        user = session.get(User, link["user_id"])
        if user is None or not user.is_active:
            raise PermissionDenied(NO_RIGHT)
        if row is None:
            raise NotFound("文件不存在")
        if not policy.can_read_file(session, actor_of(user), row):
            raise PermissionDenied(NO_RIGHT)
    if size not in SIZES or not (page.isascii() and page.isdigit()) or not 1 <= int(page) <= row.pages:
        raise NotFound(NO_PAGE)
    target = cache_path(row.sha256, int(page), size)
    return Located(row.sha256, int(page), size, target if target.exists() else None)


def resolve(token: str, size: str, page: str) -> Path:
    """The PNG a preview URL stands for, drawn now if not cached (locate, then render)."""
    found = locate(token, size, page)
    return found.cached or render(found.sha256, found.page, found.size)


def cache_path(sha256: str, page: int, size: str) -> Path:
    return settings.files_dir / "cache" / "preview" / sha256[:2] / f"{sha256}-{size}-{page}.png"


def render(sha256: str, page: int, size: str) -> Path:
    """Page ``page`` of the stored file as a PNG of ``size``, made once."""
    source = files._stored_path(sha256)
    if not source.exists():
        raise NotFound("文件不存在")
    width, max_height = SIZES[size]

    def make(part: Path) -> None:
        try:
            answer = pdf_worker.run("render", {"path": str(source), "page": page, "width": width,
                                               "max_height": max_height, "out": str(part)},
                                    timeout=RENDER_TIMEOUT_S)
        except pdf_worker.WorkerFailed:
            raise PreviewFailed(CANNOT_RENDER) from None
        if answer.get("error") == "page":
            raise NotFound(NO_PAGE)
        if not answer.get("ok") or not part.exists():
            raise PreviewFailed(CANNOT_RENDER)

    return disk_cache.get_or_make(cache_path(sha256, page, size), sha256, make)
