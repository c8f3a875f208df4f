"""After a refused 提交 the keyboard focus goes to the first field that has a message, in the form's
order (Reflex's own rx.set_focus: the control's id is its ref), so a keyboard or screen-reader user
lands where the problem is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import reflex as rx


def first_problem(errors: Mapping[str, str], order: Sequence[tuple[str, str]]) -> rx.event.EventSpec | None:
    """rx.set_focus on the control of the first (error key, control id) in `order` with a message."""
    for key, control_id in order:
        if errors.get(key):
            return rx.set_focus(control_id)
    return None
