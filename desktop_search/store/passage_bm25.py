"""Passage BM25 of our own, to the last bit what FTS5's ``bm25()`` gives, without its cost.

Why: ``bm25()`` costs about 3 µs for every passage that matches any query term, so a
question of common words (60,000 of 100,000 passages) took 250 ms in it alone, though
listing the same passages takes a few. Its inputs are all cheap to have except one:

* each phrase's number of matching passages (a row id list of the keyword index),
  the passage count and the mean passage length (FTS5's averages record), each passage's
  length in tokens (FTS5's ``docsize`` rows, decoded once per catalog change);
* how often the phrase occurs in the passage. Most terms occur once in a passage, so
  only the exceptions are stored: each passage's terms that occur two or more times, in
  ``chunk_repeats`` (a contentless FTS5 table, row id = chunk id << 10 | column << 9 |
  count, text = the terms with that count), written with the passage.

The score is then FTS5's formula (``fts5Bm25Function``: k1 1.2, b 0.75, the same
operations in the same order) in numpy over every matching passage. Term frequencies are
counted on FTS5's own tokens (``fts_tokens``: the unicode61 tokenizer folds case and
diacritics, so "café" and "cafe" are one term), so nothing but the speed differs.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: The contentless table of repeated terms (see the module docstring).
REPEATS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS chunk_repeats "
    "USING fts5(t, content='', detail='none', tokenize='unicode61')"
)
_COLUMN_SHIFT = 9
_CODE_BITS = 10
#: A count stored as this means "this many or more": such a passage is scored by FTS5.
MAX_COUNT = (1 << _COLUMN_SHIFT) - 1
COLUMNS = ("terms", "exact")
_K1, _B = 1.2, 0.75

# Tokens FTS5's unicode61 leaves as they are: lower-case ASCII letters and digits, and
# Chinese characters of the main block (in every Unicode version's tables).
_PLAIN = re.compile(r"[a-z0-9\u4e00-\u9fa5]+")
_PLAIN_TEXT = re.compile(r"[a-z0-9\u4e00-\u9fa5 ]*")
_tokenizer_lock = threading.Lock()
_tokenizer: sqlite3.Connection | None = None


@lru_cache(maxsize=200_000)
def _unicode61(word: str) -> tuple[str, ...]:
    """FTS5's unicode61 tokens of ``word``, asked of SQLite itself (an in-memory table)."""
    global _tokenizer
    with _tokenizer_lock:
        if _tokenizer is None:
            db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
            db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
            _tokenizer = db
        db = _tokenizer
        db.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (word,))
        try:
            rows = db.execute("SELECT term FROM v ORDER BY offset").fetchall()
        finally:
            db.execute("DELETE FROM t WHERE rowid = 1")
    return tuple(r[0] for r in rows)


def fts_tokens(word: str) -> tuple[str, ...]:
    """The keyword index's tokens of one space-free ``word`` (usually just ``word``)."""
    if _PLAIN.fullmatch(word):
        return (word,)
    return _unicode61(word)


def _column_counts(text: str) -> Counter[str]:
    words = text.split()
    if _PLAIN_TEXT.fullmatch(text):
        return Counter(words)
    return Counter(t for w in words for t in fts_tokens(w))


def repeat_rows(chunk_id: int, columns: Sequence[str]) -> list[tuple[int, str]]:
    """(row id, text) of ``chunk_repeats`` for one chunk's keyword columns."""
    out: list[tuple[int, str]] = []
    for col, text in enumerate(columns):
        by_count: dict[int, list[str]] = {}
        for term, n in _column_counts(text or "").items():
            if n > 1:
                by_count.setdefault(min(n, MAX_COUNT), []).append(term)
        for n, terms in sorted(by_count.items()):
            code = (col << _COLUMN_SHIFT) | n
            out.append(((chunk_id << _CODE_BITS) | code, " ".join(terms)))
    return out


