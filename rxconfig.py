"""Reflex configuration. Every field can be overridden by REFLEX_<FIELD> in the environment."""

import reflex as rx

from harbin_app.settings import settings

config = rx.Config(
    app_name="harbin_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"],
)
