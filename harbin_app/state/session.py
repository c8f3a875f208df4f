"""Who is signed in, in this browser: the token in LocalStorage, the user resolved on the server."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import quote

import reflex as rx

from harbin_app import live, navigation, tab_sessions
from harbin_app.services import accounts, certification
from harbin_app.services.actor import ENTERPRISE, Actor

RECHECK_SECONDS = 30  # how long a resolved session is trusted before asking the database again
# (a session revoked elsewhere, 退出 in another tab or a disabled account, is pushed at once:
# tab_sessions.end_sessions; the re-check is the fallback)


class SessionState(rx.State):
    token: str = rx.LocalStorage("", name="harbin_token", sync=True)
    user_name: str = ""
    role: str = ""
    role_label: str = ""
    certified: bool = False  # enterprise users: their enterprise is certified
    pooled: bool = False  # enterprise users: their enterprise is in the pilot pool
    _actor: Actor | None = None
    _checked_at: float = 0.0

    @rx.var
    def signed_in(self) -> bool:
        return bool(self.role)

    def _remember(self, actor: Actor | None) -> None:
        self._actor = actor
        self._checked_at = time.time()
        self.user_name = actor.name if actor else ""
        self.role = actor.role if actor else ""
        self.role_label = actor.role_label if actor else ""

    def _tab(self) -> str:
        """This tab's Reflex client token (what the upload request carries)."""
        return self.router.session.client_token

    async def current_actor(self) -> Actor | None:
        """The signed-in user, re-checked against the database every RECHECK_SECONDS."""
        if not self.token:
            if self._actor is not None or self.role:
                self._remember(None)
                await tab_sessions.unbind(self._tab())
            return None
        if self._actor is not None and time.time() - self._checked_at < RECHECK_SECONDS:
            await tab_sessions.bind(self._tab(), self.token)
            return self._actor
        actor = await asyncio.to_thread(accounts.resolve, self.token)
        self._remember(actor)
        if actor is not None:
            await tab_sessions.bind(self._tab(), self.token)
        else:
            await tab_sessions.unbind(self._tab())
        await self.refresh_status()
        return actor

    async def refresh_status(self) -> None:
        """The enterprise's certification and pool status (what the sidebar offers)."""
        if self._actor is None or self._actor.role != ENTERPRISE:
            self.certified = self.pooled = False
            return
        status = await asyncio.to_thread(certification.status, self._actor)
        self.certified, self.pooled = status.certified, status.pooled

    async def sign_in(self, token: str, actor: Actor) -> None:
        self.token = token
        self._remember(actor)
        await tab_sessions.bind(self._tab(), token)
        await self.refresh_status()

    def end_here(self) -> None:
        """The session of this tab was ended elsewhere (tab_sessions.end_sessions): forget it."""
        self.token = ""
        self._remember(None)
        self.certified = self.pooled = False

    @rx.event
    async def identify(self):
        """on_load of public pages: show the user's name and menu when signed in."""
        await self.current_actor()

    @rx.event
    async def away_if_signed_in(self):
        """on_load of 登录 and 注册: a signed-in user goes to the workbench (or the ?next= page)."""
        actor = await self.current_actor()
        if actor is None:
            return None
        target = navigation.safe_next(self.router.url.query_parameters.get("next", ""))
        return rx.redirect(target or navigation.home_for(actor.role), replace=True)

    @rx.event
    async def guard(self):
        """on_load of every workbench page: signed in, and a role allowed here."""
        actor = await self.current_actor()
        if actor is None:
            return rx.redirect(f"/login?next={quote(self.router.url.path or '/workbench')}", replace=True)
        if not navigation.allowed(self.router.route_id, actor.role):
            return [
                rx.toast.error("您无权访问该页面，已返回工作台"),
                rx.redirect(navigation.home_for(actor.role), replace=True),
            ]
        if navigation.needs_certification(self.router.route_id) and not self.certified:
            await self.refresh_status()
            if not self.certified:
                return [
                    rx.toast.info("企业认证通过后才能办理该事项，请先完成企业认证"),
                    rx.redirect("/workbench/enterprise", replace=True),
                ]
        if navigation.needs_pool(self.router.route_id) and not self.pooled:
            await self.refresh_status()
            if not self.pooled:
                return [
                    rx.toast.info("需先完成入库申请：入库申请完成（已入库）后才能办理验收申请"),
                    rx.redirect("/workbench/pool-entry", replace=True),
                ]
        return None

    @rx.event
    async def to_workbench(self):
        actor = await self.current_actor()
        if actor is None:
            return rx.redirect("/login?next=/workbench", replace=True)
        return rx.redirect(navigation.home_for(actor.role), replace=True)

    @rx.event
    async def logout(self):
        """退出: this session ends in every tab holding it, at once (the others are pushed)."""
        token = self.token
        self.token = ""
        self._remember(None)
        self.certified = self.pooled = False
        await tab_sessions.unbind(self._tab())
        if token:
            ended = await asyncio.to_thread(accounts.logout, token)
            tab_sessions.end_sessions([ended], skip_tab=self._tab())
        return rx.redirect("/")


tab_sessions.use_session_state(SessionState)


async def actor_of(state: rx.State) -> Actor | None:
    """The signed-in user, from any page state."""
    session = await state.get_state(SessionState)
    return await session.current_actor()


async def watch_own(state: rx.State, *topics: str) -> None:
    """A page of the signed-in user's own data follows it live: `topics` and, for an enterprise
    user, everything published about its enterprise."""
    actor = await actor_of(state)
    if actor is None:
        return
    own = (f"enterprise:{actor.enterprise_id}",) if actor.enterprise_id is not None else ()
    await live.watch(state, *topics, *own)
