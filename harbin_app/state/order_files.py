"""待办详情's files: 待盖章材料下载 (Word, and the print-ready PDF made on the server), 盖章材料上传
with its check (the form's exact page count, the red seal) and the reason to hand in anyway, the
files handed in, and page previews of every PDF for the reviewers (no download needed)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from harbin_app import live
from harbin_app.services import files, previews, slow_work, workorders
from harbin_app.services.actor import ENTERPRISE
from harbin_app.services.engine.documents import REASON_FIELD
from harbin_app.services.errors import Conflict, ServiceError
from harbin_app.state.print_pdf import pdf_download
from harbin_app.state.session import actor_of


def _file_ids(detail: workorders.OrderDetail) -> list[int]:
    ids = [ref["file_id"] for s in detail.sections for _, ref in s.files if ref and ref.get("file_id")]
    ids += [ref["file_id"] for _, _, ref in detail.handed_in]
    return list(dict.fromkeys(ids))


class OrderFilesState(rx.State):
    order_id: int = 0
    documents: list[dict] = []  # {"key", "label", "pdf"}: 待盖章材料下载
    pdf_busy: str = ""  # the document whose PDF is being made (正在生成 PDF…)
    uploads: dict[str, dict] = {}  # slot → {"key", "label", "action", "hint", "button"}
    handed_in: list[dict] = []  # {"label", "at", "file"}
    pending_files: dict[str, dict] = {}  # slot → uploaded file not yet handed in
    warnings: dict[str, list[str]] = {}  # slot → what the check found
    needs_reason: dict[str, bool] = {}
    reasons: dict[str, str] = {}  # slot → 仍要提交的原因
    checking: str = ""  # the slot whose file is being checked
    handing_in: str = ""  # the slot whose file is being handed in
    errors: dict[str, str] = {}
    upload_progress: int = 0
    uploading: bool = False
    previews: dict[str, dict] = {}  # file id → {"name", "pages", "base", "thumbnails"}
    viewer: dict[str, Any] = {}  # the page open in the viewer: file_id, name, pages, base, page
    _row_version: int = 0

    async def apply(self, detail: workorders.OrderDetail, actor) -> None:  # noqa: ANN001
        """Called by OrderDetailState whenever the order is (re)loaded."""
        ot = workorders.order_type(detail.kind)
        if self.order_id != detail.id:
            self.pending_files, self.warnings, self.needs_reason, self.reasons, self.errors = {}, {}, {}, {}, {}
            self.viewer, self.checking = {}, ""
        self.order_id, self._row_version = detail.id, detail.row_version
        self.documents = [{"key": key, "label": label, "pdf": key in ot.print_ready} for key, label in detail.documents]
        self.uploads = {
            u.key: {"key": u.key, "label": u.label, "action": u.action, "hint": u.hint,
                    "button": ot.workflow.action_label(u.action)}
            for u in detail.uploads
        }
        self.handed_in = [{"label": label, "at": at, "file": ref} for label, at, ref in detail.handed_in]
        self.pending_files = {k: v for k, v in self.pending_files.items() if k in self.uploads}
        self.previews = await self._previews(actor, _file_ids(detail)) if actor.role != ENTERPRISE else {}

    @staticmethod
    async def _previews(actor, file_ids: list[int]) -> dict[str, dict]:  # noqa: ANN001
        def mint() -> dict[str, dict]:
            out = {}
            for file_id in file_ids:
                try:
                    p = previews.preview_set(actor, file_id)
                except ServiceError:
                    continue
                out[str(file_id)] = {"name": p.name, "pages": p.pages, "base": p.base, "thumbnails": list(p.thumbnails)}
            return out

        return await asyncio.to_thread(mint)

    # ------------------------------------------------------------ 待盖章材料下载

    @rx.event
    async def download_document(self, key: str):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            name, data = await asyncio.to_thread(workorders.document, actor, self.order_id, key)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=data, filename=name)

    @rx.event(background=True)
    async def download_pdf(self, key: str):
        """下载 PDF: made on the server from the same document (cached by its content), off the loop."""
        async with self:
            if self.pdf_busy:
                return
            actor = await actor_of(self)
            order_id = self.order_id
            self.pdf_busy = key
        try:
            if actor is None:
                return
            name, docx = await asyncio.to_thread(workorders.document, actor, order_id, key)
            outcome = await pdf_download(actor, name, docx)
        except ServiceError as exc:
            outcome = rx.toast.error(exc.message)
        finally:
            async with self:
                self.pdf_busy = ""
        yield outcome

    @rx.event
    async def download_file(self, file_id: int):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            link = await asyncio.to_thread(files.download_link, actor, int(file_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link)

    # ------------------------------------------------------------ 盖章材料上传

    @rx.event
    def upload_progress_changed(self, progress: dict):
        self.uploading = progress.get("progress", 0) < 1
        self.upload_progress = round(float(progress.get("progress", 0)) * 100)

    @rx.event
    async def upload(self, uploaded: list[rx.UploadFile], slot: str):
        """A file chosen for a slot: checked by content and kept; then checked against the form."""
        actor = await actor_of(self)
        self.uploading = False
        if actor is None or not uploaded or slot not in self.uploads:
            return None
        chosen = uploaded[0]
        self.errors = {k: v for k, v in self.errors.items() if k not in (slot, REASON_FIELD)}
        try:
            ref = await asyncio.to_thread(files.store_upload, actor, chosen.file, chosen.filename or "", field=slot)
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {slot: exc.message})}
            return None
        self.pending_files = {**self.pending_files, slot: ref}
        self.warnings = {k: v for k, v in self.warnings.items() if k != slot}
        self.needs_reason = {**self.needs_reason, slot: False}
        self.checking = slot
        return type(self).check_upload(slot)

    @rx.event(background=True)
    async def check_upload(self, slot: str):
        """The page count against the form's PDF and the seal check: seconds, off the tab's lock."""
        async with self:
            actor = await actor_of(self)
            ref, order_id = self.pending_files.get(slot), self.order_id
        try:
            check = await slow_work.run(workorders.hand_in_check, actor, order_id, slot, ref) if actor and ref else None
        except ServiceError as exc:
            async with self:
                self.checking = ""
                self.errors = {**self.errors, **(exc.fields or {slot: exc.message})}
            return
        async with self:
            self.checking = ""
            if check is not None and self.pending_files.get(slot) == ref:
                self.warnings = {**self.warnings, slot: list(check.warnings)}
                self.needs_reason = {**self.needs_reason, slot: check.needs_reason}

    @rx.event
    def set_reason(self, slot: str, value: str):
        self.reasons = {**self.reasons, slot: value}
        if REASON_FIELD in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != REASON_FIELD}

    @rx.event
    async def hand_in(self, slot: str):
        actor = await actor_of(self)
        ref = self.pending_files.get(slot)
        if actor is None or self.checking or self.handing_in:
            return
        if not ref:
            self.errors = {**self.errors, slot: "请先选择要上传的 PDF 文件"}
            return
        self.handing_in = slot
        yield  # the button shows it is working
        try:
            result = await asyncio.to_thread(
                workorders.hand_in, actor, self.order_id, slot, ref, seen_row_version=self._row_version,
                reason=self.reasons.get(slot, ""),
            )
        except Conflict as exc:
            yield rx.toast.warning(exc.message)  # the page follows the order live
            return
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {slot: exc.message})}
            return
        finally:
            self.handing_in = ""
        for name in ("pending_files", "warnings", "needs_reason", "reasons"):
            setattr(self, name, {k: v for k, v in getattr(self, name).items() if k != slot})
        live.order_changed(result)  # this tab too: its 待办详情 reloads like every other one showing it
        yield rx.toast.success("已提交，请等待市工信局审核")

    # ------------------------------------------------------------ previews

    @rx.event
    async def open_viewer(self, file_id: str, page: int):
        """A page of an uploaded PDF, in the browser (fresh links: they live 10 minutes)."""
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            p = await asyncio.to_thread(previews.preview_set, actor, int(file_id), thumbnails=0)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        self.viewer = {"file_id": str(file_id), "name": p.name, "pages": p.pages, "base": p.base,
                       "page": max(1, min(int(page), p.pages))}
        return None

    @rx.event
    def viewer_step(self, delta: int):
        if self.viewer:
            self.viewer = {**self.viewer, "page": max(1, min(int(self.viewer["page"]) + int(delta), int(self.viewer["pages"])))}

    @rx.event
    def close_viewer(self):
        self.viewer = {}
