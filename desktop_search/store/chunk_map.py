"""Which document each passage belongs to, held in memory as arrays indexed by chunk id.

Why: a query word is judged per *document* (``search/lexical.py``), so every passage that
matches it must be mapped to its document. Joining the keyword index to ``chunks`` in SQL
for that cost 35 ms per word at 100,000 passages (a five-word question: 400 ms); mapping
the index's row ids through these arrays costs about 2 ms. The arrays take 9 bytes a
passage (1 MB at 100,000) and are read again only when the catalog has changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class ChunkDocuments:
    """Which document each of some chunks belongs to, and the chunk's language.

    Two mappings by chunk id rather than a pair per chunk: fusion wants exactly these two
    (``group_of``, ``language_of``), and a query maps hundreds of chunks. Not to be changed
    once made (``joined`` makes a new one).
    """

    document: dict[int, int] = field(default_factory=dict)  # chunk id -> content id
    language: dict[int, str] = field(default_factory=dict)  # chunk id -> language

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self.document

    def __len__(self) -> int:
        return len(self.document)

    def joined(self, other: ChunkDocuments) -> ChunkDocuments:
        """These chunks and ``other``'s (``other`` wins where both have one)."""
        return ChunkDocuments(
            {**self.document, **other.document}, {**self.language, **other.language}
        )


@dataclass(frozen=True, slots=True)
class ChunkMap:
    """``content[i]``: the document of chunk ``i`` (-1: no such chunk); ``nav[i]``: chunk
    ``i`` is a table of contents, index page or the like; ``languages[language[i]]``: its
    language."""

    content: np.ndarray  # int64, by chunk id
    nav: np.ndarray  # bool, by chunk id
    language: np.ndarray  # int64 index into ``languages``, by chunk id
    languages: tuple[str, ...] = ()
    # passages per document, by content id
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def build(
        cls,
        ids: np.ndarray,
        contents: np.ndarray,
        nav: np.ndarray,
        languages: Sequence[str] | None = None,
    ) -> ChunkMap:
        size = int(ids.max()) + 1 if len(ids) else 0
        content = np.full(size, -1, dtype=np.int64)
        content[ids] = contents
        flags = np.zeros(size, dtype=bool)
        flags[ids] = nav.astype(bool)
        names, codes = np.unique(np.asarray(languages or [""] * len(ids)), return_inverse=True)
        language = np.zeros(size, dtype=np.int64)
        language[ids] = codes
        present = content[content >= 0]
        counts = np.bincount(present) if len(present) else np.zeros(0, dtype=np.int64)
        return cls(content, flags, language, tuple(str(n) for n in names), counts)

    def documents(self, chunk_ids: Sequence[int]) -> ChunkDocuments:
        """The document and language of those of ``chunk_ids`` that exist, in id order."""
        ids = np.unique(np.asarray(chunk_ids, dtype=np.int64))
        ids = ids[(ids >= 0) & (ids < len(self.content))]
        ids = ids[self.content[ids] >= 0]
        keys = ids.tolist()
        names = self.languages
        return ChunkDocuments(
            dict(zip(keys, self.content[ids].tolist(), strict=True)),
            dict(zip(keys, [names[i] for i in self.language[ids].tolist()], strict=True)),
        )

    def known(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Those of ``chunk_ids`` that existed when the map was read."""
        chunk_ids = chunk_ids[chunk_ids < len(self.content)]
        return chunk_ids[self.content[chunk_ids] >= 0]

    def passage_counts(self) -> np.ndarray:
        """Passages per document, by content id (counted once, at ``build``)."""
        return self.counts

    def chunks_of(self, content_ids: np.ndarray) -> np.ndarray:
        """A mask over chunk ids: the chunks of these documents."""
        wanted = np.zeros(int(self.content.max(initial=-1)) + 1, dtype=bool)
        content_ids = content_ids[(content_ids >= 0) & (content_ids < len(wanted))]
        wanted[content_ids] = True
        mask = np.zeros(len(self.content), dtype=bool)
        present = self.content >= 0
        mask[present] = wanted[self.content[present]]
        return mask
