"""One run at a time per warehouse, whatever started it: `k12 run`, the Dagster UI, the schedule.

DuckDB allows one writer per file, and two runs interleaving their extracts would leave half-loaded
years behind, so every run takes an exclusive lock on `<warehouse>.run-lock` before it touches
anything. The lock is an `flock`: the kernel drops it when the holder dies, even by SIGKILL, so a
killed run never leaves a stale lock. The file records who holds it, for the message the next run
prints. Within one process the lock is re-entrant: `k12 run` takes it before it starts Dagster, and
the warehouse resource of that same run then finds it already held.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

_POLL_SECONDS = 0.5
_held: dict[Path, int] = {}  # lock path -> how many holders in this process


class RunLockBusy(RuntimeError):
    """Another process holds the warehouse's run lock."""


def lock_path_for(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".run-lock")


@contextmanager
def run_lock(
    warehouse: Path, wait_seconds: float, on_acquire: Callable[[], object] | None = None
) -> Iterator[None]:
    """Hold the warehouse's run lock for the block; wait up to `wait_seconds` for another run,
    then raise RunLockBusy naming it. `on_acquire` runs once the lock is taken, unless this
    process held it already (it cleans what a killed run left)."""
    path = lock_path_for(warehouse).resolve()
    if _held.get(path):
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the block
    try:
        _acquire(handle, path, wait_seconds)
        handle.seek(0)
        handle.truncate()
        holder = {
            "pid": os.getpid(),
            "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
        }
        handle.write(json.dumps(holder))
        handle.flush()
        _held[path] = 1
        try:
            if on_acquire:
                on_acquire()
            yield
        finally:
            del _held[path]
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _acquire(handle, path: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise RunLockBusy(_busy_message(path, wait_seconds)) from None
            time.sleep(_POLL_SECONDS)


def _busy_message(path: Path, wait_seconds: float) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    who = (
        f"PID {holder['pid']} ({holder.get('command', '?')}) since {holder['started_at']}"
        if holder.get("pid")
        else "another process"
    )
    waited = f"waited {wait_seconds:g} s; " if wait_seconds else ""
    return (
        f"another run is using this warehouse: {who}; {waited}lock {path}. "
        "Try again when it ends, or pass --wait SECONDS."
    )
