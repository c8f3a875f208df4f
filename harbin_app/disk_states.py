"""The embedded default's state manager (Reflex's StateManagerDisk), with its sweep of expired
states run at most once a minute.

Reflex's disk manager writes a tab's changed substates two seconds after its last event, from one
loop that, after each batch, lists the whole states folder and stats every file in it to remove the
expired ones. With many tabs acting the batches come every few milliseconds (each tab's write
falls due at its own time), so the folder (ten files per open tab) was listed about a hundred times
a second: at 200 tabs, 27 % of the worker's time (py-spy, 2026-12-03). States expire after an hour
(`redis_token_expiration`); removing them up to a minute late changes nothing a user sees.

`install` gives the app's manager this behaviour in place (the event processor already holds it);
on Redis (production) nothing changes: Redis expires its own keys.
"""

from __future__ import annotations

import logging
import time

from reflex.istate.manager.disk import StateManagerDisk

log = logging.getLogger(__name__)

SWEEP_EVERY = 60.0  # seconds between two sweeps of the states folder
_SWEPT = "_harbin_swept_at"  # on the manager's instance: when it last swept (time.monotonic)


class SweepingDiskManager(StateManagerDisk):
    """StateManagerDisk whose sweep of the folder runs at most every SWEEP_EVERY seconds."""

    def _purge_expired_states(self) -> None:
        now = time.monotonic()
        last = self.__dict__.get(_SWEPT)
        if last is not None and now - last < SWEEP_EVERY:
            return
        self.__dict__[_SWEPT] = now
        super()._purge_expired_states()


def install(app) -> None:  # noqa: ANN001  (reflex.App)
    """Make the app's disk state manager sweep at most once a minute (called once the worker starts)."""
    manager = getattr(app, "_state_manager", None)
    if type(manager) is StateManagerDisk:
        manager.__class__ = SweepingDiskManager  # the same object: whoever holds it gets the change
    elif manager is None:
        log.warning("no state manager yet: the disk manager will sweep its folder after every write batch")
