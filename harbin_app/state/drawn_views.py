"""Where a long form's drawn view is kept: beside the tab's state, not in it.

The view (the whole form content as the browser drew it) changes only when the form is drawn, yet
as a var of the form's state it was pickled and written by the state manager after every event:
281 KB per typing pause for a limit-size form. A form's state now pickles only the view's key; the
view itself is written once per draw, under that key, to the same store the state manager uses
(Redis when configured, else a file in a folder beside the disk manager's states folder, `.states-views`), and each worker keeps
the views it has drawn or read in memory, so an event on the worker that holds the tab's websocket
reads nothing. A view that is gone (its store expired or was lost, or could not be read) is reported
as missing: the form then opens again from the database with what was typed since
(LongFormMixin._revive).

A view that a redraw replaces is not deleted at once: the state naming the new one is written after
the new view, and a worker killed in between leaves the state naming the old one. The old one is
kept for REPLACED_KEPT seconds more (Redis: a shorter expiry; files: an older time, removed by the
next sweep). A view lives twice as long as a state and is written again when half its lifetime has
passed, so it outlives every state that names it, however long a tab is edited without a redraw.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any

from harbin_app import redis_clients
from harbin_app.settings import settings

KEEP_IN_MEMORY = 400  # views per worker
PREFIX = "harbin:view:"
REPLACED_KEPT = 300  # seconds a replaced view stays readable (a worker may die before writing the state that names the new one)

_lock = threading.Lock()
_memory: OrderedDict[str, Any] = OrderedDict()
_stored: dict[str, float] = {}  # key → when this worker wrote (or read) it in the store
_swept: dict[Path, float] = {}  # folder → when this worker last removed its expired views


def new_key(client_token: str) -> str:
    return f"{client_token}:{uuid.uuid4().hex}"


def _lifetime() -> int:
    """Seconds a stored view lives: twice a state's, as it is written again only when half of it has passed,
    so it outlives any state that names it."""
    from reflex.config import get_config

    return 2 * int(get_config().redis_token_expiration)


def _client() -> Any:  # noqa: ANN401  (redis.Redis)
    return redis_clients.sync_client(settings.redis_url)


def _folder() -> Path:
    from reflex.utils import prerequisites

    # beside the states folder, not in it: every `reflex run` empties that folder by unlinking each
    # entry, which a folder inside it makes fail (IsADirectoryError: the app did not start again)
    states = prerequisites.get_states_dir().absolute()
    return states.with_name(f"{states.name}-views")


def _sweep(folder: Path) -> None:
    """Remove the views older than a state's lifetime (Redis expires its own), at most every REPLACED_KEPT s."""
    now = time.time()
    if now - _swept.get(folder, 0.0) < REPLACED_KEPT:
        return
    _swept[folder] = now
    cutoff = now - _lifetime()
    for old in folder.glob("*.view") if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


def _file(key: str) -> Path:
    folder = _folder()
    _sweep(folder)
    return folder / f"{key.replace(':', '_')}.view"


def _remember(key: str, view: Any) -> None:
    with _lock:
        _memory[key] = view
        _memory.move_to_end(key)
        while len(_memory) > KEEP_IN_MEMORY:
            old, _ = _memory.popitem(last=False)
            _stored.pop(old, None)


def drawn(key: str, view: Any) -> None:
    """A view just drawn: kept in memory; written to the store when the state is next pickled."""
    _remember(key, view)


def store(key: str, view: Any, previous: str = "") -> None:
    """Write the view under `key` (the state is being pickled): once, and again when half its lifetime
    has passed; the view it replaced stays readable for REPLACED_KEPT seconds more."""
    now = time.time()
    if now - _stored.get(key, -1e12) < _lifetime() / 2:
        return
    data = pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL)
    if settings.redis_url:
        pipe = _client().pipeline()
        pipe.set(PREFIX + key, data, ex=_lifetime())
        if previous:
            pipe.expire(PREFIX + previous, REPLACED_KEPT)
        pipe.execute()
    else:
        target = _file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(".part")
        part.write_bytes(data)
        part.replace(target)
        if previous:  # aged so that it is stale REPLACED_KEPT seconds from now
            aged = now - _lifetime() + REPLACED_KEPT
            with contextlib.suppress(FileNotFoundError):
                os.utime(_file(previous), (aged, aged))
    with _lock:
        _stored[key] = now


def load(key: str) -> Any | None:  # noqa: ANN401
    """The view under `key`: from this worker's memory, else from the store; None if it is gone."""
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    if settings.redis_url:
        data, ttl = _client().pipeline().get(PREFIX + key).ttl(PREFIX + key).execute()
        written = time.time() - (_lifetime() - max(int(ttl), 0))
    else:
        path = _file(key)
        try:
            written = path.stat().st_mtime
            data = path.read_bytes() if time.time() - written < _lifetime() else None
        except FileNotFoundError:
            data = None
    if data is None:
        return None
    view = pickle.loads(data)  # noqa: S301  (written by this app, above)
    _remember(key, view)
    with _lock:
        _stored[key] = written  # written again by this worker when half its lifetime has passed
    return view


def forget_memory() -> None:
    """Drop what this worker holds in memory (tests: a worker that never saw the tab)."""
    with _lock:
        _memory.clear()
        _stored.clear()


def pickled(fields: dict[str, Any]) -> dict[str, Any]:
    """A long form's state as pickled: the view stored beside it, only its key in it."""
    key = fields.get("_view_key")
    if fields.get("view") and key:
        try:
            store(key, fields["view"], fields.get("_view_previous", ""))
        except Exception:  # noqa: BLE001  (the store is unreachable: the view stays in the state)
            return fields
        del fields["view"]
    return fields


def unpickled(state: dict[str, Any]) -> dict[str, Any]:
    """The state back with its view; a view that is gone (or a store that cannot be read now) leaves
    the form not loaded: it opens again from the database, with what was typed since."""
    key = state.get("_view_key")
    if "view" not in state and key:
        try:
            view = load(key)
        except Exception:  # noqa: BLE001
            view = None
        state["view"], state["loaded"] = (view, state.get("loaded", False)) if view is not None else ({}, False)
    return state
