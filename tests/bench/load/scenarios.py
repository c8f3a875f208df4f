"""What the simulated tabs do, as data: a page, when it is ready, and a cycle of steps, each
(handler, payload builder, kind label). Handlers are named "module:StateClass.handler" (resolved
to Reflex's full event name) so a renamed state or handler is one edit here.

The form's handlers are the long-form toolkit's (harbin_app/state/long_form.py, mixed into
harbin_app/state/pool_entry.py): `typing` (a pause in typing, debounced in the browser), `leave`
(leaving a field: check and keep), `keep_page` (保存 with every value the page shows), `add_row`, `remove_row`, `submit`; the reviewer's are
review_queue.py (load) and order_detail.py (load, act). Before the toolkit the form had set_basic,
check, add_demand, set_demand_field, remove_demand (docs/benchmarks.md compares both).
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tests.bench.load.protocol import ROOT_STATE, ClientState

ON_LOAD_INTERNAL = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"  # a navigation

POOL_FORM = "harbin_app.state.pool_entry:PoolEntryFormState"
SESSION = "harbin_app.state.session:SessionState"
QUEUE = "harbin_app.state.review_queue:ReviewQueueState"
DETAIL = "harbin_app.state.order_detail:OrderDetailState"
BARE = f"{ROOT_STATE}.bare_app___bare_app____bare_state"  # its own app: not imported here


@cache
def state_name(spec: str) -> str:
    """Reflex's full name of the state "module:Class" (a name already full is returned as is)."""
    if ":" not in spec:
        return spec
    module, cls = spec.split(":", 1)
    return getattr(importlib.import_module(module), cls).get_full_name()


def handler_name(spec: str) -> str:
    """"module:Class.handler" → the full event name the frontend sends."""
    if ":" not in spec:
        return spec
    state, _, handler = spec.rpartition(".")
    return f"{state_name(state)}.{handler}"


@dataclass
class TabContext:
    """What one tab knows: its order, its row counter, and what the tabs of a run share."""

    order_id: int = 0
    n: int = 0  # events this tab sent
    current: int = 0  # the order a reviewer has open
    shared: dict[str, Any] = field(default_factory=dict)
    state: ClientState | None = None  # the tab's state as the server sent it


Payload = Callable[[TabContext], dict[str, Any]]
PathOf = Callable[[TabContext], str]


@dataclass(frozen=True)
class Step:
    handler: str  # "module:Class.handler" or a full event name
    payload: Payload
    kind: str  # the label its round trips are counted under
    path: PathOf | None = None  # a navigation: the tab is on this page from now on
    wait_for: tuple[str, str] | None = None  # (state spec, var): answered when this var comes back


@dataclass(frozen=True)
class Scenario:
    name: str
    path: PathOf  # the page the tab opens
    ready: Callable[[ClientState], bool]  # the page has loaded
    steps: tuple[Step, ...]
    repeat: bool = True  # cycle the steps, or stop after the last


def no_payload(_ctx: TabContext) -> dict[str, Any]:
    return {}


def typed_text(n: int) -> str:
    """What a user has typed into 主营产品 after n pauses (10–59 characters, changes every time)."""
    base = "电站锅炉、余热锅炉及配套部件，工业锅炉本体与辅机，"
    return (base * 3)[: 10 + n % 50]


def _var(ctx_state: ClientState, spec: str, var: str) -> Any:
    return ctx_state.get(state_name(spec), var)


def form_path(ctx: TabContext) -> str:
    return f"/workbench/pool-entry/{ctx.order_id}"


def form_ready(state: ClientState) -> bool:
    return bool(_var(state, POOL_FORM, "loaded")) and bool(_var(state, POOL_FORM, "found"))


MAIN_PRODUCTS = "basic.main_products"


def _type_main_products(ctx: TabContext) -> dict[str, Any]:
    return {"path": MAIN_PRODUCTS, "value": typed_text(ctx.n)}


TYPE_MAIN_PRODUCTS = Step(f"{POOL_FORM}.typing", _type_main_products, "typing")
BLUR_MAIN_PRODUCTS = Step(f"{POOL_FORM}.leave", _type_main_products, "blur")


