"""What the servers hold: RSS of their worker processes, and one tab's state as the state manager
stores it (the disk manager's pickles, or Redis keys)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import psutil


def worker_rss(pid: int) -> Callable[[], dict[str, float]]:
    """RSS (MB) of each worker under the server process `pid` (the process itself when it has no
    child processes); labels "worker 1", "worker 2" … in pid order."""

    def measure() -> dict[str, float]:
        try:
            root = psutil.Process(pid)
            workers = sorted(root.children(recursive=True), key=lambda p: p.pid) or [root]
            out = {}
            for i, proc in enumerate(workers, 1):
                try:
                    out[f"worker {i}"] = proc.memory_info().rss / 2**20
                except psutil.NoSuchProcess:
                    continue
            return out
        except psutil.NoSuchProcess:
            return {}

    return measure


def tree_cpu(pid: int) -> Callable[[], float]:
    """CPU seconds (user + system) used so far by the server process `pid` and its children: the
    server's own cost, whatever else the machine runs (the database server's processes not included)."""

    def measure() -> float:
        total = 0.0
        try:
            root = psutil.Process(pid)
            for proc in [root, *root.children(recursive=True)]:
                try:
                    t = proc.cpu_times()
                    total += t.user + t.system
                except psutil.NoSuchProcess:
                    continue
        except psutil.NoSuchProcess:
            pass
        return total

    return measure


def state_classes() -> list[type]:
    """Every Reflex state class: Reflex's own and the app's (every module of harbin_app.state imported)."""
    import importlib
    import pkgutil

    import harbin_app.state
    from reflex.state import BaseState

    for module in pkgutil.iter_modules(harbin_app.state.__path__):
        importlib.import_module(f"harbin_app.state.{module.name}")
    found, todo = [], [BaseState]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def state_key(client_token: str, cls: type) -> str:
    """How Reflex names one substate of one tab (reflex/istate/manager/token.py BaseStateToken)."""
    return f"{client_token}_{cls.get_full_name()}"


def disk_state_bytes(states_dir: Path, client_token: str) -> dict[str, int]:
    """The disk manager's pickle of each substate of a tab (file name: md5 of its key)."""
    names = {hashlib.md5(state_key(client_token, cls).encode()).hexdigest(): cls.__name__ for cls in state_classes()}
    return {names[p.stem]: p.stat().st_size for p in states_dir.rglob("*.pkl") if p.stem in names}


def redis_state_bytes(redis_url: str, client_token: str) -> dict[str, int]:
    """The Redis manager's value of each substate of a tab (key: "<token>_<state full name>")."""
    import redis

    names = {state_key(client_token, cls): cls.__name__ for cls in state_classes()}
    client = redis.Redis.from_url(redis_url)
    out = {}
    for key in client.scan_iter(match=f"{client_token}_*"):
        if (name := names.get(key.decode())) is not None and client.type(key) == b"string":
            out[name] = int(client.strlen(key))
    return out


def drawn_view_bytes(client_token: str, *, redis_url: str = "", states_dir: Path | None = None) -> int:
    """The tab's drawn form view, kept beside its state (harbin_app/state/drawn_views.py): written once
    per draw, not with every event. Redis key "harbin:view:<token>:<id>", or a file in states/views.
    The largest of the tab's views: a replaced one stays a few minutes (drawn_views.REPLACED_KEPT)."""
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        return max((int(client.strlen(k)) for k in client.scan_iter(match=f"harbin:view:{client_token}:*")), default=0)
    assert states_dir is not None
    return max((p.stat().st_size for p in (states_dir / "views").glob(f"{client_token}_*.view")), default=0)
