"""A long form's drawn view is kept beside the tab's state (state/drawn_views.py): the state pickles
its key only; another worker reads the view from the store; a view that is gone reopens the form.
On a file store, and on Redis when TEST_REDIS_URL is set."""

from __future__ import annotations

import dataclasses
import os
import pickle

import pytest

from harbin_app.state import drawn_views
from harbin_app.state.pool_entry import PoolEntryFormState

STORES = ["file"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])
BIG = {"basic": {"name": "哈" * 60_000}, "demands": [{"id": "d1", "title": "需求"}]}


@pytest.fixture(params=STORES)
def store(request, tmp_path, monkeypatch):
    drawn_views.forget_memory()
    if request.param == "redis":
        import redis

        url = os.environ["TEST_REDIS_URL"]
        redis.Redis.from_url(url).flushdb()
        monkeypatch.setattr(drawn_views, "settings", dataclasses.replace(drawn_views.settings, redis_url=url))
    else:
        monkeypatch.setattr(drawn_views, "settings", dataclasses.replace(drawn_views.settings, redis_url=""))
        monkeypatch.setattr(drawn_views, "_folder", lambda: tmp_path / "views")
    yield request.param
    drawn_views.forget_memory()


def _drawn(content):
    state = PoolEntryFormState(_reflex_internal_init=True)
    state.loaded = True
    state._draw(content, remount=True)
    return state


def _stored_keys(store, tmp_path):
    if store == "redis":
        import redis

        client = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
        return {k.decode().removeprefix(drawn_views.PREFIX) for k in client.scan_iter(f"{drawn_views.PREFIX}*")}
    return {p.stem for p in (tmp_path / "views").glob("*.view")}


def test_the_state_pickles_the_key_not_the_view(store):
    state = _drawn(BIG)
    data = pickle.dumps(state)
    assert len(data) < 5_000 < len(pickle.dumps(BIG))
    assert state.get_value("view") == BIG  # pickling takes nothing from the live state


def test_another_worker_reads_the_view_from_the_store(store):
    data = pickle.dumps(_drawn(BIG))
    drawn_views.forget_memory()  # a worker that never saw this tab
    again = pickle.loads(data)
    assert again.get_value("view") == BIG
    assert again.loaded


def test_a_view_that_is_gone_reopens_the_form(store, tmp_path):
    state = _drawn(BIG)
    state._edits = {"basic.name": "已输入"}
    data = pickle.dumps(state)
    drawn_views.forget_memory()
    for key in _stored_keys(store, tmp_path):  # the store lost it (expired, flushed)
        _gone(store, tmp_path, key)
    again = pickle.loads(data)
    assert again.get_value("view") == {}
    assert not again.loaded  # the next edit opens the form first (LongFormMixin._revive)
    assert again._edits == {"basic.name": "已输入"}  # what was typed is not lost


def _gone(store, tmp_path, key):
    if store == "redis":
        import redis

        redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).delete(drawn_views.PREFIX + key)
    else:
        (tmp_path / "views" / f"{key.replace(':', '_')}.view").unlink()


def test_a_redraw_stores_the_new_view_and_keeps_the_replaced_one_a_few_minutes(store, tmp_path):
    state = _drawn(BIG)
    pickle.dumps(state)
    first = state._view_key
    state._draw({"basic": {"name": "新"}})
    pickle.dumps(state)
    keys = {k.replace(":", "_") for k in _stored_keys(store, tmp_path)}
    assert {state._view_key.replace(":", "_"), first.replace(":", "_")} <= keys
    if store == "redis":
        import redis

        client = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
        assert 0 < client.ttl(drawn_views.PREFIX + first) <= drawn_views.REPLACED_KEPT
        assert client.ttl(drawn_views.PREFIX + state._view_key) > drawn_views.REPLACED_KEPT
    else:
        import time as _time

        aged = (tmp_path / "views" / f"{first.replace(':', '_')}.view").stat().st_mtime
        stale_at = aged + drawn_views._lifetime()
        assert _time.time() < stale_at <= _time.time() + drawn_views.REPLACED_KEPT + 1


