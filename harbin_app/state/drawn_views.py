"""Where a long form's drawn view is kept: beside the tab's state, not in it.

The view (the whole form content as the browser drew it) changes only when the form is drawn, yet
as a var of the form's state it was pickled and written by the state manager after every event:
281 KB per typing pause for a limit-size form. A form's state now pickles only the view's key; the
view itself is written once per draw, under that key, to the same store the state manager uses
(Redis when configured, else a file in the disk manager's states folder), and each worker keeps
the views it has drawn or read in memory, so an event on the worker that holds the tab's websocket
reads nothing. A view that is gone (its store expired or was lost) is reported as missing: the form
then opens again from the database with what was typed since (LongFormMixin._revive).
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

from harbin_app.settings import settings

KEEP_IN_MEMORY = 400  # views per worker
PREFIX = "harbin:view:"

_lock = threading.Lock()
_memory: OrderedDict[str, Any] = OrderedDict()
_stored: set[str] = set()  # keys this worker has written (or read) from the store
_redis: tuple[int, Any] | None = None
_purged: set[Path] = set()  # folders whose expired views this worker has removed


def new_key(client_token: str) -> str:
    return f"{client_token}:{uuid.uuid4().hex}"


def _expiry() -> int:
    from reflex.config import get_config

    return int(get_config().redis_token_expiration)


def _client() -> Any:  # noqa: ANN401  (redis.Redis)
    global _redis
    if _redis is None or _redis[0] != os.getpid():  # one client per worker process
        import redis

        _redis = (os.getpid(), redis.Redis.from_url(settings.redis_url))
    return _redis[1]


def _folder() -> Path:
    from reflex.utils import prerequisites

    return prerequisites.get_states_dir().absolute() / "views"


def _file(key: str) -> Path:
    folder = _folder()
    if folder not in _purged:  # once per worker: views older than a state's lifetime go (Redis expires its own)
        _purged.add(folder)
        cutoff = time.time() - _expiry()
        for old in folder.glob("*.view") if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < cutoff:
                    old.unlink()
    return folder / f"{key.replace(':', '_')}.view"


def _remember(key: str, view: Any) -> None:
    with _lock:
        _memory[key] = view
        _memory.move_to_end(key)
        while len(_memory) > KEEP_IN_MEMORY:
            old, _ = _memory.popitem(last=False)
            _stored.discard(old)


def drawn(key: str, view: Any) -> None:
    """A view just drawn: kept in memory; written to the store when the state is next pickled."""
    _remember(key, view)


def store(key: str, view: Any, previous: str = "") -> None:
    """Write the view under `key` once (the state is being pickled), dropping the one it replaces."""
    if key in _stored:
        return
    data = pickle.dumps(view, protocol=pickle.HIGHEST_PROTOCOL)
    if settings.redis_url:
        pipe = _client().pipeline()
        pipe.set(PREFIX + key, data, ex=_expiry())
        if previous:
            pipe.delete(PREFIX + previous)
        pipe.execute()
    else:
        target = _file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(".part")
        part.write_bytes(data)
        part.replace(target)
        if previous:
            _file(previous).unlink(missing_ok=True)
    with _lock:
        _stored.add(key)


def load(key: str) -> Any | None:  # noqa: ANN401
    """The view under `key`: from this worker's memory, else from the store; None if it is gone."""
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    if settings.redis_url:
        data = _client().get(PREFIX + key)
    else:
        path = _file(key)
        fresh = path.exists() and time.time() - path.stat().st_mtime < _expiry()
        data = path.read_bytes() if fresh else None
    if data is None:
        return None
    view = pickle.loads(data)  # noqa: S301  (written by this app, above)
    _remember(key, view)
    with _lock:
        _stored.add(key)
    return view


def forget_memory() -> None:
    """Drop what this worker holds in memory (tests: a worker that never saw the tab)."""
    with _lock:
        _memory.clear()
        _stored.clear()
