"""The load bench's pure parts (tests/bench/load/): Reflex's websocket framing, deltas, percentiles,
the scenarios and the peer's form fields. No server, no timing."""

from __future__ import annotations

import json
import math

import pytest

from tests.bench.load import forms, http_peer, protocol, scenarios, stats
from tests.bench.load.protocol import ClientState, parse_frame
from tests.bench.report import percentile

FORM = "reflex___state____state.harbin_app___state___pool_entry____pool_entry_form_state"


# ------------------------------------------------------------------ framing


def test_the_socket_url_names_namespace_transport_and_token():
    url = protocol.ws_url("http://127.0.0.1:3000", "tab-1")
    assert url == "ws://127.0.0.1:3000/_event/?EIO=4&transport=websocket&token=tab-1"
    assert protocol.ws_url("https://example.org", "t").startswith("wss://example.org/_event/?")


def test_connect_packet_carries_the_boot_event_with_browser_storage():
    key = protocol.var_key("reflex___state____state.x____session_state", "token")
    assert key == "reflex___state____state.x____session_state.token_rx_state_"
    frame = protocol.connect_frame(protocol.boot_event("/workbench/pool-entry/7", {key: "secret"}))
    assert frame.startswith("40/_event,")
    auth = json.loads(frame.removeprefix("40/_event,"))
    assert auth["event"] == {
        "name": "reflex___state____state.hydrate_and_load",
        "payload": {"vars": {key: "secret"}},
        "router_data": {"pathname": "/workbench/pool-entry/7", "asPath": "/workbench/pool-entry/7"},
    }


def test_event_packet_is_an_event_named_event_with_router_data():
    frame = protocol.event_frame(protocol.event(f"{FORM}.set_basic", {"key": "main_products", "value": "锅炉"}, "/p", {"a": "1"}))
    assert frame.startswith('42/_event,["event",')
    name, ev = json.loads(frame.removeprefix("42/_event,"))
    assert name == "event" and ev["payload"]["value"] == "锅炉"
    assert ev["router_data"] == {"pathname": "/p", "asPath": "/p", "query": {"a": "1"}}


def test_parse_open_ping_connect_and_errors():
    opened = parse_frame('0{"sid":"x","upgrades":[],"pingInterval":25000,"pingTimeout":120000,"maxPayload":1000000}')
    assert opened.kind == "open" and opened.data["pingInterval"] == 25000
    assert parse_frame("2").kind == "ping" and protocol.PONG == "3"
    connected = parse_frame('40/_event,{"sid":"abc"}')
    assert (connected.kind, connected.name, connected.data) == ("connect", "/_event", {"sid": "abc"})
    refused = parse_frame('44/_event,{"message":"refused"}')
    assert refused.kind == "connect_error" and refused.data["message"] == "refused"
    assert parse_frame("41/_event,").kind == "disconnect"
    assert parse_frame("6").kind == "other" and parse_frame("").kind == "other"


def test_parse_an_update_with_its_size_in_utf8_bytes():
    text = '42/_event,["event",{"delta":{"%s":{"saved_at_rx_state_":"14:05","form_rx_state_":{"a":"锅炉"}}}}]' % FORM
    frame = parse_frame(text)
    assert frame.kind == "event" and frame.name == "event"
    assert frame.data["delta"][FORM]["saved_at_rx_state_"] == "14:05"
    assert frame.size == len(text.encode()) == len(text) + 4  # two CJK characters: 3 bytes each


def test_parse_an_event_with_an_ack_id():
    frame = parse_frame('42/_event,12["event",{"events":[{"name":"_call_function"}]}]')
    assert frame.kind == "event" and frame.data["events"][0]["name"] == "_call_function"


def test_deltas_are_merged_per_substate_without_the_field_marker():
    state = ClientState()
    state.apply({FORM: {"loaded_rx_state_": False, "form_rx_state_": {"basic": {}}}})
    state.apply({FORM: {"loaded_rx_state_": True}, "reflex___state____state": {"is_hydrated_rx_state_": True}})
    state.apply(None)
    assert state.get(FORM, "loaded") is True and state.get(FORM, "form") == {"basic": {}}
    assert state.get("reflex___state____state", "is_hydrated") is True
    assert state.get("nothing", "x", "default") == "default"


