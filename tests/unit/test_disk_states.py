"""The embedded default's state manager sweeps its folder at most once a minute (harbin_app/disk_states.py):
expired states are still removed, only not after every write batch."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

import pytest
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.memory import StateManagerMemory

from harbin_app import disk_states


@pytest.fixture
def manager(tmp_path, monkeypatch):
    monkeypatch.setenv("REFLEX_STATES_WORKDIR", str(tmp_path))
    made = StateManagerDisk()
    assert made.states_directory == tmp_path.absolute()
    app = SimpleNamespace(_state_manager=made)
    disk_states.install(app)
    return made


def _state_file(folder, name: str, *, age: float):
    path = folder / f"{name}.pkl"
    path.write_bytes(b"x")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_install_makes_the_disk_manager_sweep_at_most_once_a_minute(manager, monkeypatch):
    assert isinstance(manager, disk_states.SweepingDiskManager)
    folder = manager.states_directory
    clock = [1000.0]
    monkeypatch.setattr(disk_states.time, "monotonic", lambda: clock[0])
    expired = manager.token_expiration + 10

    first = _state_file(folder, "first", age=expired)
    fresh = _state_file(folder, "fresh", age=0)
    manager._purge_expired_states()
    assert not first.exists() and fresh.exists()  # the first sweep runs

    second = _state_file(folder, "second", age=expired)
    clock[0] += disk_states.SWEEP_EVERY - 1
    manager._purge_expired_states()
    assert second.exists()  # within the minute: the folder is not listed again

    clock[0] += 1
    manager._purge_expired_states()
    assert not second.exists() and fresh.exists()  # a minute on: swept, the live state kept


def test_install_leaves_other_managers_alone():
    memory = StateManagerMemory()
    disk_states.install(SimpleNamespace(_state_manager=memory))
    assert type(memory) is StateManagerMemory
    disk_states.install(SimpleNamespace(_state_manager=None))  # no manager yet: a warning, no error
