"""A query's words in a team library, judged exactly as the local keyword index judges them.

Locally the FTS5 table gives two kinds of keyword evidence: which documents hold each of
the query's words (``search/lexical.py``: exact or stem, prose or navigation, a document
BM25) and each passage's BM25 over the two keyword columns. Milvus computes neither the
same way (its BM25 knows one column and uses another IDF), so this module asks it only
what it can answer exactly and does the arithmetic here, with the local code:

* Each query word's passages: a BM25 search for its stem alone returns every passage
  holding it (a Chinese word: its bigrams, then checked to be in order in the stored
  column; the word as written: checked in the stored ``exact`` column), grouped by
  document (content hash) and scored by ``lexical.score_documents`` with the document
  counts the writer recorded.
* Passage BM25: the candidates Milvus' own BM25 found, and the best passages of the
  documents holding a word, are scored again by FTS5's formula (``bm25()``: k1 1.2, b 0.75,
  column weights, document length over both columns) from their stored columns, the
  recorded row and token totals and each query term's passage count (found the same way).

Counting a term's passages that way costs a row fetched per passage (0.15 ms each in
milvus-lite: a Chinese character in 6,000 passages, 1-2 s, for one number of one IDF),
and a term in more than ``QUERY_LIMIT`` passages (Milvus' most rows per answer) cannot be
counted at all. So the writer records, from the catalog's FTS5 vocabulary, the passage
count of every term at least ``COUNTED_FROM`` passages hold (``Stats.counted``); the
reader asks only for the rarer ones, whose answers are short, and the IDF is FTS5's
either way. Left
different: FTS5's tokenizer folds diacritics (``café`` = ``cafe``) and Milvus' does not,
so a word with accents can be counted in fewer passages; a phrase of several terms in
more than ``QUERY_LIMIT`` passages is counted as in that many; and the documents of a
term past ``QUERY_LIMIT`` are not listed (locally: past 20,000 passages).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop_search.search import lexical
from desktop_search.text.analyzer import fold

#: FTS5 bm25() constants and the column weights the engine passes (search/keyword.py).
_K1, _B = 1.2, 0.75
COLUMN_WEIGHTS = {"terms": 1.0, "exact": 0.5}
#: Milvus answers at most this many rows per query: more passages hold a common word.
QUERY_LIMIT = 16384
#: The writer records the passage count of each term at least this many passages hold
#: (at most ``COUNTED_TERMS`` per column, the commonest; ~100 KB in the collection's
#: properties): rarer terms are counted by asking, at most this many rows.
COUNTED_FROM = 256
COUNTED_TERMS = 5000


@dataclass(frozen=True, slots=True)
class Stats:
    """The keyword index in numbers, as the writer recorded them (schema.read_stats)."""

    rows: int
    tokens: int
    documents: int
    passages: int
    #: column -> term -> passages, for the terms more passages hold than Milvus returns
    #: (what writers recorded before ``counted``; still written for their readers)
    common: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: column -> term -> passages, for the terms at least ``COUNTED_FROM`` passages hold
    counted: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def recorded(self, column: str, tokens: Sequence[str]) -> int | None:
        """A single term's passage count as the writer recorded it; None: not recorded
        (fewer than ``COUNTED_FROM`` passages hold it, or a phrase), to be counted."""
        if len(tokens) != 1:
            return None
        n = self.counted.get(column, {}).get(tokens[0])
        return self.common.get(column, {}).get(tokens[0]) if n is None else n

    def counts_of(self, column: str = "terms") -> dict[str, int]:
        """Term -> passages, for every term the writer counted in ``column``."""
        return {**self.common.get(column, {}), **self.counted.get(column, {})}

    def uncountable(self, column: str = "terms") -> frozenset[str]:
        """The terms more passages hold than one Milvus answer returns."""
        return frozenset(t for t, n in self.counts_of(column).items() if n >= QUERY_LIMIT)

    def passages_of(self, column: str, tokens: Sequence[str], counted: int) -> int:
        """FTS5's n for a phrase: what the reader ``counted``, or, where Milvus could not
        return every passage holding one term, the number the writer recorded."""
        if counted >= QUERY_LIMIT:
            n = self.recorded(column, tokens)
            return counted if n is None else n
        return counted

    @property
    def avgdl(self) -> float:
        return self.tokens / self.rows if self.rows else 1.0

    @property
    def average_passages(self) -> float:
        return self.passages / self.documents if self.documents else 1.0


def parse_phrase(expr: str) -> tuple[str, tuple[str, ...]]:
    """``'terms : "a b"'`` -> ("terms", ("a", "b")): one column-filtered FTS5 phrase."""
    column, _, quoted = expr.partition(" : ")
    words = quoted.strip()[1:-1].replace('""', '"')
    return column.strip(), tuple(fold(w) for w in words.split())


def holds_phrase(column_text: str, tokens: Sequence[str]) -> int:
    """How many times the phrase occurs in a stored column (FTS5 counts instances)."""
    have = fold(column_text).split()  # folding never makes or takes a space: one call
    n = len(tokens)
    if n == 1:
        return have.count(tokens[0])
    return sum(1 for i in range(len(have) - n + 1) if tuple(have[i : i + n]) == tuple(tokens))


def bm25(
    row: dict,
    phrases: Sequence[tuple[str, tuple[str, ...]]],
    idf: Sequence[float],
    avgdl: float,
) -> float:
    """FTS5's bm25() of one passage for the OR of ``phrases`` (higher is better)."""
    columns = {c: row.get(c, "") or "" for c in COLUMN_WEIGHTS}
    length = sum(len(v.split()) for v in columns.values())
    norm = _K1 * (1 - _B + _B * length / avgdl)
    score = 0.0
    for (column, tokens), weight in zip(phrases, idf, strict=True):
        freq = COLUMN_WEIGHTS.get(column, 1.0) * holds_phrase(columns.get(column, ""), tokens)
        score += weight * freq * (_K1 + 1) / (freq + norm)
    return score


