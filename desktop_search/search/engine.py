"""The search service: one query in, ranked documents out.

It reads the catalog (never writes it), keeps one FAISS copy per vector space in step
with the catalog's vector log, embeds the query in every space, retrieves keyword and
semantic candidates under the filters, fuses them (``fusion.fuse``), groups passages
by document and cuts snippets. The GUI and the CLI both drive this same object.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from desktop_search.embed.spaces import Space
from desktop_search.search import fusion, lexical
from desktop_search.search.filters import SearchFilters
from desktop_search.search.hits import DocumentHit, Passage, SearchResult
from desktop_search.search.keyword import (
    Lookups,
    allowed_chunks,
    keyword_search,
    needs_restriction,
)
from desktop_search.search.query import ParsedQuery, parse_query
from desktop_search.search.snippets import make_snippet
from desktop_search.store.catalog import Catalog, DocumentFile, ScoredChunks
from desktop_search.store.chunk_map import ChunkDocuments
from desktop_search.store.vectors import VectorIndex
from desktop_search.text.analyzer import load_segmenter

if TYPE_CHECKING:  # team/ imports this module's neighbours, not the engine
    from desktop_search.team.reader import TeamCandidates

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "semantic", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "semantic", "keyword")

#: A long document (a 450-page manual) has many passages, so by chance one of them is close
#: to any question: its fused score pays this much per e-fold of passages. Natural questions
#: on the library (benchmarks/library_eval.py, dev): top-1 0.613 -> 0.661 (0.05: 0.645, 0.2:
#: 0.661 with a lower Chinese top-3); BEIR documents are one or two passages, so ~unchanged.
LENGTH_PRIOR = 0.1
#: Share of its evidence a navigation passage keeps in fusion (text/navigation.py).
NAV_EVIDENCE = 0.3
#: A query of at most this many content words that is not a question is a lookup.
LOOKUP_WORDS = 4
#: Cosine similarity that reads as "unrelated" (0) and as "clearly the answer" (1), per
#: model (the relevance bar). Measured on the library (home of benchmarks/library_eval.py)
#: with questions-dev and nonsense words: best cosine of a nonsense word median 0.34 (MiniLM)
#: / 0.41 (USE-m); of the right document median 0.47 / 0.45, 90th percentile 0.68 / 0.61.
_SIMILARITY_RANGE = {"minilm": (0.32, 0.68), "usem3": (0.40, 0.62)}
_OTHER_RANGE = (0.3, 0.7)
_WARM_UP_QUERY = "qzxwarmupqzx"  # a word no library holds (prepare_keywords)
#: Query vectors kept for searches of the same text again (a few kB each).
QUERY_VECTORS_KEPT = 64
#: Below this calibrated similarity a meaning-only result is not shown for a lookup whose
#: words are in no document.
RELATED_FLOOR = 0.3


@dataclass(slots=True)
class _Evidence:
    """What the sources found for one query."""

    sources: list[fusion.SourceHits] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    words: lexical.LexicalEvidence | None = None  # the query's words per document
    lookup: bool = False
    documents: ChunkDocuments = field(default_factory=ChunkDocuments)
    team_coverage: dict[int, float] = field(default_factory=dict)  # team document -> words held
    team: Sequence[TeamCandidates] = ()
    named: list[DocumentFile] = field(default_factory=list)  # files named like the query


def _query_key(space: Space, text: str) -> tuple[str, str, str]:
    return space.name, space.embedder.model_id, text


def _keep_sure(q: ParsedQuery, ev: _Evidence, hits: list[DocumentHit]) -> list[DocumentHit]:
    """Drop results not worth showing: for a lookup, those that neither hold its words nor
    are clearly related; when a lookup's words are nowhere, all but the clearly related (a
    nonsense word must not bring 17 documents, the first with a full bar). A question or
    a described need whose words are nowhere (asked in the other language than the
    documents) keeps what meaning found, labelled related."""
    nowhere = not ev.words.found and not any(ev.team_coverage.values()) if ev.words else False
    if ev.words is not None and ev.words.concepts and nowhere:
        if not lexical.looks_like_lookup(q, ev.words.concepts, most_words=LOOKUP_WORDS):
            return hits
        return [h for h in hits if h.relevance >= RELATED_FLOOR]
    if ev.lookup:
        return [h for h in hits if h.holds_words or h.relevance >= RELATED_FLOOR]
    return hits


class _Flags(dict):
    """Navigation marks of team passages, read like ``ChunkMap.nav`` (absent: prose)."""

    def __missing__(self, key: int) -> bool:
        return False


def _evidence_passages(
    scored: list[tuple[float, int]], nav: np.ndarray, found_by_words: bool, keyword: dict
) -> list[tuple[float, int]]:
    """A document's passages to show: the ones holding the words first when it was found
    by its words (the snippet is the evidence), prose before navigation."""
    if found_by_words:
        return sorted(
            scored, key=lambda sc: (sc[1] not in keyword, bool(nav[sc[1]]), -keyword.get(sc[1], 0))
        )
    return sorted(scored, key=lambda sc: bool(nav[sc[1]]))  # stable: fused order within


def _best_similarity(ev: _Evidence) -> dict[int, float]:
    """Document -> calibrated similarity 0-1 (the best over the spaces and its passages)."""
    out: dict[int, float] = {}
    document_of = ev.documents.document
    for src in ev.sources:
        if src.kind != "semantic":
            continue
        lo, hi = _SIMILARITY_RANGE.get(src.source, _OTHER_RANGE)
        for cid, cos in src.hits:
            doc = document_of.get(cid)
            if doc is None:
                continue
            value = max(0.0, min(1.0, (cos - lo) / (hi - lo)))
            if value > out.get(doc, 0.0):
                out[doc] = value
    return out


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
        self._embedder: ThreadPoolExecutor | None = None
        self._embed_seconds: dict[str, float] = {}  # space -> its last query's embedding
        self._query_vectors: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()

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

    def warm_up(self) -> None:
        """Load models, vectors and the Chinese segmenter now, so the first query is fast."""
        self.refresh(force=True)
        self.prepare_keywords()
        for space in self.spaces:
            if space.name in self._indexes:
                space.embedder.encode_queries(["warm up"])

    def prepare_keywords(self, *, segmenter: bool = True) -> None:
        """Read what every keyword search needs (the chunk map, the indexed documents'
        passages, the passage lengths) and load the Chinese segmenter, so the first query
        does not (at 100k passages ~180 ms, plus 90-240 ms for the segmenter). Safe from
        another thread: a search waits for it (it reads the same connection)."""
        with self._lock:
            self.catalog.chunk_map()
            self.catalog.indexed_chunks()
            self.catalog.keyword_stats()
        # One search that finds nothing: the first real one then skips the lazy imports
        # (numpy.ma, ~20 ms), statement preparation and pattern compiling (27 -> 13 ms at
        # 3,000 files), which a question typed as the window shows would wait for.
        self.search(_WARM_UP_QUERY, k=1, mode="keyword")
        if segmenter:
            load_segmenter()

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
        with self._lock:
            ev = self._retrieve(q, mode, filters, spaces, team, named=k)
            ranked = self._rank(q, mode, ev)
            hits = self._group(q, ranked, filters, k, passages_per_document, ev)
        hits = _keep_sure(q, ev, hits)
        if team:  # the seam for team libraries: their documents join in fused order
            from desktop_search.team import merge

            nav = _Flags(dict.fromkeys(merge.team_navigation(team), True))
            keyword = dict(ev.sources[0].hits) if ev.sources and ev.words is not None else {}

            def shown(doc: int, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
                by_words = ev.team_coverage.get(doc, 0.0) > 0 and ev.lookup
                return _evidence_passages(scored, nav, by_words, keyword)

            team_hits = merge.team_hits(q, ranked, team, passages_per_document, k, shown)
            words = len(ev.words.concepts) if ev.words is not None else 0
            similarity = _best_similarity(ev)
            judged = []
            for h in team_hits:  # judged as _group judges a local document
                doc = h.passages[0].content_id if h.passages else None
                held = ev.team_coverage.get(doc, 0.0) if doc is not None else 0.0
                relevance = max(held / words if words else 0.0, similarity.get(doc, 0.0))
                judged.append(
                    replace(h, holds_words=held > 0, relevance=round(min(1.0, relevance), 3))
                )
            team_hits = _keep_sure(q, ev, judged)
            hits = merge.combine(hits, team_hits, k, ranked)
        if mode != "semantic":
            named = [(f, "local") for f in ev.named]
            named += [(f, t.library) for t in team for f in t.named]
            hits = self._merge_name_matches(q, hits, named, k)
        elapsed = (time.perf_counter() - started) * 1000
        # A team library's documents may hold words the local ones lack: no claim then.
        team_found = any(h.library != "local" for h in hits)
        missing = ev.words.missing if ev.words and not team_found else ()
        # "ch16-03" finds ch16-03-shared-state.html by its name: "ch16" is not missing.
        names = [h.name.lower() for h in hits if h.name_match]
        missing = tuple(w for w in missing if not any(w.lower() in n for n in names))
        notes = tuple(t.note for t in team if t.note)
        return SearchResult(
            q, tuple(hits), elapsed, tuple(ev.used), notes, missing_words=missing, lookup=ev.lookup
        )

    def rank_chunks(
        self,
        q: ParsedQuery,
        *,
        mode: Mode = "hybrid",
        filters: SearchFilters | None = None,
        spaces: Collection[str] | None = None,
        team: Sequence[TeamCandidates] = (),
    ) -> tuple[list[tuple[int, float]], list[str]]:
        """Ranked (chunk id, score), documents best first, and the spaces that took part."""
        with self._lock:
            ev = self._retrieve(q, mode, filters or SearchFilters(), spaces, team)
            return self._rank(q, mode, ev), ev.used

    def _retrieve(
        self,
        q: ParsedQuery,
        mode: Mode,
        filters: SearchFilters,
        spaces: Collection[str] | None,
        team: Sequence[TeamCandidates] = (),
        named: int = 0,
    ) -> _Evidence:
        """Every source's candidates: the words per document, passages by BM25, each space;
        with ``named``, up to that many files whose name holds the query."""
        ev = _Evidence()
        queries = self._embed_query(q.text, spaces) if mode in ("hybrid", "semantic") else {}
        chunks = self.catalog.chunk_map()
        restricted = needs_restriction(q, filters)
        allowed = (
            allowed_chunks(self.catalog, chunks, q, filters)
            if restricted or mode != "semantic"
            else None
        )
        allowed_ids = np.flatnonzero(allowed) if restricted else None
        if mode in ("hybrid", "keyword"):
            lookups = Lookups(self.catalog)  # one query's keyword index answers
            ev.words = lexical.gather(self.catalog, q, chunks, allowed, lookups)
            within = ev.words.documents[: self.candidates]
            ev.lookup = lexical.is_lookup(q, ev.words, most_words=LOOKUP_WORDS)
            # A description's words as written add nothing over their stems (SciFact's
            # claims: 0.723 -> 0.726, 0.733 with fusion's cut); a lookup's and a question's do.
            exact = ev.lookup or lexical.is_question(q)  # not a description
            kw, every_match, cut = keyword_search(
                self.catalog,
                lexical.passage_phrases(q, ev.words.concepts, exact=exact),
                chunks,
                allowed,
                self.candidates,
                within=within,
                lookups=lookups,
            )
            ev.sources.append(
                fusion.SourceHits(
                    "keyword",
                    "keyword",
                    tuple(kw),
                    frozenset({"zh", "en"}),
                    # A short list holds every match: unlisted chunks really scored 0.
                    exhaustive=every_match,
                    cut=cut,
                )
            )
        needle = q.text.strip().lower()
        if named and mode != "semantic" and len(needle) >= 2:  # while the query is embedded
            ev.named = self.catalog.files_named(needle, filters, named)
            if restricted and ev.named:  # "-mutex": no file whose text holds it, by name either
                left = set(np.unique(chunks.content[allowed]).tolist())
                records = [self.catalog.file(f.path) for f in ev.named]
                ev.named = [
                    f for f, r in zip(ev.named, records, strict=True) if r and r.content_id in left
                ]
        found: dict[str, ScoredChunks] = {}
        space_of = {future: name for name, future in queries.items()}
        for future in as_completed(space_of):  # the quicker model's search first
            name = space_of[future]
            try:
                vector = future.result()[0]
            except Exception:  # a remote service down, a broken model: others answer
                log.exception("space %s could not embed the query", name)
                continue
            found[name] = self._indexes[name].search(vector, self.candidates, allowed=allowed_ids)
        for space in self.spaces:  # sources in the spaces' order, however they finished
            if space.name in found:
                ev.sources.append(
                    fusion.SourceHits(
                        space.name, "semantic", tuple(found[space.name].pairs()), space.languages
                    )
                )
                ev.used.append(space.name)
        if team:  # team candidates join each source's pool (team/merge.py)
            from desktop_search.team import merge

            ev.sources = merge.merge_sources(ev.sources, team)
        keys = sorted({key for s in ev.sources for key, _ in s.hits if key >= 0})
        ev.documents = self.catalog.chunk_documents(keys)
        if team:
            ev.team = team
            ev.documents = ev.documents.joined(merge.team_documents(team))
            if ev.words is not None:
                # The words per document over every library, as if all were indexed here.
                ev.words = merge.merge_words(ev.words, team)
                ev.lookup = lexical.is_lookup(q, ev.words, most_words=LOOKUP_WORDS)
                ev.team_coverage = {d: c for d, c in ev.words.coverage.items() if d < 0}
        return ev

    def _embed_query(
        self, text: str, spaces: Collection[str] | None
    ) -> dict[str, Future[np.ndarray]]:
        """The query embedded in every space with vectors, on a thread of its own: it runs
        while the words are looked up (the models' matrix products and SQLite both let go
        of the interpreter, so the two cores share the work). One thread, the quickest
        model first: two threads, one per model, fought over the interpreter between
        their many small numpy calls (MiniLM 19 -> 30 ms, USE-m 5 -> 16 ms)."""
        self.refresh()
        if self._embedder is None:
            self._embedder = ThreadPoolExecutor(1, thread_name_prefix="query-embed")
        out: dict[str, Future[np.ndarray]] = {}
        for space in sorted(self.spaces, key=lambda s: self._embed_seconds.get(s.name, 0.0)):
            index = self._indexes.get(space.name)
            if (spaces is not None and space.name not in spaces) or not index or len(index) == 0:
                continue
            known = self._known_vectors(_query_key(space, text))
            if known is not None:
                out[space.name] = future = Future()
                future.set_result(known)
            else:
                out[space.name] = self._embedder.submit(self._embed_timed, space, text)
        return out

    def _embed_timed(self, space: Space, text: str) -> np.ndarray:
        """``text``'s vector in ``space``, kept for the next search of the same text (the
        window runs the current query again as the index grows, every 1.5 s while indexing,
        and when a filter changes); how long it took orders the next query's models."""
        started = time.perf_counter()
        vectors = space.embedder.encode_queries([text])
        self._embed_seconds[space.name] = time.perf_counter() - started
        vectors.flags.writeable = False  # shared by the searches of this text
        with self._vectors_lock:  # not ``_lock``: the search holds it, waiting for this
            self._query_vectors[_query_key(space, text)] = vectors
            while len(self._query_vectors) > QUERY_VECTORS_KEPT:
                self._query_vectors.popitem(last=False)
        return vectors

    def query_vectors(self, text: str) -> dict[str, np.ndarray]:
        """``text``'s vector in every space, here and now, whether or not this library holds
        vectors in it (a team library may); kept for the local search of the same text."""
        out: dict[str, np.ndarray] = {}
        for space in self.spaces:
            vectors = self._known_vectors(_query_key(space, text))
            if vectors is None:
                try:
                    vectors = self._embed_timed(space, text)
                except Exception:  # a remote service down, a broken model: others answer
                    log.exception("space %s could not embed the query", space.name)
                    continue
            out[space.name] = vectors[0]
        return out

    def _known_vectors(self, key: tuple[str, str, str]) -> np.ndarray | None:
        with self._vectors_lock:
            vectors = self._query_vectors.get(key)
            if vectors is not None:
                self._query_vectors.move_to_end(key)
            return vectors

    def forget_query_vectors(self) -> None:
        """Embed every query afresh (benchmarks time a query as if typed for the first time)."""
        with self._vectors_lock:
            self._query_vectors.clear()

    def _rank(self, q: ParsedQuery, mode: Mode, ev: _Evidence) -> list[tuple[int, float]]:
        """Chunks, documents best first, each document's passages best first."""
        if not ev.sources:
            return []
        if mode == "keyword":
            return self._rank_by_words(ev)
        one = len(ev.sources) == 1
        ranked = list(ev.sources[0].hits) if one else self._fuse_by_document(q, ev)
        if ev.lookup and ev.words is not None:
            # A lookup: the documents holding the words come first, all of them exactly
            # first of all; meaning orders documents within a level (stable sort).
            coverage = {**ev.words.coverage_of(), **ev.team_coverage}
            docs = ev.documents.document
            ranked.sort(key=lambda x: -coverage.get(docs[x[0]], 0.0) if x[0] in docs else 0)
        return ranked

    def _rank_by_words(self, ev: _Evidence) -> list[tuple[int, float]]:
        """Keyword mode. A lookup: documents by how many of the words they hold, exactly,
        then document BM25. Anything longer: documents by their best passage's BM25 (a
        question's common words must not outvote its one rare word)."""
        passages: dict[int, list[tuple[int, float]]] = {}  # document -> passages, best first
        document_of = ev.documents.document
        for cid, score in ev.sources[0].hits:
            if cid in document_of:
                passages.setdefault(document_of[cid], []).append((cid, score))
        order = list(ev.words.documents) if ev.words and ev.lookup else []
        seen = set(order)
        order += [doc for doc in passages if doc not in seen]
        return [hit for doc in order for hit in passages.get(doc, ())]

    def _fuse_by_document(self, q: ParsedQuery, ev: _Evidence) -> list[tuple[int, float]]:
        """Fused chunks, documents first: a document ranks by each source's best evidence
        for any of its passages, its passages by their own fused scores.

        Fusing passages alone let a document whose keyword match and semantic match sit
        in different passages count as two half-matches (SciFact nDCG@10 0.728 -> 0.733
        through the whole app; search/fusion.py).
        """
        docs = ev.documents.document
        discount = dict.fromkeys(self.catalog.navigation_chunks(list(docs)), NAV_EVIDENCE)
        facts = {}
        if ev.team:  # team passages carry their own marks and document facts
            from desktop_search.team import merge

            discount.update(dict.fromkeys(merge.team_navigation(ev.team), NAV_EVIDENCE))
            facts = merge.team_document_facts(ev.team)
        by_chunk, by_document = fusion.fuse_passages_and_groups(
            ev.sources,
            query_language=q.language,
            language_of=ev.documents.language,
            group_of=docs,
            discount=discount,
            group_language={
                **self.catalog.content_languages(list(set(docs.values()))),
                **{doc: lang for doc, (_, lang) in facts.items()},
            },
        )
        passages: dict[int, list[int]] = {}  # document -> its chunks, best first
        for cid, _ in by_chunk:
            if cid in docs:
                passages.setdefault(docs[cid], []).append(cid)
        if by_document:
            sizes = self.catalog.passage_counts([doc for doc, _ in by_document])
            sizes.update({doc: n for doc, (n, _) in facts.items()})
            by_document = sorted(
                ((doc, s - LENGTH_PRIOR * math.log(sizes.get(doc, 1))) for doc, s in by_document),
                key=lambda x: -x[1],
            )
        return [(cid, score) for doc, score in by_document for cid in passages.get(doc, ())]

    def _group(
        self,
        q: ParsedQuery,
        ranked: list[tuple[int, float]],
        filters: SearchFilters,
        k: int,
        per_doc: int,
        ev: _Evidence,
    ) -> list[DocumentHit]:
        """One hit per document text, its passages best first, documents best first.

        Passages are grouped through the in-memory chunk map; only the shown passages'
        text is read (reading every ranked passage's text cost 25 ms a query)."""
        if not ranked:
            return []
        chunks = self.catalog.chunk_map()
        by_content: dict[int, list[tuple[float, int]]] = {}
        for chunk_id, score in ranked:
            content_id = (
                int(chunks.content[chunk_id]) if 0 <= chunk_id < len(chunks.content) else -1
            )
            if content_id < 0:
                continue  # deleted since the vector copy was refreshed
            by_content.setdefault(content_id, []).append((score, chunk_id))
        coverage = ev.words.coverage_of() if ev.words else {}
        words = len(ev.words.concepts) if ev.words else 0
        similarity = _best_similarity(ev)
        keyword = dict(ev.sources[0].hits) if ev.sources and ev.words is not None else {}
        chosen: list[tuple[int, list[DocumentFile], list[tuple[float, int]], float]] = []
        also_at: list[tuple[str, ...]] = []
        seen_texts: dict[str, int] = {}  # text hash -> index in chosen
        for content_id, scored in by_content.items():
            if len(chosen) >= k:
                break
            files = self.catalog.document_files(content_id, filters)
            if not files:
                continue
            if files[0].text_hash in seen_texts:  # the same text again (a copy, re-encoded)
                i = seen_texts[files[0].text_hash]
                known = {chosen[i][1][0].path, *also_at[i]}
                also_at[i] += tuple(f.path for f in files if f.path not in known)
                continue
            held = coverage.get(content_id, 0.0)
            shown = _evidence_passages(scored, chunks.nav, held > 0 and ev.lookup, keyword)
            shown = shown[:per_doc]
            seen_texts[files[0].text_hash] = len(chosen)
            chosen.append((content_id, files, shown, held))
            also_at.append(tuple(f.path for f in files[1:]))
        rows = self.catalog.chunks([cid for _, _, shown, _ in chosen for _, cid in shown])
        hits: list[DocumentHit] = []
        for (content_id, files, shown, held), more in zip(chosen, also_at, strict=True):
            passages = tuple(
                Passage(
                    chunk_id,
                    content_id,
                    rows[chunk_id].start,
                    rows[chunk_id].end,
                    rows[chunk_id].page,
                    rows[chunk_id].location,
                    score,
                    make_snippet(rows[chunk_id].text, q.text, phrases=q.phrases),
                )
                for score, chunk_id in shown
                if chunk_id in rows
            )
            relevance = max(held / words if words else 0.0, similarity.get(content_id, 0.0))
            first = files[0]
            hits.append(
                _document_hit(
                    first,
                    by_content[content_id][0][0],
                    passages,
                    also_at=more,
                    relevance=round(min(1.0, relevance), 3),
                    holds_words=held > 0,
                )
            )
        return hits

    def _merge_name_matches(
        self,
        q: ParsedQuery,
        hits: list[DocumentHit],
        rows: Sequence[tuple[DocumentFile, str]],
        k: int,
    ) -> list[DocumentHit]:
        """Files whose name contains the query (``rows``: each with its library) rank with
        (and usually above) content hits; a copy of a listed document in the same library
        lifts that document instead of showing twice."""
        if not rows:
            return hits
        needle = q.text.strip().lower()
        top = max((h.score for h in hits), default=1.0)
        merged = list(hits)
        owner = {p: i for i, h in enumerate(merged) for p in (h.path, *h.also_at)}
        texts: dict[tuple[str, str], int] = {}  # (library, text hash) -> row
        for f, library in rows:
            path, name, text_hash = f.path, f.name, f.text_hash
            # A name that is mostly the query is a strong signal; a long name less so.
            closeness = len(needle) / max(len(name), 1)
            score = top * (1.0 + closeness)
            relevance = 0.5 + 0.5 * closeness
            i = owner.get(path, texts.get((library, text_hash)) if text_hash else None)
            if i is not None:
                # The user typed this copy's name: show it first, the others "also at".
                old = merged[i]
                others = tuple(p for p in (old.path, *old.also_at) if p != path)
                merged[i] = replace(
                    old,
                    path=path,
                    name=name,
                    folder=os.path.dirname(path),
                    suffix=f.suffix,
                    score=max(score, old.score),
                    name_match=True,
                    also_at=others,
                    relevance=max(relevance, old.relevance),
                    holds_words=True,
                )
            else:
                i = len(merged)
                merged.append(
                    _document_hit(
                        f,
                        score,
                        (),
                        name_match=True,
                        relevance=relevance,
                        holds_words=True,
                        library=library,
                    )
                )
                owner[path] = i
            if text_hash:
                texts.setdefault((library, text_hash), i)
        return sorted(merged, key=lambda h: -h.score)[:k]


def _document_hit(
    f: DocumentFile, score: float, passages: tuple[Passage, ...], **extra
) -> DocumentHit:
    """One result row for the file ``f`` (the same fields for content and name matches)."""
    return DocumentHit(
        f.path,
        f.name,
        os.path.dirname(f.path),
        f.suffix,
        f.title,
        f.mtime_ns / 1e9,
        f.size,
        f.language,
        score,
        passages,
        **extra,
    )
