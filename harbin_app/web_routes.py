"""HTTP routes of our own, mounted in front of Reflex's (same port in production):
/download/<signed token> serves a stored file; /preview/<signed token>/<size>/<page> one page of it as
a PNG (services/previews.py); /generated/<signed token> the print-ready PDF of a generated document
(services/generated_pdf.py); oversized uploads are refused before they are read."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from harbin_app.services import files, generated_pdf, previews, slow_work
from harbin_app.services.errors import NotFound, PermissionDenied
from harbin_app.services.pdf_check import MAX_PDF_BYTES

UPLOAD_LIMIT = MAX_PDF_BYTES + (1 << 20)  # the file plus the multipart envelope


async def download(request: Request) -> Response:
    try:
        served = await asyncio.to_thread(files.resolve_link, request.path_params["token"])
    except PermissionDenied as exc:
        return PlainTextResponse(exc.message, status_code=403)
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


routes = Starlette(routes=[
    Route("/download/{token}", download),
    Route("/preview/{token}/{size}/{page}", preview),
    Route("/generated/{token}", generated),
])


def upload_limit(app):  # noqa: ANN001, ANN201  (an ASGI wrapper)
    """Answer 413 at once to an upload whose declared size is over the limit."""

    async def guarded(scope, receive, send):  # noqa: ANN001, ANN202
        if scope["type"] == "http" and scope["path"].endswith("/_upload"):
            length = dict(scope.get("headers") or []).get(b"content-length", b"0")
            if length.isdigit() and int(length) > UPLOAD_LIMIT:
                await PlainTextResponse("文件不能超过 100 MB", status_code=413)(scope, receive, send)
                return
        await app(scope, receive, send)

    return guarded
