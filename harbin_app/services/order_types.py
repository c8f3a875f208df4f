"""Every kind of work order, registered with the engine once at start-up (the app, the test set-up
and scripts call `register_all()`; nothing registers itself on import)."""

from harbin_app.services import acceptance, certification, notices, pool_entry
from harbin_app.services.engine import registry

TYPES = (certification.TYPE, pool_entry.TYPE, acceptance.TYPE)


def register_all() -> None:
    for order_type in TYPES:
        registry.register(order_type)
    registry.listen(notices.on_transition)  # messages and SMS of every transition (消息中心)
