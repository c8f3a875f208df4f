"""Files made once and kept on disk (print-ready PDFs, page previews, seal-check results).

A cached file appears whole or not at all: it is written beside its final name and moved into place
(os.replace is atomic on one file system). Making it runs under an exclusive lock (flock), so two
threads or two backend workers asking for the same file at once make it once: the second waits and
then finds it. Locks are striped over 256 files per folder (by the key's first two hex digits), so the
folder never fills with lock files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (created if missing) for the block."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path(target: Path, key: str) -> Path:
    return target.parent / f".lock-{key[:2]}"


def get_or_make(target: Path, key: str, make: Callable[[Path], None]) -> Path:
    """``target`` if it exists; otherwise ``make(part)`` writes the content to the path ``part``, which
    is then moved to ``target``. ``key`` (hex) picks the lock stripe. Exceptions from ``make``
    propagate and leave nothing behind."""
    if target.exists():
        return target
    with exclusive(lock_path(target, key)):
        if target.exists():  # made by another thread or worker while we waited
            return target
        part = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        try:
            make(part)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    return target
