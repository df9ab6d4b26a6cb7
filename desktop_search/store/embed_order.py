"""Which passages a space embeds next: the ones that make the most documents findable soonest.

Why: embedding a new folder takes minutes to hours, and meanwhile a search finds by
meaning only what has a vector. Embedding in catalog order (the order files happened to
be read) leaves the document a person just saved, or most documents of a big folder,
without any vector until the end. So each space takes, in this order:

1. passages in a language no other space serves (the multilingual space's Chinese ones:
   English ones are findable through MiniLM meanwhile);
2. each document's first ``FIRST_PASSAGES`` passages before the rest, so most documents
   become findable by meaning after a fraction of the work;
3. newest files first (by modification time), then document order.

Navigation passages (tables of contents, index pages) are not embedded at all
(``sql_fragments.embeddable_sql``).

The order is planned once (chunk ids only) and followed batch by batch; it is planned
again when the plan runs out, or when new passages were stored, but then no more often
than ``REPLAN_FACTOR`` times the planning's own cost (planning sorts every passage still
waiting: 0.15 s at 10k passages; re-planned before every batch while files are still
being read, it would cost more than it gives). A passage that got its vector meanwhile
or was deleted is skipped when its batch is fetched.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from desktop_search.store.catalog import Catalog, PassageToEmbed, SpaceRow
from desktop_search.store.sql_fragments import embeddable_sql

FIRST_PASSAGES = 2
REPLAN_FACTOR = 20  # at most 1/20 of the time spent planning


class EmbedOrder:
    """The embedding plan of each space, for one indexer."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._plans: dict[int, tuple[int, np.ndarray]] = {}  # space -> (max chunk id, ids)
        self._next: dict[int, int] = {}  # space -> position in its plan
        self._planned_at: dict[int, tuple[float, float]] = {}  # space -> (when, cost)

    def _plan(self, space: SpaceRow, first: frozenset[str]) -> np.ndarray:
        where, args = embeddable_sql(space.languages)
        first_marks = ",".join("?" * len(first)) or "NULL"
        rows = self.catalog.db.execute(
            "WITH newest AS (SELECT content_id, max(mtime_ns) AS m FROM files "
            "WHERE content_id IS NOT NULL GROUP BY content_id) "
            "SELECT k.id FROM chunks k LEFT JOIN newest n ON n.content_id = k.content_id "
            f"WHERE {where} AND NOT EXISTS "
            "(SELECT 1 FROM vectors v WHERE v.space_id=? AND v.chunk_id=k.id) "
            f"ORDER BY k.language NOT IN ({first_marks}), k.ord >= ?, "
            "coalesce(n.m, 0) DESC, k.content_id, k.ord",
            (*args, space.id, *sorted(first), FIRST_PASSAGES),
        ).fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def _max_chunk_id(self) -> int:
        return int(self.catalog.db.execute("SELECT coalesce(max(id), 0) FROM chunks").fetchone()[0])

    def next_batch(
        self, space: SpaceRow, limit: int, first_languages: Iterable[str] = ()
    ) -> list[PassageToEmbed]:
        """Up to ``limit`` passages of ``space`` that need a vector, best first."""
        first = frozenset(first_languages)
        newest = self._max_chunk_id()
        planned = self._plans.get(space.id)
        pos = self._next.get(space.id, 0)
        for _ in range(2):  # once with the plan as it is, once planned again
            if (
                planned is None
                or pos >= len(planned[1])
                or self._worth_planning(space, planned, newest)
            ):
                started = time.monotonic()
                planned = (newest, self._plan(space, first))
                self._planned_at[space.id] = (time.monotonic(), time.monotonic() - started)
                pos = 0
                self._plans[space.id] = planned
            ids = planned[1]
            while pos < len(ids):
                take = [int(i) for i in ids[pos : pos + limit]]
                pos += len(take)
                batch = self._fetch(space, take)
                if batch:
                    self._next[space.id] = pos
                    return batch
            self._next[space.id] = pos
            if not len(ids):
                return []
        return []

    def _worth_planning(
        self, space: SpaceRow, planned: tuple[int, np.ndarray], newest: int
    ) -> bool:
        """New passages arrived, and planning again now keeps its share of the time small."""
        if planned[0] == newest:
            return False
        when, cost = self._planned_at.get(space.id, (0.0, 0.0))
        return time.monotonic() - when >= REPLAN_FACTOR * cost

    def _fetch(self, space: SpaceRow, ids: list[int]) -> list[PassageToEmbed]:
        """Those of ``ids`` still there and still without a vector, in plan order."""
        marks = ",".join("?" * len(ids))
        rows = dict(
            self.catalog.db.execute(
                "SELECT k.id, substr(c.text, k.start + 1, k.end - k.start) "
                "FROM chunks k JOIN contents c ON c.id = k.content_id "
                f"WHERE k.id IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM vectors v WHERE v.space_id=? AND v.chunk_id=k.id)",
                (*ids, space.id),
            ).fetchall()
        )
        return [PassageToEmbed(i, rows[i]) for i in ids if i in rows]