def test_a_worker_killed_before_the_new_state_is_written_leaves_a_state_that_still_opens(store):
    state = _drawn(BIG)
    written = pickle.dumps(state)  # the state as the store last had it: naming the first view
    state._draw({"basic": {"name": "新"}})
    pickle.dumps(state)  # the new view is stored; the state naming it never reaches the store
    drawn_views.forget_memory()
    again = pickle.loads(written)
    assert again.get_value("view") == BIG and again.loaded


def test_a_view_in_use_is_written_again_before_it_could_expire(store, tmp_path, monkeypatch):
    state = _drawn(BIG)
    pickle.dumps(state)
    key = state._view_key
    _gone(store, tmp_path, key)  # as if it had expired
    pickle.dumps(state)  # written less than half a lifetime ago: not written again
    assert key.replace(":", "_") not in {k.replace(":", "_") for k in _stored_keys(store, tmp_path)}
    monkeypatch.setitem(drawn_views._stored, key, drawn_views._stored[key] - drawn_views._lifetime() / 2 - 1)
    pickle.dumps(state)
    assert key.replace(":", "_") in {k.replace(":", "_") for k in _stored_keys(store, tmp_path)}


def test_a_store_that_cannot_be_read_reopens_the_form(store, monkeypatch):
    data = pickle.dumps(_drawn(BIG))
    drawn_views.forget_memory()

    def down(_key):
        raise ConnectionError("store down")

    monkeypatch.setattr(drawn_views, "load", down)
    again = pickle.loads(data)
    assert again.get_value("view") == {} and not again.loaded


def test_an_unreachable_store_keeps_the_view_in_the_state(store, monkeypatch):
    def down(*_a, **_k):
        raise ConnectionError("store down")

    state = _drawn(BIG)
    monkeypatch.setattr(drawn_views, "store", down)
    data = pickle.dumps(state)
    drawn_views.forget_memory()
    assert pickle.loads(data).get_value("view") == BIG


def test_views_older_than_a_state_are_removed(tmp_path, monkeypatch):
    import time as _time

    monkeypatch.setattr(drawn_views, "settings", dataclasses.replace(drawn_views.settings, redis_url=""))
    monkeypatch.setattr(drawn_views, "_folder", lambda: tmp_path / "views")
    monkeypatch.setattr(drawn_views, "_swept", {})
    (tmp_path / "views").mkdir()
    old, recent = tmp_path / "views" / "old.view", tmp_path / "views" / "recent.view"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    past = _time.time() - drawn_views._lifetime() - 60
    os.utime(old, (past, past))
    drawn_views.store("t:new", {"a": 1})
    assert not old.exists() and recent.exists()
    assert (tmp_path / "views" / "t_new.view").exists()


def test_views_on_disk_are_kept_beside_the_states_folder_which_reflex_empties_at_every_start(tmp_path, monkeypatch):
    """`reflex run` unlinks every entry of the states folder before it starts: a folder of views inside
    it stopped `make run` from starting again (IsADirectoryError)."""
    from reflex.istate.manager import reset_disk_state_manager

    states = tmp_path / ".states"
    monkeypatch.setenv("REFLEX_STATES_WORKDIR", str(states))
    monkeypatch.setattr(drawn_views, "settings", dataclasses.replace(drawn_views.settings, redis_url=""))
    drawn_views.forget_memory()
    states.mkdir()
    (states / "tab.pkl").write_bytes(b"x")
    drawn_views.store("tab:v1", {"basic": {"contact": "张伟"}})
    reset_disk_state_manager()  # what `reflex run` does first: no error
    assert not (states / "tab.pkl").exists()
    drawn_views.forget_memory()
    assert drawn_views.load("tab:v1") == {"basic": {"contact": "张伟"}}
    assert (tmp_path / ".states-views").is_dir()
