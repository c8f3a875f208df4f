"""工作台 pages that are not yet built, and the /workbench entry."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.layout import coming_soon, workbench_page


def workbench_home() -> rx.Component:
    return workbench_page("工作台", rx.center(rx.spinner(), padding="48px"))


def placeholder(title: str):  # noqa: ANN201
    def page() -> rx.Component:
        return workbench_page(title, coming_soon(title))

    page.__name__ = f"placeholder_{abs(hash(title))}"
    return page
