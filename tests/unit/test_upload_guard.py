"""The guard in front of Reflex's upload endpoint: signed-in tabs only, and never more than the limit read.

The app behind the guard here parses the multipart body the way Reflex's upload endpoint does
(Starlette's form parser, which spools files to temporary files); the real app is exercised over
HTTP in tests/browser/test_security_http.py.
"""

from __future__ import annotations

import secrets

import pytest
from starlette.formparsers import MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse

from harbin_app import db, tab_sessions, web_routes
from harbin_app.models import User
from harbin_app.services import accounts
from harbin_app.services.actor import ENTERPRISE
from tests.unit.factories import make_user
from tests import aio

CHUNK = 1 << 20
BOUNDARY = "harbinboundary"


class Body:
    """A chunked request body of `total` bytes (no Content-Length), counting what the app pulled."""

    def __init__(self, total: int) -> None:
        head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"scan.pdf\"\r\n"
                "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()
        self.head, self.total, self.pulled, self.calls = head, total, 0, 0

    async def receive(self) -> dict:
        self.calls += 1
        if self.pulled >= self.total:
            return {"type": "http.disconnect"}
        piece = self.head if self.pulled == 0 else b"\0" * min(CHUNK, self.total - self.pulled)
        self.pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": self.pulled < self.total}


class FormApp:
    """Reads the form like Reflex's buffered upload; records what happened and every spool file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.called = self.completed = self.disconnected = False
        self.spools: list = []
        original = MultiPartParser.on_headers_finished

        def tracking(parser):  # noqa: ANN001, ANN202
            original(parser)
            if parser._current_part.file is not None:
                self.spools.append(parser._current_part.file.file)

        monkeypatch.setattr(MultiPartParser, "on_headers_finished", tracking)

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        self.called = True
        request = Request(scope, receive)
        try:
            form = await request.form(max_part_size=10 * CHUNK)
        except ClientDisconnect:
            self.disconnected = True
            await PlainTextResponse("")(scope, receive, send)
            return
        self.completed = True
        await form.close()
        await PlainTextResponse("stored")(scope, receive, send)


def run(app, body: Body, headers: dict[str, str]) -> tuple[int, bytes]:  # noqa: ANN001
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": "/_upload", "query_string": b"", "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in
                    {"content-type": f"multipart/form-data; boundary={BOUNDARY}", **headers}.items()],
    }
    aio.run(web_routes.upload_limit(app)(scope, body.receive, send))
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, sent
    return starts[0]["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.fixture
def signed_in_tab(database) -> str:  # noqa: ANN001
    """The client token of a tab bound to an open session."""
    actor = make_user("qiye", ENTERPRISE, "13800000001")
    with db.transaction() as session:
        token = accounts._open_session(session, session.get(User, actor.user_id))
    tab = secrets.token_hex(16)
    aio.run(tab_sessions.bind(tab, token))
    yield tab
    aio.run(tab_sessions.unbind(tab))


OVER = web_routes.UPLOAD_LIMIT + 5 * CHUNK  # "a 101 MB body" and then some


def test_an_upload_without_a_session_is_refused_before_its_body_is_read(database, monkeypatch) -> None:  # noqa: ANN001
    app, body = FormApp(monkeypatch), Body(OVER)
    status, text = run(app, body, {"reflex-client-token": secrets.token_hex(16), "transfer-encoding": "chunked"})
    assert status == 403 and text.decode() == "请先登录后再上传文件"
    assert body.calls == 0 and not app.called
    status, _ = run(FormApp(monkeypatch), Body(OVER), {})  # no client token at all
    assert status == 403


def test_a_signed_in_chunked_upload_over_the_limit_is_cut_off(signed_in_tab: str, monkeypatch) -> None:
    app, body = FormApp(monkeypatch), Body(OVER)
    status, text = run(app, body, {"reflex-client-token": signed_in_tab, "transfer-encoding": "chunked"})
    assert status == 413 and text.decode() == "文件不能超过 100 MB"
    assert web_routes.UPLOAD_LIMIT < body.pulled <= web_routes.UPLOAD_LIMIT + CHUNK  # not read to the end
    assert app.disconnected and not app.completed
    assert app.spools and all(spool.closed for spool in app.spools)  # the partial temporary file is gone


def test_a_declared_size_over_the_limit_is_refused_at_once(signed_in_tab: str, monkeypatch) -> None:
    app, body = FormApp(monkeypatch), Body(OVER)
    status, _ = run(app, body, {"reflex-client-token": signed_in_tab, "content-length": str(OVER)})
    assert status == 413 and body.calls == 0 and not app.called


def test_a_signed_in_upload_within_the_limit_goes_through(signed_in_tab: str, monkeypatch) -> None:
    app, body = FormApp(monkeypatch), Body(3 * CHUNK)
    status, text = run(app, body, {"reflex-client-token": signed_in_tab, "transfer-encoding": "chunked"})
    assert (status, text) == (200, b"stored") and app.completed and body.pulled == 3 * CHUNK


def test_a_revoked_or_expired_session_cannot_upload(database, monkeypatch, fake_clock) -> None:  # noqa: ANN001
    actor = make_user("qiye", ENTERPRISE, "13800000001")
    with db.transaction() as session:
        token = accounts._open_session(session, session.get(User, actor.user_id))
    tab = secrets.token_hex(16)
    aio.run(tab_sessions.bind(tab, token))
    assert aio.run(tab_sessions.may_upload(tab))
    fake_clock.advance(days=8)  # past the session lifetime (the binding itself is still there)
    assert not aio.run(tab_sessions.may_upload(tab))
    fake_clock.advance(days=-8)
    accounts.logout(token)  # revoked in the database: the binding alone is not enough
    assert not aio.run(tab_sessions.may_upload(tab))
    status, _ = run(FormApp(monkeypatch), Body(CHUNK), {"reflex-client-token": tab})
    assert status == 403


def test_other_requests_pass_untouched() -> None:
    reached: list[str] = []

    async def app(scope, receive, send) -> None:  # noqa: ANN001
        reached.append(scope["method"] + " " + scope["path"])

    async def go() -> None:
        for method, path in (("GET", "/_upload/name.pdf"), ("GET", "/download/x.y"), ("OPTIONS", "/_upload")):
            await web_routes.upload_limit(app)({"type": "http", "method": method, "path": path, "headers": []}, None, None)

    aio.run(go())
    assert reached == ["GET /_upload/name.pdf", "GET /download/x.y", "OPTIONS /_upload"]


def test_the_limit_is_the_pdf_limit_plus_the_envelope() -> None:
    from harbin_app.services.pdf_check import MAX_PDF_BYTES

    assert web_routes.UPLOAD_LIMIT == MAX_PDF_BYTES + (1 << 20)