def fts5_idf(rows: int, hits: int) -> float:
    """FTS5's IDF: log((N - n + 0.5) / (n + 0.5)), at least 1e-6."""
    idf = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows else 0.0
    return idf if idf > 0 else 1e-6


class PassageLookup:
    """The passages holding a term, through Milvus' BM25 index: a search for the term alone
    returns every passage holding it (a score above 0), up to ``QUERY_LIMIT``. (Milvus'
    ``TEXT_MATCH`` filter answers the same, but milvus-lite scans every row for it: 1.5 s
    at 5,000 passages, against 20-300 ms here.) Answers are kept for one query.

    ``common``: the terms the writer found in more passages than that (``Stats.common``).
    Over the whole library their answer would be cut short anyway, so they are not asked:
    16,384 rows with their text, for a word as common as "report" in a large library."""

    def __init__(
        self,
        search: Callable[..., list],
        where: str,
        common: Collection[str] = (),
        counts: Mapping[str, int] | None = None,
    ) -> None:
        self._search = search
        self.where = where
        self.common = frozenset(common)
        self.counts = counts or {}  # term -> passages, as the writer counted them
        self._found: dict[tuple[tuple[str, ...], bool], tuple[list[dict] | None, set[str]]] = {}

    def rows(
        self, tokens: Sequence[str], fields: Sequence[str], *, filtered: bool = True
    ) -> list[dict] | None:
        """Passages holding any of ``tokens`` (under the filters unless ``filtered`` is
        False), each with ``fields``; None when there are more than Milvus returns."""
        key = (tuple(tokens), filtered and bool(self.where))
        if not key[1] and self.common.intersection(tokens):
            return None  # more passages than Milvus returns, by the writer's count
        cached = self._found.get(key)
        if cached is not None and set(fields) <= cached[1]:
            return cached[0]
        fields = sorted(set(fields) | (cached[1] if cached else set()))
        hits = self._search(
            data=[" ".join(tokens)],
            anns_field="sparse",
            limit=QUERY_LIMIT,
            filter=self.where if key[1] else "",
            output_fields=list(fields) or ["hash"],
        )
        hits = list(hits[0]) if hits else []
        found = (
            None
            if len(hits) >= QUERY_LIMIT
            else [{**h.get("entity", {}), "id": int(h["id"])} for h in hits]
        )
        self._found[key] = (found, set(fields))
        return found

    def phrase_rows(
        self, tokens: Sequence[str], fields: Sequence[str], *, filtered: bool = True
    ) -> list[dict] | None:
        """Passages that may hold the phrase ``tokens``, for the caller to check: those
        holding its rarest term (by the writer's counts; a term it did not count is rarer
        still), not every passage holding any of them ("违约 约金": the passages of 约金,
        not of 违约 too; past ``QUERY_LIMIT`` only when even the rarest term is)."""
        if len(tokens) > 1:
            tokens = (min(tokens, key=lambda t: self.counts.get(t, 0)),)
        return self.rows(tokens, fields, filtered=filtered)

    def count(
        self,
        tokens: Sequence[str],
        check: Callable[[dict], bool] | None = None,
        fields: Sequence[str] = (),
    ) -> int:
        """Passages of the whole library holding ``tokens`` (and passing ``check``): FTS5's
        n of a phrase's IDF. More than Milvus returns counts as ``QUERY_LIMIT``."""
        found = self.rows(tokens, fields, filtered=False)
        if found is None:
            return QUERY_LIMIT
        return sum(1 for r in found if check(r)) if check else len(found)


