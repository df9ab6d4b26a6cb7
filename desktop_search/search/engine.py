"""The search service: one query in, ranked documents out.

It reads the catalog (never writes it), keeps one FAISS copy per vector space in step
with the catalog's vector log, embeds the query in every space, retrieves keyword and
semantic candidates under the filters, fuses them (``fusion.fuse``), groups passages
by document and cuts snippets. The GUI and the CLI both drive this same object.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop_search.embed.spaces import Space
from desktop_search.search import fusion
from desktop_search.search.filters import SearchFilters
from desktop_search.search.hits import DocumentHit, Passage, SearchResult
from desktop_search.search.keyword import allowed_chunks, keyword_search, needs_restriction
from desktop_search.search.query import ParsedQuery, parse_query
from desktop_search.search.snippets import make_snippet
from desktop_search.store.catalog import Catalog
from desktop_search.store.vectors import VectorIndex

if TYPE_CHECKING:  # team/ imports this module's neighbours, not the engine
    from desktop_search.team.reader import TeamCandidates

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "semantic", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "semantic", "keyword")


class SearchEngine:
    """Answers queries over one catalog; safe to call from one worker thread at a time."""

    def __init__(
        self,
        catalog: Catalog,
        spaces: Sequence[Space],
        vector_folder: Path,
        *,
        candidates: int = 100,
        refresh_interval_s: float = 0.5,
    ) -> None:
        self.catalog = catalog
        self.spaces = list(spaces)
        self.vector_folder = vector_folder
        self.candidates = candidates
        self.refresh_interval_s = refresh_interval_s
        self._indexes: dict[str, VectorIndex] = {}
        self._last_refresh = 0.0
        self._lock = threading.RLock()

    # -- vector copies ----------------------------------------------------------------
    def refresh(self, *, force: bool = False) -> None:
        """Bring each space's FAISS copy up to date with the catalog."""
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last_refresh < self.refresh_interval_s:
                return
            self._last_refresh = now
            rows = {r.name: r for r in self.catalog.spaces()}
            for space in self.spaces:
                row = rows.get(space.name)
                index = self._indexes.get(space.name)
                if row is None:
                    self._indexes.pop(space.name, None)
                    continue
                if index is None or index.space != row:
                    index = VectorIndex(row, self.vector_folder)
                    index.load(self.catalog)
                    self._indexes[space.name] = index
                else:
                    index.refresh(self.catalog)

    def space_sizes(self) -> dict[str, int]:
        self.refresh()
        return {name: len(index) for name, index in self._indexes.items()}

    def warm_up(self) -> None:
        """Load models and vectors now, so the first query is fast."""
        self.refresh(force=True)
        for space in self.spaces:
            if space.name in self._indexes:
                space.embedder.encode_queries(["warm up"])

    # -- search ---------------------------------------------------------------------
    def search(
        self,
        raw_query: str,
        *,
        k: int = 20,
        mode: Mode = "hybrid",
        filters: SearchFilters | None = None,
        passages_per_document: int = 3,
        spaces: Collection[str] | None = None,
        team: Sequence[TeamCandidates] = (),
    ) -> SearchResult:
        """The ``k`` best documents for ``raw_query`` (with ``team``: fused with team libraries'
        candidates, see team/merge.py)."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        started = time.perf_counter()
        filters = filters or SearchFilters()
        q = parse_query(raw_query)
        if q.empty:
            return SearchResult(q, (), 0.0, ())
        ranked, used = self.rank_chunks(q, mode=mode, filters=filters, spaces=spaces, team=team)
        hits = self._group(q, ranked, filters, k, passages_per_document)
        if team:  # the seam for team libraries: their documents join by fused score
            from desktop_search.team import merge

            hits = merge.combine(hits, merge.team_hits(q, ranked, team, passages_per_document), k)
        if mode != "semantic":
            hits = self._merge_name_matches(q, hits, filters, k)
        elapsed = (time.perf_counter() - started) * 1000
        notes = tuple(t.note for t in team if t.note)
        return SearchResult(q, tuple(hits), elapsed, tuple(used), notes)

    def rank_chunks(
        self,
        q: ParsedQuery,
        *,
        mode: Mode = "hybrid",
        filters: SearchFilters | None = None,
        spaces: Collection[str] | None = None,
        team: Sequence[TeamCandidates] = (),
    ) -> tuple[list[tuple[int, float]], list[str]]:
        """Fused (chunk id, score) best first, and the spaces that took part."""
        filters = filters or SearchFilters()
        with self._lock:
            sources: list[fusion.SourceHits] = []
            used: list[str] = []
            if mode in ("hybrid", "keyword"):
                kw = keyword_search(self.catalog, q, filters, self.candidates)
                sources.append(
                    fusion.SourceHits(
                        "keyword",
                        "keyword",
                        tuple(kw),
                        frozenset({"zh", "en"}),
                        # A short list holds every match: unlisted chunks really scored 0.
                        exhaustive=len(kw) < self.candidates,
                    )
                )
            if mode in ("hybrid", "semantic"):
                self.refresh()
                allowed = (
                    allowed_chunks(self.catalog, q, filters)
                    if needs_restriction(q, filters)
                    else None
                )
                for space in self.spaces:
                    if spaces is not None and space.name not in spaces:
                        continue
                    index = self._indexes.get(space.name)
                    if index is None or len(index) == 0:
                        continue
                    try:
                        vector = space.embedder.encode_queries([q.text])[0]
                    except Exception:  # a remote service down, a broken model: others answer
                        log.exception("space %s could not embed the query", space.name)
                        continue
                    found = index.search(vector, self.candidates, allowed=allowed)
                    sources.append(
                        fusion.SourceHits(space.name, "semantic", tuple(found), space.languages)
                    )
                    used.append(space.name)
            extra: dict[int, tuple[int, str]] = {}
            if team:  # team candidates join each source's pool (team/merge.py)
                from desktop_search.team import merge

                sources = merge.merge_sources(sources, team)
                extra = merge.team_documents(team)
            if mode == "keyword" or len(sources) == 1:
                ranked = list(sources[0].hits) if sources else []
            else:
                ranked = self._fuse_by_document(q, sources, extra)
        return ranked, used

    def _fuse_by_document(
        self,
        q: ParsedQuery,
        sources: list[fusion.SourceHits],
        extra: dict[int, tuple[int, str]] | None = None,
    ) -> list[tuple[int, float]]:
        """Fused chunks, documents first: a document ranks by each source's best evidence
        for any of its passages, its passages by their own fused scores.

        Fusing passages alone let a document whose keyword match and semantic match sit
        in different passages count as two half-matches (SciFact nDCG@10 0.728 -> 0.733
        through the whole app; search/fusion.py).
        """
        keys = sorted({key for s in sources for key, _ in s.hits})
        docs = self.catalog.chunk_documents([key for key in keys if key >= 0])
        docs.update(extra or {})  # team rows: (document key, language)
        language_of = {cid: lang for cid, (_, lang) in docs.items()}
        by_chunk = fusion.fuse(sources, query_language=q.language, language_of=language_of)
        passages: dict[int, list[int]] = {}  # document -> its chunks, best first
        for cid, _ in by_chunk:
            if cid in docs:
                passages.setdefault(docs[cid][0], []).append(cid)
        by_document = fusion.fuse(
            sources,
            query_language=q.language,
            language_of=language_of,
            group_of={cid: content_id for cid, (content_id, _) in docs.items()},
        )
        return [(cid, score) for doc, score in by_document for cid in passages.get(doc, ())]

    def _group(
        self,
        q: ParsedQuery,
        ranked: list[tuple[int, float]],
        filters: SearchFilters,
        k: int,
        per_doc: int,
    ) -> list[DocumentHit]:
        """One hit per file, its passages best first, files best first."""
        if not ranked:
            return []
        rows = self.catalog.chunks([cid for cid, _ in ranked])
        by_content: dict[int, list[tuple[float, int]]] = {}
        order: list[int] = []
        for chunk_id, score in ranked:
            row = rows.get(chunk_id)
            if row is None:
                continue  # deleted since the vector copy was refreshed
            if row.content_id not in by_content:
                by_content[row.content_id] = []
                order.append(row.content_id)
            by_content[row.content_id].append((score, chunk_id))
        file_where, args = filters.file_sql("f")
        hits: list[DocumentHit] = []
        for content_id in order:
            if len(hits) >= k:
                break
            files = self.catalog.db.execute(
                "SELECT f.path, f.name, f.suffix, f.mtime_ns, f.size, c.title, c.language "
                "FROM files f JOIN contents c ON c.id = f.content_id "
                f"WHERE f.content_id = ? AND {file_where} ORDER BY f.path",
                [content_id, *args],
            ).fetchall()
            if not files:
                continue
            passages = []
            for score, chunk_id in by_content[content_id][:per_doc]:
                row = rows[chunk_id]
                passages.append(
                    Passage(
                        chunk_id,
                        content_id,
                        row.start,
                        row.end,
                        row.page,
                        row.location,
                        score,
                        make_snippet(row.text, q.text, phrases=q.phrases),
                    )
                )
            best = by_content[content_id][0][0]
            for path, name, suffix, mtime_ns, size, title, language in files:
                hits.append(
                    DocumentHit(
                        path,
                        name,
                        os.path.dirname(path),
                        suffix,
                        title,
                        mtime_ns / 1e9,
                        size,
                        language,
                        best,
                        tuple(passages),
                    )
                )
        return hits[:k]

    def _merge_name_matches(
        self, q: ParsedQuery, hits: list[DocumentHit], filters: SearchFilters, k: int
    ) -> list[DocumentHit]:
        """Files whose name contains the query rank with (and usually above) content hits."""
        needle = q.text.strip().lower()
        if len(needle) < 2:
            return hits
        file_where, args = filters.file_sql("f")
        rows = self.catalog.db.execute(
            "SELECT f.path, f.name, f.suffix, f.mtime_ns, f.size, c.title, c.language "
            "FROM files f JOIN contents c ON c.id = f.content_id "
            f"WHERE instr(lower(f.name), ?) > 0 AND {file_where} ORDER BY length(f.name) LIMIT ?",
            [needle, *args, k],
        ).fetchall()
        if not rows:
            return hits
        top = max((h.score for h in hits), default=1.0)
        by_path = {h.path: h for h in hits}
        for path, name, suffix, mtime_ns, size, title, language in rows:
            # A name that is mostly the query is a strong signal; a long name less so.
            closeness = len(needle) / max(len(name), 1)
            score = top * (1.0 + closeness)
            old = by_path.get(path)
            by_path[path] = DocumentHit(
                path,
                name,
                os.path.dirname(path),
                suffix,
                title,
                mtime_ns / 1e9,
                size,
                language,
                max(score, old.score if old else 0.0),
                old.passages if old else (),
                name_match=True,
            )
        return sorted(by_path.values(), key=lambda h: -h.score)[:k]
