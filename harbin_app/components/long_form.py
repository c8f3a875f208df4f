"""The long-form toolkit's components, for any state that mixes in LongFormMixin: fields bound to a
content path (uncontrolled inputs: typing stays in the browser until a pause), numbered sections
with an index that counts each section's problems, repeatable row boxes (move up/down, remove,
撤销), 保存/提交 and the 草稿已保存 mark.

Inside `rx.foreach` a path is an f-string on the row's id, e.g. f"demands.{d['id']}.description":
Reflex builds it in the browser."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components.fields import error_id, error_text, field, form_error
from harbin_app.components.layout import TOPBAR_HEIGHT, workbench_page
from harbin_app.components.tables import state_badge
from harbin_app.state.long_form import RENEWED_FIELD, TYPING_MS

Path = str | rx.Var
SCROLL_MARGIN = "170px"  # the top bar and the sticky index stay above an anchored section
ROW_BOX = {
    "border": "1px solid var(--gray-5)",
    "borderRadius": "var(--radius-3)",
    "padding": "12px 14px",
    "background": "var(--gray-1)",
    "width": "100%",
}


def _key(S: Any, path: Path) -> rx.Var:  # noqa: N803  (S: the form's state class)
    """An input's React key: a new one (a fresh input) when the page replaces its value."""
    return rx.Var.create(path).to(str) + "@" + S.gen.to_string() + "." + S.regen.get(path, 0).to(int).to_string()


VALUES_FORM = "lf-values"  # the form every input belongs to (the `form` attribute): 保存 / 提交 send them all


def _in_values(path: Path) -> dict[str, Any]:
    """An input's place in the page's values: named by its path, in the form 保存 and 提交 submit."""
    return {"name": path, "custom_attrs": {"form": VALUES_FORM}}


def values_form(S: Any) -> rx.Component:  # noqa: N803
    """The (empty) form the inputs belong to: 保存, 提交 and Enter in a field send every value the page
    holds, so one whose event was lost with a dead connection is kept, not only shown."""
    return rx.form(
        rx.el.input(type="hidden", name=RENEWED_FIELD, value=S.renewed.to_string()),
        id=VALUES_FORM, on_submit=S.keep_page, no_validate=True, display="none",
    )


def err(S: Any, path: Path) -> rx.Var:  # noqa: N803
    return S.errors.get(path, "").to(str)


def counter(S: Any, path: Path, value: rx.Var, max_length: int) -> rx.Component:  # noqa: N803
    typed = S.counts.get(path, value.to(str).length()).to(int)
    return rx.text(typed.to_string() + f" / {max_length}", size="1", color="var(--gray-10)")


def text(
    S: Any, label: str, field_id: Path, path: Path, value: rx.Var, *,  # noqa: N803
    max_length: int, counter_shown: bool = False, area: bool = False, rows: str = "3",
    hint: str = "", placeholder: str = "", required: bool = True, **props: Any,
) -> rx.Component:
    """A text input or area: the value stays in the browser while typed (sent after a pause),
    checked and kept when the user leaves it."""
    error = err(S, path)
    common = {
        "id": field_id,
        **_in_values(path),
        "key": _key(S, path),
        "default_value": value.to(str),
        "on_change": lambda v: S.typing(path, v).debounce(TYPING_MS),
        "on_blur": lambda v: S.leave(path, v),
        "max_length": max_length,
        "placeholder": placeholder,
        "disabled": ~S.editable,
        "aria_invalid": rx.cond(error, "true", "false"),
        "aria_describedby": error_id(field_id),
    }
    control = rx.text_area(rows=rows, **common, **props) if area else rx.input(
        color_scheme=rx.cond(error, "red", "indigo"), **common, **props
    )
    extra = counter(S, path, value, max_length) if counter_shown else None
    return field(label, control, field_id=field_id, error=error, hint=hint, required=required, extra=extra)


def select(
    S: Any, label: str, field_id: Path, path: Path, value: rx.Var, options: list[str] | rx.Var, *,  # noqa: N803
    required: bool = True, on_change: Any = None,
) -> rx.Component:
    """A native <select> (keyboard friendly, prints as text); chosen means kept."""
    items = (
        rx.foreach(options, lambda o: rx.el.option(o, value=o))
        if isinstance(options, rx.Var)
        else [rx.el.option(o, value=o) for o in options]
    )
    control = rx.el.select(
        rx.el.option(f"请选择{label}", value=""),
        items,
        id=field_id,
        **_in_values(path),
        # options that come from the server (设置's list): a new list is a fresh select, so that its
        # value is chosen again among options that now exist
        key=_key(S, path) + "#" + options.length().to_string() if isinstance(options, rx.Var) else _key(S, path),
        default_value=value.to(str),
        on_change=on_change or (lambda v: S.choose(path, v)),
        disabled=~S.editable,
        aria_describedby=error_id(field_id),
        class_name="harbin-select",
    )
    return field(label, control, field_id=field_id, error=err(S, path), required=required)


