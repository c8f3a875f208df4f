"""Reflex's websocket protocol, as its compiled frontend speaks it (reflex_base/.templates/web/utils/state.js).

Engine.IO 4 over a websocket at /_event/?EIO=4&transport=websocket&token=<tab token>; Socket.IO packets
in namespace /_event. The tab connects with its boot event (hydrate_and_load, carrying the browser
storage values such as the sign-in token) in the CONNECT packet's auth; each user action is an
EVENT packet ["event", {name, payload, router_data}]; the server answers with EVENT packets
["event", {delta: {substate: {var_rx_state_: value}}, events: [...]}]. Engine.IO pings ("2") are
answered with pongs ("3"). Pure functions only: the connection itself is in client.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
FIELD_MARKER = "_rx_state_"  # reflex_base/constants/state.py: a var's name on the wire ends with it

PING, PONG = "2", "3"


def ws_url(base_url: str, token: str) -> str:
    """The websocket URL a tab with client token `token` connects to."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    query = urlencode({"EIO": "4", "transport": "websocket", "token": token})
    return f"{scheme}://{parts.netloc}{NAMESPACE}/?{query}"


def router_data(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    """What the frontend sends as router_data for a page at `path` (withRouterData in state.js)."""
    data: dict[str, Any] = {"pathname": path, "asPath": path}
    if query:
        data["query"] = dict(query)
    return data


def event(name: str, payload: dict[str, Any], path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    return {"name": name, "payload": payload, "router_data": router_data(path, query)}


def var_key(state_full_name: str, var: str) -> str:
    """A state var as client storage and deltas name it: "<state>.<var>_rx_state_"."""
    return f"{state_full_name}.{var}{FIELD_MARKER}"


def boot_event(path: str, storage: dict[str, str], query: dict[str, str] | None = None) -> dict[str, Any]:
    """hydrate_and_load with the browser storage values (state key → value), sent on connect.
    Without the compiled defaults' hashes the server sends the whole state (as on a reconnect)."""
    payload = {"vars": dict(storage)} if storage else {}
    return event(HYDRATE, payload, path, query)


def connect_frame(boot: dict[str, Any]) -> str:
    """The Socket.IO CONNECT packet to /_event, the boot event in its auth."""
    return f"40{NAMESPACE}," + json.dumps({"event": boot}, ensure_ascii=False, separators=(",", ":"))


def event_frame(ev: dict[str, Any]) -> str:
    """The Socket.IO EVENT packet that sends one event to the server."""
    return f"42{NAMESPACE}," + json.dumps(["event", ev], ensure_ascii=False, separators=(",", ":"))


@dataclass
class Frame:
    """One text frame from the server. kind: open | ping | connect | connect_error | event |
    disconnect | other. For an event: its Socket.IO name and data (for "event": the update)."""

    kind: str
    size: int  # bytes of the frame as UTF-8
    name: str = ""
    data: Any = None


def _split_namespace(body: str) -> tuple[str, str]:
    """A Socket.IO packet body after its type digit: (namespace, rest)."""
    if body.startswith("/"):
        ns, sep, rest = body.partition(",")
        return (ns, rest) if sep else (ns, "")
    return "/", body


def parse_frame(text: str) -> Frame:
    """Decode a text frame: Engine.IO type, then (for a message) the Socket.IO packet."""
    size = len(text.encode())
    if not text:
        return Frame("other", size)
    eio = text[0]
    if eio == "0":
        return Frame("open", size, data=json.loads(text[1:]))
    if eio == PING:
        return Frame("ping", size)
    if eio != "4" or len(text) < 2:
        return Frame("other", size)
    sio, body = text[1], text[2:]
    namespace, rest = _split_namespace(body)
    if sio == "0":
        return Frame("connect", size, name=namespace, data=json.loads(rest) if rest else None)
    if sio == "4":
        return Frame("connect_error", size, name=namespace, data=json.loads(rest) if rest else None)
    if sio == "1":
        return Frame("disconnect", size, name=namespace)
    if sio == "2":
        i = 0
        while i < len(rest) and rest[i].isdigit():  # an ack id may precede the array
            i += 1
        args = json.loads(rest[i:])
        return Frame("event", size, name=str(args[0]), data=args[1] if len(args) > 1 else None)
    return Frame("other", size)


def unmangle(var: str) -> str:
    return var[: -len(FIELD_MARKER)] if var.endswith(FIELD_MARKER) else var


@dataclass
class ClientState:
    """What a tab knows of its state: substate → var (without the marker) → value, deltas applied."""

    substates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def apply(self, delta: dict[str, dict[str, Any]] | None) -> None:
        for substate, values in (delta or {}).items():
            mine = self.substates.setdefault(substate, {})
            for var, value in values.items():
                mine[unmangle(var)] = value

    def get(self, substate: str, var: str, default: Any = None) -> Any:
        return self.substates.get(substate, {}).get(var, default)
