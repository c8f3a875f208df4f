"""工作台: the /workbench entry, page registration with the guard, and placeholders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reflex as rx

from harbin_app import navigation
from harbin_app.components.layout import coming_soon, workbench_page
from harbin_app.state.session import SessionState

TITLE = "哈尔滨中小企业数字化转型公共服务平台"

_registered: set[str] = set()


def add_workbench_page(
    app: rx.App, route: str, page: Callable[[], rx.Component], title: str, on_load: Sequence[Any] = ()
) -> None:
    """Add a workbench page: the guard (signed in, role allowed by navigation.py) runs first."""
    app.add_page(page, route=route, title=f"{title} - {TITLE}", on_load=[SessionState.guard, *on_load])
    _registered.add(route)


def workbench_home() -> rx.Component:
    return workbench_page("工作台", rx.center(rx.spinner(), padding="48px"))


def _placeholder(title: str) -> Callable[[], rx.Component]:
    def page() -> rx.Component:
        return workbench_page(title, coming_soon(title))

    page.__name__ = f"placeholder_{abs(hash(title))}"
    return page


def add_placeholders(app: rx.App) -> None:
    """An honest 即将上线 page for every sidebar entry not built yet."""
    for item in navigation.NAV:
        if item.route not in _registered:
            add_workbench_page(app, item.route, _placeholder(item.label), item.label)