def radio(S: Any, label: str, field_id: str, path: str, value: rx.Var, options: list[str]) -> rx.Component:  # noqa: N803
    control = rx.radio(
        options,
        **_in_values(path),  # Radix then adds a hidden native radio to the form: 保存 sends the choice too
        key=_key(S, path),
        default_value=value.to(str),
        on_change=lambda v: S.choose(path, v),
        direction="row",
        spacing="5",
        disabled=~S.editable,
        id=field_id,
        aria_label=label,
        aria_describedby=error_id(field_id),
    )
    return field(label, control, field_id=field_id, error=err(S, path))


def date(S: Any, label: str, field_id: Path, path: Path, value: rx.Var, **props: Any) -> rx.Component:  # noqa: N803
    """A date: kept in the tab when chosen, checked and stored when left."""
    error = err(S, path)
    control = rx.input(
        type="date",
        id=field_id,
        **_in_values(path),
        key=_key(S, path),
        default_value=value.to(str),
        on_change=lambda v: S.typing(path, v).debounce(TYPING_MS),
        on_blur=lambda v: S.leave(path, v),
        disabled=~S.editable,
        color_scheme=rx.cond(error, "red", "indigo"),
        aria_invalid=rx.cond(error, "true", "false"),
        aria_describedby=error_id(field_id),
        **props,
    )
    return field(label, control, field_id=field_id, error=error)


# ---------------------------------------------------------------- sections, rows


def section(key: str, title: str, *children: rx.Component, anchor: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="4", width="100%"),
        id=f"{anchor}-section-{key}",
        width="100%",
        style={"scrollMarginTop": SCROLL_MARGIN},
    )


def _small(S: Any, icon: str, text_: str, on_click: Any, *, label: rx.Var | str, color: str = "gray") -> rx.Component:  # noqa: N803
    return rx.cond(
        S.editable,
        rx.button(
            rx.icon(icon, size=14), text_, size="1", variant="ghost", color_scheme=color, type="button",
            on_click=on_click, aria_label=label,
        ),
        rx.fragment(),
    )


def row_box(
    S: Any, list_path: Path, row: rx.Var, index: rx.Var, title: str, *children: rx.Component,  # noqa: N803
    heading: bool = False, remove_text: str = "删除",
) -> rx.Component:
    """One repeatable row: its title (需求 1), 上移/下移, 删除, its fields. Keyed by the row's id, so
    removing a middle row leaves the others' inputs as they are."""
    n = (index + 1).to_string()
    name = title + " " + n
    head = rx.heading(title + " ", n, size="3", as_="h3") if heading else rx.text(title + " ", n, weight="bold", size="2")
    rid = row["id"].to(str)
    return rx.box(
        rx.vstack(
            rx.hstack(
                head,
                rx.spacer(),
                _small(S, "arrow-up", "上移", S.move_row(list_path, rid, -1), label=name + " 上移"),
                _small(S, "arrow-down", "下移", S.move_row(list_path, rid, 1), label=name + " 下移"),
                _small(S, "trash-2", remove_text, S.remove_row(list_path, rid), label=name + " " + remove_text,
                       color="red"),
                width="100%",
                align="center",
                spacing="2",
            ),
            *children,
            spacing="2",
            width="100%",
        ),
        key=rid,
        role="group",
        aria_label=name,
        style=ROW_BOX,
    )


def add_button(S: Any, text_: str, list_path: Path) -> rx.Component:  # noqa: N803
    return rx.cond(
        S.editable,
        rx.button(rx.icon("plus", size=14), text_, size="2", variant="soft", type="button", on_click=S.add_row(list_path)),
        rx.fragment(),
    )


def undo_bar(S: Any) -> rx.Component:  # noqa: N803
    """After a removal: what was removed, and 撤销."""
    return rx.cond(
        S.undo_label != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("undo-2")),
            rx.hstack(
                rx.callout.text("已删除", S.undo_label),
                rx.button("撤销", size="1", variant="soft", type="button", on_click=S.undo_remove),
                rx.button("关闭", size="1", variant="ghost", type="button", on_click=S.dismiss_undo),
                spacing="3",
                align="center",
            ),
            color_scheme="gray",
            width="100%",
            role="status",
        ),
        rx.fragment(),
    )


# ---------------------------------------------------------------- status, index, buttons


def save_status(S: Any) -> rx.Component:  # noqa: N803
    return rx.hstack(
        rx.cond(S.saved_at, rx.text("草稿已保存 ", S.saved_at, size="1", color="var(--gray-10)"), rx.fragment()),
        rx.cond(S.dirty, rx.text("有未保存的修改", size="1", color="var(--amber-11)"), rx.fragment()),
        spacing="2",
        align="center",
    )


