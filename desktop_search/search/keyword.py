"""Keyword retrieval over the FTS5 table, with filters, phrases and exclusions.

Terms are OR-ed (BM25 rewards documents with more and rarer terms); quoted phrases
are required and verified against the original text, since the terms are stemmed
and segmented; excluded words remove whole documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desktop_search.search.filters import SearchFilters
from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import Catalog
from desktop_search.store.chunk_map import ChunkMap
from desktop_search.text.analyzer import terms as analyze


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(words: Sequence[str], *, operator: str = "OR") -> str:
    """An FTS5 expression matching any (or all) of the analysed ``words``."""
    return f" {operator} ".join(_fts_string(t) for t in dict.fromkeys(words))


def _phrase_expression(phrase: str) -> str:
    # Segmentation can differ slightly in context, so require the terms, not adjacency;
    # exactness is checked against the text afterwards.
    return match_expression(analyze(phrase, drop_stopwords=False), operator="AND")


def needs_restriction(q: ParsedQuery, filters: SearchFilters) -> bool:
    return filters.active or bool(q.phrases) or bool(q.excluded)


def allowed_chunks(
    catalog: Catalog, chunks: ChunkMap, q: ParsedQuery, filters: SearchFilters
) -> np.ndarray:
    """A mask over the ids of ``chunks``: those a search may return under the filters,
    phrases and exclusions (at least: of a document with a file indexed)."""
    if not needs_restriction(q, filters):
        return chunks.chunks_of(catalog.indexed_contents())
    phrases = [(_phrase_expression(p) or None, p.lower()) for p in q.phrases]
    excluded = [
        e for e in (match_expression(analyze(w, drop_stopwords=False)) for w in q.excluded) if e
    ]
    found = catalog.restricted_chunk_ids(filters, phrases, excluded)
    ids = chunks.known(found)
    mask = np.zeros(len(chunks.content), dtype=bool)
    mask[ids] = True
    return mask


#: Column weights of bm25(): a word as written counts half again over its stem alone.
_BM25_WEIGHTS = (1.0, 0.5)
#: A table of contents or index passage keeps this share of its keyword score.
NAV_WEIGHT = 0.3


def keyword_search(
    catalog: Catalog,
    expr: str,
    chunks: ChunkMap,
    allowed: np.ndarray,
    k: int,
    *,
    within: Sequence[int] = (),
    per_document: int = 3,
) -> tuple[list[tuple[int, float]], bool, float | None]:
    """(chunk id, BM25 score, higher is better) for the FTS5 expression ``expr``, among
    the ``allowed`` chunks; whether that is every match; and the cut: the score of the
    weakest of the best ``k`` (None when every match is listed).

    The best ``k`` passages of the whole index, and the best ``per_document`` passages of
    each document in ``within`` (so a document found by its words always brings a passage,
    however many passages of other documents match better). The flag is True when the
    passages listed are every passage that matches (fewer than ``k`` matched at all).
    One pass over the index scores every matching passage; the rest is arrays.
    """
    if not expr:
        return [], True, None
    rows = catalog.keyword_scores(expr, _BM25_WEIGHTS)
    if not rows:
        return [], True, None
    table = np.array(rows, dtype=np.float64)
    ids = table[:, 0].astype(np.int64)
    scores = table[:, 1]
    keep = ids < len(chunks.content)
    ids, scores = ids[keep], scores[keep]
    keep = allowed[ids] & (chunks.content[ids] >= 0)
    ids, scores = ids[keep], scores[keep]
    weighted = np.where(chunks.nav[ids], scores * NAV_WEIGHT, scores)
    found: dict[int, float] = {}
    # The best k by BM25 (ties by chunk id), each kept at its weighted score.
    for i in np.lexsort((ids, -scores))[:k]:
        found[int(ids[i])] = float(weighted[i])
    every_match = len(ids) < k
    cut = None if every_match or not found else min(found.values())
    if len(within):
        scores = weighted
        order = np.lexsort((ids, -scores))
        wanted = np.isin(chunks.content[ids[order]], np.asarray(within, dtype=np.int64))
        taken: dict[int, int] = {}
        for i in order[wanted]:
            doc = int(chunks.content[ids[i]])
            if taken.get(doc, 0) < per_document:
                taken[doc] = taken.get(doc, 0) + 1
                found[int(ids[i])] = float(scores[i])
    return sorted(found.items(), key=lambda x: (-x[1], x[0])), every_match, cut
