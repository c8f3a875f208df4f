"""Previews of uploaded PDFs: links minted after the download's rights check, served by
/preview/<token>/<size>/<page> as PNG (thumbnail, readable page), cached; forged, expired, malformed
or borrowed tokens 403, pages and sizes that do not exist 404, a page that cannot be drawn 422."""

from __future__ import annotations

import base64
import io
import json
import sys
import time

import httpx
import numpy as np
import pytest
from PIL import Image
from sqlmodel import select

from harbin_app import db
from harbin_app.models import User
from harbin_app.services import certification, files, pdf_worker, previews
from harbin_app.services.engine import drafts
from harbin_app.services.actor import ENTERPRISE, REVIEWER
from harbin_app.services.errors import NotFound
from harbin_app.web_routes import routes
from tests.unit import scans
from tests.unit.factories import make_user
from tests import aio


@pytest.fixture
def files_dir(tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    return tmp_path / "files"


class Client:
    """Requests to our HTTP routes, in this process (httpx's ASGI transport)."""

    def get(self, url: str) -> httpx.Response:
        return aio.run(self._get(url))

    async def _get(self, url: str) -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=routes), base_url="http://test") as c:
            return await c.get(url)


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def upload(database, files_dir):
    """A three-page scan uploaded by an enterprise; returns (enterprise actor, file id)."""
    owner = make_user("qiye", ENTERPRISE, phone="13800000001")
    pages = [scans.page_with_seal(dpi=100), scans.page_without_seal(dpi=100),
             scans.page_with_red_text(dpi=100)]
    data = io.BytesIO()
    pages[0].save(data, "PDF", resolution=100, save_all=True, append_images=pages[1:])
    data.seek(0)
    ref = files.store_upload(owner, data, "盖章申报表.pdf", field="stamped")
    # the scan belongs to one of the enterprise's orders: whoever reads that order reads it (the policy)
    order_id, _ = certification.start(owner)
    with db.transaction() as session:
        drafts.attach(session, order_id, [ref])
    return owner, ref["file_id"]


def png(response) -> Image.Image:  # noqa: ANN001
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


def test_a_reviewer_sees_thumbnails_and_readable_pages(upload, client):
    _, file_id = upload
    reviewer = make_user("shenhe", REVIEWER)
    found = previews.preview_set(reviewer, file_id)
    assert (found.pages, found.name, len(found.thumbnails)) == (3, "盖章申报表.pdf", 3)
    thumbs = [png(client.get(url)) for url in found.thumbnails]
    assert [t.width for t in thumbs] == [240, 240, 240] and 330 < thumbs[0].height < 350  # A4
    page = png(client.get(found.page_url(2)))
    assert page.width == 1200 and 1680 < page.height < 1720
    assert previews.preview_link(reviewer, file_id, 3).endswith("/page/3")
    assert len(previews.thumbnail_links(reviewer, file_id, 2)) == 2


def test_the_page_shows_the_scan(upload, client):
    _, file_id = upload
    url = previews.preview_link(make_user("shenhe", REVIEWER), file_id, 1)
    rgb = np.asarray(png(client.get(url)).convert("RGB")).astype(int)
    reds = int(((rgb[..., 0] > 150) & (rgb[..., 1] < 90) & (rgb[..., 2] < 90)).sum())
    assert reds > 1000  # the seal of page 1 is there


def test_previews_are_rendered_once(upload, client, monkeypatch):
    owner, file_id = upload
    url = previews.preview_link(owner, file_id, 1, previews.THUMB)
    first = client.get(url).content
    monkeypatch.setattr(pdf_worker, "child_command", [sys.executable, "-c", "raise SystemExit(3)"])
    assert client.get(url).content == first  # no child could render it now: it came from the disk


def test_the_owner_may_preview_another_enterprise_may_not(upload, client):
    owner, file_id = upload
    assert png(client.get(previews.preview_link(owner, file_id, 1, previews.THUMB)))
    other = make_user("qita", ENTERPRISE, phone="13800000002")
    with pytest.raises(NotFound):
        previews.preview_set(other, file_id)
    with pytest.raises(NotFound):
        previews.preview_link(other, file_id, 1)


def tamper(url: str, **changes) -> str:  # noqa: ANN003
    prefix, token, size, page = url.rsplit("/", 3)
    body, signature = token.split(".", 1)
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return f"{prefix}/{forged}.{signature}/{size}/{page}"


def resigned(url: str) -> str:
    token = url.split("/")[2]
    body, signature = token.split(".", 1)
    return url.replace(token, f"{body}.{signature[:-3]}{'xyz' if not signature.endswith('xyz') else 'abc'}")


def test_forged_expired_and_malformed_tokens_are_refused(upload, client, monkeypatch):
    owner, file_id = upload
    url = previews.preview_link(owner, file_id, 1)
    second = make_user("qita", ENTERPRISE, phone="13800000002")
    for bad in (
        tamper(url, f=file_id + 1),  # another file
        tamper(url, u=second.user_id),  # another user
        tamper(url, e=int(time.time()) + 10**6),  # a longer life
        resigned(url),  # another signature
        "/preview/abc/page/1", "/preview/!!!.x/page/1", "/preview/.../page/1",
        "/preview/" + base64.urlsafe_b64encode(b"not json").decode() + ".sig/page/1",
        "/preview/" + base64.urlsafe_b64encode(b'["f"]').decode() + ".sig/page/1",
    ):
        response = client.get(bad)
        assert response.status_code == 403, bad
        assert response.text == previews.INVALID
    monkeypatch.setattr(time, "time", lambda: 4_000_000_000.0)
    expired = client.get(url)
    assert (expired.status_code, expired.text) == (403, previews.EXPIRED)


def test_preview_and_download_tokens_are_not_interchangeable(upload, client):
    owner, file_id = upload
    download = files.download_link(owner, file_id)  # /download/<token>
    token = download.rsplit("/", 1)[1]
    assert client.get(f"/preview/{token}/page/1").status_code == 403
    preview_token = previews.preview_link(owner, file_id, 1).split("/")[2]
    assert client.get(f"/download/{preview_token}").status_code == 403
    assert client.get(download).status_code == 200


def test_a_user_who_lost_the_right_is_refused(upload, client):
    owner, file_id = upload
    url = previews.preview_link(owner, file_id, 1)
    with db.transaction() as session:
        user = session.exec(select(User).where(User.id == owner.user_id)).one()
        user.is_active = False
        session.add(user)
    response = client.get(url)
    assert (response.status_code, response.text) == (403, previews.NO_RIGHT)


def test_pages_and_sizes_that_do_not_exist_are_404(upload, client):
    owner, file_id = upload
    base = previews.preview_set(owner, file_id).base
    for path in ("page/0", "page/4", "page/x", "page/-1", "thumb/99", "huge/1", "page/1.5"):
        response = client.get(f"{base}/{path}")
        assert (response.status_code, response.text) == (404, previews.NO_PAGE), path
    with pytest.raises(NotFound):
        previews.preview_link(owner, file_id, 4)
    with pytest.raises(NotFound):
        previews.preview_link(owner, file_id, 0)


def test_a_page_that_cannot_be_drawn_says_so(upload, client, monkeypatch):
    owner, file_id = upload
    monkeypatch.setattr(pdf_worker, "child_command", [sys.executable, "-c", "import os; os.abort()"])
    response = client.get(previews.preview_link(owner, file_id, 2))
    assert (response.status_code, response.text) == (422, previews.CANNOT_RENDER)
    assert not list(previews.cache_path("0" * 64, 1, "page").parent.parent.rglob("*.png"))
