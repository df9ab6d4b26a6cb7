"""FAISS index of one vector space, kept in step with the catalog.

The catalog holds every vector; this index is a cache for fast search. Each process
keeps its own copy and brings it up to date by replaying the catalog's vector log
from the sequence number it last saw, so the indexing worker and the search window
never share mutable state. The on-disk copy is written atomically (temp file, fsync,
rename) together with the log position it reflects; a missing, damaged or mismatched
file is rebuilt from the catalog.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Collection
from pathlib import Path

import faiss
import numpy as np

from desktop_search.store.catalog import Catalog, SpaceRow

log = logging.getLogger(__name__)


class VectorIndex:
    """Exact inner-product search over one space, keyed by chunk id."""

    def __init__(self, space: SpaceRow, folder: Path) -> None:
        self.space = space
        self.folder = folder
        self.seq = 0
        self._lock = threading.RLock()
        self._index = self._empty()

    # -- files ----------------------------------------------------------------------
    @property
    def _file(self) -> Path:
        return self.folder / f"space-{self.space.id}.faiss"

    @property
    def _stamp_file(self) -> Path:
        return self.folder / f"space-{self.space.id}.json"

    def _empty(self) -> faiss.IndexIDMap2:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.space.dim))

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def load(self, catalog: Catalog) -> None:
        """Load the saved copy if it matches the catalog, else rebuild; then catch up."""
        with self._lock:
            if not self._load_file(catalog):
                self.rebuild(catalog)
            self.refresh(catalog)

    def _load_file(self, catalog: Catalog) -> bool:
        try:
            stamp = json.loads(self._stamp_file.read_text())
            if stamp.get("model_id") != self.space.model_id or stamp.get("dim") != self.space.dim:
                return False
            index = faiss.read_index(str(self._file))
            if int(index.ntotal) != int(stamp["count"]) or index.d != self.space.dim:
                return False
            if int(stamp["seq"]) < catalog.log_pruned_to(self.space.id):
                return False  # the log no longer reaches back to this copy
        except FileNotFoundError:
            return False
        except Exception as exc:  # damaged file: rebuild, never crash
            log.warning("vector index %s unreadable (%s); rebuilding", self._file, exc)
            return False
        self._index = index
        self.seq = int(stamp["seq"])
        return True

    def rebuild(self, catalog: Catalog) -> None:
        """Fill the index from every vector the catalog holds for this space."""
        with self._lock:
            ids, vecs, seq = catalog.all_vectors(self.space)
            index = self._empty()
            if len(ids):
                index.add_with_ids(vecs, ids)
            self._index = index
            self.seq = seq

    def refresh(self, catalog: Catalog) -> int:
        """Apply catalog changes made since this copy was last in step; returns changes applied."""
        with self._lock:
            pruned = catalog.log_pruned_to(self.space.id)
            if self.seq < pruned:
                self.rebuild(catalog)
                return len(self)
            removed, added, vecs, seq = catalog.vector_changes(self.space, self.seq)
            if removed:
                self._index.remove_ids(np.asarray(removed, dtype=np.int64))
            if added:
                self._index.add_with_ids(vecs, np.asarray(added, dtype=np.int64))
            self.seq = seq
            return len(removed) + len(added)

    def save(self) -> None:
        """Write index and stamp atomically (temp file, fsync, rename)."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            data = faiss.serialize_index(self._index)
            _atomic_write(self._file, data.tobytes())
            stamp = {
                "seq": self.seq,
                "count": int(self._index.ntotal),
                "model_id": self.space.model_id,
                "dim": self.space.dim,
            }
            _atomic_write(self._stamp_file, json.dumps(stamp).encode())

    def remove_files(self) -> None:
        for f in (self._file, self._stamp_file):
            f.unlink(missing_ok=True)

    # -- search ---------------------------------------------------------------------
    def search(
        self, query: np.ndarray, k: int, *, allowed: Collection[int] | None = None
    ) -> list[tuple[int, float]]:
        """Top ``k`` (chunk id, cosine) for one normalised query vector, within ``allowed``."""
        with self._lock:
            if self._index.ntotal == 0 or k <= 0:
                return []
            params = None
            if allowed is not None:
                if not allowed:
                    return []
                selector = faiss.IDSelectorBatch(np.fromiter(allowed, dtype=np.int64))
                params = faiss.SearchParameters(sel=selector)
            q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
            scores, ids = self._index.search(q, min(k, self._index.ntotal), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