def split_repeats(rowids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(chunk ids, column, count) of ``chunk_repeats`` row ids."""
    code = rowids & ((1 << _CODE_BITS) - 1)
    return rowids >> _CODE_BITS, code >> _COLUMN_SHIFT, code & MAX_COUNT


def decode_varints(blob: bytes) -> np.ndarray:
    """SQLite varints (big-endian 7-bit groups; none longer than 8 bytes here) in a row."""
    b = np.frombuffer(blob, dtype=np.uint8)
    ends = np.flatnonzero(b < 0x80)
    if len(ends) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts + 1
    if int(lengths.max()) > 8:
        raise ValueError("varint longer than 8 bytes")
    low = (b & 0x7F).astype(np.int64)
    values = np.zeros(len(ends), dtype=np.int64)
    for j in range(int(lengths.max())):
        more = lengths > j
        values[more] = (values[more] << 7) | low[starts[more] + j]
    return values


@dataclass(frozen=True, slots=True)
class KeywordStats:
    """What FTS5's bm25() reads besides the matches: the passage count, and by chunk id
    each passage's length term ``k1 * (1 - b + b * D / avgdl)`` (D: its length in tokens,
    all columns; avgdl: the mean)."""

    rows: int
    norm: np.ndarray  # float64 by chunk id

    @classmethod
    def build(cls, averages: bytes, ids: np.ndarray, sizes: bytes, columns: int) -> KeywordStats:
        head = decode_varints(averages)
        rows, total = int(head[0]), int(head[1 : 1 + columns].sum())
        per_column = decode_varints(sizes)
        if len(per_column) != columns * len(ids):
            raise ValueError("docsize records do not hold one size per column")
        lengths = np.zeros(int(ids.max()) + 1 if len(ids) else 0, dtype=np.float64)
        lengths[ids] = per_column.reshape(-1, columns).sum(axis=1)
        average = total / rows if rows else 1.0
        return cls(rows, _K1 * (1 - _B + _B * lengths / average))


def bm25_scores(
    stats: KeywordStats, phrases: Sequence[tuple[Phrase, float]]
) -> tuple[np.ndarray, np.ndarray] | None:
    """(chunk ids ascending, score, higher is better) of every chunk matching any phrase,
    each phrase given with its column weight: ``-bm25(table, weights...)`` of FTS5 over
    the OR of the phrases, in the same floating-point operations (a phrase a chunk does
    not hold adds 0.0 there, which changes nothing, so only matches are added). None when
    the phrases' repeats are not among their matches (tables out of step)."""
    size = len(stats.norm)
    score = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=bool)
    for p, weight in phrases:
        if len(p.ids) and (p.ids[-1] >= size or (len(p.repeats) and p.repeats.max() >= size)):
            return None
        # FTS5: IDF = log((N - nHit + 0.5) / (nHit + 0.5)), at least 1e-6.
        idf = math.log((stats.rows - len(p.ids) + 0.5) / (len(p.ids) + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        # FTS5 adds the weight once per occurrence: n * w is the same sum when w is a
        # power of two (1, 0.5); any other weight is added n times, as FTS5 does.
        f = np.full(len(p.ids), weight)
        if len(p.repeats):
            where = np.searchsorted(p.ids, p.repeats)
            if (where >= len(p.ids)).any() or (p.ids[where] != p.repeats).any():
                return None
            if math.frexp(weight)[0] == 0.5:
                f[where] = p.counts * weight
            else:
                for n in range(2, int(p.counts.max()) + 1):
                    f[where[p.counts >= n]] += weight
        score[p.ids] += idf * ((f * (_K1 + 1.0)) / (f + stats.norm[p.ids]))
        matched[p.ids] = True
    ids = np.flatnonzero(matched)
    return ids, score[ids]


@dataclass(frozen=True, slots=True)
class Phrase:
    """One single-token phrase: its matching chunk ids (ascending, as FTS5 lists them) and
    the chunks where it occurs more than once, with the count."""

    ids: np.ndarray
    repeats: np.ndarray
    counts: np.ndarray
