"""门户's 公示: batches in their period and 往期公示, read without signing in."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app.services import funding, platform_settings
from harbin_app.state.publication import wan


def _batch(b: funding.BatchView) -> dict:
    return {"id": b.id, "title": b.title, "period": f"{b.starts_on} 至 {b.ends_on}",
            "subsidy": wan(b.total_subsidy), "recognised": wan(b.total_recognised), "count": len(b.items),
            "items": [{"enterprise": i.enterprise_name, "projects": i.project_names or "—",
                       "recognised": wan(i.recognised), "subsidy": wan(i.subsidy)} for i in b.items]}


class PortalState(rx.State):
    current: list[dict] = []
    past: list[dict] = []
    contact: str = ""  # whom to tell of an objection (设置)

    @rx.event
    async def load(self):
        current, past = await asyncio.to_thread(funding.public_batches)
        self.contact = (await asyncio.to_thread(platform_settings.current)).publication_contact
        self.current = [_batch(b) for b in current]
        self.past = [_batch(b) for b in past]
