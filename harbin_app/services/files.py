"""Uploaded PDFs: checked by content, stored outside any served folder under their SHA-256, and
handed out only through short-lived signed links minted after a rights check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlmodel import Session, col, select

from harbin_app import clock, db
from harbin_app.models import StoredFile
from harbin_app.services import pdf_check
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import policy
from harbin_app.services.errors import NotFound, PermissionDenied, ValidationError
from harbin_app.settings import settings

LINK_SECONDS = 600
MAX_BYTES = pdf_check.MAX_PDF_BYTES


def file_ref(row: StoredFile) -> dict[str, Any]:
    """What a form or an order keeps of a stored file."""
    return {"file_id": row.id, "name": row.original_name, "size": row.size, "pages": row.pages, "sha256": row.sha256}


def _root() -> Path:
    return settings.files_dir


def incoming_path() -> Path:
    """A fresh spool file for an upload in progress (same file system as the store: moves are cheap)."""
    folder = _root() / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / uuid.uuid4().hex


def _stored_path(sha256: str) -> Path:
    return _root() / sha256[:2] / sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _spool(source: BinaryIO, target: Path, field: str) -> None:
    """Copy an upload to disk in 1 MB pieces, refusing it once it reaches the size limit."""
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written >= MAX_BYTES:
                raise ValidationError(fields={field: pdf_check.TOO_LARGE})
            out.write(chunk)


def store_upload(actor: Actor, source: BinaryIO, original_name: str, *, field: str) -> dict[str, Any]:
    """Check an uploaded PDF and keep it; returns its file reference. `field` names the form field
    its messages belong to."""
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以上传材料")
    spooled = incoming_path()
    try:
        _spool(source, spooled, field)
        info = pdf_check.check_pdf(spooled, field=field)
        sha = _sha256(spooled)
        target = _stored_path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(spooled, target)
        name = Path(original_name or "材料.pdf").name[:255]
        with db.transaction() as session:
            row = StoredFile(
                sha256=sha, size=target.stat().st_size, pages=info.pages, original_name=name,
                enterprise_id=actor.enterprise_id, uploaded_by=actor.user_id, uploaded_at=clock.now(),
            )
            session.add(row)
            session.flush()
            return file_ref(row)
    finally:
        spooled.unlink(missing_ok=True)


def owned_by(session: Session, enterprise_id: int, refs: list[dict[str, Any]]) -> bool:
    """Whether every referenced file was uploaded for this enterprise (a form cannot borrow files)."""
    ids = {int(r["file_id"]) for r in refs if r and r.get("file_id")}
    if not ids:
        return True
    owners = session.exec(select(StoredFile.enterprise_id).where(col(StoredFile.id).in_(ids))).all()
    return len(owners) == len(ids) and all(o == enterprise_id for o in owners)


def get_readable(actor: Actor, file_id: int) -> StoredFile:
    """A stored file, if the policy lets the actor read it (its enterprise, or a reader of an order
    it belongs to)."""
    with db.reading() as session:
        row = session.get(StoredFile, file_id)
        if row is None or not policy.can_read_file(session, actor, row):
            raise NotFound("没有找到该文件，或您无权查看")
    return row


# ------------------------------------------------------------------ signed links


NO_RIGHT = "您已无权下载该文件，请重新登录后再试"


def _sign(payload: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(settings.secret_key.encode(), payload, hashlib.sha256).digest()).decode().rstrip("=")


def download_link(actor: Actor, file_id: int) -> str:
    """A URL that serves this file for LINK_SECONDS, minted after the rights check."""
    get_readable(actor, file_id)
    payload = json.dumps({"f": file_id, "u": actor.user_id, "e": int(time.time()) + LINK_SECONDS}).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + _sign(payload)
    return f"/download/{token}"


@dataclass(frozen=True)
class Served:
    path: Path
    name: str
    size: int


def resolve_link(token: str) -> Served:
    """The file a signed link stands for; PermissionDenied if forged, malformed or expired.

    The signature is checked before the payload is read, and every malformed shape (non-ASCII
    text, bad base64, JSON that is not the expected object) is refused like a forged link."""
    invalid = PermissionDenied("下载链接无效")
    body, dot, signature = (token or "").partition(".")
    if not dot or not body or not signature:
        raise invalid
    try:
        payload = base64.urlsafe_b64decode(body.encode("ascii") + b"=" * (-len(body) % 4))
    except ValueError:  # non-ASCII text (UnicodeEncodeError) or bad base64 (binascii.Error)
        raise invalid from None
    if not hmac.compare_digest(signature.encode("utf-8"), _sign(payload).encode("ascii")):
        raise invalid
    try:
        data = json.loads(payload)
    except ValueError:
        raise invalid from None
    if not isinstance(data, dict) or not all(type(data.get(k)) is int for k in ("f", "e", "u")):
        raise invalid
    if data["e"] < time.time():
        raise PermissionDenied("下载链接已过期，请回到页面重新点击下载")
    from harbin_app.models import User
    from harbin_app.services.accounts import actor_of

    with db.reading() as session:
        row = session.get(StoredFile, data["f"])
        if row is None:
            raise PermissionDenied("文件不存在")
        # the right is checked again when the link is used: the user it was minted for must still be
        # active and still allowed to read the file (a disabled account, a withdrawn right)
        user = session.get(User, data["u"])
        if user is None or not user.is_active or not policy.can_read_file(session, actor_of(user), row):
            raise PermissionDenied(NO_RIGHT)
    return Served(_stored_path(row.sha256), row.original_name, row.size)