def buttons(S: Any) -> rx.Component:  # noqa: N803
    return rx.cond(
        S.editable,
        rx.hstack(
            rx.button("保存", variant="soft", on_click=S.intend("save"), type="submit",
                      custom_attrs={"form": VALUES_FORM}),
            rx.button("提交", on_click=S.intend("submit"), loading=S.busy, type="submit",
                      custom_attrs={"form": VALUES_FORM}),
            spacing="2",
        ),
        rx.fragment(),
    )


def _index_link(S: Any, key: str, title: str, anchor: str) -> rx.Component:  # noqa: N803
    count = S.section_counts.get(key, 0).to(int)
    badge = rx.cond(
        count > 0,
        rx.badge(count.to_string(), color_scheme="red", radius="full", variant="solid",
                 aria_label=count.to_string() + " 处待修改"),
        rx.badge(rx.icon("check", size=12), color_scheme="green", radius="full", aria_label="已填好"),
    )
    return rx.el.a(
        rx.hstack(rx.text(title, size="2"), rx.cond(S.editable, badge, rx.fragment()), spacing="1", align="center"),
        href=f"#{anchor}-section-{key}",
        style={"textDecoration": "none", "color": "var(--gray-12)", "whiteSpace": "nowrap"},
    )


def sticky_index(S: Any, sections: dict[str, str], anchor: str) -> rx.Component:  # noqa: N803
    """The numbered index of the sections with their problem counts, 保存 and 提交, and 撤销 after a
    removal, kept in view."""
    return rx.box(
        rx.card(
            rx.vstack(rx.hstack(
                rx.el.nav(
                    rx.hstack(*[_index_link(S, k, t, anchor) for k, t in sections.items()], spacing="4", wrap="wrap",
                              align="center"),
                    aria_label="申请目录",
                ),
                rx.spacer(),
                save_status(S),
                buttons(S),
                width="100%",
                align="center",
                spacing="3",
                wrap="wrap",
            ), undo_bar(S), width="100%", spacing="2"),
            width="100%",
            style={"background": "white"},
        ),
        class_name="harbin-no-print",
        width="100%",
        padding_top="8px",
        padding_bottom="4px",
        background="var(--gray-2)",
        style={"position": "sticky", "top": TOPBAR_HEIGHT, "zIndex": "5"},
    )


def bottom_bar(S: Any, hint: str = "离开输入框时自动保存草稿；提交前会检查全部内容。") -> rx.Component:  # noqa: N803
    return rx.cond(
        S.editable,
        rx.card(
            rx.vstack(
                form_error(S.form_message),
                rx.hstack(buttons(S), save_status(S), spacing="3", align="center"),
                rx.text(hint, size="1", color="var(--gray-10)"),
                spacing="3",
                width="100%",
            ),
            width="100%",
            class_name="harbin-no-print",
        ),
        form_error(S.form_message),
    )


def list_error(S: Any, path: str, field_id: str) -> rx.Component:  # noqa: N803
    return error_text(err(S, path), field_id)


def form_page(S: Any, title: str, form: rx.Component, back: tuple[str, str]) -> rx.Component:  # noqa: N803
    """A long form's page: a spinner until it has loaded, the reason when it is not found, else the form;
    `back` (text, route) is the link above it to the type's list."""
    return workbench_page(
        title,
        rx.cond(
            S.loaded,
            rx.cond(
                S.found,
                rx.fragment(form, values_form(S)),
                rx.callout(S.not_found_message, icon="circle-alert", color_scheme="red", width="100%"),
            ),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
        actions=rx.link(back[0], href=back[1], class_name="harbin-no-print"),
    )


def status(
    S: Any, locked: tuple[tuple[str, str], ...], *, heading: Any = "审核未通过，审批意见：",  # noqa: N803
    extra: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """申请状态 above a form: the badge (and `extra` beside it), the last opinion in red under its
    `heading`, and, while the form cannot be edited, why (`locked`: state → text) with a link to 待办详情."""
    return rx.vstack(
        rx.hstack(
            rx.text("申请状态：", weight="medium"), state_badge(S.state_label, S.tone), *extra,
            spacing="2", align="center",
        ),
        rx.cond(
            S.last_opinion,
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-alert")),
                rx.callout.text(rx.text(heading, weight="bold", as_="span"), S.last_opinion),
                color_scheme="red",
                width="100%",
            ),
            rx.fragment(),
        ),
        rx.cond(
            ~S.editable,
            rx.callout.root(
                rx.callout.icon(rx.icon("lock")),
                rx.callout.text(rx.match(S.state, *locked, "申请内容当前不能修改。"), " ",
                                rx.link("查看待办详情", href="/workbench/todo/" + S.order_id.to_string())),
                color_scheme="blue",
                width="100%",
            ),
            rx.fragment(),
        ),
        spacing="2",
        width="100%",
    )
