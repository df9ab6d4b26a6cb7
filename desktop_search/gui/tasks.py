"""Run a function off the GUI thread, then hand its result back on the GUI thread.

The one place where the window meets threads (after Picard's ``util/thread.py``):
callers pass a function and a callback; the callback always runs on the GUI thread and
gets ``(result, error)`` with exactly one of them set, so no widget is ever touched from
another thread and a failure is logged once here, not half-handled at each call site.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Callback = Callable[[Any, BaseException | None], None]


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, func: Callable[[], Any], callback: Callback | None):
        super().__init__()
        self._runner = runner
        self._func = func
        self._callback = callback

    def run(self) -> None:
        try:
            result = self._func()
        except Exception as exc:
            log.exception("background task %r failed", self._func)
            self._runner._finished.emit(self._callback, None, exc)
        else:
            self._runner._finished.emit(self._callback, result, None)


class TaskRunner(QObject):
    """A private pool of ``threads`` worker threads (one keeps tasks in order)."""

    _finished = Signal(object, object, object)  # callback, result, error

    def __init__(self, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._closed = False
        # Emitted from pool threads; the receiver lives on the GUI thread, so Qt queues it.
        self._finished.connect(self._deliver)

    def run(self, func: Callable[[], Any], callback: Callback | None = None) -> None:
        """Call ``func()`` on the pool, then ``callback(result, error)`` on this thread."""
        if not self._closed:
            self._pool.start(_Job(self, func, callback))

    def _deliver(self, callback: Callback | None, result: Any, error: BaseException | None) -> None:
        if callback is not None and not self._closed:
            callback(result, error)

    def close(self, timeout_ms: int = 3000) -> None:
        """Drop queued tasks, wait for the running one, deliver nothing more."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
