"""The workbench's pages: route, sidebar label, who may open them. One table, read by the sidebar
and by the page guard (services still check rights on every call: this is comfort, not protection).
"""

from __future__ import annotations

from dataclasses import dataclass

from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, PROVIDER, REVIEWER


@dataclass(frozen=True)
class NavItem:
    label: str
    route: str
    roles: frozenset[str]
    icon: str = "circle"
    needs_certification: bool = False  # enterprise pages that require a certified enterprise
    needs_pool: bool = False  # enterprise pages that require an enterprise in the pilot pool (已入库)
    group: str = ""  # the sidebar entry it sits under (我的企业 → 企业认证); consecutive items share it


def _item(
    label: str, route: str, roles: set[str], icon: str, needs_certification: bool = False, needs_pool: bool = False,
    group: str = "",
) -> NavItem:
    return NavItem(label, route, frozenset(roles), icon, needs_certification, needs_pool, group)


ALL_ROLES = {ENTERPRISE, PROVIDER, REVIEWER, FINANCE, ADMIN}

NAV: tuple[NavItem, ...] = (
    _item("我的待办", "/workbench/todo", ALL_ROLES, "list-todo"),
    _item("企业认证", "/workbench/enterprise", {ENTERPRISE}, "badge-check", group="我的企业"),
    _item("入库申请", "/workbench/pool-entry", {ENTERPRISE}, "file-plus-2", True),
    _item("验收申请", "/workbench/acceptance", {ENTERPRISE}, "clipboard-check", needs_pool=True),
    _item("资金申请", "/workbench/funding", {ENTERPRISE}, "banknote", True),
    _item("数字化水平自测", "/workbench/assessment", {ENTERPRISE}, "gauge"),
    _item("企业认证审核", "/workbench/review/certification", {REVIEWER}, "badge-check"),
    _item("入库审核", "/workbench/review/pool-entry", {REVIEWER}, "folder-check"),
    _item("验收审核", "/workbench/review/acceptance", {REVIEWER}, "clipboard-list"),
    _item("公示与拨付", "/workbench/finance/publication", {REVIEWER, FINANCE}, "landmark"),
    _item("统计", "/workbench/stats", {REVIEWER, FINANCE}, "chart-column"),
    _item("用户", "/workbench/admin/users", {ADMIN}, "users"),
    _item("设置", "/workbench/admin/settings", {ADMIN}, "settings"),
)

# Pages outside the sidebar and who may open them (detail pages and the like).
EXTRA_ROUTES: dict[str, frozenset[str]] = {
    "/workbench": frozenset(ALL_ROLES),
    "/workbench/todo/[order_id]": frozenset(ALL_ROLES),
    "/workbench/messages": frozenset(ALL_ROLES),  # 消息中心 (the bell in the top bar)
}

WORKBENCH_PREFIX = "/workbench"


def items_for(role: str) -> list[NavItem]:
    return [item for item in NAV if role in item.roles]


GROUP_ICONS = {"我的企业": "building-2"}


def grouped(items: list[NavItem]) -> list[tuple[str, list[NavItem]]]:
    """The sidebar's entries in order: ("", [item]) for a plain link, (group, items) for a group."""
    entries: list[tuple[str, list[NavItem]]] = []
    for item in items:
        if item.group and entries and entries[-1][0] == item.group:
            entries[-1][1].append(item)
        else:
            entries.append((item.group, [item]))
    return entries


def home_for(role: str) -> str:
    return "/workbench/todo"


def _normalise(route: str) -> str:
    route = route.rstrip("/") or "/"
    return route


def allowed(route: str, role: str) -> bool:
    """Whether `role` may open the workbench page whose route pattern is `route`."""
    route = _normalise(route)
    for item in NAV:
        if item.route == route or route.startswith(item.route + "/"):
            return role in item.roles
    roles = EXTRA_ROUTES.get(route)
    return roles is not None and role in roles


def needs_certification(route: str) -> bool:
    route = _normalise(route)
    return any(i.needs_certification and (route == i.route or route.startswith(i.route + "/")) for i in NAV)


def needs_pool(route: str) -> bool:
    route = _normalise(route)
    return any(i.needs_pool and (route == i.route or route.startswith(i.route + "/")) for i in NAV)


def safe_next(path: str) -> str:
    """Where to go after signing in: only a workbench path of this site."""
    if path and path.startswith(WORKBENCH_PREFIX) and not path.startswith("//") and "://" not in path:
        return path
    return ""
