"""The bare Reflex app of the load bench: the framework's own cost of one event, nothing else.

Redis (and so several workers) when REFLEX_REDIS_URL is set, as for the platform."""

import reflex as rx

config = rx.Config(
    app_name="bare_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
