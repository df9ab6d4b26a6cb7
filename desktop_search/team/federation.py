"""Search the local library and every team library together, local results first.

The team libraries are asked in background threads while the local search runs; if
they have answered by then (usually: a LAN round-trip is a few ms) one fused result is
returned, otherwise the local result goes out at once, marked ``partial``, and the
fused one follows when the teams answer or their time is up. A team library that did
not answer leaves a note instead of results; it never holds up the local ones.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace

from desktop_search.search.filters import SearchFilters
from desktop_search.search.hits import SearchResult
from desktop_search.search.query import parse_query
from desktop_search.team.reader import TeamCandidates, TeamLibrary

log = logging.getLogger(__name__)

_KEY_STRIDE = 1_000_000  # row keys per team library and query (disjoint ranges)


class TeamSearch:
    """Runs searches over an engine plus team libraries; one search at a time."""

    def __init__(
        self,
        libraries: Sequence[TeamLibrary],
        *,
        grace_s: float = 0.15,
        wait_s: float = 8.0,
    ) -> None:
        self.libraries = list(libraries)
        self.grace_s = grace_s  # wait this long after the local search before answering
        self.wait_s = wait_s  # give up on a team library after this (its own timeouts first)
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, len(self.libraries)), thread_name_prefix="team"
        )
        self._lock = threading.Lock()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        for lib in self.libraries:
            try:
                lib.close()
            except Exception:
                log.debug("closing team %s failed", lib.name, exc_info=True)

    def search(
        self,
        engine,
        raw_query: str,
        *,
        k: int = 20,
        mode: str = "hybrid",
        filters: SearchFilters | None = None,
        on_partial: Callable[[SearchResult], None] | None = None,
        **kwargs,
    ) -> SearchResult:
        """Local and team results fused; ``on_partial`` gets the local ones first when the
        team libraries are slow."""
        q = parse_query(raw_query)
        if q.empty or not self.libraries:
            return engine.search(raw_query, k=k, mode=mode, filters=filters, **kwargs)
        # Embedded here once, so the team threads only wait on sockets; the local search
        # that follows finds these vectors kept and does not embed the query again.
        vectors = engine.query_vectors(q.text) if mode != "keyword" else {}
        with self._lock:
            futures: list[Future] = [
                self._pool.submit(
                    lib.candidates,
                    q,
                    key_base=-(i + 1) * _KEY_STRIDE,
                    mode=mode,
                    filters=filters,
                    spaces=kwargs.get("spaces"),
                    query_vectors=vectors,
                )
                for i, lib in enumerate(self.libraries)
            ]
            local = engine.search(raw_query, k=k, mode=mode, filters=filters, **kwargs)
            _, slow = wait(futures, timeout=self.grace_s)
            if slow:
                if on_partial is not None:
                    waiting = [
                        lib.name
                        for lib, f in zip(self.libraries, futures, strict=True)
                        if f in slow
                    ]
                    on_partial(
                        replace(
                            local,
                            partial=True,
                            notes=(*local.notes, f"waiting for {', '.join(waiting)}"),
                        )
                    )
                wait(futures, timeout=self.wait_s)
            answers = [self._answer(lib, f) for lib, f in zip(self.libraries, futures, strict=True)]
            return engine.search(raw_query, k=k, mode=mode, filters=filters, team=answers, **kwargs)

    @staticmethod
    def _answer(lib: TeamLibrary, future: Future) -> TeamCandidates:
        if not future.done():
            return TeamCandidates(lib.name, note=f"{lib.name} did not answer in time")
        try:
            return future.result()
        except Exception as exc:  # candidates() turns failures into notes: this is a bug
            log.exception("team %s failed", lib.name)
            return TeamCandidates(lib.name, note=f"{lib.name} failed ({type(exc).__name__})")
