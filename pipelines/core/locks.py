"""One writer at a time: syncs and builds take an advisory lock beside the warehouse before opening it.

DuckDB itself admits one writing process; the lock turns a clash into a short wait and, past the
wait, a clear "skipped" instead of a lock error deep in a sync.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipelines.core.warehouse import make_folder


class WarehouseBusy(RuntimeError):
    """Another sync or build held the warehouse for longer than this one was willing to wait."""


@contextmanager
def writer_lock(warehouse: Path, purpose: str, wait_seconds: float) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; wait for it up to `wait_seconds`.

    Raises:
        WarehouseBusy: the lock was not free in time; the message says who holds it since when.
    """
    path = _lock_path(warehouse)
    make_folder(path.parent)
    with path.open("a+", encoding="utf-8") as handle:
        _acquire(handle, wait_seconds, purpose)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{purpose} (pid {os.getpid()}) since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer_busy(warehouse: Path) -> bool:
    """Whether a sync, build, backup or restore holds the warehouse's writer lock right now."""
    path = _lock_path(warehouse)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:  # no writer ever ran
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _lock_path(warehouse: Path) -> Path:
    """The writer lock's file, beside the warehouse (`<warehouse>.lock`)."""
    return Path(warehouse).with_name(Path(warehouse).name + ".lock")


def _acquire(handle, wait_seconds: float, purpose: str) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise WarehouseBusy(
                    f"{purpose} skipped: the warehouse is busy with {holder}; waited {wait_seconds:.0f} s"
                ) from None
            time.sleep(0.2)
