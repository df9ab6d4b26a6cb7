"""How many CPU cores this process may use, and how many threads numpy's BLAS may take:
one answer for the indexer and the models."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator


def usable_cores() -> int:
    """Cores this process may run on (CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_blas_lock = threading.Lock()
_blas_holders = 0
_blas_limiter = None


@functools.cache
def _controller():
    """threadpoolctl's view of the loaded BLAS libraries, made once (it scans them)."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()
    except Exception:  # threadpoolctl missing or broken: run as numpy is set up
        return None


@contextlib.contextmanager
def blas_threads(limit: int | None) -> Iterator[None]:
    """Hold numpy's BLAS to ``limit`` threads while any caller is inside (None: as it is).

    The setting is the process's, not a thread's: two models embedding a query at once
    on two threads, each with a limit of its own, undid each other's (the first to leave
    restored the default while the other still ran, and OpenBLAS's spinning threads on
    a busy 2-core machine made a short query take 1.7 s instead of 0.05 s). So the limit
    is taken by the first caller in and given back by the last one out; while it is held,
    later callers run under it. Taken on a thread other than the main one it may not hold
    (see ``limit_blas_threads``): a process that only searches sets its limit at start.
    """
    global _blas_holders, _blas_limiter
    if limit is None:
        yield
        return
    with _blas_lock:
        if _blas_holders == 0:
            controller = _controller()
            _blas_limiter = (
                None if controller is None else controller.limit(limits=limit, user_api="blas")
            )
        _blas_holders += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_holders -= 1
            if _blas_holders == 0 and _blas_limiter is not None:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None


def limit_blas_threads(threads: int) -> None:
    """Hold numpy's BLAS to ``threads`` threads for the rest of this process (a searcher's
    start: its products are one query's, too small to share).

    Call it from the main thread. This OpenBLAS ignores a limit set from another thread
    once its own threads have run: the query thread's limit of 1 read back as 2, MiniLM's
    products ran on two threads and an idle OpenBLAS thread spun 75 ms of CPU a query on
    the core the search needed (benchmarks/search_latency.py at 100k passages: hybrid
    p50 54 -> 47 ms, p95 72 -> 62).
    """
    controller = _controller()
    if controller is not None:
        controller.limit(limits=threads, user_api="blas")  # kept: never restored
