"""Run the search engine in a child process and ask it questions over a pipe.

Loading two embedding models and running a query hold Python's global lock for long
stretches; in the window's own process that froze the event loop for up to half a
second (benchmarks/gui_stall.py). In a child process the caller only waits on a pipe,
which releases the lock, so the window keeps drawing. Results come back as the same
frozen dataclasses the engine returns. A child that dies is started again on the next
request. At rest the child lets its query models and vector indexes go (they load
again for the next question, keyword answers first), and it never imports torch
(``embed/bert_numpy.py``): 70-100 MB at rest instead of 560 (benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing as mp
import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_search.app.memory import trim_heap
from desktop_search.app.rest import RELEASE_ENV
from desktop_search.logs import setup_logging
from desktop_search.paths import app_paths
from desktop_search.process_name import set_process_name
from desktop_search.search.filters import SearchFilters

if TYPE_CHECKING:  # the engine (numpy, FAISS) is imported by the child only
    from desktop_search.search.engine import Mode
    from desktop_search.search.hits import SearchResult

log = logging.getLogger(__name__)


class SearchServiceError(Exception):
    """The search could not be answered; the message is in plain words."""


RELEASE_AFTER_S = 120.0


def _release_after_s() -> float:
    try:
        return float(os.environ.get(RELEASE_ENV, RELEASE_AFTER_S))
    except ValueError:
        return RELEASE_AFTER_S


def _release_models(library) -> None:
    """Unload the query models and vectors after a quiet spell (loaded again when asked).

    Two models held for a window nobody types into were most of the app's memory at rest;
    keyword answers need none, and the window shows those first while the models load.
    """
    for space in library.spaces:
        release = getattr(space.embedder, "release", None)  # remote spaces hold nothing
        if release is not None:
            release()
    # The vector indexes too: 3.5 kB a passage, ~120 MB for a library of 40,000 passages;
    # the next search reads them again from their files (a fraction of a second).
    library.release_engine()
    gc.collect()
    trim_heap()
    log.info("idle: query models unloaded")


FIRST_ANSWER_WAIT_S = 0.5  # how long the loading waits for a first question at launch


def _load_models(library, answered: threading.Event | None = None) -> None:
    """Load the query models of the spaces that have vectors (a thread of the child).

    Started as soon as the library is open, so the first question is answered by meaning
    within a second or two of launch; keyword answers need no model and do not wait.
    """
    try:
        # What keyword answers need (the Chinese segmenter comes last: 0.1 s of the
        # interpreter that the first answer, typed as the window shows, needs more).
        library.engine.prepare_keywords(segmenter=False)
        if answered is not None:
            # Reading the vector indexes holds the engine for ~0.1 s (53,000 vectors): a
            # question typed as the window shows gets its keyword answer first; a first
            # keyword answer waited for them when "open" read them.
            answered.wait(FIRST_ANSWER_WAIT_S)
        library.engine.refresh(force=True)
        for space in library.spaces:
            if space.name in getattr(library.engine, "_indexes", {}):
                started = time.monotonic()
                space.embedder.encode_queries(["warm up"])
                log.info("%s query model ready in %.2f s", space.name, time.monotonic() - started)
        from desktop_search.text.analyzer import load_segmenter

        load_segmenter()
    except Exception:  # the question that needs the model reports its own error
        log.exception("loading the query models failed")


def _since_start() -> float:
    """Seconds since this process was created (for the log: how soon it could answer)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):  # not Linux
        return float("nan")


def _serve(conn: Connection, home: str | None) -> None:
    """Child process: open the library read-only and answer requests until told to stop."""
    # The window imports this module; the library (numpy, FAISS: 0.46 s of imports,
    # ``python -X importtime -c "import desktop_search.app.library"``) loads in the child only.
    from desktop_search.app.library import Library
    from desktop_search.cores import limit_blas_threads

    set_process_name("ds-search")
    limit_blas_threads(1)  # from this main thread: a query thread's own limit is ignored
    paths = app_paths(home)
    setup_logging(paths.log / "search.log")
    library = Library(paths, readonly=True, threads=1)
    idle_s = _release_after_s()
    answered = threading.Event()  # a search was answered (see _load_models)
    loaded = False  # a model may be in memory
    while True:
        try:
            if loaded and not conn.poll(idle_s):
                _release_models(library)
                loaded = False
                continue
            op, kwargs = conn.recv()
        except (EOFError, OSError):
            break  # the app went away
        if op == "stop":
            break
        try:
            if op == "open":  # the catalog is open; words, vectors and models load behind
                conn.send(("ok", None))
                log.info("library open (%.2f s after the process started)", _since_start())
                if not loaded:
                    threading.Thread(
                        target=_load_models, args=(library, answered), daemon=True
                    ).start()
                    loaded = True
            elif op == "warm_up":
                space = kwargs.get("space")
                if space is None:
                    library.engine.warm_up()
                else:
                    library.engine.refresh(force=True)
                    # Only a space with vectors needs its model (as engine.warm_up does).
                    if space in getattr(library.engine, "_indexes", {}):
                        for s in library.spaces:
                            if s.name == space:
                                s.embedder.encode_queries(["warm up"])
                loaded = True
                conn.send(("ok", None))
            else:
                # Team libraries that are slow send the local results first ("partial").
                result = library.search(**kwargs, on_partial=lambda r: conn.send(("partial", r)))
                loaded = loaded or kwargs.get("mode") != "keyword"
                conn.send(("ok", result))
                answered.set()
        except Exception as exc:
            log.exception("request %s failed", op)
            conn.send(("error", str(getattr(exc, "reason", None) or exc) or type(exc).__name__))
    library.close()


