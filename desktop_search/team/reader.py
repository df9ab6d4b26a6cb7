"""Ask a team library for candidates the way the local engine asks FTS5 and FAISS.

For one query it runs one BM25 search over the pre-analysed terms and one vector
search per space it shares with this desktop (same model id), each under the same
filters, and returns each source's (row, raw score) list as ``fusion.SourceHits``, so
the app's fusion scores team candidates exactly as local ones. It only reads.

A server that does not answer costs one timeout, then it is left alone for a while
(5 s, doubling to 5 min) and every search meanwhile returns at once with a note, so a
dead server never slows typing and is never hammered with retries.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop_search.embed.spaces import Space
from desktop_search.search import fusion, lexical
from desktop_search.search.filters import SearchFilters
from desktop_search.search.keyword import NAV_WEIGHT
from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import DocumentFile
from desktop_search.team import schema, words
from desktop_search.team.pathmap import PathMap
from desktop_search.team.target import TeamError, TeamTarget, connect, plain_reason
from desktop_search.text.analyzer import terms as analyze

log = logging.getLogger(__name__)

_BACKOFF_FIRST_S = 5.0
_BACKOFF_MAX_S = 300.0
_STATS_TTL_S = 30.0  # the writer records new statistics after each run
#: Passages (Milvus' best by BM25) fetched per document holding a word that the keyword
#: pool lacks; FTS5's best 3 of them are kept, as keyword_search keeps them locally.
_HOLDING_ROWS_PER_DOC = 10
_PER_DOCUMENT = 3  # as search/keyword.py keyword_search
#: Milvus' BM25 is not FTS5's: its best 100 passages are not FTS5's best 100. Among this
#: many times as many, FTS5's best are (library known-item set: the same documents).
_KEYWORD_POOL = 4
#: Rows asked per vector search beyond the limit: copies of a file are rows of their own
#: here, one passage locally, and are taken out.
_COPIES_MARGIN = 0.2
#: HNSW search breadth per row asked (a server's index; milvus-lite's is FLAT): the local
#: index is exact (a flat FAISS index); at 2x, milvus-lite's HNSW missed 2 of USE-m's best
#: 100 at 5,500 passages, at 8x none.
_EF = 8
#: File-name matches asked for (the shortest names are kept, as locally).
_NAMED_ROWS = 200
#: Requests of one search in flight at once: the vector searches and the file-name match
#: beside the keyword path, and each query word's passages beside the others (a server
#: answers them on cores of its own; each used to wait for the one before).
_REQUESTS_AT_ONCE = 4
_NAMED_FIELDS = (
    "path",
    "name",
    "suffix",
    "mtime_ns",
    "size",
    "title",
    "doc_language",
    "hash",
    "text_hash",
)


@dataclass(frozen=True, slots=True)
class TeamRow:
    """One team chunk, as the hit builder needs it."""

    library: str
    server_path: str
    path: str  # mapped to what this desktop opens
    name: str
    suffix: str
    title: str
    size: int
    mtime_ns: int
    hash: str
    text_hash: str
    doc_language: str
    language: str
    start: int
    end: int
    page: int | None
    location: str | None
    text: str
    nav: bool = False  # a table of contents, an index page
    passages: int = 1  # the document's passages


@dataclass(frozen=True, slots=True)
class TeamCandidates:
    """One team library's answer to one query: per-source hits over its rows' keys."""

    library: str
    sources: tuple[fusion.SourceHits, ...] = ()
    rows: Mapping[int, TeamRow] = field(default_factory=dict)
    groups: Mapping[int, int] = field(default_factory=dict)  # row key -> document key
    #: the query's words per document, over document keys (as lexical.gather gives)
    words: lexical.LexicalEvidence | None = None
    note: str | None = None  # why there is nothing (did not answer, refused the password)
    #: files whose name holds the query, paths mapped, shortest name first (as
    #: ``Catalog.files_named``)
    named: tuple[DocumentFile, ...] = ()


def _literal(values: Sequence[object]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def filter_expression(filters: SearchFilters, path_map: PathMap) -> str | None:
    """The Milvus filter for ``filters`` ("" for none; None: nothing there can match)."""
    clauses = []
    if filters.folders:
        mapped = [path_map.to_server(f.rstrip("/\\")) for f in filters.folders]
        mapped = [m for m in mapped if m]
        if not mapped:
            return None  # the chosen folders are not on this server
        clauses.append(
            f"(array_contains_any(folders, {_literal(mapped)}) or path in {_literal(mapped)})"
        )
    if filters.suffixes:
        clauses.append(f"suffix in {_literal([s.lower().lstrip('.') for s in filters.suffixes])}")
    if filters.modified_after is not None:
        clauses.append(f"mtime_ns >= {int(filters.modified_after * 1e9)}")
    return " and ".join(clauses)


class TeamLibrary:
    """A read-only client of one team library; thread-safe, one search at a time."""

    def __init__(
        self,
        name: str,
        target: TeamTarget,
        spaces: Sequence[Space],
        *,
        path_map: PathMap | None = None,
        candidates: int = 100,
    ) -> None:
        self.name = name
        self.target = target
        self.spaces = list(spaces)
        self.path_map = path_map or PathMap()
        self.limit = candidates
        self._client = None
        self._shared: dict[str, schema.SpaceInfo] = {}  # space name -> as the team wrote it
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None  # made at the first search
        self._down_until = 0.0
        self._backoff = 0.0
        self._last_error: TeamError | None = None
        self._stats: tuple[float, words.Stats] | None = None
        self._version = schema.SCHEMA_VERSION  # the collection's, once open

    # -- connection -----------------------------------------------------------------
    def _open(self):
        if self._client is not None:
            return self._client
        client, info = open_library(self.target)
        try:
            # Loading builds the in-memory indexes (seconds for a big collection): a longer
            # wait, in this background thread; searches meanwhile answer with a note.
            client.load_collection(self.target.collection, timeout=max(60.0, self.target.timeout_s))
        except Exception as exc:
            client.close()
            raise plain_reason(exc, self.target) from None
        local = {s.name: s.embedder.model_id for s in self.spaces}
        self._shared = {s.name: s for s in info.spaces if local.get(s.name) == s.model_id}
        skipped = sorted({s.name for s in info.spaces} - set(self._shared))
        if skipped:
            log.info("team %s: spaces %s use other models here; skipped", self.name, skipped)
        self._version = info.version
        self._client = client
        return client

    def _failed(self, error: TeamError) -> TeamError:
        self._backoff = min(_BACKOFF_MAX_S, max(_BACKOFF_FIRST_S, self._backoff * 2))
        self._down_until = time.monotonic() + self._backoff
        self._last_error = error
        if self._client is not None:
            try:
                self._client.close()
            except Exception:
                log.debug("closing team client failed", exc_info=True)
            self._client = None
        log.warning("team %s: %s (next try in %.0f s)", self.name, error.reason, self._backoff)
        return error

    def close(self) -> None:
        """Release the connection; never waits for a search still in flight."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if not self._lock.acquire(timeout=0.5):
            return  # that search closes nothing; the process is ending or moving on
        try:
            if self._client is not None:
                self._client.close()
                self._client = None
        finally:
            self._lock.release()

    # -- search -----------------------------------------------------------------------
    @property
    def _requests(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(_REQUESTS_AT_ONCE, thread_name_prefix="team-request")
        return self._pool

    def candidates(
        self,
        q: ParsedQuery,
        *,
        key_base: int,
        mode: str = "hybrid",
        filters: SearchFilters | None = None,
        spaces: Collection[str] | None = None,
        query_vectors: Mapping[str, Sequence[float]] | None = None,
    ) -> TeamCandidates:
        """This library's candidates; never raises: a failure is a note."""
        with self._lock:
            if time.monotonic() < self._down_until and self._last_error is not None:
                return TeamCandidates(self.name, note=self._last_error.reason)
            try:
                result = self._search(
                    q, key_base, mode, filters or SearchFilters(), spaces, query_vectors or {}
                )
            except Exception as exc:
                return TeamCandidates(
                    self.name, note=self._failed(plain_reason(exc, self.target)).reason
                )
            self._backoff = 0.0
            self._last_error = None
            return result

    def _keyword_stats(self, client) -> words.Stats:
        now = time.monotonic()
        if self._stats is not None and now - self._stats[0] < _STATS_TTL_S:
            return self._stats[1]
        raw = schema.read_stats(client, self.target.collection, self.target.timeout_s)
        if raw is None:  # a first run still writing: rough figures until it ends
            rows = client.query(
                self.target.collection,
                filter="",
                output_fields=["count(*)"],
                timeout=self.target.timeout_s,
            )
            n = int(rows[0]["count(*)"]) if rows else 1
            raw = {"rows": n, "tokens": 200 * n, "documents": n, "passages": n}
        stats = words.Stats(**raw)
        self._stats = (now, stats)
        return stats

    def _search(
        self,
        q: ParsedQuery,
        key_base: int,
        mode: str,
        filters: SearchFilters,
        spaces: Collection[str] | None,
        query_vectors: Mapping[str, Sequence[float]],
    ) -> TeamCandidates:
        client = self._open()
        where = filter_expression(filters, self.path_map)
        if where is None:
            return TeamCandidates(self.name)
        coll = self.target.collection
        timeout = self.target.timeout_s
        fields = list(schema.OUTPUT_FIELDS)
        found: list[tuple[str, str, frozenset[str], list[dict], bool]] = []
        documents: dict[str, int] = {}  # content hash -> document key

        def doc_key(entity: dict) -> int:
            h = entity.get("hash", "")
            return documents.setdefault(h, key_base - 500_000 - len(documents))

        by_name = {s.name: s for s in self.spaces}

        def vector_search(name: str, info: schema.SpaceInfo):
            vector = query_vectors.get(name)
            if vector is None:
                vector = by_name[name].embedder.encode_queries([q.text])[0]
            langs = _literal(sorted(info.languages))
            asked = self.limit + int(self.limit * _COPIES_MARGIN)
            res = client.search(
                coll,
                data=[[float(x) for x in vector]],
                anns_field=schema.vector_field(name),
                limit=asked,
                # Navigation rows hold no vector (store/sql_fragments.embeddable_sql).
                filter=" and ".join(filter(None, [where, f"language in {langs}", "nav == false"])),
                output_fields=fields,
                search_params={"metric_type": "COSINE", "params": {"ef": _EF * asked}},
                timeout=timeout,
            )
            hits = _distinct(list(res[0]))[: self.limit]
            return (name, "semantic", frozenset(info.languages), hits, False, None)

        # Sent first and answered meanwhile: they need nothing from the keyword path.
        vectors = [
            self._requests.submit(vector_search, name, info)
            for name, info in self._shared.items()
            if mode in ("hybrid", "semantic") and (spaces is None or name in spaces)
        ]
        lexical_side = mode in ("hybrid", "keyword")
        named = self._requests.submit(self._named, client, q, where) if lexical_side else None
        evidence = None
        if lexical_side:
            evidence, keyword = self._keyword(client, q, where, doc_key, fields)
            if keyword is not None:
                found.append(keyword)
        found.extend(f.result() for f in vectors)  # in the spaces' order, as before
        return replace(
            self._candidates(q, key_base, found, doc_key, evidence),
            named=named.result() if named is not None else (),
        )

    def _named(self, client, q: ParsedQuery, where: str) -> tuple[DocumentFile, ...]:
        """Files whose name holds the query as typed, as the local engine finds them
        (``Catalog.files_named``): one row per file (its first passage), shortest first."""
        needle = q.text.strip().lower()
        if self._version < 3 or len(needle) < 2:
            return ()
        rows = client.query(
            self.target.collection,
            filter=" and ".join(filter(None, [where, "ord == 0", schema.name_pattern(needle)])),
            output_fields=list(_NAMED_FIELDS),
            limit=_NAMED_ROWS,
            timeout=self.target.timeout_s,
        )
        files = {}
        for e in rows:
            name = e.get("name", "")
            if needle in name.lower():  # ``like``'s "_" matched any one character
                row = self._row(e)
                files[row.path] = DocumentFile(
                    row.path,
                    name,
                    row.suffix,
                    row.mtime_ns,
                    row.size,
                    row.title or None,
                    row.doc_language,
                    row.text_hash,
                )
        return tuple(sorted(files.values(), key=lambda f: (len(f.name), f.path))[: self.limit])

    def _keyword(self, client, q: ParsedQuery, where: str, doc_key, fields):
        """The words per document and the keyword source, as the local index gives them
        (``team/words.py``): BM25's candidates scored again as FTS5 scores them."""
        coll = self.target.collection
        timeout = self.target.timeout_s
        stats = self._keyword_stats(client)
        concepts = lexical.query_concepts(q.text)
        excluded = [set(analyze(w, drop_stopwords=False)) for w in q.excluded]
        restricted = bool(q.phrases or q.excluded)

        def allowed(row: dict) -> bool:
            return _allowed(q, row.get("text", ""), excluded)

        def search(**kw) -> list:
            return client.search(coll, timeout=timeout, **kw)

        lookup = words.PassageLookup(search, where, stats.uncountable(), stats.counts_of())
        extra = ["text"] if restricted else []
        per_concept = list(
            self._requests.map(
                lambda c: words.concept_rows(lookup, c, allowed if restricted else None, extra),
                concepts,
            )
        )
        evidence = words.document_evidence(per_concept, concepts, doc_key, stats)
        if not q.terms:
            return evidence, None
        pool = min(words.QUERY_LIMIT, _KEYWORD_POOL * self.limit)
        res = client.search(
            coll,
            data=[schema.folded(" ".join(q.terms))],
            anns_field="sparse",
            limit=pool,
            filter=where,
            output_fields=[*fields, *schema.KEYWORD_FIELDS],
            timeout=timeout,
        )
        hits = _distinct(list(res[0]))
        every_match = len(res[0]) < pool and len(hits) < self.limit
        entities = {int(h["id"]): h.get("entity", h) for h in hits}
        # The documents holding a word bring their best passages, listed or not (as
        # keyword_search's ``within``): fetch some of each one's passages holding a word.
        within = set(evidence.documents[: self.limit])
        short = sorted(  # documents holding a word with passages the pool lacks
            {
                row.get("hash", "")
                for found in per_concept
                for row in [*(found.exact or ()), *(found.loose or ())]
                if doc_key(row) in within and int(row["id"]) not in entities
            }
        )
        for i in range(0, len(short), 100):  # their best passages by BM25, scored below
            part = short[i : i + 100]
            res = client.search(
                coll,
                data=[schema.folded(" ".join(q.terms))],
                anns_field="sparse",
                limit=len(part),
                filter=" and ".join(filter(None, [where, f"hash in {_literal(part)}"])),
                output_fields=[*fields, *schema.KEYWORD_FIELDS],
                group_by_field="hash",
                group_size=_HOLDING_ROWS_PER_DOC,
                timeout=timeout,
            )
            for h in res[0] if res else ():
                entities.setdefault(int(h["id"]), h.get("entity", h))
        seen: set[tuple[str, int]] = set()
        for mid, e in list(entities.items()):  # a passage once, whichever file brought it
            passage = (e.get("hash", ""), int(e.get("ord", 0)))
            if passage in seen:
                del entities[mid]
            seen.add(passage)
        # As locally (search/engine.py): a description ranks passages by stems alone.
        exact = lexical.is_question(q) or lexical.looks_like_lookup(q, concepts)
        phrases = [
            words.parse_phrase(p)
            for p in lexical.passage_expression(q, concepts, exact=exact).split(" OR ")
            if p
        ]
        stems = {  # the word as written -> its stem (the passages to look in)
            words.parse_phrase(c.exact)[1]: words.parse_phrase(c.loose)[1]
            for c in concepts
            if c.exact
        }

        def passages_holding(column: str, tokens: tuple[str, ...]) -> int:
            recorded = stats.recorded(column, tokens)
            if recorded is not None:  # as FTS5's vocabulary counted it: nothing to fetch
                return recorded
            if column == "exact" and tokens in stems:
                return lookup.count(
                    stems[tokens],
                    lambda r: words.holds_phrase(r.get("exact", ""), tokens) > 0,
                    ["exact"],
                )
            return lookup.count(tokens)

        idf = list(
            self._requests.map(
                lambda ct: words.fts5_idf(
                    stats.rows, stats.passages_of(*ct, passages_holding(*ct))
                ),
                phrases,
            )
        )
        scored = []  # (raw, weighted, mid)
        for mid, e in entities.items():
            raw = words.bm25(e, phrases, idf, stats.avgdl)
            if raw > 0:
                scored.append((raw, raw * NAV_WEIGHT if e.get("nav") else raw, mid))
        top = sorted(scored, key=lambda x: (-x[0], x[2]))[: self.limit]
        chosen = {mid: w for _, w, mid in top}
        cut = None if every_match or not top else min(w for _, w, _ in top)
        taken: dict[int, int] = {}
        for _, w, mid in sorted(scored, key=lambda x: (-x[1], x[2])):
            doc = doc_key(entities[mid])
            if doc in within and taken.get(doc, 0) < _PER_DOCUMENT:
                taken[doc] = taken.get(doc, 0) + 1
                chosen[mid] = w
        listed = [{"id": mid, "distance": w, "entity": entities[mid]} for mid, w in chosen.items()]
        return evidence, ("keyword", "keyword", frozenset({"zh", "en"}), listed, every_match, cut)

    def _candidates(self, q, key_base, found, doc_key, evidence) -> TeamCandidates:
        keys: dict[tuple[str, int], int] = {}  # passage -> key (disjoint from local ids)
        rows: dict[int, TeamRow] = {}
        groups: dict[int, int] = {}
        excluded = [set(analyze(w, drop_stopwords=False)) for w in q.excluded]
        sources = []
        for source, kind, languages, hits, exhaustive, cut in found:
            listed: list[tuple[int, float]] = []
            for hit in hits:
                entity = hit.get("entity", hit)
                text = entity.get("text", "")
                if not _allowed(q, text, excluded):
                    continue
                # One key per passage, whichever file's row brought it (copies of a file
                # hold the same passages; locally they are one chunk).
                passage = (entity.get("hash", ""), int(entity.get("ord", 0)))
                key = keys.get(passage)
                if key is None:
                    key = keys[passage] = key_base - len(keys)
                    rows[key] = self._row(entity)
                    groups[key] = doc_key(entity)
                listed.append((key, float(hit["distance"])))
            listed.sort(key=lambda x: -x[1])
            sources.append(
                fusion.SourceHits(
                    source, kind, tuple(listed), languages, exhaustive=exhaustive, cut=cut
                )
            )
        return TeamCandidates(self.name, tuple(sources), rows, groups, evidence)

    def _row(self, e: dict) -> TeamRow:
        server_path = e.get("path", "")
        return TeamRow(
            library=self.name,
            server_path=server_path,
            path=self.path_map.to_local(server_path),
            name=e.get("name", ""),
            suffix=e.get("suffix", ""),
            title=e.get("title", ""),
            size=int(e.get("size", 0)),
            mtime_ns=int(e.get("mtime_ns", 0)),
            hash=e.get("hash", ""),
            text_hash=e.get("text_hash", "") or e.get("hash", ""),
            doc_language=e.get("doc_language", "") or e.get("language", "en"),
            language=e.get("language", "en"),
            start=int(e.get("start", 0)),
            end=int(e.get("end", 0)),
            page=int(e.get("page", 0)) or None,
            location=e.get("location") or None,
            text=e.get("text", ""),
            nav=bool(e.get("nav", False)),
            passages=int(e.get("passages", 0) or 1),
        )


def open_library(target: TeamTarget) -> tuple[object, schema.CollectionInfo]:
    """A client of ``target`` and what its collection holds, or TeamError in plain words
    (no such file or collection, not made by this app, made by another version)."""
    if target.is_lite and not Path(target.uri).expanduser().exists():
        # Opening would make an empty one: a typing mistake must not leave files behind.
        raise TeamError(f"there is no team library file at {target.uri}")
    client = connect(target)
    name = target.collection
    try:
        if not client.has_collection(name, timeout=target.timeout_s):
            raise TeamError(f"the team library {target.described} has no such collection")
        info = schema.read_info(client, name, target.timeout_s)
        if info is None:
            raise TeamError(f"{target.described} is not a desktop-search team library")
        if info.version not in schema.READABLE_VERSIONS:
            raise TeamError(
                f"the team library {target.described} was made by another version of "
                "desktop-search; it must be indexed again",
                kind="schema",
            )
    except Exception as exc:
        client.close()
        raise plain_reason(exc, target) from None
    return client, info


def check_library(target: TeamTarget) -> str:
    """What this desktop finds at ``target``, in a sentence (Preferences' "Check");
    TeamError in plain words when it cannot be searched."""
    client, info = open_library(target)
    try:
        stats = schema.read_stats(client, target.collection, target.timeout_s)
    except Exception as exc:
        raise plain_reason(exc, target) from None
    finally:
        client.close()
    if stats is None:
        return "it answers; its first indexing run has not finished yet"
    spaces = ", ".join(sp.name for sp in info.spaces)
    docs, passages = stats["documents"], stats["passages"]
    return (
        f"it answers: {docs:,} document{'' if docs == 1 else 's'}, "
        f"{passages:,} passage{'' if passages == 1 else 's'} ({spaces or 'words only'})"
    )


def _distinct(hits: list) -> list:
    """One hit per passage: identical files (same content hash) hold the same passages,
    which the local catalog keeps once."""
    seen: set[tuple[str, int]] = set()
    out = []
    for h in hits:
        e = h.get("entity", h)
        passage = (e.get("hash", ""), int(e.get("ord", 0)))
        if passage not in seen:
            seen.add(passage)
            out.append(h)
    return out


def _allowed(q: ParsedQuery, text: str, excluded: list[set[str]]) -> bool:
    """Phrases must be in the chunk; excluded words must not (checked per chunk here)."""
    low = text.lower()
    if any(p.lower() not in low for p in q.phrases):
        return False
    if excluded:
        have = set(analyze(text, drop_stopwords=False))
        if any(ex and ex <= have for ex in excluded):
            return False
    return True