# ------------------------------------------------------------------ percentiles and summaries


def test_nearest_rank_percentiles():
    values = [float(x) for x in range(1, 101)]
    assert percentile(values, 50) == 50 and percentile(values, 99) == 99 and percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7.0
    assert math.isnan(percentile([], 50))
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0  # unordered input


def test_summary_leaves_failed_events_out_of_times_and_counts_them():
    samples = [stats.Sample("save", float(x), bytes=100) for x in range(1, 11)]
    samples.append(stats.Sample("save", float("nan"), error="no answer to save in 15 s"))
    s = stats.summarise("save", samples, seconds=5)
    assert (s.n, s.errors, s.per_s, s.p50, s.max, s.bytes_median) == (10, 1, 2.0, 5.0, 10.0, 100)
    run = stats.RunResult("x", 2, 5.0, samples, open_errors=["open: refused"])
    assert run.error_count() == 2 and run.errors()["open: refused"] == 1
    assert run.kinds() == ["save"] and run.events_per_s == 2.0


def test_ratio_is_undefined_without_a_denominator():
    assert stats.ratio(88, 17) == pytest.approx(5.176, abs=1e-3)
    assert math.isnan(stats.ratio(1, 0)) and math.isnan(stats.ratio(float("nan"), 2))


# ------------------------------------------------------------------ scenarios


def test_full_names_of_handlers_and_states():
    assert scenarios.state_name(scenarios.POOL_FORM) == FORM
    assert scenarios.handler_name(f"{scenarios.POOL_FORM}.save") == f"{FORM}.save"
    assert scenarios.handler_name("already.full.name") == "already.full.name"
    assert scenarios.ON_LOAD_INTERNAL.endswith("on_load_internal_state.on_load_internal")


def test_the_typing_scenario_types_four_times_then_saves():
    kinds = [step.kind for step in scenarios.POOL_ENTRY_TYPING.steps]
    assert kinds == ["typing", "typing", "typing", "typing", "save"] and scenarios.POOL_ENTRY_TYPING.repeat
    ctx = scenarios.TabContext(order_id=12)
    assert scenarios.POOL_ENTRY_TYPING.path(ctx) == "/workbench/pool-entry/12"
    typed = [scenarios.TYPE_MAIN_PRODUCTS.payload(scenarios.TabContext(n=n)) for n in range(60)]
    assert all(t["path"] == "basic.main_products" and 10 <= len(t["value"]) <= 200 for t in typed)
    assert len({t["value"] for t in typed[:50]}) == 50  # every pause sends something new


def test_form_is_ready_once_loaded_and_found():
    state = ClientState()
    assert not scenarios.form_ready(state)
    state.apply({FORM: {"loaded_rx_state_": True, "found_rx_state_": False}})
    assert not scenarios.form_ready(state)
    state.apply({FORM: {"found_rx_state_": True}})
    assert scenarios.form_ready(state)


def test_rows_scenario_works_on_the_added_row_and_ends_with_submit():
    steps = scenarios.POOL_ENTRY_ROWS_SUBMIT.steps
    assert [s.kind for s in steps] == ["add row", "typing", "blur", "remove row", "submit"]
    assert not scenarios.POOL_ENTRY_ROWS_SUBMIT.repeat
    state = ClientState()  # the view the server sent after 添加: the new row is the last, by its id
    state.apply({FORM: {"view_rx_state_": {"demands": [{"id": "aa11bb22"}, {"id": "cc33dd44"}]}}})
    ctx = scenarios.TabContext(state=state)
    assert steps[0].payload(ctx) == {"list_path": "demands"}
    assert steps[1].payload(ctx)["path"] == steps[2].payload(ctx)["path"] == "demands.cc33dd44.description"
    assert steps[3].payload(ctx) == {"list_path": "demands", "row_id": "cc33dd44"}


