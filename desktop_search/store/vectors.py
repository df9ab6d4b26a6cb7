"""FAISS index of one vector space, kept in step with the catalog.

The catalog holds every vector; this index is a cache for fast search. Each process
keeps its own copy and brings it up to date by replaying the catalog's vector log
from the sequence number it last saw, so the indexing worker and the search window
never share mutable state. The on-disk copy is written atomically (temp file, fsync,
rename) together with a stamp naming the log position it reflects; a missing, damaged
or mismatched file is rebuilt from the catalog.

A small space is searched exactly (flat inner product). Past ``switch_at`` vectors the
space is rebuilt as IVF with 8-bit scalar-quantised storage: a quarter of the memory
and a small fraction of the work per query, at recall@10 >= 0.95 against exact search
(the threshold and the IVF settings come from ``benchmarks/query_latency.py``; see
``benchmarks/README.md``). IVF rather than HNSW because it builds several times faster
on a laptop's cores, needs no graph in memory and deletes for real (no tombstones).
A switch, or a re-training once the space has grown well past what the IVF was trained
on, is built beside the live index (in a background thread in long-lived readers) and
swapped in after catching up with the log, so search never stops meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import secrets
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from desktop_search.atomic_file import write_atomically
from desktop_search.store.catalog import Catalog, ScoredChunks, SpaceRow, VectorChanges

if TYPE_CHECKING:
    import faiss


def _faiss():
    """FAISS, imported on first use: a search process answers its first keyword question
    before FAISS (30-50 ms of imports) is needed."""
    import faiss

    return faiss


log = logging.getLogger(__name__)

SWITCH_ENV = "DESKTOP_SEARCH_VECTOR_SWITCH"  # override the flat -> IVF switch size
# Where exact search stops being cheap per keystroke: a flat 384-d search on one core
# takes p95 3 ms and 75 MB at 50k vectors, but 12 ms and 150 MB at 100k and 113 ms and
# 1.5 GB at 1M, while IVF-SQ8 stays under 1.5 ms (recall@10 0.98-0.99) up to 1M and
# builds 50k in about a second (benchmarks/README.md).
DEFAULT_SWITCH_AT = 50_000

_FORMAT = 2  # stamp format; any other is rebuilt
_TOKEN_BYTES = 16  # random trailer tying an index file to its stamp
_READ_BATCH = 32_768  # vectors read from the catalog at a time during a build
_TRAIN_PER_LIST = 40  # k-means training points per IVF list (FAISS warns below 39)
_MAX_LISTS = 1024  # more lists train too slowly on a laptop (k-means is O(points x lists))
# Probe enough lists to compare ~8k vectors per query (as many as the space held when
# trained): recall@10 0.97-0.99 from 25k to 1M vectors, under a millisecond per query.
_SCAN_TARGET = 8192
_MIN_PROBE = 8
_RETRAIN_GROWTH = 4  # re-train once a space holds this many times what it was trained on
_RETRY_BUILD_AFTER_S = 60.0
_INSTALL_ATTEMPTS = 3  # rebuilds tried when the log is trimmed under a build


def switch_threshold() -> int:
    """Vectors above which a space leaves exact search ($DESKTOP_SEARCH_VECTOR_SWITCH)."""
    raw = os.environ.get(SWITCH_ENV, "")
    try:
        return max(1, int(raw)) if raw else DEFAULT_SWITCH_AT
    except ValueError:
        log.warning("ignoring %s=%r (not a number)", SWITCH_ENV, raw)
        return DEFAULT_SWITCH_AT


# -- the two kinds of index ----------------------------------------------------------------
class _Vectors:
    """What both kinds share: a FAISS index keyed by chunk id."""

    index: Any

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> None:
        self.index.remove_ids(ids)


class FlatVectors(_Vectors):
    """Exact search: every query is compared with every vector."""

    kind = "flat"

    def __init__(self, dim: int, index: faiss.IndexIDMap2 | None = None) -> None:
        faiss = _faiss()
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.trained_on = 0

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()
        params = None
        if allowed is not None:
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
        return self.index.search(query, k, params=params)


class CompactVectors(_Vectors):
    """IVF over 8-bit scalar-quantised residuals: approximate, ~4x smaller than flat."""

    kind = "ivf-sq8"

    def __init__(self, index: faiss.IndexIVFScalarQuantizer, trained_on: int) -> None:
        self.index = index
        self.trained_on = trained_on
        wanted = math.ceil(index.nlist * _SCAN_TARGET / max(1, trained_on))
        self.nprobe = min(index.nlist, max(_MIN_PROBE, wanted))

    @staticmethod
    def lists_for(n: int) -> int:
        """IVF lists for ``n`` vectors: ~sqrt(n), enough training points each, capped."""
        return max(1, min(_MAX_LISTS, int(math.sqrt(n)), n // _TRAIN_PER_LIST))

    @classmethod
    def trained(cls, sample: np.ndarray, trained_on: int) -> CompactVectors:
        """A new empty index whose lists and quantiser are trained on ``sample``."""
        faiss = _faiss()
        dim = sample.shape[1]
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer,
            dim,
            min(cls.lists_for(trained_on), len(sample)),
            faiss.ScalarQuantizer.QT_8bit,
            faiss.METRIC_INNER_PRODUCT,
        )
        index.cp.min_points_per_centroid = 1  # tiny test spaces: no warning spam
        index.train(sample)
        return cls(index, trained_on)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()
        params = faiss.SearchParametersIVF()
        params.nprobe = self.nprobe
        if allowed is not None:
            # A filter thins every list out; probe more lists so as many *allowed*
            # vectors are compared as an unfiltered search compares vectors. A narrow
            # filter thus scans every list, which is exact over the allowed ones and
            # costs little: the others are skipped by id before any distance is taken.
            share = len(allowed) / max(1, len(self))
            params.nprobe = min(self.index.nlist, math.ceil(self.nprobe / max(share, 1e-9)))
            params.sel = faiss.IDSelectorBatch(allowed)
        return self.index.search(query, k, params=params)


Vectors = FlatVectors | CompactVectors


def _wrap(index: faiss.Index, trained_on: int) -> Vectors:
    faiss = _faiss()
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return CompactVectors(index, trained_on)
    if isinstance(index, faiss.IndexIDMap2):
        return FlatVectors(index.d, index)
    raise ValueError(f"unexpected index type {type(index).__name__}")


# -- one space's index -----------------------------------------------------------------------
class VectorIndex:
    """Inner-product search over one space, keyed by chunk id; exact while small."""

    def __init__(
        self,
        space: SpaceRow,
        folder: Path,
        *,
        switch_at: int | None = None,
        background: bool = True,
    ) -> None:
        """``switch_at``: size past which IVF replaces flat (default from the environment).

        ``background``: build switches in a thread (long-lived readers) instead of inside
        ``refresh`` (tests; one-shot tools get the same result because ``save`` waits).
        """
        self.space = space
        self.folder = folder
        self.switch_at = switch_at or switch_threshold()
        self.background = background
        self.seq = 0
        self._lock = threading.RLock()
        self._vectors: Vectors = FlatVectors(space.dim)
        self._builder: threading.Thread | None = None
        self._next_build_at = 0.0

    # -- files ----------------------------------------------------------------------
    @property
    def _file(self) -> Path:
        return saved_files(self.space.id, self.folder)[0]

    @property
    def _stamp_file(self) -> Path:
        return saved_files(self.space.id, self.folder)[1]

    @property
    def kind(self) -> str:
        """The index type: "flat" (exact) or "ivf-sq8" (compact)."""
        return self._vectors.kind

    def __len__(self) -> int:
        return len(self._vectors)

    def load(self, catalog: Catalog) -> None:
        """Load the saved copy if it matches the catalog, else rebuild; then catch up."""
        with self._lock:
            if not self._load_file(catalog):
                self.rebuild(catalog)
            self.refresh(catalog)

    def _load_file(self, catalog: Catalog) -> bool:
        # The writer renames the index before its stamp; a reader racing it sees
        # a token that does not match and simply reads both again.
        for _attempt in range(5):
            loaded = self._read_file(catalog)
            if loaded is not None:
                return loaded
            time.sleep(0.05)
        log.warning("vector index %s does not match its stamp; rebuilding", self._file)
        return False

    def _read_file(self, catalog: Catalog) -> bool | None:
        """True when loaded, False when it must be rebuilt, None to try again."""
        faiss = _faiss()
        try:
            stamp = json.loads(self._stamp_file.read_text())
            if (
                stamp.get("format") != _FORMAT
                or stamp.get("model_id") != self.space.model_id
                or stamp.get("dim") != self.space.dim
            ):
                return False
            with open(self._file, "rb") as fh:
                fh.seek(-_TOKEN_BYTES, os.SEEK_END)
                if fh.read(_TOKEN_BYTES).hex() != stamp["token"]:
                    return None
                fh.seek(0)
                index = faiss.read_index(faiss.PyCallbackIOReader(fh.read))
            vectors = _wrap(index, int(stamp.get("trained_on", 0)))
            if len(vectors) != int(stamp["count"]) or index.d != self.space.dim:
                return False
            if int(stamp["seq"]) < catalog.log_pruned_to(self.space.id):
                return False  # the log no longer reaches back to this copy
        except FileNotFoundError:
            return False
        except Exception as exc:  # damaged file: rebuild, never crash
            log.warning("vector index %s unreadable (%s); rebuilding", self._file, exc)
            return False
        self._vectors = vectors
        self.seq = int(stamp["seq"])
        return True

    def rebuild(self, catalog: Catalog) -> None:
        """Fill a new index from every vector the catalog holds, then swap it in."""
        n = catalog.vector_count(self.space.id)
        kind = CompactVectors.kind if n > self.switch_at else FlatVectors.kind
        vectors, seq = self._build(catalog, kind)
        with self._lock:
            self._install(catalog, vectors, seq, force=True)

    def refresh(self, catalog: Catalog) -> int:
        """Apply catalog changes made since this copy was last in step; returns changes applied."""
        with self._lock:
            self._take_finished_build()
            pruned = catalog.log_pruned_to(self.space.id)
            if self.seq < pruned:
                # The writer saved a newer copy and trimmed the log: read it (fast)
                # rather than rebuilding from the catalog (slow for a large space).
                if not self._load_file(catalog):
                    self.rebuild(catalog)
                changes = len(self) + self._replay(catalog)
            else:
                changes = self._replay(catalog)
            self._maintain(catalog)
            return changes

    def _replay(self, catalog: Catalog) -> int:
        changes = catalog.vector_changes(self.space, self.seq)
        _apply(self._vectors, changes)
        self.seq = changes.seq
        return changes.count

    # -- switching kinds ----------------------------------------------------------------
    def _wanted_kind(self) -> str | None:
        """The kind to rebuild into now, or None when the current index suits its size."""
        n = len(self._vectors)
        if isinstance(self._vectors, FlatVectors):
            return CompactVectors.kind if n > self.switch_at else None
        if n < self.switch_at // 2:  # hysteresis: no flapping around the threshold
            return FlatVectors.kind
        if n > _RETRAIN_GROWTH * max(1, self._vectors.trained_on):
            return CompactVectors.kind  # lists grew long and were trained on other data
        return None

    def _maintain(self, catalog: Catalog) -> None:
        kind = self._wanted_kind()
        if kind is None or self.building or time.monotonic() < self._next_build_at:
            return
        if not self.background:
            vectors, seq = self._build(catalog, kind)
            self._install(catalog, vectors, seq, force=True)
            return
        log.info("space %s: building %s index in the background", self.space.name, kind)
        self._builder = threading.Thread(
            target=self._build_in_background,
            args=(catalog.path, kind),
            name=f"vectors-{self.space.name}",
            daemon=True,
        )
        self._builder.start()

    @property
    def building(self) -> bool:
        """True while a replacement index is being built in the background."""
        return self._builder is not None and self._builder.is_alive()

    def wait_for_build(self, timeout: float | None = None) -> bool:
        """Wait for a background build to be swapped in; False on timeout."""
        builder = self._builder
        if builder is not None:
            builder.join(timeout)
            if builder.is_alive():
                return False
        with self._lock:
            self._take_finished_build()
        return True

    def _take_finished_build(self) -> None:
        if self._builder is not None and not self._builder.is_alive():
            self._builder = None

    def _build_in_background(self, catalog_path: Path, kind: str) -> None:
        started = time.monotonic()
        try:
            reader = Catalog(catalog_path, readonly=True)
            try:
                vectors, seq = self._build(reader, kind)
                with self._lock:
                    if not self._install(reader, vectors, seq, force=False):
                        log.info(
                            "space %s: log trimmed during the build; retrying later",
                            self.space.name,
                        )
                        self._next_build_at = time.monotonic() + _RETRY_BUILD_AFTER_S
                        return
            finally:
                reader.close()
        except Exception:
            log.exception("space %s: building the %s index failed", self.space.name, kind)
            self._next_build_at = time.monotonic() + _RETRY_BUILD_AFTER_S
            return
        log.info(
            "space %s: %s index of %d swapped in after %.1f s",
            self.space.name,
            kind,
            len(vectors),
            time.monotonic() - started,
        )

    def _build(self, catalog: Catalog, kind: str) -> tuple[Vectors, int]:
        """A new index of ``kind`` holding the catalog's vectors, and the log seq it reflects."""
        # The seq is read first: rows read afterwards may be newer, which replaying the
        # log from this seq (idempotent: final states only) sets right.
        seq = catalog.last_log_seq()
        n = catalog.vector_count(self.space.id)
        vectors: Vectors
        if kind == CompactVectors.kind and n > 0:
            lists = CompactVectors.lists_for(n)
            sample = _training_sample(catalog, self.space, min(n, lists * _TRAIN_PER_LIST * 2))
            vectors = CompactVectors.trained(sample, trained_on=n)
            del sample
        else:
            vectors = FlatVectors(self.space.dim)
        for ids, vecs in _vector_batches(catalog, self.space):
            vectors.add(ids, vecs)
        return vectors, seq

    def _install(self, catalog: Catalog, vectors: Vectors, seq: int, *, force: bool) -> bool:
        """Catch ``vectors`` up with the log from ``seq`` and make it the live index."""
        # Another process may trim the log while we build; then the build is stale and
        # is made again (a loop, not recursion: ``last_log_seq`` never reads below the
        # trimmed position, so a fresh build always reaches it unless trimmed again).
        attempts = 0
        while seq < catalog.log_pruned_to(self.space.id):
            if not force:
                return False
            if attempts == _INSTALL_ATTEMPTS:
                log.warning(
                    "space %s: the vector log keeps being trimmed during rebuilds; "
                    "using the last build (the next rebuild sets it right)",
                    self.space.name,
                )
                seq = catalog.log_pruned_to(self.space.id)
                break
            vectors, seq = self._build(catalog, vectors.kind)
            attempts += 1
        changes = catalog.vector_changes(self.space, seq)
        _apply(vectors, changes)
        self._vectors = vectors
        self.seq = changes.seq
        return True

    # -- saving -------------------------------------------------------------------------
    def save(self) -> None:
        """Write index and stamp atomically (temp file, fsync, rename), index first."""
        faiss = _faiss()
        self.wait_for_build()
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            token = secrets.token_bytes(_TOKEN_BYTES)

            def write(fh: BinaryIO) -> None:
                faiss.write_index(self._vectors.index, faiss.PyCallbackIOWriter(fh.write))
                fh.write(token)

            write_atomically(self._file, write)
            stamp = {
                "format": _FORMAT,
                "kind": self.kind,
                "seq": self.seq,
                "count": len(self._vectors),
                "trained_on": self._vectors.trained_on,
                "model_id": self.space.model_id,
                "dim": self.space.dim,
                "token": token.hex(),
            }
            write_atomically(self._stamp_file, lambda fh: fh.write(json.dumps(stamp).encode()))

    def saved_copy_exists(self) -> bool:
        """Whether both the index file and its stamp are on disk (not whether they match)."""
        return self._file.is_file() and self._stamp_file.is_file()

    def remove_files(self) -> None:
        for f in (self._file, self._stamp_file):
            f.unlink(missing_ok=True)

    # -- search ---------------------------------------------------------------------
    def search(
        self, query: np.ndarray, k: int, *, allowed: Collection[int] | None = None
    ) -> ScoredChunks:
        """The top ``k`` chunks by cosine to one normalised query vector, within
        ``allowed``, best first."""
        allowed_ids = None
        if allowed is not None:
            if not len(allowed):
                return _NOTHING
            allowed_ids = np.asarray(
                allowed if isinstance(allowed, np.ndarray) else list(allowed), dtype=np.int64
            )
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        with self._lock:
            vectors = self._vectors
            if len(vectors) == 0 or k <= 0:
                return _NOTHING
            scores, ids = vectors.search(q, min(k, len(vectors)), allowed_ids)
        found = ids[0] >= 0  # FAISS pads a short answer with -1
        return ScoredChunks(ids[0][found].astype(np.int64), scores[0][found].astype(np.float64))


