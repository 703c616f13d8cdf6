"""One build (or one refresh) at a time in a project: a second one is refused with a clear message.

Two builds writing the same folders would each swap the other's half-made output in and out; the
second would fail deep inside MkDocs. The lock is an advisory lock on a file (flock), which the
operating system releases when the process ends, however it ends: a killed build never leaves a lock
behind that has to be removed by hand.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from migration_profiles.util.errors import ProfilesError


class Busy(ProfilesError):
    """Another process holds the lock."""


@contextmanager
def held(path: Path, what: str) -> Iterator[None]:
    """Hold the lock at `path` for the duration, or raise Busy naming the process that holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held open for as long as the lock is)
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Busy(
                f"another {what} is running in this project ({holder}); wait for it to finish and "
                f"run this again. The lock is {path}; it is released when that process ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"process {os.getpid()}, started {started}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock
