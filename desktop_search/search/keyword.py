"""Keyword retrieval over the FTS5 table, with filters, phrases and exclusions.

Terms are OR-ed (BM25 rewards documents with more and rarer terms); quoted phrases
are required and verified against the original text, since the terms are stemmed
and segmented; excluded words remove whole documents.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import numpy as np

from desktop_search.search.filters import SearchFilters
from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import Catalog
from desktop_search.store.chunk_map import ChunkMap
from desktop_search.store.passage_bm25 import (
    COLUMNS,
    MAX_COUNT,
    TermPostings,
    bm25_scores,
    fts_tokens,
)
from desktop_search.text.analyzer import terms as analyze

log = logging.getLogger(__name__)


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def match_expression(words: Sequence[str], *, operator: str = "OR") -> str:
    """An FTS5 expression matching any (or all) of the analysed ``words``."""
    return f" {operator} ".join(_fts_string(t) for t in dict.fromkeys(words))


def _phrase_expression(phrase: str) -> str:
    # Segmentation can differ slightly in context, so require the terms, not adjacency;
    # exactness is checked against the text afterwards. Only the terms the index holds:
    # with its stopwords ("the", "and") a phrase such as "The Stack and the Heap" found
    # nothing. A phrase of stopwords alone is looked for in the text only.
    return match_expression(analyze(phrase), operator="AND")


def needs_restriction(q: ParsedQuery, filters: SearchFilters) -> bool:
    return filters.active or bool(q.phrases) or bool(q.excluded)


def allowed_chunks(
    catalog: Catalog, chunks: ChunkMap, q: ParsedQuery, filters: SearchFilters
) -> np.ndarray:
    """A mask over the ids of ``chunks``: those a search may return under the filters,
    phrases and exclusions (at least: of a document with a file indexed)."""
    if not needs_restriction(q, filters):
        return catalog.indexed_chunks()
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

#: A passage phrase: (column, one keyword term), e.g. ("terms", "handl"), ("exact", "handling").
Phrase = tuple[str, str]


def phrase_expression(phrases: Sequence[Phrase]) -> str:
    """The FTS5 expression matching any of ``phrases``."""
    return " OR ".join(f"{col} : {_fts_string(term)}" for col, term in phrases)


_COLUMN_PHRASE = re.compile(r'(terms|exact) : "((?:[^"]|"")*)"')


class Lookups:
    """The keyword index's answers for one query, each asked once: the words per document
    (``lexical.gather``) and the passages by BM25 ask for the same words. A phrase of one
    token on one column is read from the term postings where the catalog has them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.stats = catalog.keyword_stats()  # None: no term postings (a version-3 catalog)
        self._ids: dict[str, np.ndarray] = {}
        self._postings: dict[tuple[str, int], TermPostings | None] = {}

    def matching(self, expr: str) -> np.ndarray:
        """Every chunk id matching the FTS5 expression ``expr``, ascending."""
        if expr not in self._ids:
            found = None
            m = _COLUMN_PHRASE.fullmatch(expr)
            if m and self.stats is not None:
                found = self.postings(m.group(1), m.group(2).replace('""', '"'))
            self._ids[expr] = found.ids if found is not None else self.catalog.matching_chunks(expr)
        return self._ids[expr]

    def postings(self, column: str, term: str) -> TermPostings | None:
        """The chunks holding the phrase ``term`` on ``column``, with counts; None when the
        postings cannot tell (no postings, a phrase of several tokens, a count past the
        stored)."""
        tokens = [t for word in term.split() for t in fts_tokens(word)]
        if self.stats is None or len(tokens) != 1:
            return None
        key = (tokens[0], COLUMNS.index(column))
        if key not in self._postings:
            try:
                self._postings[key] = self.catalog.postings(*key)
            except ValueError:  # out of step with the keyword index: FTS5 answers
                log.warning("term postings of %r are damaged; searching without them", term)
                self._postings[key] = None
        found = self._postings[key]
        if found is None or (len(found.counts) and found.counts.max() >= MAX_COUNT):
            return None
        return found


def _own_bm25(
    catalog: Catalog, phrases: Sequence[Phrase], lookups: Lookups
) -> tuple[np.ndarray, np.ndarray] | None:
    """FTS5's BM25 of every passage matching ``phrases``, made from the term postings
    (store/passage_bm25.py); None where only FTS5 can tell (a catalog without postings,
    a phrase of several tokens, a term repeated past the stored count)."""
    if lookups.stats is None:
        return None
    weighted: list[tuple[TermPostings, float]] = []
    for col, term in phrases:
        found = lookups.postings(col, term)
        if found is None:
            return None
        weighted.append((found, _BM25_WEIGHTS[COLUMNS.index(col)]))
    scored = bm25_scores(lookups.stats, weighted)
    if scored is None:
        log.info("term postings out of step with the keyword index: scored by FTS5")
    return scored


#: A table of contents or index passage keeps this share of its keyword score.
NAV_WEIGHT = 0.3


def keyword_search(
    catalog: Catalog,
    phrases: Sequence[Phrase],
    chunks: ChunkMap,
    allowed: np.ndarray,
    k: int,
    *,
    within: Sequence[int] = (),
    per_document: int = 3,
    lookups: Lookups | None = None,
) -> tuple[list[tuple[int, float]], bool, float | None]:
    """(chunk id, BM25 score, higher is better) for the OR of ``phrases``, among the
    ``allowed`` chunks; whether that is every match; and the cut: the score of the weakest
    of the best ``k`` (None when every match is listed).

    The best ``k`` passages of the whole index, and the best ``per_document`` passages of
    each document in ``within`` (so a document found by its words always brings a passage,
    however many passages of other documents match better). The flag is True when the
    passages listed are every passage that matches (fewer than ``k`` matched at all).
    Every matching passage is scored (FTS5's BM25, store/passage_bm25.py); the rest is
    arrays.
    """
    if not phrases:
        return [], True, None
    scored = _own_bm25(catalog, phrases, lookups or Lookups(catalog))
    if scored is None:
        fts5 = catalog.keyword_scores(phrase_expression(phrases), _BM25_WEIGHTS)
        scored = fts5.ids, fts5.scores
    ids, scores = scored
    if not len(ids):
        return [], True, None
    keep = ids < len(chunks.content)
    ids, scores = ids[keep], scores[keep]
    keep = allowed[ids] & (chunks.content[ids] >= 0)
    ids, scores = ids[keep], scores[keep]
    weighted = np.where(chunks.nav[ids], scores * NAV_WEIGHT, scores)
    # The best k by BM25 (ties by chunk id), each kept at its weighted score.
    chosen = [_best(ids, scores, np.arange(len(ids)), k)]
    every_match = len(ids) < k
    cut = None if every_match or not len(chosen[0]) else float(weighted[chosen[0]].min())
    if len(within):
        chosen.append(_best_of_each(ids, weighted, chunks.content[ids], within, per_document))
    found = {
        int(i): float(w)
        for i, w in zip(ids[np.concatenate(chosen)], weighted[np.concatenate(chosen)], strict=True)
    }
    return sorted(found.items(), key=lambda x: (-x[1], x[0])), every_match, cut


def _best(ids: np.ndarray, scores: np.ndarray, pool: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best of ``pool`` by score, ties by chunk id, best first (only
    those at least the k-th best score are sorted)."""
    if len(pool) > k:
        cut = np.partition(scores[pool], len(pool) - k)[len(pool) - k]
        pool = pool[scores[pool] >= cut]
    return pool[np.lexsort((ids[pool], -scores[pool]))][:k]


def _best_of_each(
    ids: np.ndarray, scores: np.ndarray, docs: np.ndarray, within: Sequence[int], n: int
) -> np.ndarray:
    """Positions of the ``n`` best passages (ties by chunk id) of each document in
    ``within``."""
    want = np.zeros(int(docs.max(initial=-1)) + 1, dtype=bool)
    wanted = np.asarray(within, dtype=np.int64)
    want[wanted[(wanted >= 0) & (wanted < len(want))]] = True
    pool = np.flatnonzero(want[docs]) if len(want) else np.zeros(0, dtype=np.int64)
    order = pool[np.lexsort((ids[pool], -scores[pool]))]
    order = order[np.argsort(docs[order], kind="stable")]  # by document, best first in each
    doc = docs[order]
    first = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    place = np.arange(len(order)) - np.repeat(first, np.diff(np.append(first, len(order))))
    return order[place < n]
