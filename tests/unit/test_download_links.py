"""Signed download links: every malformed or forged link is refused the same way (403), never a crash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import time

import pytest
from pypdf import PdfWriter

from harbin_app.services import files
from harbin_app.services.actor import ENTERPRISE
from harbin_app.services.errors import NotFound, PermissionDenied
from tests.unit.factories import make_user

OLD_DEFAULT = "development-only-secret-do-not-use-in-production"


def pdf() -> io.BytesIO:
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    w.write(out)
    out.seek(0)
    return out


@pytest.fixture
def stored(database, tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    owner = make_user("qiye", ENTERPRISE, "13800000001")
    ref = files.store_upload(owner, pdf(), "审计报告.pdf", field="f")
    return owner, ref


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def signed_with(key: str, payload: dict) -> str:
    raw = json.dumps(payload).encode()
    return b64(raw) + "." + b64(hmac.new(key.encode(), raw, hashlib.sha256).digest())


def test_a_minted_link_serves_its_file(stored) -> None:  # noqa: ANN001
    owner, ref = stored
    served = files.resolve_link(files.download_link(owner, ref["file_id"]).removeprefix("/download/"))
    assert served.name == "审计报告.pdf"


MALFORMED = [
    "e30.中",  # a non-ASCII signature ({} as payload)
    "中文.abc",  # a non-ASCII payload
    "",
    ".",
    "e30",  # no signature at all
    "e30.",
    ".abc",
    "!!!.abc",  # not base64
    "e30.abc.def",  # the signature part holds a dot
    b64(b"\xff\xfe").removesuffix("=") + ".abc",  # not UTF-8 JSON
    "e30.%00",
    "e30." + "A" * 10_000,
]


@pytest.mark.parametrize("token", MALFORMED)
def test_malformed_links_are_refused_like_forged_ones(stored, token: str) -> None:  # noqa: ANN001
    with pytest.raises(PermissionDenied) as caught:
        files.resolve_link(token)
    assert caught.value.message == "下载链接无效"


@pytest.mark.parametrize(
    "payload",
    [[], "text", 7, None, {"f": "1", "e": 9_999_999_999}, {"f": 1}, {"e": 9_999_999_999}, {"f": 1.5, "e": 9_999_999_999},
     {"f": 1, "e": "later"}, {"f": True, "e": 9_999_999_999}],
)
def test_well_signed_but_malformed_payloads_are_refused(stored, payload) -> None:  # noqa: ANN001
    from harbin_app.settings import settings

    raw = json.dumps(payload).encode()
    token = b64(raw) + "." + files._sign(raw)
    assert hmac.compare_digest(token.split(".")[1], b64(hmac.new(settings.secret_key.encode(), raw, hashlib.sha256).digest()))
    with pytest.raises(PermissionDenied) as caught:
        files.resolve_link(token)
    assert caught.value.message == "下载链接无效"


def test_a_link_signed_with_the_old_default_key_is_refused(stored) -> None:  # noqa: ANN001
    _, ref = stored
    forged = signed_with(OLD_DEFAULT, {"f": ref["file_id"], "u": 1, "e": int(time.time()) + 600})
    with pytest.raises(PermissionDenied):
        files.resolve_link(forged)


def test_an_expired_link_says_so(stored) -> None:  # noqa: ANN001
    from harbin_app.settings import settings

    _, ref = stored
    expired = signed_with(settings.secret_key, {"f": ref["file_id"], "u": 1, "e": int(time.time()) - 1})
    with pytest.raises(PermissionDenied) as caught:
        files.resolve_link(expired)
    assert "已过期" in caught.value.message


def test_a_link_names_its_user_and_another_user_cannot_be_put_in(stored) -> None:  # noqa: ANN001
    """A link minted for one user, edited to name another (or signed without a user), is refused."""
    owner, ref = stored
    other = make_user("qita", ENTERPRISE, "13800000002")
    with pytest.raises(NotFound):  # another enterprise cannot even mint one
        files.download_link(other, ref["file_id"])
    token = files.download_link(owner, ref["file_id"]).removeprefix("/download/")
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["u"] = other.user_id
    with pytest.raises(PermissionDenied) as caught:
        files.resolve_link(b64(json.dumps(payload).encode()) + "." + signature)
    assert caught.value.message == "下载链接无效"
    from harbin_app.settings import settings

    no_user = {"f": ref["file_id"], "e": int(time.time()) + 600}
    with pytest.raises(PermissionDenied):
        files.resolve_link(signed_with(settings.secret_key, no_user))


def test_a_link_of_a_user_who_lost_the_right_is_refused(stored) -> None:  # noqa: ANN001
    """The right is checked again when the link is used, not only when it was minted."""
    from sqlmodel import select

    from harbin_app import db
    from harbin_app.models import User

    owner, ref = stored
    link = files.download_link(owner, ref["file_id"]).removeprefix("/download/")
    with db.transaction() as session:
        user = session.exec(select(User).where(User.id == owner.user_id)).one()
        user.is_active = False
        session.add(user)
    with pytest.raises(PermissionDenied) as caught:
        files.resolve_link(link)
    assert caught.value.message == files.NO_RIGHT
