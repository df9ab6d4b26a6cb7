"""Search as the user types, on one background thread, where the latest query wins.

Typing never waits for a search: keystrokes restart a short debounce timer, and the
query then goes to a worker thread that hands it to the search service, a child
process holding the read-only library and the models (started at launch while the
window is built, or on first use; it never holds this process's GIL). Every
request carries a generation number: the worker skips requests that a newer one has
overtaken before they started, and the controller drops results that arrive after a
newer request, so a slow first query (models loading) can never overwrite a later answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from desktop_search.paths import app_paths
from desktop_search.search.filters import SearchFilters

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
REFRESH_MS = 1500  # at most one automatic re-run per this while the index changes


@dataclass(frozen=True, slots=True)
class SearchRequest:
    generation: int
    text: str
    mode: str = "hybrid"
    filters: SearchFilters = field(default_factory=SearchFilters)
    k: int = 30


class _SearchWorker(QObject):
    """Lives on the search thread; owns the search service (a child process).

    Until the query models are in memory, a question is answered twice: by keywords at
    once (no model needed), then in the mode asked for once the models have loaded.
    Loading them ahead (``warm_up``) goes one model at a time, each step queued behind
    any question asked meanwhile, so a question waits for one model load at most.
    """

    finished = Signal(int, object)  # generation, SearchResult
    partial = Signal(int, object)  # generation, keyword-only SearchResult (models loading)
    failed = Signal(int, str)  # generation, plain reason
    warmed = Signal()
    _next_step = Signal(int)

    def __init__(self, home: str | Path | None, service=None) -> None:
        super().__init__()
        self._home = home
        self._service = service  # started at launch, before the window (gui/launch.py)
        self.latest = 0  # written by the GUI thread; an int store is atomic
        self.models_ready = False  # the query models answered once (so they are loaded)
        self._next_step.connect(self._warm_step, Qt.ConnectionType.QueuedConnection)

    def _open(self):
        if self._service is None:
            from desktop_search.app.search_process import SearchService
            from desktop_search.store.catalog import Catalog

            paths = app_paths(self._home).ensure()
            if not paths.catalog.exists():
                # A read-only connection cannot create the database; the worker may not
                # have started yet, so create the empty catalog once ourselves.
                Catalog(paths.catalog).close()
            self._service = SearchService(self._home)
        return self._service

    @Slot(object)
    def run(self, request: SearchRequest) -> None:
        if request.generation != self.latest:
            return  # overtaken while queued
        try:
            service = self._open()
            # The child lets its models go after a rest; asking by meaning would then
            # wait for them to load again, so the keywords answer first then too.
            ready = self.models_ready and getattr(service, "models_ready", True)
            if request.mode != "keyword" and not ready:
                quick = service.search(
                    request.text, k=request.k, mode="keyword", filters=request.filters
                )
                if request.generation != self.latest:
                    return  # overtaken while the keywords were looked up
                self.partial.emit(request.generation, quick)
            result = service.search(
                request.text,
                k=request.k,
                mode=request.mode,
                filters=request.filters,
                # Local results at once while a team library is slow; the fused ones follow.
                on_partial=lambda r: self.partial.emit(request.generation, r),
            )
            if request.mode != "keyword":
                self.models_ready = True
        except Exception as exc:
            log.exception("search for %r failed", request.text)
            self.failed.emit(request.generation, _plain(exc))
        else:
            self.finished.emit(request.generation, result)

    @Slot()
    def warm_up(self) -> None:
        self._warm_step(0)

    @Slot(int)
    def _warm_step(self, step: int) -> None:
        """Step 0 opens the library; step i loads the i-th space's query model."""
        if self.latest < 0:
            return  # shutting down
        try:
            service = self._open()
            names = self._space_names()
            if step == 0:
                service.open()
            elif step <= len(names):
                service.warm_up(names[step - 1])
            if step >= len(names):
                self.models_ready = True
                self.warmed.emit()
                return
        except Exception:
            if self.latest >= 0:  # not when quitting ended the service on purpose
                log.exception("warming up the search engine failed")
            self.warmed.emit()
            return
        self._next_step.emit(step + 1)  # queued: a question asked meanwhile goes first

    def _space_names(self) -> list[str]:
        from desktop_search.settings import load_settings

        return [s.name for s in load_settings(app_paths(self._home).settings_file).spaces]

    def abort(self) -> None:
        """Called from the GUI thread when quitting: end the service child at once."""
        abort = getattr(self._service, "abort", None)
        if abort is not None:
            abort()

    @Slot()
    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None
        self.models_ready = False


