"""HTTP routes of our own, mounted in front of Reflex's (same port in production):
/download/<signed token> serves a stored file; /preview/<signed token>/<size>/<page> one page of it as
a PNG (services/previews.py); /generated/<signed token> the print-ready PDF of a generated document
(services/generated_pdf.py); /export/<signed token> an Excel export (services/exports.py); the
upload guard lets through only uploads of a signed-in tab and never reads more than the size limit,
whatever the headers say."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from harbin_app import tab_sessions
from harbin_app.services import exports, files, generated_pdf, previews, slow_work
from harbin_app.services.errors import NotFound, PermissionDenied
from harbin_app.services.pdf_check import MAX_PDF_BYTES

UPLOAD_LIMIT = MAX_PDF_BYTES + (1 << 20)  # the file plus the multipart envelope
TOO_LARGE = "文件不能超过 100 MB"
NOT_SIGNED_IN = "请先登录后再上传文件"


async def download(request: Request) -> Response:
    try:
        served = await asyncio.to_thread(files.resolve_link, request.path_params["token"])
    except PermissionDenied as exc:
        return PlainTextResponse(exc.message, status_code=403)
    if not await asyncio.to_thread(served.path.is_file):
        return PlainTextResponse("文件不存在", status_code=404)
    return FileResponse(
        served.path,
        media_type="application/pdf",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(served.name)}"},
    )


async def preview(request: Request) -> Response:
    params = request.path_params
    try:
        found = await asyncio.to_thread(previews.locate, params["token"], params["size"], params["page"])
        image = found.cached or await slow_work.run(previews.render, found.sha256, found.page, found.size)
    except PermissionDenied as exc:
        return PlainTextResponse(exc.message, status_code=403)
    except NotFound as exc:
        return PlainTextResponse(exc.message, status_code=404)
    except previews.PreviewFailed as exc:
        return PlainTextResponse(exc.message, status_code=422)
    headers = {"Cache-Control": "private, max-age=600", "X-Content-Type-Options": "nosniff"}
    return FileResponse(image, media_type="image/png", headers=headers)


async def generated(request: Request) -> Response:
    try:
        served = await asyncio.to_thread(generated_pdf.resolve, request.path_params["token"])
    except PermissionDenied as exc:
        return PlainTextResponse(exc.message, status_code=403)
    except NotFound as exc:
        return PlainTextResponse(exc.message, status_code=404)
    return FileResponse(
        served.path,
        media_type="application/pdf",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(served.name)}"},
    )


def _read_then_close(fh) -> Iterator[bytes]:  # noqa: ANN001
    try:
        while chunk := fh.read(1 << 16):
            yield chunk
    finally:
        fh.close()


async def export(request: Request) -> Response:
    """导出 Excel: the workbook is built now into a temporary file, which is opened and unlinked at once
    (nothing stays on disk, whatever happens to the request) and streamed from the open file."""
    try:
        built = await asyncio.to_thread(exports.build, request.path_params["token"])
    except PermissionDenied as exc:
        return PlainTextResponse(exc.message, status_code=403)
    fh = built.path.open("rb")
    built.path.unlink(missing_ok=True)
    size = os.fstat(fh.fileno()).st_size
    return StreamingResponse(
        _read_then_close(fh),
        media_type=exports.XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(built.name)}", "Cache-Control": "no-store",
                 "Content-Length": str(size)},
    )


routes = Starlette(routes=[
    Route("/download/{token}", download),
    Route("/preview/{token}/{size}/{page}", preview),
    Route("/generated/{token}", generated),
    Route("/export/{token}", export),
])


def _is_upload(scope) -> bool:  # noqa: ANN001
    return (
        scope["type"] == "http"
        and scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS")
        and scope["path"].rstrip("/").endswith("/_upload")
    )


def upload_limit(app):  # noqa: ANN001, ANN201  (an ASGI wrapper)
    """In front of Reflex's upload endpoint (POST /_upload):

    - an upload from a tab that is not signed in (its Reflex client token bound to an open session,
      see tab_sessions) is answered 403 before any of its body is read;
    - a declared size over the limit is answered 413 at once;
    - the body is counted as it arrives (chunked requests declare no size): past the limit the
      request is answered 413 and Reflex sees the client go away, so its parser drops the partial
      temporary file and no handler runs.
    """

    async def guarded(scope, receive, send):  # noqa: ANN001, ANN202
        if not _is_upload(scope):
            await app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not await tab_sessions.may_upload(headers.get("reflex-client-token", "")):
            await PlainTextResponse(NOT_SIGNED_IN, status_code=403)(scope, receive, send)
            return
        declared = headers.get("content-length")
        if declared is not None and (not (declared.isascii() and declared.isdigit()) or int(declared) > UPLOAD_LIMIT):
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
            return

        received = 0
        cut_off = False
        answered = False

        async def counted():  # noqa: ANN202
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > UPLOAD_LIMIT:
                    cut_off = True
                    if not answered:
                        await PlainTextResponse(TOO_LARGE, status_code=413, headers={"Connection": "close"})(
                            scope, receive, send
                        )
                    return {"type": "http.disconnect"}
            return message

        async def passed_on(message):  # noqa: ANN001, ANN202
            nonlocal answered
            if cut_off:
                return  # the request was answered 413: whatever the app says to the cut-off request is dropped
            answered = True
            await send(message)

        await app(scope, counted, passed_on)

    return guarded
