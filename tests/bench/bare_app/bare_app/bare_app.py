"""One page, one input, one handler that only keeps what was typed (a controlled input's minimum:
without a change Reflex sends no answer, so a handler doing strictly nothing cannot be timed)."""

import reflex as rx


class BareState(rx.State):
    value: str = ""

    @rx.event
    def set_value(self, value: str):
        self.value = value

    @rx.event
    def noop(self):
        """Does nothing (no delta: the server sends no answer)."""


def index() -> rx.Component:
    return rx.input(value=BareState.value, on_change=BareState.set_value, aria_label="输入")


app = rx.App()
app.add_page(index, route="/")
