"""消息中心: a user's in-app messages (the bell's unread count, the list, 标为已读, 全部已读).

Messages are written by `add` inside the transaction that causes them (a decision, a reminder
scan), with ON CONFLICT DO NOTHING on (user, key): a message is written once, whoever races. After
that transaction commits, the hooks given to `on_committed` are told which users got messages (the
app pushes their bells, live.py); nothing is told of a transaction that rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, func, select, update

from harbin_app import clock, db
from harbin_app.models import Notification
from harbin_app.services.actor import Actor
from harbin_app.services.errors import NotFound, PermissionDenied

log = logging.getLogger("harbin_app.inbox")
PAGE_SIZE = 20
_INFO_KEY = "harbin_inbox_users"
_hooks: list[Callable[[set[int]], None]] = []


def insert_for(session: Session):  # noqa: ANN201
    """The dialect's INSERT that knows ON CONFLICT."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415
    else:
        from sqlalchemy.dialects.sqlite import insert  # noqa: PLC0415
    return insert


def add(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Write messages (dicts of Notification's columns, without id) unless already written."""
    rows = [{"needs_action": False, "body": "", "order_id": None, "created_at": clock.now(), **r} for r in rows]
    if not rows:
        return
    insert = insert_for(session)
    session.execute(insert(Notification).values(rows).on_conflict_do_nothing(index_elements=["user_id", "key"]))
    session.info.setdefault(_INFO_KEY, set()).update(r["user_id"] for r in rows)


def on_committed(hook: Callable[[set[int]], None]) -> None:
    """`hook(user_ids)` after every commit that wrote messages for those users."""
    if hook not in _hooks:
        _hooks.append(hook)


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    users = session.info.pop(_INFO_KEY, None)
    if not users:
        return
    for hook in list(_hooks):
        try:
            hook(set(users))
        except Exception:  # noqa: BLE001  (a push is a courtesy: the message is kept whatever happens)
            log.exception("inbox hook failed")


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_INFO_KEY, None)


# ------------------------------------------------------------------ what the user sees


@dataclass(frozen=True)
class Message:
    id: int
    kind: str
    title: str
    body: str
    order_id: int
    link: str
    needs_action: bool
    at: str
    read: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class MessagePage:
    rows: list[Message]
    total: int
    unread: int
    page: int
    pages: int


def _require_user(actor: Actor | None) -> Actor:
    if actor is None or not actor.user_id:
        raise PermissionDenied("请先登录")
    return actor


def link_of(order_id: int | None) -> str:
    return f"/workbench/todo/{order_id}" if order_id else ""


def _message(n: Notification) -> Message:
    return Message(
        id=n.id or 0, kind=n.kind, title=n.title, body=n.body, order_id=n.order_id or 0, link=link_of(n.order_id),
        needs_action=n.needs_action, at=clock.fmt_datetime(n.created_at), read=n.read_at is not None,
    )


def unread_count(actor: Actor) -> int:
    actor = _require_user(actor)
    with db.reading() as session:
        return session.exec(
            select(func.count()).select_from(Notification).where(
                Notification.user_id == actor.user_id, col(Notification.read_at).is_(None)
            )
        ).one()


def messages(actor: Actor, page: int = 1, *, unread_only: bool = False, size: int = PAGE_SIZE) -> MessagePage:
    """The user's messages, newest first."""
    actor = _require_user(actor)
    with db.reading() as session:
        mine = Notification.user_id == actor.user_id
        unread = session.exec(
            select(func.count()).select_from(Notification).where(mine, col(Notification.read_at).is_(None))
        ).one()
        query = select(Notification).where(mine)
        if unread_only:
            query = query.where(col(Notification.read_at).is_(None))
        total = session.exec(select(func.count()).select_from(query.subquery())).one()
        pages = max(1, -(-total // size))
        page = max(1, min(page, pages))
        rows = session.exec(
            query.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
            .offset((page - 1) * size).limit(size)
        ).all()
        return MessagePage([_message(n) for n in rows], total, unread, page, pages)


def mark_read(actor: Actor, message_id: int) -> None:
    """标为已读 (one of the user's own messages; another's is not found)."""
    actor = _require_user(actor)
    with db.transaction() as session:
        row = session.get(Notification, message_id)
        if row is None or row.user_id != actor.user_id:
            raise NotFound("没有找到该消息")
        if row.read_at is None:
            session.exec(update(Notification).where(col(Notification.id) == message_id).values(read_at=clock.now()))
    _tell({actor.user_id})


def mark_all_read(actor: Actor) -> int:
    """全部已读: returns how many messages were unread."""
    actor = _require_user(actor)
    with db.transaction() as session:
        done = session.exec(
            update(Notification)
            .where(Notification.user_id == actor.user_id, col(Notification.read_at).is_(None))
            .values(read_at=clock.now())
        )
        count = done.rowcount or 0
    _tell({actor.user_id})
    return count


def _tell(users: set[int]) -> None:
    """Reading changes the count in the user's other tabs too."""
    for hook in list(_hooks):
        try:
            hook(users)
        except Exception:  # noqa: BLE001
            log.exception("inbox hook failed")
