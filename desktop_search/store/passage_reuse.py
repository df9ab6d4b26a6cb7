"""Never embed the same passage twice: a passage whose exact text already has a vector in a
space gets a copy of that vector instead of a trip through the model.

Why: identical files already share one content (and so one set of vectors), but real
folders also repeat passages across files that differ elsewhere: a licence or a
disclaimer, a template's boilerplate, a chapter quoted in two reports, the same page in
two editions of a manual. Every chunk still gets its own vector row, so search, deletion
and the catalog's counts work exactly as before: deleting one of two files removes only
its own rows, and the other file keeps its vector and stays findable by meaning. The
copy is the stored float16 vector, the same bytes encoding the text again would store.

Which texts have a vector is kept in memory for the indexer's life (8 bytes of digest
and 8 of chunk id a passage, in sorted arrays), built on first use from the space's
stored passages. A digest match is confirmed against the stored text before the vector
is copied, and a source that has been deleted meanwhile is simply encoded anew.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence

import numpy as np

from desktop_search.store.catalog import Catalog, PassageToEmbed

log = logging.getLogger(__name__)

Encode = Callable[[Sequence[str]], np.ndarray]


def digest(text: str) -> int:
    """64-bit digest of a passage's exact text (signed, to fit SQLite and int64 arrays)."""
    raw = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(raw, "little", signed=True)


class _Known:
    """Digest -> chunk id for one space: sorted arrays from the catalog, a dict for new ones."""

    def __init__(self, digests: np.ndarray, ids: np.ndarray) -> None:
        order = np.argsort(digests, kind="stable")
        self.digests = digests[order]
        self.ids = ids[order]
        self.added: dict[int, int] = {}

    def find(self, key: int) -> int | None:
        if key in self.added:
            return self.added[key]
        at = int(np.searchsorted(self.digests, key))
        if at < len(self.digests) and self.digests[at] == key:
            return int(self.ids[at])
        return None


class PassageReuse:
    """Vectors for a batch of passages: copied where the text is known, encoded otherwise."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._known: dict[int, _Known] = {}
        self.reused = 0  # passages given a copied vector (this indexer's life)
        self.encoded = 0  # passages sent to the model

    def _index(self, space_id: int, dim: int) -> _Known:
        known = self._known.get(space_id)
        if known is None:
            keys: list[int] = []
            ids: list[int] = []
            rows = self.catalog.db.execute(
                "SELECT k.id, substr(c.text, k.start + 1, k.end - k.start) FROM vectors v "
                "JOIN chunks k ON k.id = v.chunk_id JOIN contents c ON c.id = k.content_id "
                "WHERE v.space_id=?",
                (space_id,),
            )
            for chunk_id, text in rows:
                keys.append(digest(text))
                ids.append(chunk_id)
            known = _Known(np.array(keys, dtype=np.int64), np.array(ids, dtype=np.int64))
            self._known[space_id] = known
        return known

    def _stored(self, space_id: int, source: int, text: str, dim: int) -> np.ndarray | None:
        """The stored vector of chunk ``source`` if it still holds exactly ``text``."""
        row = self.catalog.db.execute(
            "SELECT v.vec, substr(c.text, k.start + 1, k.end - k.start) FROM vectors v "
            "JOIN chunks k ON k.id = v.chunk_id JOIN contents c ON c.id = k.content_id "
            "WHERE v.space_id=? AND v.chunk_id=?",
            (space_id, source),
        ).fetchone()
        if row is None or row[1] != text:
            return None
        vec = np.frombuffer(row[0], dtype=np.float16)
        return vec.astype(np.float32) if vec.shape == (dim,) else None

    def vectors_for(
        self, space_id: int, dim: int, todo: Sequence[PassageToEmbed], encode: Encode
    ) -> np.ndarray:
        """A vector for each of ``todo``, in its order; only texts with no vector yet reach
        ``encode``."""
        known = self._index(space_id, dim)
        ids = [p.chunk_id for p in todo]
        out = np.zeros((len(todo), dim), dtype=np.float32)
        fresh: dict[str, list[int]] = {}  # text -> rows of ``todo`` (once per batch)
        keys = [digest(p.text) for p in todo]
        for row, (passage, key) in enumerate(zip(todo, keys, strict=True)):
            text = passage.text
            source = known.find(key)
            vec = None if source is None else self._stored(space_id, source, text, dim)
            if vec is not None:
                out[row] = vec
                self.reused += 1
            else:
                fresh.setdefault(text, []).append(row)
        if fresh:
            texts = list(fresh)
            encoded = encode(texts)
            self.encoded += len(texts)
            for text, vec in zip(texts, encoded, strict=True):
                rows = fresh[text]
                out[rows] = vec
                self.reused += len(rows) - 1
                # Learned before the caller stores them: a vector that is not stored after
                # all is found missing by ``_stored`` and encoded again.
                known.added[keys[rows[0]]] = ids[rows[0]]
        return out