def _plain(exc: Exception) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason or exc) or type(exc).__name__


class SearchController(QObject):
    """What the search box, mode and filters ask for; results come back as signals."""

    results_ready = Signal(object)  # SearchResult, or None when the query is empty
    failed = Signal(str)
    busy_changed = Signal(bool)
    _request = Signal(object)
    _warm = Signal()
    _close = Signal()

    def __init__(
        self,
        home: str | Path | None = None,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        service=None,
    ) -> None:
        """``service``: a search service already started (at launch), else one starts on
        the first search or warm-up."""
        super().__init__(parent)
        self.text = ""
        self.mode = "hybrid"
        self.filters = SearchFilters()
        self._generation = 0
        self._delivered = 0
        self._busy = False
        self._thread = QThread()
        self._thread.setObjectName("search")
        self._worker = _SearchWorker(home, service)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._warm.connect(self._worker.warm_up)
        self._close.connect(self._worker.close)
        self._worker.finished.connect(self._on_finished)
        self._worker.partial.connect(self._on_partial)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()
        self._debounce_ms = debounce_ms
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._debounce.timeout.connect(self.search_now)
        self._refresh = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh.timeout.connect(self._rerun)

    # -- inputs ---------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """The query as typed: searched once typing pauses, or at once when a whole query
        arrives in an empty box (pasted, dropped, or a word the input method commits)."""
        if text == self.text:
            return
        whole = not self.text.strip() and len(text.strip()) > 1
        self.text = text
        if not text.strip():
            self._debounce.stop()
            self.search_now()  # clearing is instant
        else:
            # Nothing more is being typed into a query that came whole; the event loop
            # still runs first, so a search_now() right behind it searches once.
            self._debounce.start(0 if whole else self._debounce_ms)

    def set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self._rerun()

    def set_filters(self, filters: SearchFilters) -> None:
        if filters != self.filters:
            self.filters = filters
            self._rerun()

    @property
    def pending(self) -> bool:
        """True while the shown results are not yet those of the current query."""
        return self._debounce.isActive() or self._delivered != self._generation

    def warm_up(self) -> None:
        """Open the library and load models now, in the background."""
        self._warm.emit()

    def reload(self) -> None:
        """The settings changed (other models): open the library afresh for the next search."""
        self._close.emit()  # queued on the search thread, so it runs after any search in flight
        self._rerun()

    def index_changed(self) -> None:
        """New data was committed: re-run the current query soon (throttled)."""
        if self.text.strip() and not self._refresh.isActive():
            self._refresh.start()

    # -- running --------------------------------------------------------------------
    def search_now(self) -> None:
        """Search the current text immediately (Enter, or the debounce firing)."""
        self._debounce.stop()
        self._generation += 1
        self._worker.latest = self._generation
        if not self.text.strip():
            self._delivered = self._generation
            self._set_busy(False)
            self.results_ready.emit(None)
            return
        self._set_busy(True)
        self._request.emit(SearchRequest(self._generation, self.text, self.mode, self.filters))

    def _rerun(self) -> None:
        if self.text.strip():
            self.search_now()

    def _on_finished(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self._delivered = generation
        self._set_busy(False)
        self.results_ready.emit(result)

    def _on_partial(self, generation: int, result: object) -> None:
        """Keyword results while the models load: shown, but the query is still pending."""
        if generation == self._generation:
            self.results_ready.emit(result)

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        self._delivered = generation
        self._set_busy(False)
        self.failed.emit(reason)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    def shutdown(self, timeout_ms: int = 1000) -> None:
        """Stop the search thread and its service child without waiting for work in flight."""
        self._debounce.stop()
        self._refresh.stop()
        self._worker.latest = -1  # anything still queued is stale now
        self._worker.abort()  # a model load or search in flight ends now, not in seconds
        self._close.emit()
        self._thread.quit()
        if not self._thread.wait(timeout_ms):
            log.warning("search thread did not stop within %d ms", timeout_ms)
