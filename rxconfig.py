"""Reflex configuration. Every field can be overridden by REFLEX_<FIELD> in the environment."""

import reflex as rx

from harbin_app.settings import settings

config = rx.Config(
    app_name="harbin_app",
    redis_url=settings.redis_url or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="small", scaling="100%")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