class SearchService:
    """A search engine in a child process; ``search`` blocks the calling thread only."""

    def __init__(self, home: str | Path | None = None) -> None:
        self._home = None if home is None else str(home)
        self._ctx = mp.get_context("spawn")
        self._process: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()
        self._unanswered = 0  # replies owed for requests sent by ``start``
        self._models_loaded = False  # the child loaded its query models (or is loading them)
        self._last_call = 0.0  # when the last request ended (the child unloads after a rest)
        self._release_after_s = _release_after_s()

    @property
    def models_ready(self) -> bool:
        """True when the child should hold its query models: loaded and not yet rested.

        A meaning search then answers at once; otherwise the caller shows keyword
        results first, since a meaning search would wait for the models to load.
        """
        rested = time.monotonic() - self._last_call >= self._release_after_s - 1.0
        return self._models_loaded and self.running and not rested

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the child and open the library now, without waiting (at launch).

        The child then loads its query models in the background; the first request
        waits only for what it needs.
        """
        with self._lock:
            if self.running:
                return
            conn = self._ensure()
            conn.send(("open", {}))
            self._unanswered += 1
            self._models_loaded = True
            self._last_call = time.monotonic()

    def _ensure(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            if self._process is not None:
                log.warning("search service exited (code %s); restarting", self._process.exitcode)
            parent, child = self._ctx.Pipe()
            self._process = self._ctx.Process(
                target=_serve, args=(child, self._home), name="desktop-search-search", daemon=True
            )
            self._process.start()
            child.close()
            self._conn = parent
            self._unanswered = 0
            self._models_loaded = False
        assert self._conn is not None
        return self._conn

    def _call(self, op: str, on_partial=None, **kwargs: object) -> object:
        with self._lock:
            conn = self._ensure()
            try:
                while self._unanswered:  # the reply to ``start``'s opening
                    conn.recv()
                    self._unanswered -= 1
                conn.send((op, kwargs))
                status, value = conn.recv()
                while status == "partial":  # local results while a team library is slow
                    if on_partial is not None:
                        on_partial(value)
                    status, value = conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._process = None
                raise SearchServiceError("the search service stopped; try again") from exc
            finally:
                self._last_call = time.monotonic()
            if status == "ok" and (op in ("open", "warm_up") or kwargs.get("mode") != "keyword"):
                self._models_loaded = True
        if status != "ok":
            raise SearchServiceError(str(value))
        return value

    def search(
        self,
        query: str,
        *,
        k: int = 20,
        mode: Mode = "hybrid",
        filters: SearchFilters | None = None,
        on_partial=None,
    ) -> SearchResult:
        """The engine's answer for ``query`` (see SearchEngine.search), with the team
        libraries' (``on_partial`` gets the local results first when they are slow)."""
        result = self._call(
            "search", on_partial=on_partial, raw_query=query, k=k, mode=mode, filters=filters
        )
        from desktop_search.search.hits import SearchResult

        assert isinstance(result, SearchResult)
        return result

    def warm_up(self, space: str | None = None) -> None:
        """Start the child and load its models (or only ``space``'s) now."""
        if space is None:
            self._call("warm_up")
        else:
            self._call("warm_up", space=space)

    def open(self) -> None:
        """Start the child and open the library, without loading any model."""
        self._call("open")

    def abort(self) -> None:
        """End the child now, from any thread (quitting): it only reads, so nothing is lost.

        A search or model load in flight then fails in the thread waiting for it, which
        is what lets that thread finish at once instead of after the load.
        """
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(0.5)
            if process.is_alive():
                process.kill()
                process.join(0.5)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):  # already gone
                    self._conn.send(("stop", {}))
                self._conn.close()
                self._conn = None
            if self._process is not None:
                self._process.join(timeout=5)
                if self._process.is_alive():
                    self._process.kill()
                self._process = None
