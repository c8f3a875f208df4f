"""Form fields with a visible label that is also the input's accessible name, and the message
for that field right below it."""

from __future__ import annotations

from typing import Any

import reflex as rx


def error_id(field_id: str) -> str:
    """The id of a field's message; the control points at it with aria-describedby."""
    return f"{field_id}-error"


def error_text(message: rx.Var | str, field_id: str = "") -> rx.Component:
    return rx.cond(
        message,
        rx.text(message, color="var(--red-11)", size="1", role="alert", id=error_id(field_id) if isinstance(field_id, rx.Var) or field_id else None),
        rx.fragment(),
    )


def field(
    label: str,
    control: rx.Component,
    *,
    field_id: str,
    error: rx.Var | str = "",
    hint: str | rx.Var = "",
    required: bool = True,
    extra: rx.Component | None = None,
) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.el.label(
                label,
                html_for=field_id,
                style={"fontSize": "var(--font-size-2)", "fontWeight": "500"},
            ),
            rx.text("*", color="var(--red-10)", size="2", aria_hidden="true") if required else rx.fragment(),
            rx.spacer(),
            extra or rx.fragment(),
            width="100%",
            spacing="1",
            align="center",
        ),
        control,
        rx.cond(hint, rx.text(hint, color="var(--gray-10)", size="1"), rx.fragment()) if hint else rx.fragment(),
        error_text(error, field_id),
        spacing="1",
        width="100%",
        align="stretch",
    )


def text_input(
    label: str,
    *,
    field_id: str,
    value: rx.Var,
    on_change: Any,
    error: rx.Var | str = "",
    type: str = "text",
    placeholder: str = "",
    hint: str | rx.Var = "",
    max_length: int | None = None,
    counter: bool = False,
    required: bool = True,
    on_blur: Any = None,
    disabled: rx.Var | bool = False,
    extra: rx.Component | None = None,
    **props: Any,
) -> rx.Component:
    control = rx.input(
        id=field_id,
        name=field_id,
        value=value,
        on_change=on_change,
        type=type,
        placeholder=placeholder,
        max_length=max_length,
        disabled=disabled,
        color_scheme=rx.cond(error, "red", "indigo") if isinstance(error, rx.Var) else "indigo",
        aria_invalid=rx.cond(error, "true", "false") if isinstance(error, rx.Var) else "false",
        aria_describedby=error_id(field_id),
        **({"on_blur": on_blur} if on_blur is not None else {}),
        **props,
    )
    count = (
        rx.text(value.length().to_string() + f" / {max_length}", size="1", color="var(--gray-10)")
        if counter and max_length
        else None
    )
    return field(label, control, field_id=field_id, error=error, hint=hint, required=required, extra=extra or count)


def text_area(
    label: str,
    *,
    field_id: str,
    value: rx.Var,
    on_change: Any,
    error: rx.Var | str = "",
    max_length: int | None = None,
    placeholder: str = "",
    hint: str = "",
    required: bool = True,
    rows: str = "4",
    disabled: rx.Var | bool = False,
) -> rx.Component:
    count = (
        rx.text(value.length().to_string() + f" / {max_length}", size="1", color="var(--gray-10)")
        if max_length
        else None
    )
    control = rx.text_area(
        id=field_id,
        name=field_id,
        value=value,
        on_change=on_change,
        max_length=max_length,
        placeholder=placeholder,
        rows=rows,
        disabled=disabled,
        aria_invalid=rx.cond(error, "true", "false") if isinstance(error, rx.Var) else "false",
        aria_describedby=error_id(field_id),
    )
    return field(label, control, field_id=field_id, error=error, hint=hint, required=required, extra=count)


def select_input(
    label: str,
    *,
    field_id: str,
    value: rx.Var,
    on_change: Any,
    options: list[str] | rx.Var,
    error: rx.Var | str = "",
    placeholder: str = "请选择",
    required: bool = True,
    disabled: rx.Var | bool = False,
) -> rx.Component:
    """A native <select>: labelled by its <label>, keyboard friendly, prints as text."""
    items = (
        rx.foreach(options, lambda o: rx.el.option(o, value=o))
        if isinstance(options, rx.Var)
        else [rx.el.option(o, value=o) for o in options]
    )
    control = rx.el.select(
        rx.el.option(placeholder, value=""),
        items,
        id=field_id,
        name=field_id,
        value=value,
        on_change=on_change,
        disabled=disabled,
        aria_describedby=error_id(field_id),
        class_name="harbin-select",
    )
    return field(label, control, field_id=field_id, error=error, required=required)


def form_error(message: rx.Var) -> rx.Component:
    """A message about the whole form, shown above its buttons."""
    return rx.cond(
        message,
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", width="100%"),
        rx.fragment(),
    )
