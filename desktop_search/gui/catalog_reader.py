"""Small reads of the catalog for the window, on a thread of their own.

They are quick, but on a big library "quick" can still be tens of milliseconds while
the worker holds the database busy, so they run on their own thread (``tasks``) with
their own read-only connection, never on the GUI thread and never queued behind a
search that is loading a model. What they read is ``indexing/library_report.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from desktop_search.gui.tasks import Callback, TaskRunner
from desktop_search.paths import AppPaths, app_paths

if TYPE_CHECKING:  # imported on the reading thread (numpy): not before the window shows
    from desktop_search.store.catalog import Catalog

T = TypeVar("T")


class CatalogReader(QObject):
    """Runs ``func(catalog)`` on a background thread and calls back on the GUI thread."""

    def __init__(self, home: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths: AppPaths = app_paths(home)
        self._runner = TaskRunner(1, self)
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def _open(self) -> Catalog | None:
        with self._lock:
            if self._catalog is None:
                if not self._paths.catalog.exists():
                    return None  # nothing indexed yet: callers show their empty state
                from desktop_search.store.catalog import Catalog

                self._catalog = Catalog(self._paths.catalog, readonly=True)
            return self._catalog

    def read(self, func: Callable[[Catalog], T], callback: Callback, default: Any = None) -> None:
        """``callback(func(catalog), error)``; ``default`` when there is no catalog yet."""

        def job() -> Any:
            catalog = self._open()
            return default if catalog is None else func(catalog)

        self._runner.run(job, callback)

    def close(self) -> None:
        self._runner.close()
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None
