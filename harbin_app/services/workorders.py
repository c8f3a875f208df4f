"""The work-order engine's facade: what pages' states and other services call
(`from harbin_app.services import workorders as wo`). The engine itself is harbin_app.services.engine,
one module per concern; type modules import only `engine.types`."""

from harbin_app.services.engine.detail import Action, InputBlock, LogRow, OrderDetail, detail
from harbin_app.services.engine.documents import document, hand_in, hand_in_check
from harbin_app.services.engine.drafts import replace as replace_draft
from harbin_app.services.engine.drafts import save_changes
from harbin_app.services.engine.queries import (
    WAITING,
    OrderRow,
    Page,
    QueueFilter,
    handled,
    last_decision,
    latest_for,
    own_orders,
    pending,
    pending_count,
    queue,
    row_of,
)
from harbin_app.services.engine.registry import all_slots, all_types, register
from harbin_app.services.engine.registry import get as order_type
from harbin_app.services.engine.transitions import TransitionResult, create, transition, transition_many

__all__ = [
    "WAITING", "Action", "InputBlock", "LogRow", "OrderDetail", "OrderRow", "Page", "QueueFilter",
    "TransitionResult", "all_slots", "all_types", "create", "detail", "document", "hand_in", "hand_in_check",
    "handled", "last_decision", "latest_for", "order_type", "own_orders", "pending", "pending_count", "queue",
    "register", "replace_draft", "row_of", "save_changes", "transition", "transition_many",
]
