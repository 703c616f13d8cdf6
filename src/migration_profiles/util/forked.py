"""Run work in forked processes beside the caller, which goes on with its own work.

Why: part of a stage can need nothing else the stage makes (the edition's data package needs the
published figures, not the pages), while the stage has stretches that keep one core busy and leave the
other idle. A forked child reads the tables the parent has loaded without their being pickled. Where
fork is not available, `start`'s function simply runs at once, in this process, and `pool` gives none.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
from collections.abc import Callable

# The call a child is to make, set just before it is forked: it inherits this, and nothing is pickled
# but the result.
_PENDING: dict = {}


def _call():
    function, args, kwargs = _PENDING["call"]
    return function(*args, **kwargs)


def start(function: Callable, *args, **kwargs) -> Callable[[], object]:
    """Start `function(*args, **kwargs)` in a forked process; return a `wait()` that gives its result, or
    raises its error, once it has finished. Call `wait()` in every case (a `finally`), so no child is
    left writing after the caller has moved on."""
    if "fork" not in multiprocessing.get_all_start_methods():
        result = function(*args, **kwargs)
        return lambda: result
    _PENDING["call"] = (function, args, kwargs)
    try:
        pool = multiprocessing.get_context("fork").Pool(1)
    finally:
        _PENDING.clear()
    pending = pool.apply_async(_call)
    pool.close()

    def wait():
        try:
            return pending.get()
        finally:
            pool.join()

    return wait


def pool(workers: int) -> multiprocessing.pool.Pool | None:
    """`workers` processes forked now, from the calling thread, for a pool's `imap` or `map`; None where
    fork is not available or one worker would do. Fork from the main thread, before starting threads of
    your own: a child has only the thread that forked it, and a lock another thread held stays held.

    Each child first freezes what it inherited out of the garbage collector's reach: it only reads the
    parent's objects, and a collection scanning them all would copy their memory pages into the child
    and take longer than the work itself. Close and join the pool when done (a `finally`)."""
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork").Pool(workers, initializer=gc.freeze)
