"""Every kind of work order; importing this registers them with the engine."""

from harbin_app.services import certification, pool_entry  # noqa: F401
