"""Page frames: the portal's top bar, and the workbench's top bar + fixed sidebar."""

from __future__ import annotations

import reflex as rx
from reflex.experimental.client_state import ClientStateVar

from harbin_app import navigation
from harbin_app.components.inbox_bell import bell
from harbin_app.services.actor import ROLE_LABELS
from harbin_app.state.session import SessionState

PLATFORM_NAME = "哈尔滨中小企业数字化转型公共服务平台"
GOV_BLUE = "#123f7f"
TOPBAR_HEIGHT = "56px"
SIDEBAR_WIDTH = "208px"


def link_button(text: str, href: str, *, variant: str = "solid", size: str = "2", light: bool = True) -> rx.Component:
    """A link that looks like a button (a link: it navigates; never a <button> inside an <a>)."""
    solid = variant == "solid"
    return rx.link(
        text,
        href=href,
        underline="none",
        style={
            "display": "inline-flex",
            "alignItems": "center",
            "padding": "0 14px" if size == "2" else "0 20px",
            "height": "32px" if size == "2" else "40px",
            "borderRadius": "var(--radius-2)",
            "fontSize": "var(--font-size-2)" if size == "2" else "var(--font-size-3)",
            "fontWeight": "500",
            "color": (GOV_BLUE if solid else "white") if light else ("white" if solid else "var(--accent-11)"),
            "background": ("white" if solid else "transparent") if light else ("var(--accent-9)" if solid else "transparent"),
            "border": "1px solid " + ("white" if light else "var(--accent-8)"),
        },
    )


# open while the mouse is over the name or the menu (the manual: 鼠标滑过单击"工作台"); a click, Enter
# or the arrow keys open it too, Escape or a click elsewhere closes it (the menu's own handling)
_menu_open = ClientStateVar.create("harbin_user_menu_open", False)


def user_menu() -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle-user", size=16),
                    SessionState.user_name,
                    rx.icon("chevron-down", size=14),
                    variant="ghost",
                    color="white",
                    # the visible name first, then what the button is (WCAG 2.5.3: the label is in the name)
                    aria_label=SessionState.user_name.to(str) + " 用户菜单",
                ),
                # the mouse opened it on the way in, and the press toggled it shut: the click opens it again
                # (on the trigger, not the button: a button with on_click would be wrapped in a div that
                # then carries the trigger's aria-expanded)
                on_click=_menu_open.set_value(True),
            ),
            rx.menu.content(
                rx.menu.item(SessionState.role_label, disabled=True),
                rx.menu.separator(),
                rx.menu.item("工作台", on_select=SessionState.to_workbench),
                rx.menu.item("退出", on_select=SessionState.logout, color="red"),
                side_offset=0,  # no gap to cross between the name and the menu
                align="end",
            ),
            open=_menu_open.value,
            on_open_change=_menu_open.set,
            modal=False,  # the page stays usable while the mouse passes over the menu
        ),
        on_mouse_enter=_menu_open.set_value(True),
        on_mouse_leave=_menu_open.set_value(False),  # the menu is inside (a portal, but the same tree)
    )


def top_bar() -> rx.Component:
    return rx.hstack(
        # set once the page is connected to the server (tests wait for it before typing)
        rx.cond(rx.State.is_hydrated, rx.el.span(id="harbin-ready", hidden=True), rx.fragment()),
        rx.link(
            rx.hstack(
                rx.icon("landmark", size=22, color="white"),
                rx.text(PLATFORM_NAME, weight="bold", size="4", color="white"),
                align="center",
                spacing="2",
            ),
            href="/",
            underline="none",
        ),
        rx.spacer(),
        rx.cond(
            SessionState.signed_in,
            rx.hstack(bell(), user_menu(), align="center", spacing="4"),
            rx.hstack(
                link_button("注册", "/register", variant="outline"),
                link_button("登录", "/login", variant="solid"),
                spacing="2",
            ),
        ),
        class_name="harbin-topbar harbin-no-print",
        align="center",
        padding_x="24px",
        height=TOPBAR_HEIGHT,
        background=GOV_BLUE,
        width="100%",
        position="sticky",
        top="0",
        z_index="10",
    )


def portal_page(*children: rx.Component) -> rx.Component:
    return rx.box(
        top_bar(),
        rx.el.main(rx.container(rx.vstack(*children, spacing="5", padding_y="24px", width="100%"), size="4")),
        min_height="100vh",
        background="var(--gray-2)",
    )