@dataclass(frozen=True, slots=True)
class ConceptRows:
    """The passages holding one concept: (exact, loose) lists of rows, None when common."""

    exact: list[dict] | None
    loose: list[dict] | None
    anywhere: bool


HOLDING_FIELDS = ("hash", "ord", "nav", "passages")


def concept_rows(
    lookup: PassageLookup,
    concept: lexical.Concept,
    allowed: Callable[[dict], bool] | None,
    extra: Sequence[str] = (),
) -> ConceptRows:
    """The passages holding ``concept``: its loose form (a stem; a Chinese word's bigrams,
    then checked to be in order) and, among those, the word as written."""
    _, tokens = parse_phrase(concept.loose)
    word = parse_phrase(concept.exact)[1] if concept.exact else ()
    fields = [*HOLDING_FIELDS, *extra]
    if word:
        fields.append("exact")
    if len(tokens) > 1:
        fields.append("terms")

    def holding(rows: list[dict]) -> list[dict]:
        if len(tokens) > 1:
            return [r for r in rows if holds_phrase(r.get("terms", ""), tokens)]
        return rows

    found = lookup.phrase_rows(tokens, fields)
    if found is None:
        return ConceptRows(None, None, True)
    loose = holding(found)
    anywhere = bool(loose)
    if allowed is not None:
        loose = [r for r in loose if allowed(r)]
    if not anywhere and lookup.where:
        every = lookup.phrase_rows(tokens, fields, filtered=False)
        anywhere = every is None or bool(holding(every))
    exact = [r for r in loose if holds_phrase(r.get("exact", ""), word)] if word else []
    return ConceptRows(exact, loose, anywhere)


def document_evidence(
    per_concept: Sequence[ConceptRows],
    concepts: Sequence[lexical.Concept],
    doc_key: Callable[[dict], int],
    stats: Stats,
) -> lexical.LexicalEvidence:
    """The words per team document, over team document keys, as ``lexical.gather`` would."""
    keys: dict[int, int] = {}  # document key -> its number here
    lengths: list[int] = []

    def number(row: dict) -> int:
        key = doc_key(row)
        if key not in keys:
            keys[key] = len(keys)
            lengths.append(int(row.get("passages") or 1))
        return keys[key]

    def holding(rows: list[dict]) -> lexical.Holding:
        if not rows:
            return lexical.Holding.none()
        # One passage once, however many files hold its text (as the local catalog has it).
        unique = list({(r.get("hash"), r.get("ord")): r for r in rows}.values())
        nums = np.array([number(r) for r in unique], dtype=np.int64)
        navs = np.array([bool(r.get("nav")) for r in unique], dtype=bool)
        docs, where, total = np.unique(nums, return_inverse=True, return_counts=True)
        prose = np.bincount(where, weights=~navs, minlength=len(docs)).astype(np.int64)
        return lexical.Holding(docs, prose, total)

    missing: list[str] = []
    complete = True
    holdings: list[tuple[lexical.Holding, lexical.Holding]] = []
    for c, found in zip(concepts, per_concept, strict=True):
        if found.exact is None or found.loose is None:
            complete = False
            holdings.append((lexical.Holding.none(), lexical.Holding.none()))
            continue
        if not found.exact and not found.loose and not found.anywhere:
            missing.append(c.surface)
        holdings.append((holding(found.exact), holding(found.loose)))
    if not keys:
        return lexical.LexicalEvidence(tuple(concepts), tuple(missing), (), complete)
    order, coverage, scores = lexical.score_documents(
        concepts,
        holdings,
        np.array(lengths, dtype=np.float64),
        stats.average_passages,
        max(1, stats.documents),
    )
    back = list(keys)
    return lexical.LexicalEvidence(
        tuple(concepts),
        tuple(missing),
        tuple(back[i] for i in order),
        complete,
        {back[i]: v for i, v in coverage.items()},
        {back[i]: v for i, v in scores.items()},
    )
