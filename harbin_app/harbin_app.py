"""The app: pages and their guards. Each feature's page module has `register(app)`."""

import logging

import reflex as rx

from harbin_app import background, db, web_routes
from harbin_app.services import order_types
from harbin_app.pages import (
    acceptance,
    admin_settings,
    admin_users,
    assessment,
    auth,
    change_password,
    enterprise,
    funding,
    messages,
    pool_entry,
    portal,
    publication,
    review,
    stats,
    todo,
    workbench,
)
from harbin_app.pages.workbench import TITLE
from harbin_app.state.login import LoginState
from harbin_app.state.portal import PortalState
from harbin_app.state.session import SessionState


def _unexpected_error(exception: Exception) -> rx.event.EventSpec:
    """What a user sees when a handler fails unexpectedly (the details go to the log)."""
    if db.is_unavailable(exception):  # PostgreSQL unreachable: nothing was written, say so plainly
        logging.getLogger("harbin_app").warning("database unavailable in an event handler: %s", exception)
        return rx.toast.error(db.UNAVAILABLE, id="database_unavailable", duration=8000)
    logging.getLogger("harbin_app").error(
        "unexpected error in an event handler", exc_info=(type(exception), exception, exception.__traceback__)
    )
    return rx.toast.error(
        "系统开小差了，刚才的操作没有完成。请稍后重试；如多次出现，请联系平台运维。",
        id="backend_error",
        duration=8000,
    )


order_types.register_all()  # every work-order type, once, before any page or handler asks for one

app = rx.App(
    backend_exception_handler=_unexpected_error,
    api_transformer=[web_routes.routes, web_routes.upload_limit],
    stylesheets=["/harbin.css"],
    html_lang="zh-CN",
)
app.register_lifespan_task(background.lifespan)  # the job worker (SMS notices, reminders) in every backend worker

app.add_page(portal.portal, route="/", title=TITLE, on_load=[SessionState.identify, PortalState.load])
# a signed-in user who opens 登录 or 注册 goes to the workbench
app.add_page(auth.login_page, route="/login", title=f"登录 - {TITLE}", on_load=[SessionState.away_if_signed_in, LoginState.on_load])
app.add_page(auth.register_page, route="/register", title=f"注册 - {TITLE}", on_load=SessionState.away_if_signed_in)
app.add_page(workbench.workbench_home, route="/workbench", title=f"工作台 - {TITLE}", on_load=SessionState.to_workbench)

# feature page modules, each with register(app)
FEATURES: list = [
    todo, enterprise, review, assessment, pool_entry, acceptance, admin_users, admin_settings, change_password,
    messages, stats, publication, funding,
]
for feature in FEATURES:
    feature.register(app)
workbench.add_placeholders(app)