def _locked(item: navigation.NavItem, reason: str, title: str) -> rx.Component:
    return rx.hstack(
        rx.icon(item.icon, size=16),
        rx.vstack(
            rx.text(item.label, size="2"),
            rx.text(reason, size="1", color="var(--gray-10)"),
            spacing="0",
        ),
        align="center",
        spacing="2",
        padding="8px 12px",
        color="var(--gray-9)",
        aria_disabled="true",
        title=title,
    )


def _nav_link(item: navigation.NavItem) -> rx.Component:
    link = _nav_anchor(item)
    if item.needs_pool:
        locked = _locked(item, "需先完成入库申请", "入库申请完成（已入库）后才能办理，请先在“入库申请”中提交并完成入库")
        return rx.cond(SessionState.pooled, link, locked)
    if not item.needs_certification:
        return link
    locked = _locked(item, "需先完成企业认证", "企业认证通过后才能办理，请先在“我的企业 → 企业认证”中提交")
    return rx.cond(SessionState.certified, link, locked)


def _nav_anchor(item: navigation.NavItem) -> rx.Component:
    active = SessionState.router.url.path.startswith(item.route)
    return rx.link(
        rx.hstack(rx.icon(item.icon, size=16), rx.text(item.label, size="2"), align="center", spacing="2"),
        href=item.route,
        underline="none",
        padding="8px 12px",
        border_radius="6px",
        width="100%",
        color=rx.cond(active, "var(--accent-11)", "var(--gray-12)"),
        background=rx.cond(active, "var(--accent-3)", "transparent"),
        font_weight=rx.cond(active, "600", "400"),
        _hover={"background": "var(--accent-2)"},
    )


def _group(label: str, items: list[navigation.NavItem]) -> rx.Component:
    """A sidebar entry with links under it (我的企业 → 企业认证): a native disclosure, open while one of
    its pages is shown, opened by a click (or Enter) on its name."""
    active = rx.Var.create(False)
    for item in items:
        active = active | SessionState.router.url.path.startswith(item.route)
    return rx.el.details(
        rx.el.summary(
            rx.hstack(
                rx.icon(navigation.GROUP_ICONS.get(label, "folder"), size=16),
                rx.text(label, size="2"),
                rx.spacer(),
                rx.icon("chevron-down", size=14, class_name="harbin-group-chevron"),
                align="center",
                spacing="2",
                width="100%",
            ),
            class_name="harbin-group-summary",
        ),
        rx.vstack(*[_nav_link(i) for i in items], spacing="1", width="100%", padding_left="16px"),
        open=active,
        class_name="harbin-group",
        width="100%",
    )


def _entries(role: str) -> list[rx.Component]:
    return [
        _group(group, items) if group else _nav_link(items[0])
        for group, items in navigation.grouped(navigation.items_for(role))
    ]


def sidebar() -> rx.Component:
    """The links of the signed-in role (design.md, Workbench)."""
    return rx.el.nav(
        rx.vstack(
            rx.match(
                SessionState.role,
                *[
                    (role, rx.vstack(*_entries(role), spacing="1", width="100%"))
                    for role in ROLE_LABELS
                ],
                rx.fragment(),
            ),
            spacing="1",
            width="100%",
        ),
        class_name="harbin-sidebar harbin-no-print",
        aria_label="工作台导航",
        style={
            "position": "fixed",
            "top": TOPBAR_HEIGHT,
            "left": "0",
            "bottom": "0",
            "width": SIDEBAR_WIDTH,
            "padding": "12px",
            "background": "white",
            "borderRight": "1px solid var(--gray-5)",
            "overflowY": "auto",
        },
    )


def workbench_page(title: str, *children: rx.Component, actions: rx.Component | None = None) -> rx.Component:
    """A workbench page: top bar, sidebar, a heading and the content."""
    return rx.box(
        top_bar(),
        sidebar(),
        rx.el.main(  # the page's own content: one main landmark (the top bar and the sidebar are not in it)
            rx.cond(
                SessionState.signed_in,
                rx.vstack(
                    rx.hstack(rx.heading(title, size="5"), rx.spacer(), actions or rx.fragment(), width="100%", align="center"),
                    *children,
                    spacing="4",
                    width="100%",
                ),
                rx.center(rx.spinner(size="3"), padding="48px"),
            ),
            class_name="harbin-main",
            margin_left=SIDEBAR_WIDTH,
            padding="20px 24px",
            min_width="0",
        ),
        min_height="100vh",
        background="var(--gray-2)",
    )


def coming_soon(what: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon("hammer", size=28, color="var(--gray-9)"),
            rx.heading("即将上线", size="4"),
            rx.text(f"{what}功能正在建设中，上线后将在此处办理。", color="var(--gray-11)"),
            align="center",
            spacing="2",
            padding="32px",
        ),
        width="100%",
    )
