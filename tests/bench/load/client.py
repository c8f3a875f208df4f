"""One simulated browser tab over Reflex's real websocket (aiohttp), and a monitor of the driver's
own event loop (a late loop would inflate every time measured here)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from tests.bench.load import protocol
from tests.bench.load.protocol import ClientState

ERROR_MARKERS = ("backend_error",)  # the app's toast id for an unexpected handler error


class TabError(Exception):
    """The tab could not connect, lost its connection, or got no answer in time."""


@dataclass
class Answer:
    ms: float  # from the (scheduled) send to the first frame after it
    error: bool  # an error marker came back


class Tab:
    """A signed-in tab on one page: opens with the boot event, then sends one event at a time and
    times the first frame that comes back. Bytes received are counted per event (every frame until
    the next send), so an event's answer includes its toast and any follow-up deltas."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        path: str,
        *,
        storage: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
        error_markers: tuple[str, ...] = ERROR_MARKERS,
    ) -> None:
        self.http, self.base_url, self.path, self.query = http, base_url, path, query
        self.storage = storage or {}
        self.token = str(uuid.uuid4())
        self.state = ClientState()
        self.error_markers = error_markers
        self.bytes_since_send = 0
        self.frames_since_send = 0
        self.hydrate_bytes = 0
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task | None = None
        self._answer: asyncio.Future[tuple[float, bool]] | None = None
        self._changed = asyncio.Event()
        self._closed_reason = ""
        self._wait_for: tuple[str, str] | None = None
        self.late_errors = 0  # error markers in frames after the one that answered an event

    # ------------------------------------------------------------ connection

    async def open(self, ready: Callable[[ClientState], bool], timeout: float = 60) -> float:
        """Connect, hydrate, run the page's on_load; ms until `ready(state)` holds."""
        began = time.perf_counter()
        self._ws = await self.http.ws_connect(
            protocol.ws_url(self.base_url, self.token), max_msg_size=0, autoping=True, timeout=timeout
        )
        first = protocol.parse_frame((await self._ws.receive_str(timeout=timeout)))
        if first.kind != "open":
            raise TabError(f"no Engine.IO open packet: {first}")
        self.hydrate_bytes = first.size
        await self._ws.send_str(protocol.connect_frame(protocol.boot_event(self.path, self.storage, self.query)))
        self._reader = asyncio.create_task(self._read())
        deadline = began + timeout
        while not ready(self.state):
            if self._closed_reason:
                raise TabError(self._closed_reason)
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TabError(f"page {self.path} not ready after {timeout:.0f} s")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass
        self.hydrate_bytes += self.bytes_since_send
        return (time.perf_counter() - began) * 1000

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for message in self._ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    continue
                now = time.perf_counter()
                text: str = message.data
                frame = protocol.parse_frame(text)
                if frame.kind == "ping":
                    await self._ws.send_str(protocol.PONG)
                    continue
                self.bytes_since_send += frame.size
                self.frames_since_send += 1
                if frame.kind == "connect_error":
                    self._closed_reason = f"connection refused: {frame.data}"
                elif frame.kind == "disconnect":
                    self._closed_reason = "the server closed the namespace"
                answers = self._wait_for is None
                if frame.kind == "event" and frame.name == "event" and isinstance(frame.data, dict):
                    delta = frame.data.get("delta") or {}
                    self.state.apply(delta)
                    if self._wait_for is not None:
                        substate, var = self._wait_for
                        answers = var in delta.get(substate, {})
                error = any(m in text for m in self.error_markers)
                if self._answer is not None and not self._answer.done() and (answers or error):
                    self._answer.set_result((now, error))
                elif error:
                    self.late_errors += 1
                self._changed.set()
        except (aiohttp.ClientError, asyncio.CancelledError):
            pass
        finally:
            self._closed_reason = self._closed_reason or "the websocket closed"
            if self._answer is not None and not self._answer.done():
                self._answer.set_exception(TabError(self._closed_reason))
            self._changed.set()

    # ------------------------------------------------------------ events

    async def act(
        self,
        name: str,
        payload: dict[str, Any],
        *,
        since: float | None = None,
        path: str | None = None,
        wait_for: tuple[str, str] | None = None,
        timeout: float = 15,
    ) -> Answer:
        """Send one event; the time from `since` (the scheduled moment, default now) to its answer:
        the first frame back, or with `wait_for` (substate full name, var) the delta carrying that var.
        `path`: the event navigates there (the tab's page from now on)."""
        if self._ws is None or self._closed_reason:
            raise TabError(self._closed_reason or "not open")
        if path is not None:
            self.path, self.query = path, None
        loop = asyncio.get_running_loop()
        self._answer = loop.create_future()
        self._wait_for = (wait_for[0], wait_for[1] + protocol.FIELD_MARKER) if wait_for else None
        self.bytes_since_send = self.frames_since_send = 0
        sent = time.perf_counter()
        await self._ws.send_str(protocol.event_frame(protocol.event(name, payload, self.path, self.query)))
        try:
            at, error = await asyncio.wait_for(self._answer, timeout)
        except TimeoutError as exc:
            raise TabError(f"no answer to {name.rsplit('.', 1)[-1]} in {timeout:.0f} s") from exc
        return Answer((at - (since if since is not None else sent)) * 1000, error)

    async def settle(self, quiet_s: float = 0.3, limit_s: float = 10) -> int:
        """Wait until no frame came for `quiet_s` (the answer is complete); bytes since the send."""
        end = time.perf_counter() + limit_s
        while time.perf_counter() < end:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), quiet_s)
            except TimeoutError:
                break
        return self.bytes_since_send


class LoopMonitor:
    """How late the driver's own event loop wakes up (ms); its p99 bounds the client's share."""

    def __init__(self, period_s: float = 0.02) -> None:
        self.period_s = period_s
        self.lags_ms: list[float] = []
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(self.period_s)
            self.lags_ms.append(max(0.0, (time.perf_counter() - before - self.period_s) * 1000))

    def start(self) -> None:
        self.lags_ms.clear()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> list[float]:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        return list(self.lags_ms)
