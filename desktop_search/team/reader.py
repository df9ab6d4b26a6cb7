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
from dataclasses import dataclass, field

from desktop_search.embed.spaces import Space
from desktop_search.search import fusion
from desktop_search.search.filters import SearchFilters
from desktop_search.search.query import ParsedQuery
from desktop_search.team import schema
from desktop_search.team.pathmap import PathMap
from desktop_search.team.target import TeamError, TeamTarget, connect, plain_reason
from desktop_search.text.analyzer import terms as analyze

log = logging.getLogger(__name__)

_BACKOFF_FIRST_S = 5.0
_BACKOFF_MAX_S = 300.0


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
    doc_language: str
    language: str
    start: int
    end: int
    page: int | None
    location: str | None
    text: str


@dataclass(frozen=True, slots=True)
class TeamCandidates:
    """One team library's answer to one query: per-source hits over its rows' keys."""

    library: str
    sources: tuple[fusion.SourceHits, ...] = ()
    rows: Mapping[int, TeamRow] = field(default_factory=dict)
    groups: Mapping[int, int] = field(default_factory=dict)  # row key -> document key
    note: str | None = None  # why there is nothing (did not answer, refused the password)


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
        self._down_until = 0.0
        self._backoff = 0.0
        self._last_error: TeamError | None = None

    # -- connection -----------------------------------------------------------------
    def _open(self):
        if self._client is not None:
            return self._client
        client = connect(self.target)
        name = self.target.collection
        try:
            if not client.has_collection(name, timeout=self.target.timeout_s):
                raise TeamError(f"the team library {self.target.display} has no such collection")
            info = schema.read_info(client, name, self.target.timeout_s)
            if info is None:
                raise TeamError(f"{self.target.display} is not a desktop-search team library")
            # Loading builds the in-memory indexes (seconds for a big collection): a longer
            # wait, in this background thread; searches meanwhile answer with a note.
            client.load_collection(name, timeout=max(60.0, self.target.timeout_s))
        except Exception as exc:
            client.close()
            raise plain_reason(exc, self.target) from None
        local = {s.name: s.embedder.model_id for s in self.spaces}
        self._shared = {s.name: s for s in info.spaces if local.get(s.name) == s.model_id}
        skipped = sorted({s.name for s in info.spaces} - set(self._shared))
        if skipped:
            log.info("team %s: spaces %s use other models here; skipped", self.name, skipped)
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
        if not self._lock.acquire(timeout=0.5):
            return  # that search closes nothing; the process is ending or moving on
        try:
            if self._client is not None:
                self._client.close()
                self._client = None
        finally:
            self._lock.release()

    # -- search -----------------------------------------------------------------------
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
        found: list[tuple[str, str, frozenset[str], list[dict]]] = []
        if mode in ("hybrid", "keyword") and q.terms:
            res = client.search(
                coll,
                data=[" ".join(q.terms)],
                anns_field="sparse",
                limit=self.limit,
                filter=where,
                output_fields=fields,
                timeout=timeout,
            )
            found.append(("keyword", "keyword", frozenset({"zh", "en"}), list(res[0])))
        if mode in ("hybrid", "semantic"):
            by_name = {s.name: s for s in self.spaces}
            for name, info in self._shared.items():
                if spaces is not None and name not in spaces:
                    continue
                vector = query_vectors.get(name)
                if vector is None:
                    vector = by_name[name].embedder.encode_queries([q.text])[0]
                langs = _literal(sorted(info.languages))
                res = client.search(
                    coll,
                    data=[[float(x) for x in vector]],
                    anns_field=schema.vector_field(name),
                    limit=self.limit,
                    filter=" and ".join(filter(None, [where, f"language in {langs}"])),
                    output_fields=fields,
                    search_params={"metric_type": "COSINE", "params": {"ef": 2 * self.limit}},
                    timeout=timeout,
                )
                found.append((name, "semantic", frozenset(info.languages), list(res[0])))
        return self._candidates(q, key_base, found)

    def _candidates(self, q, key_base, found) -> TeamCandidates:
        keys: dict[int, int] = {}  # Milvus id -> key for fusion (disjoint from local ids)
        groups_by_hash: dict[str, int] = {}
        rows: dict[int, TeamRow] = {}
        groups: dict[int, int] = {}
        excluded = [set(analyze(w, drop_stopwords=False)) for w in q.excluded]
        sources = []
        for source, kind, languages, hits in found:
            listed: list[tuple[int, float]] = []
            for hit in hits:
                entity = hit.get("entity", hit)
                text = entity.get("text", "")
                if not _allowed(q, text, excluded):
                    continue
                mid = int(hit["id"])
                key = keys.get(mid)
                if key is None:
                    key = keys[mid] = key_base - len(keys)
                    rows[key] = self._row(entity)
                    h = entity.get("hash", "")
                    groups[key] = groups_by_hash.setdefault(
                        h, key_base - 500_000 - len(groups_by_hash)
                    )
                score = float(hit["distance"])
                # BM25 is never negative; milvus-lite 3 reports it negated.
                listed.append((key, abs(score) if kind == "keyword" else score))
            listed.sort(key=lambda x: -x[1])
            sources.append(
                fusion.SourceHits(
                    source,
                    kind,
                    tuple(listed),
                    languages,
                    exhaustive=kind == "keyword" and len(hits) < self.limit,
                )
            )
        return TeamCandidates(self.name, tuple(sources), rows, groups)

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
            doc_language=e.get("doc_language", "") or e.get("language", "en"),
            language=e.get("language", "en"),
            start=int(e.get("start", 0)),
            end=int(e.get("end", 0)),
            page=int(e.get("page", 0)) or None,
            location=e.get("location") or None,
            text=e.get("text", ""),
        )


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