def _page_values(ctx: TabContext) -> dict[str, Any]:
    """What 保存 sends in the browser: every input's value by path (the form `lf-values`), here the
    drawn view with what this tab typed (files are not inputs of that form)."""
    from harbin_app.forms.values import flatten
    from harbin_app.services.pool_entry import FORM

    view = (_var(ctx.state, POOL_FORM, "view") if ctx.state else None) or {}
    values = {p: v for p, v in flatten(FORM, view).items() if isinstance(v, str) and _input(FORM, p)}
    values[MAIN_PRODUCTS] = typed_text(ctx.n)
    return {"form_data": values}


def _input(schema, path: str) -> bool:  # noqa: ANN001
    from harbin_app.forms import FILE

    loc = schema.locate(path)
    return loc is not None and loc.field is not None and loc.field.kind != FILE


SAVE = Step(f"{POOL_FORM}.keep_page", _page_values, "save")  # 保存 as the browser sends it (intend is a no-op for it)

# (a) the scenario: typing pauses in 主营产品, 保存 every fifth event
POOL_ENTRY_TYPING = Scenario(
    "pool-entry typing + 保存", form_path, form_ready, (TYPE_MAIN_PRODUCTS,) * 4 + (SAVE,)
)

# saturation: 保存 only, as fast as the answers come
POOL_ENTRY_SAVES = Scenario("pool-entry 保存 only", form_path, form_ready, (SAVE,))


def _new_demand(ctx: TabContext) -> str:
    """The id of the demand row the server added last (the view it sent lists the rows by id)."""
    view = _var(ctx.state, POOL_FORM, "view") if ctx.state is not None else None
    rows = (view or {}).get("demands") or [{}]
    return str(rows[-1].get("id", ""))


def _demand_text(ctx: TabContext) -> dict[str, Any]:
    return {"path": f"demands.{_new_demand(ctx)}.description", "value": typed_text(ctx.n)}


# (b) rows and 提交, once per tab: add a demand row, type into it, leave it, remove it, 提交
POOL_ENTRY_ROWS_SUBMIT = Scenario(
    "pool-entry rows + 提交",
    form_path,
    form_ready,
    (
        Step(f"{POOL_FORM}.add_row", lambda _ctx: {"list_path": "demands"}, "add row", wait_for=(POOL_FORM, "view")),
        Step(f"{POOL_FORM}.typing", _demand_text, "typing"),
        Step(f"{POOL_FORM}.leave", _demand_text, "blur"),
        Step(f"{POOL_FORM}.remove_row", lambda ctx: {"list_path": "demands", "row_id": _new_demand(ctx)}, "remove row"),
        Step(f"{POOL_FORM}.submit", no_payload, "submit"),
    ),
    repeat=False,
)

QUEUE_PATH = "/workbench/review/pool-entry"


def _take_order(ctx: TabContext) -> str:
    """The next submitted order for this reviewer (the run shares one iterator of order ids)."""
    ctx.current = next(ctx.shared["orders"], 0)
    return f"/workbench/todo/{ctx.current}"


# (c) a reviewer: the 入库审核 queue, one order, 审核通过
REVIEWER = Scenario(
    "reviewer queue → order → 审核通过",
    lambda _ctx: QUEUE_PATH,
    lambda state: _var(state, QUEUE, "kind") == "pool_entry" and _var(state, QUEUE, "rows") is not None,
    (
        Step(ON_LOAD_INTERNAL, no_payload, "open queue", path=lambda _ctx: QUEUE_PATH, wait_for=(QUEUE, "rows")),
        Step(ON_LOAD_INTERNAL, no_payload, "open order", path=_take_order, wait_for=(DETAIL, "actions")),
        Step(f"{DETAIL}.start_action", lambda _ctx: {"action": "approve"}, "decide"),  # 审核通过: no dialog
    ),
)

# the bare app: one handler that keeps its argument
BARE_TYPING = Scenario(
    "bare event",
    lambda _ctx: "/",
    lambda state: bool(state.get(ROOT_STATE, "is_hydrated")),
    (Step(f"{BARE}.set_value", lambda ctx: {"value": typed_text(ctx.n)}, "bare event"),),
)


def shared_orders(order_ids: list[int]) -> dict[str, Any]:
    """The `shared` dict of a reviewer run: one iterator over the orders to decide."""
    return {"orders": iter(itertools.chain(order_ids))}
