"""The running app over plain HTTP: uploads (session, size cap, nothing kept), download links, its own key.

Uploads are sent on a raw socket, chunked and with no Content-Length, the way the attack the guard
stops is sent. The real upload endpoint needs the name of a real upload handler (an unknown one is
answered 400 before the body is read, which would prove nothing): it is looked up among the app's
states.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import select
import socket
import stat
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page

from tests.browser.helpers import login

MB = 1 << 20
LIMIT = 100 * MB + MB  # web_routes.UPLOAD_LIMIT: the 100 MB file plus the multipart envelope
BOUNDARY = "----harbinupload"
OLD_DEFAULT = "development-only-secret-do-not-use-in-production"


def upload_handler() -> tuple[str, dict[str, str]]:
    """One of the app's upload handlers (whichever page declares one): its full name, and a value
    for each of its other parameters (they travel in the upload's args field)."""
    import inspect

    import harbin_app.harbin_app  # noqa: F401  (every state registered)
    from reflex.state import State
    from reflex_base.event import resolve_upload_handler_param
    from reflex_base.utils.format import format_event_handler

    def states(cls):  # noqa: ANN001, ANN202
        yield cls
        for sub in cls.get_substates():
            yield from states(sub)

    for state in states(State):
        for handler in state.event_handlers.values():
            try:
                upload_param, _ = resolve_upload_handler_param(handler)
            except Exception:  # noqa: BLE001  (not an upload handler)
                continue
            others = [p for p in list(inspect.signature(handler.fn).parameters)[1:] if p != upload_param]
            return format_event_handler(handler), {p: "x" for p in others}
    raise AssertionError("the app declares no upload handler")


class RawUpload:
    """POST /_upload on a socket, chunked: the body is sent piece by piece until the server answers."""

    def __init__(self, base_url: str, client_token: str, handler: tuple[str, dict[str, str]]) -> None:
        handler, args = handler
        url = urlsplit(base_url)
        self.sock = socket.create_connection((url.hostname, url.port), timeout=30)
        self.sent = 0
        self.cut = False
        head = (
            f"POST /_upload HTTP/1.1\r\nHost: {url.netloc}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Reflex-Client-Token: {client_token}\r\nReflex-Event-Handler: {handler}\r\n\r\n"
        )
        self.sock.sendall(head.encode())
        self._chunk(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="__reflex_event_args"\r\n\r\n{json.dumps(args)}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="scan.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n".encode()
        )

    def _chunk(self, data: bytes) -> bool:
        """Send one chunk; False once the server has answered or closed (nothing more is sent)."""
        if self.cut or select.select([self.sock], [], [], 0)[0]:
            self.cut = True
            return False
        try:
            self.sock.sendall(b"%x\r\n" % len(data) + data + b"\r\n")
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.cut = True
            return False
        self.sent += len(data)
        return True

    def send(self, size: int) -> bool:
        piece = b"\0" * MB
        while size > 0:
            if not self._chunk(piece[: min(MB, size)]):
                return False
            size -= MB
        return True

    def finish(self) -> None:
        if self._chunk(f"\r\n--{BOUNDARY}--\r\n".encode()):
            self.sock.sendall(b"0\r\n\r\n")

    def status(self) -> int | None:
        """The answer's status code; None when the server reset the connection without one."""
        data = b""
        try:
            while b"\r\n" not in data:
                got = self.sock.recv(4096)
                if not got:
                    break
                data += got
        except ConnectionResetError:
            pass
        finally:
            self.sock.close()
        return int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1 ") else None


def client_token(page: Page) -> str:
    token = page.evaluate("window.sessionStorage.getItem('token')")
    assert token
    return token


def open_spools(tmp: Path) -> list[str]:
    """Unnamed temporary files under the app's temporary folder that some process holds open: how
    spooled upload bodies live on disk (no directory listing shows them, /proc does)."""
    found = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            links = [os.readlink(fd) for fd in fd_dir.iterdir()]
        except OSError:
            continue
        found += [link for link in links if link.startswith(str(tmp)) and link.endswith("(deleted)")]
    return found


def wait_until(condition, timeout: float = 20) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def stored_count(app) -> int:  # noqa: ANN001
    out = app.run_python(
        "from sqlmodel import func, select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import StoredFile\n"
        "with db.reading() as s:\n"
        "    print(s.exec(select(func.count()).select_from(StoredFile)).one())\n"
    )
    return int(out.strip())


@pytest.fixture(scope="module")
def handler() -> tuple[str, dict[str, str]]:
    return upload_handler()


def test_an_upload_without_a_session_is_answered_before_its_body(app_server, handler) -> None:  # noqa: ANN001
    upload = RawUpload(app_server.url, "not-a-signed-in-tab", handler)
    # only the first piece of a body announced as chunked and endless: the answer comes anyway
    assert upload.status() == 403
    assert open_spools(Path(app_server.env["TMPDIR"])) == []


def test_a_chunked_101_mb_upload_without_a_session_is_refused(app_server, handler) -> None:  # noqa: ANN001
    before = stored_count(app_server)
    upload = RawUpload(app_server.url, "not-a-signed-in-tab", handler)
    upload.send(LIMIT + 2 * MB)
    assert upload.cut  # the server answered (or closed) before the body was all sent
    assert upload.status() in (403, None)
    assert open_spools(Path(app_server.env["TMPDIR"])) == []
    assert stored_count(app_server) == before


def test_a_signed_in_upload_over_the_cap_is_cut_off_and_nothing_kept(page: Page, app_server, handler) -> None:  # noqa: ANN001
    login(page, "reviewer")
    token = client_token(page)
    tmp = Path(app_server.env["TMPDIR"])

    small = RawUpload(app_server.url, token, handler)  # the guard lets a signed-in tab's upload through
    small.send(MB)
    small.finish()
    assert small.status() == 200

    before = stored_count(app_server)
    upload = RawUpload(app_server.url, token, handler)
    assert upload.send(10 * MB)
    assert wait_until(lambda: open_spools(tmp) != []), "the body is spooled as it arrives (the check below sees spools)"
    offered = 10 * MB + LIMIT + 64 * MB  # well past the cap (and more than socket buffers hold)
    upload.send(offered - 10 * MB)
    assert upload.cut and upload.sent < offered  # the server stopped reading: not read to the end
    assert upload.status() in (413, None)
    assert wait_until(lambda: open_spools(tmp) == []), f"a spooled upload is still open: {open_spools(tmp)}"
    assert stored_count(app_server) == before
    assert not any(Path(app_server.env["HARBIN_FILES_DIR"], "incoming").glob("*"))


# ------------------------------------------------------------------ download links and the instance key


def signed(key: str, payload: dict) -> str:
    raw = json.dumps(payload).encode()
    b64 = lambda data: base64.urlsafe_b64encode(data).decode().rstrip("=")  # noqa: E731
    return b64(raw) + "." + b64(hmac.new(key.encode(), raw, hashlib.sha256).digest())


def stored_file(app) -> tuple[int, int]:  # noqa: ANN001
    """Set-up step: an enterprise user with one stored PDF; returns the file id and the user's id (a link
    names the user it was minted for, whose right is checked again when it is used)."""
    out = app.run_python(
        "import io\n"
        "from pypdf import PdfWriter\n"
        "from harbin_app import clock, db\n"
        "from harbin_app.models import Enterprise, User\n"
        "from harbin_app.services import files\n"
        "from harbin_app.services.accounts import actor_of\n"
        "with db.transaction() as s:\n"
        "    e = Enterprise(created_at=clock.now()); s.add(e); s.flush()\n"
        "    u = User(username='keycheck', role='enterprise', password_hash='x', created_at=clock.now(), enterprise_id=e.id)\n"
        "    s.add(u); s.flush(); q = actor_of(u)\n"
        "w = PdfWriter(); w.add_blank_page(width=595, height=842); b = io.BytesIO(); w.write(b); b.seek(0)\n"
        "print(files.store_upload(q, b, '审计报告.pdf', field='f')['file_id'], q.user_id)\n"
    )
    file_id, user_id = out.strip().splitlines()[-1].split()
    return int(file_id), int(user_id)


def test_the_instance_made_its_own_key_and_the_old_default_forges_nothing(app_server) -> None:  # noqa: ANN001
    key_file = Path(app_server.env["HARBIN_SECRET_FILE"])
    assert "HARBIN_SECRET_KEY" not in app_server.env  # started without a configured key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 32 and key != OLD_DEFAULT
    file_id, owner = stored_file(app_server)
    payload = {"f": file_id, "u": owner, "e": int(time.time()) + 600}

    forged = httpx.get(f"{app_server.url}/download/{signed(OLD_DEFAULT, payload)}")
    assert forged.status_code == 403
    genuine = httpx.get(f"{app_server.url}/download/{signed(key, payload)}")  # the instance signs with its own key
    assert genuine.status_code == 200 and genuine.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "token",
    ["e30.中", "中.e30", "e30.%E4%B8%AD%FF", "e30", "e30.", ".x", "!!!.x", "W10.x", "e30.x.y", "%FF%FE.abc", "a" * 4000],
)
def test_every_malformed_link_answers_403(app_server, token: str) -> None:  # noqa: ANN001
    answer = httpx.get(f"{app_server.url}/download/{token}")
    assert answer.status_code == 403
