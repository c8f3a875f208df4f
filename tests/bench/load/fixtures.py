"""The people and orders of the load runs, in the app's database (db.configure'd by the caller):
certified enterprises with a signed-in session and a 入库申请 draft, submitted orders for the
reviewers, 10,000 orders in the 入库审核 queue. Orders go through the services; the many rows
that only have to exist (users, enterprises, sessions, the queue's orders) are inserted in bulk."""

from __future__ import annotations

import io
import itertools
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfWriter

from harbin_app import clock, db
from harbin_app.models import AuthSession, Enterprise, User, WorkOrder
from harbin_app.services import accounts, files, pool_entry
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.errors import Conflict
from harbin_app.settings import settings
from tests.bench import data
from tests.bench.load import forms
from tests.unit.factories import VALID_CERTIFICATION

_serial = itertools.count(1)  # names stay unique across the setups of one bench run


@dataclass
class Firm:
    actor: Actor
    token: str  # the browser's sign-in token (LocalStorage harbin_token)
    order_id: int = 0
    row_version: int = 0


def _profile(n: int) -> dict[str, str]:
    return {**VALID_CERTIFICATION, "company_name": f"负载测试企业{n:06d}有限公司", "credit_code": data.credit_code(500_000 + n)}


def certified_firms(count: int) -> list[Firm]:
    """`count` certified enterprises, each with one user signed in (bulk rows, real session tokens)."""
    now = clock.now()
    made: list[tuple[User, str]] = []
    with db.transaction() as session:
        for _ in range(count):
            n = next(_serial)
            profile = _profile(n)
            firm = Enterprise(
                name=profile["company_name"], credit_code=profile["credit_code"], industry=profile["industry"],
                profile=profile, certified_at=now, created_at=now,
            )
            session.add(firm)
            session.flush()
            user = User(username=f"load_{n}", role=ENTERPRISE, password_hash="x", enterprise_id=firm.id, created_at=now)
            session.add(user)
            session.flush()
            token = secrets.token_urlsafe(32)
            session.add(
                AuthSession(
                    token_hash=accounts.token_hash(token), user_id=user.id or 0, created_at=now,
                    expires_at=now + timedelta(days=1),
                )
            )
            made.append((user, token))
    return [Firm(actor_of(user), token) for user, token in made]


def with_pool_entry(firms: list[Firm], content: dict[str, Any]) -> list[Firm]:
    """Each firm's 入库申请 (pool_entry.start) with `content` saved as its draft (pool_entry.save)."""
    for firm in firms:
        firm.order_id = pool_entry.start(firm.actor)
        try:  # a new order's row version is 1 (models/workorder.py); ask only if that changed
            firm.row_version = pool_entry.save(firm.actor, firm.order_id, content, 1)
        except Conflict:
            view = pool_entry.load(firm.actor, firm.order_id)
            firm.row_version = pool_entry.save(firm.actor, firm.order_id, content, view.row_version)
    return firms


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def evidence(actor: Actor) -> dict[str, Any]:
    """The two required PDFs, uploaded for this enterprise (files.store_upload)."""
    return {
        "audit_report": files.store_upload(actor, io.BytesIO(_pdf(3)), "审计报告.pdf", field="evidence.audit_report"),
        "credit_report": files.store_upload(actor, io.BytesIO(_pdf(2)), "信用报告.pdf", field="evidence.credit_report"),
    }


def complete(firms: list[Firm]) -> list[Firm]:
    """Drafts that pass every check (typical content and the required evidence): ready for 提交."""
    for firm in firms:
        firm.order_id = firm.order_id or pool_entry.start(firm.actor)
        view = pool_entry.load(firm.actor, firm.order_id)
        content = {**forms.sized("typical"), "evidence": evidence(firm.actor)}
        firm.row_version = pool_entry.save(firm.actor, firm.order_id, content, view.row_version)
    return firms


def submitted_orders(count: int) -> list[int]:
    """`count` complete 入库申请 submitted through the services (pool_entry.submit): for reviewers."""
    ids = []
    for firm in complete(certified_firms(count)):
        view = pool_entry.load(firm.actor, firm.order_id)
        ids.append(pool_entry.submit(firm.actor, firm.order_id, view.content, view.row_version).order_id)
    return ids


def reviewer_token() -> str:
    """A signed-in session of the demo reviewer (harbin_app.services.seed)."""
    return accounts.login_password("reviewer", "Harbin#2024")[0]


def queue_orders(count: int) -> None:
    """`count` 入库申请 in bulk for the 入库审核 queue: 3/4 待审核, the rest 驳回 or 已入库."""
    now = clock.now()
    with db.transaction() as session:
        firms = [Enterprise(created_at=now, certified_at=now) for _ in range(count)]
        session.add_all(firms)
        session.flush()
        for i, firm in enumerate(firms):
            name = f"队列企业{i:05d}有限公司"
            state = ("rejected", "pooled")[i % 2] if i % 4 == 3 else "submitted"
            at = now - timedelta(minutes=count - i)
            session.add(
                WorkOrder(
                    kind=pool_entry.KIND, enterprise_id=firm.id or 0, state=state, version=1,
                    row_version=3, subject_name=name, credit_code=data.credit_code(200_000 + i),
                    industry=data.INDUSTRIES[i % len(data.INDUSTRIES)], created_at=at, updated_at=at,
                    submitted_at=at,
                )
            )


def use_files_dir(path: str) -> None:
    """Keep this process's uploads (evidence PDFs) in the run's folder, not var/files."""
    object.__setattr__(settings, "files_dir", Path(path))