def test_reviewers_share_the_orders_to_decide():
    shared = scenarios.shared_orders([5, 6])
    first, second, third = (scenarios.TabContext(shared=shared) for _ in range(3))
    open_order = scenarios.REVIEWER.steps[1]
    assert open_order.path(first) == "/workbench/todo/5" and first.current == 5
    assert open_order.path(second) == "/workbench/todo/6"
    assert open_order.path(third) == "/workbench/todo/0"  # none left
    assert open_order.wait_for == (scenarios.DETAIL, "actions")
    assert scenarios.REVIEWER.steps[2].payload(first) == {"action": "approve"}


def test_every_step_sends_an_event_the_app_has_with_the_arguments_it_takes():
    """A renamed or removed handler would leave the bench sending events nobody answers."""
    import importlib
    import inspect

    ctx = scenarios.TabContext(order_id=1, shared=scenarios.shared_orders([1]))
    app_scenarios = [v for v in vars(scenarios).values() if isinstance(v, scenarios.Scenario)]
    app_scenarios = [sc for sc in app_scenarios if sc is not scenarios.BARE_TYPING]  # the bare app's own state
    assert len(app_scenarios) >= 4
    for scenario in app_scenarios:
        for step in scenario.steps:
            if ":" not in step.handler:  # a full event name: Reflex's own navigation
                assert step.handler == scenarios.ON_LOAD_INTERNAL
                continue
            spec, _, name = step.handler.rpartition(".")
            module, _, cls = spec.partition(":")
            state = getattr(importlib.import_module(module), cls)
            handler = state.event_handlers.get(name)
            assert handler is not None, f"{scenario.name}: {cls} has no event {name}"
            params = list(inspect.signature(handler.fn).parameters)[1:]
            payload = step.payload(scenarios.TabContext(order_id=1, shared=scenarios.shared_orders([1])) if step.path else ctx)
            assert set(payload) == set(params), f"{scenario.name}: {name}({params}) sent {sorted(payload)}"
    assert scenarios.REVIEWER.steps[2].handler.endswith(".start_action")


# ------------------------------------------------------------------ forms and the peer's fields


def test_form_sizes():
    large, limit = forms.sized("large"), forms.sized("limit")
    assert (len(large["demands"]), len(large["projects"]), len(large["projects"][0]["indicators"])) == (30, 20, 5)
    assert (len(limit["projects"]), len(limit["projects"][-1]["indicators"])) == (20, 20)
    assert len(limit["projects"][0]["content"]) == 2000 and len(limit["basic"]["main_products"]) == 200
    assert len(limit["demands"][0]["analysis"]) == 1000 and len(forms.sized("typical")["projects"]) == 2


def test_a_typical_form_passes_the_apps_checks_once_evidence_is_there():
    from datetime import date

    from harbin_app.services import pool_entry

    content = {**forms.sized("typical"), "evidence": {"audit_report": {"file_id": 1}, "credit_report": {"file_id": 2}}}
    rules = pool_entry.Rules(date(2024, 7, 1), date(2026, 6, 30), needs_declaration=False)
    assert pool_entry.problems(content, rules) == {}


def test_peer_form_fields_name_every_value():
    content = forms.sized("typical")
    fields = dict(http_peer.form_fields(content))
    assert fields["basic[main_products]"] == "电站锅炉"
    assert fields["demands[1][category]"] == content["demands"][1]["category"]
    assert fields["projects[1][indicators][0][name]"] == "成效指标1"
    assert fields["other[benchmark_willing]"] == "是"
    assert "projects[0][indicators]" not in fields
    assert http_peer.ROW_VERSION.search('<input type="hidden" name="row_version" value="42">')[1] == "42"


def test_what_a_tab_still_owed_when_it_stopped_behind():
    from tests.bench.load.runner import owed

    assert owed(due=10.0, begin=5.0, end=20.0, rate=1.0) == 10  # due at 10 … 19
    assert owed(due=2.0, begin=5.0, end=20.0, rate=2.0) == 30  # only the window counts
    assert owed(due=20.0, begin=5.0, end=20.0, rate=1.0) == 0
