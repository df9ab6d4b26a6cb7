"""The window's one ``IndexState``, as a Qt object whose ``changed`` signal feeds every view.

The status bar, the result area, the Folders dialog and Preferences all show this one
state (``desktop_search.indexing.index_state`` holds the rules), so they cannot tell a
person two different stories.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from desktop_search.indexing.index_state import IndexState, IndexStateTracker, LibraryCounts
from desktop_search.indexing.progress import IndexProgress


class IndexStateModel(QObject):
    """Takes the worker's state, its progress and the catalog's counts; emits the result."""

    changed = Signal(object)  # IndexState

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tracker = IndexStateTracker()

    @property
    def state(self) -> IndexState:
        return self._tracker.state

    def set_worker(self, worker: str) -> None:
        self._publish(self._tracker.set_worker(worker))

    def set_progress(self, progress: IndexProgress) -> None:
        self._publish(self._tracker.set_progress(progress))

    @property
    def epoch(self) -> int:
        """Pass it back with counts read now (``set_counts``), so stale counts are dropped."""
        return self._tracker.epoch

    def set_counts(self, counts: LibraryCounts | None, epoch: int | None = None) -> None:
        self._publish(self._tracker.set_counts(counts, epoch))

    def set_documents(self, documents: int | None) -> None:
        """Only the number of documents is known (tests, a quick first read)."""
        counts = self.state.counts or LibraryCounts()
        self.set_counts(None if documents is None else replace(counts, documents=documents))

    def set_for_battery(self, for_battery: bool) -> None:
        self._publish(self._tracker.set_for_battery(for_battery))

    def _publish(self, state: IndexState) -> None:
        self.changed.emit(state)
