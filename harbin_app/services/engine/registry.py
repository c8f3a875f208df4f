"""The registered work-order types. The app (and the test set-up) registers every type once at
start-up (harbin_app.services.order_types.register_all); nothing is imported lazily."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harbin_app.services.engine.types import OrderType

_TYPES: dict[str, OrderType] = {}
# called inside every transition's transaction, after the type's own side effects (notifications)
_LISTENERS: list[Callable[..., Any]] = []


class UnknownType(LookupError):
    pass


def register(order_type: OrderType) -> OrderType:
    known = _TYPES.get(order_type.kind)
    if known is not None and known is not order_type:
        raise ValueError(f"work-order type {order_type.kind!r} is registered twice")
    _TYPES[order_type.kind] = order_type
    return order_type


def replace(order_type: OrderType) -> OrderType:
    """Register `order_type` in place of the one of its kind (tests; a type changed at run time)."""
    _TYPES[order_type.kind] = order_type
    return order_type


def get(kind: str) -> OrderType:
    try:
        return _TYPES[kind]
    except KeyError:
        raise UnknownType(f"work-order type {kind!r} is not registered (order_types.register_all())") from None


def all_types() -> list[OrderType]:
    return list(_TYPES.values())


def kinds() -> list[str]:
    return list(_TYPES)


def all_slots() -> dict[str, str]:
    """Every slot of hand-in files of every type: key → label."""
    return {key: label for ot in _TYPES.values() for key, label in ot.slots.items()}


def staff_roles(kind: str) -> frozenset[str]:
    """The roles other than the enterprise that a type's table names (for live topics)."""
    return get(kind).workflow.staff_roles()


def listen(listener: Callable[..., Any]) -> None:
    """`listener(session, event)` is called inside every transition's transaction (once)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def listeners() -> list[Callable[..., Any]]:
    return list(_LISTENERS)
