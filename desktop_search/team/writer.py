"""Copy a server-side catalog into a team library, incrementally and idempotently.

The team indexer runs the ordinary local pipeline (``indexing/pipeline.py``: scan,
sandboxed extraction, chunking, language detection, every space embedded) into a
catalog of its own next to the file server; that catalog stays the source of truth,
exactly as on a desktop, and the Milvus collection is a replica of it, like the FAISS
files are a cache. So incremental indexing (size/mtime, then content hash), moves that
keep their vectors and resumption after a crash are the pipeline's; this module only
has to make Milvus say what the catalog says.

It keeps a ledger (a small SQLite file beside the catalog): for every path, the
signature of what was last written (content hash, size, mtime, analysis, spaces) and
the row ids. A run upserts the rows of files whose signature changed, deletes rows the
ledger holds for paths that are gone or changed, and records a file in the ledger only
after Milvus accepted its rows. Row ids are stable (path, content hash, chunk), so a
run killed at any point leaves rows the next run simply writes again; and when the
collection's row count disagrees with the ledger (a kill between an upsert and its
ledger commit, a restored backup), the ids and paths in Milvus are read once and both
sides are made to agree.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from desktop_search.indexing.progress import IndexProgress
from desktop_search.store import export
from desktop_search.store.catalog import Catalog, SpaceRow
from desktop_search.store.export import IndexedFile
from desktop_search.store.team_ledger import Ledger
from desktop_search.team import schema, words
from desktop_search.team.target import TeamError, TeamTarget, plain_reason
from desktop_search.text.analyzer import exact_text, index_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncSummary:
    files_written: int
    files_removed: int
    rows_written: int
    rows_deleted: int
    files_waiting: int  # indexed but not every vector made yet: written by a later run
    reconciled: bool


class TeamWriter:
    """Makes one Milvus collection hold exactly the indexed files of one catalog."""

    def __init__(
        self,
        client,
        target: TeamTarget,
        catalog: Catalog,
        ledger: Ledger,
        spaces: Sequence[SpaceRow],
        *,
        batch_rows: int = 512,
        on_progress: Callable[[IndexProgress], None] | None = None,
        stop_event: threading.Event | None = None,
    ) -> None:
        self.client = client
        self.target = target
        self.catalog = catalog
        self.ledger = ledger
        self.spaces = list(spaces)
        self.batch_rows = batch_rows
        self.on_progress = on_progress or (lambda p: None)
        self.stop_event = stop_event or threading.Event()
        self.info = schema.CollectionInfo(
            schema.SCHEMA_VERSION,
            schema.analyzer_id(),
            tuple(
                schema.SpaceInfo(s.name, s.model_id, s.dim, tuple(sorted(s.languages)))
                for s in self.spaces
            ),
        )
        self._timeout = max(30.0, target.timeout_s)
        self._stats: dict[str, Any] | None = None  # as last recorded

    # -- the collection -----------------------------------------------------------------
    def _call(self, fn: Callable, *args, **kwargs):
        try:
            return fn(*args, timeout=self._timeout, **kwargs)
        except TeamError:
            raise
        except Exception as exc:
            log.warning(
                "team library %s: %s failed: %s",
                self.target.display,
                fn.__name__,
                getattr(exc, "message", None) or exc,
            )
            raise plain_reason(exc, self.target) from None

    def ensure_collection(self) -> bool:
        """Create the collection when missing (True then); refuse one made differently."""
        name = self.target.collection
        if self._call(self.client.has_collection, name):
            found = schema.read_info(self.client, name, self._timeout)
            if found is None:
                raise TeamError(
                    f"the collection {name} was not made by desktop-search; choose another name",
                    kind="schema",
                )
            if found.version not in schema.READABLE_VERSIONS:
                raise TeamError(
                    f"the collection {name} was made by another version of desktop-search; "
                    "index into a new collection, or drop this one",
                    kind="schema",
                )
            if found.spaces != self.info.spaces:
                raise TeamError(
                    f"the collection {name} was made with other embedding models "
                    f"({', '.join(s.model_id for s in found.spaces)}); index into a new "
                    "collection, or drop this one",
                    kind="schema",
                )
            if found.version != self.info.version:  # older, still written as it was made
                self.info = replace(self.info, version=found.version)
                log.info(
                    "team library %s: made by an older version (%d): no file-name matches "
                    "until it is dropped and indexed again (from the catalog: no embedding)",
                    self.target.display,
                    found.version,
                )
            # A change of the keyword analysis needs no step here: it is part of each
            # file's signature, so every row is written again (same ids, new terms).
            self._call(self.client.load_collection, name)
            return False
        lite = self.target.is_lite or schema.serves_lite(self.client, self._timeout)
        schema.create_collection(self.client, name, self.info, lite=lite)
        self.ledger.clear()
        return True

    def _milvus_count(self) -> int:
        rows = self._call(
            self.client.query,
            self.target.collection,
            filter="",
            output_fields=["count(*)"],
            consistency_level="Strong",
        )
        return int(rows[0]["count(*)"]) if rows else 0

    def _reconcile(self, desired: dict[str, IndexedFile]) -> None:
        """Read every (id, path) in Milvus once and make it and the ledger agree."""
        log.info(
            "team library %s: row count differs from the ledger; reconciling", self.target.display
        )
        in_milvus: dict[str, set[int]] = {}
        it = self.client.query_iterator(
            self.target.collection,
            batch_size=4096,
            filter="",
            output_fields=["path"],
            timeout=self._timeout,
        )
        try:
            while True:
                page = it.next()
                if not page:
                    break
                for row in page:
                    in_milvus.setdefault(row["path"], set()).add(int(row["id"]))
        finally:
            it.close()
        entries = self.ledger.entries()
        stale: list[int] = []
        forget: list[str] = []
        for path, ids in in_milvus.items():
            if path not in desired:
                stale.extend(ids)
                if path in entries:
                    forget.append(path)
                continue
            recorded = entries.get(path)
            if recorded is None or set(recorded.row_ids.tolist()) != ids:
                # Keep only the rows of the file as the catalog has it now; the file is
                # written again (same ids replace themselves). Keeping the ledger's ids
                # instead would strand them once the path is forgotten.
                stale.extend(ids - self._ids_of(desired[path]))
                if recorded is not None:
                    forget.append(path)
        forget.extend(p for p in entries if p not in in_milvus)
        self._delete(stale)
        self.ledger.forget(sorted(set(forget)))

    def _ids_of(self, f: IndexedFile) -> set[int]:
        ords = export.passage_ords(self.catalog, f.content_id)
        return {schema.chunk_key(f.path, f.hash, o) for o in ords}

    def _delete(self, ids: Sequence[int]) -> None:
        ids = [int(i) for i in ids]
        for i in range(0, len(ids), 4096):
            self._call(self.client.delete, self.target.collection, ids=ids[i : i + 4096])

    def _seal(self) -> None:
        """Seal what was written, so searches use the built indexes (milvus-lite otherwise
        scans its unsealed rows in Python for every BM25 search: 20 s a query at 5,500
        rows, 0.6 s sealed). Best effort: a server may limit how often it flushes, and
        it seals by itself in time."""
        try:
            self.client.flush(self.target.collection, timeout=self._timeout)
        except Exception as exc:
            log.info("team library %s: flush refused (%s)", self.target.display, exc)

    def _record_stats(self) -> None:
        """The keyword statistics clients score passages with, as the catalog has them."""
        st = export.keyword_stats(self.catalog)
        counted = self._term_counts(st.rows)
        recorded = {
            "rows": st.rows,
            "tokens": st.tokens,
            "documents": st.documents,
            "passages": st.passages,
            "counted": counted,
            # what readers from before ``counted`` know: the terms they cannot count
            "common": {
                col: {t: n for t, n in terms.items() if n >= words.QUERY_LIMIT}
                for col, terms in counted.items()
            },
        }
        self._call(
            self.client.alter_collection_properties,
            self.target.collection,
            properties={schema.STATS_PROPERTY: json.dumps(recorded, ensure_ascii=False)},
        )
        self._stats = recorded

    def _term_counts(self, rows: int) -> dict[str, dict[str, int]]:
        """The passage counts of the terms costly for a client to count (team/words.py).
        Read again from the catalog's vocabulary (~0.3 s per 40,000 passages) at every
        run, but in a large library (100,000 passages) whose passages changed by < 0.5 %."""
        last = self._stats or {}
        if "counted" in last and rows >= 100_000 and abs(last["rows"] - rows) < 0.005 * rows:
            return last["counted"]
        return export.common_terms(self.catalog, words.COUNTED_FROM, words.COUNTED_TERMS)

    # -- the catalog --------------------------------------------------------------------
    def _desired(self) -> dict[str, IndexedFile]:
        return export.indexed_files(self.catalog)

    def _incomplete_contents(self) -> set[int]:
        """Contents some space still owes a vector: written once every vector exists."""
        out: set[int] = set()
        for sp in self.spaces:
            out |= export.contents_missing_vectors(self.catalog, sp.id, sp.languages)
        return out

    def _signature(self, f: IndexedFile) -> str:
        spaces = ",".join(f"{s.name}={s.model_id}" for s in self.info.spaces)
        return f"{f.hash}|{f.size}|{f.mtime_ns}|{self.info.analyzer}|{spaces}"

    def _vectors(self, chunk_ids: Sequence[int]) -> dict[str, dict[int, list[float]]]:
        return {sp.name: export.vectors(self.catalog, sp.id, chunk_ids) for sp in self.spaces}

    def _rows(self, files: Sequence[IndexedFile]) -> dict[str, list[dict]]:
        chunks = export.passages(self.catalog, [f.content_id for f in files])
        counts = {cid: len(ps) for cid, ps in chunks.items()}
        all_chunk_ids = [c.chunk_id for f in files for c in chunks.get(f.content_id, ())]
        vectors = self._vectors(sorted(set(all_chunk_ids)))
        out: dict[str, list[dict]] = {}
        terms_cache: dict[int, str] = {}
        placeholders = {sp.name: schema.placeholder(sp.dim) for sp in self.spaces}
        for f in files:
            rows = []
            folders = schema.folders_of(f.path)
            named = {"name_folded": schema.folded_name(f.name)} if self.info.version >= 3 else {}
            for p in chunks.get(f.content_id, ()):
                chunk_id, ord_, start, end = p.chunk_id, p.ord, p.start, p.end
                page, location, language, text = p.page, p.location, p.language, p.text
                terms = terms_cache.get(chunk_id)
                if terms is None:  # the FTS5 columns as stored (a lost table: made again)
                    terms = schema.folded(p.terms or index_text(text))
                    terms = terms_cache[chunk_id] = schema.clip(terms)
                row = {
                    "id": schema.chunk_key(f.path, f.hash, ord_),
                    "path": schema.clip(f.path, schema.MAX_PATH),
                    "folders": folders,
                    "name": schema.clip(f.name, 1024),
                    **named,
                    "suffix": f.suffix[:64],
                    "title": schema.clip(f.title or "", 2048),
                    "size": int(f.size),
                    "mtime_ns": int(f.mtime_ns),
                    "hash": f.hash,
                    "text_hash": f.text_hash or f.hash,
                    "doc_language": f.language,
                    "language": language,
                    "ord": int(ord_),
                    "start": int(start),
                    "end": int(end),
                    "page": int(page or 0),
                    "location": schema.clip(location or "", 1024),
                    "text": schema.clip(text),
                    "terms": terms,
                    "exact": schema.clip(p.exact or exact_text(text)),
                    "nav": bool(p.nav),
                    "passages": counts[f.content_id],
                }
                for sp in self.spaces:
                    vec = vectors[sp.name].get(chunk_id)
                    row[schema.vector_field(sp.name)] = vec or placeholders[sp.name]
                rows.append(row)
            out[f.path] = rows
        return out

    # -- the run ------------------------------------------------------------------------
    def sync(self) -> SyncSummary:
        """Make the collection hold what the catalog says; safe to interrupt at any point."""
        started = time.monotonic()
        self.ensure_collection()
        self._stats = schema.read_stats(self.client, self.target.collection, self._timeout)
        desired = self._desired()
        reconciled = False
        if self._milvus_count() != self.ledger.row_count():
            self._reconcile(desired)
            reconciled = True
        entries = self.ledger.entries()
        incomplete = self._incomplete_contents()
        # Gone (deleted, moved away, now unreadable): their rows go first.
        gone = [p for p in entries if p not in desired]
        rows_deleted = 0
        for i in range(0, len(gone), 256):
            part = gone[i : i + 256]
            ids = np.concatenate([entries[p].row_ids for p in part]) if part else []
            self._delete(ids)
            rows_deleted += len(ids)
            self.ledger.forget(part)
        todo = [
            f
            for p, f in sorted(desired.items())
            if f.content_id not in incomplete
            and (p not in entries or entries[p].signature != self._signature(f))
        ]
        waiting = sum(1 for f in desired.values() if f.content_id in incomplete)
        progress = IndexProgress("uploading", files_total=len(todo))
        self.on_progress(progress)
        written_files = rows_written = 0
        batch: list[IndexedFile] = []
        batch_rows = 0
        chunk_counts = export.passage_counts(self.catalog, [f.content_id for f in todo])

        def flush() -> None:
            nonlocal written_files, rows_written, rows_deleted, batch_rows
            if not batch:
                return
            rows = self._rows(batch)
            flat = [r for f in batch for r in rows[f.path]]
            for i in range(0, len(flat), self.batch_rows):
                self._call(
                    self.client.upsert, self.target.collection, data=flat[i : i + self.batch_rows]
                )
            stale: list[int] = []
            records = []
            for f in batch:
                new_ids = [r["id"] for r in rows[f.path]]
                if f.path in entries:
                    keep = set(new_ids)
                    stale.extend(int(i) for i in entries[f.path].row_ids if int(i) not in keep)
                records.append((f.path, self._signature(f), new_ids))
            self._delete(stale)
            self.ledger.record(records)
            written_files += len(batch)
            rows_written += len(flat)
            rows_deleted += len(stale)
            batch.clear()
            batch_rows = 0
            elapsed = time.monotonic() - started
            self.on_progress(
                IndexProgress(
                    "uploading",
                    files_total=len(todo),
                    files_done=written_files,
                    chunks_total=rows_written,
                    chunks_embedded=rows_written,
                    chunks_per_s=rows_written / max(elapsed, 1e-6),
                    elapsed_s=elapsed,
                )
            )

        for f in todo:
            if self.stop_event.is_set():
                break
            batch.append(f)
            batch_rows += chunk_counts.get(f.content_id, 0)
            if batch_rows >= self.batch_rows:
                flush()
        if not self.stop_event.is_set():
            flush()
            if written_files or rows_deleted or reconciled or self._stats is None:
                self._record_stats()
            if written_files or rows_deleted:
                self._seal()
        self.on_progress(
            IndexProgress(
                "idle",
                files_total=len(todo),
                files_done=written_files,
                elapsed_s=time.monotonic() - started,
            )
        )
        return SyncSummary(
            written_files, len(gone), rows_written, rows_deleted, waiting, reconciled
        )