_NOTHING = ScoredChunks.of((), ())


def _apply(vectors: Vectors, changes: VectorChanges) -> None:
    if changes.touched:
        vectors.remove(np.asarray(changes.touched, dtype=np.int64))
    if changes.added:
        vectors.add(np.asarray(changes.added, dtype=np.int64), changes.vectors)


def _decode(blobs: list[bytes], dim: int) -> np.ndarray:
    half = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), dim)
    return half.astype(np.float32)


def _vector_batches(catalog: Catalog, space: SpaceRow) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(ids, float32 vectors) of a space in id order, a batch at a time (bounded memory)."""
    after = -1
    while True:
        rows = catalog.db.execute(
            "SELECT chunk_id, vec FROM vectors WHERE space_id=? AND chunk_id>? "
            "ORDER BY chunk_id LIMIT ?",
            (space.id, after, _READ_BATCH),
        ).fetchall()
        if not rows:
            return
        after = rows[-1][0]
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        yield ids, _decode([r[1] for r in rows], space.dim)


def _training_sample(catalog: Catalog, space: SpaceRow, want: int) -> np.ndarray:
    """About ``want`` vectors spread evenly over the space (every n-th chunk id)."""
    total = catalog.vector_count(space.id)
    step = max(1, total // max(1, want))
    rows = catalog.db.execute(
        "SELECT vec FROM vectors WHERE space_id=? AND chunk_id % ? = 0", (space.id, step)
    ).fetchall()
    if len(rows) < min(want, total) // 2:  # ids not spread evenly: take them all
        rows = catalog.db.execute(
            "SELECT vec FROM vectors WHERE space_id=?", (space.id,)
        ).fetchall()
    return _decode([r[0] for r in rows], space.dim)


_STALE_TEMP_S = 600.0  # a save in progress rewrites its temp file far more often than this


def saved_files(space_id: int, folder: Path) -> tuple[Path, Path]:
    """One space's saved index and the stamp that says what it holds."""
    return folder / f"space-{space_id}.faiss", folder / f"space-{space_id}.json"


def drop_space(catalog: Catalog, name: str, folder: Path) -> bool:
    """Forget the space ``name``: its vectors in the catalog and its saved index files."""
    row = next((r for r in catalog.spaces() if r.name == name), None)
    if row is None:
        return False
    catalog.drop_space(name)
    for path in saved_files(row.id, folder):
        path.unlink(missing_ok=True)
    return True


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files of saves killed half-way (``.space-N.faiss-*``); returns how many.

    Only files untouched for a while: a save running in another process is left alone.
    """
    removed = 0
    now = time.time()
    try:
        candidates = list(folder.glob(".space-*"))
    except OSError:
        return 0
    for f in candidates:
        with contextlib.suppress(OSError):
            if now - f.stat().st_mtime > _STALE_TEMP_S:
                f.unlink()
                removed += 1
    if removed:
        log.info("removed %d temp files of interrupted saves in %s", removed, folder)
    return removed
