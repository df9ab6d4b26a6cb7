"""Passage BM25 of our own, to the last bit what FTS5's ``bm25()`` gives, without its cost.

Why: ``bm25()`` costs about 3 µs for every passage that matches any query term, so a
question of common words (60,000 of 100,000 passages) took 250 ms in it alone; listing
a common term's passages through FTS5 costs 0.25 µs each (two lists a word: terms and
exact column). What bm25() reads:

* each phrase's matching passages and how often it occurs in each: ``chunk_postings``,
  a table of our own kept with the keyword index, one row per (term, column, block of
  1,024 chunk ids) holding the block's chunks with the term and the count in each (5
  bytes a chunk), so a common term at 100,000 passages is 98 rows, not 25,000 FTS5 rows;
* the passage count and each passage's length in tokens, all columns (FTS5's averages
  record and ``docsize`` rows, decoded once per catalog change).

The score is then FTS5's formula (``fts5Bm25Function``: k1 1.2, b 0.75, the same
operations in the same order) in numpy over every matching passage. Terms are FTS5's own
tokens (``fts_tokens``: the unicode61 tokenizer folds case and diacritics, so "café" and
"cafe" are one term), so nothing but the speed differs.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: A term's chunks per block of chunk ids; ``chunks``: (chunk id uint32, count uint8)
#: little-endian, one after another.
POSTINGS_TABLE = (
    "CREATE TABLE IF NOT EXISTS chunk_postings (term TEXT NOT NULL, col INTEGER NOT NULL, "
    "block INTEGER NOT NULL, chunks BLOB NOT NULL, PRIMARY KEY (term, col, block)) "
    "WITHOUT ROWID"
)
#: Chunk ids per row of ``chunk_postings`` (as a shift).
BLOCK_BITS = 10
_ENTRY = np.dtype([("id", "<u4"), ("n", "u1")])
#: A count stored as this means "this many or more": such a query is scored by FTS5.
MAX_COUNT = 255
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


def posting_rows(chunks: Sequence[tuple[int, str, str]]) -> list[tuple[str, int, int, bytes]]:
    """(term, column, block, entries) of ``chunk_postings`` for these chunks, each given as
    (chunk id, terms column, exact column)."""
    found: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for chunk_id, *columns in chunks:
        block = chunk_id >> BLOCK_BITS
        for col, text in enumerate(columns):
            for term, n in _column_counts(text or "").items():
                found.setdefault((term, col, block), []).append((chunk_id, min(n, MAX_COUNT)))
    return [(*key, np.array(entries, dtype=_ENTRY).tobytes()) for key, entries in found.items()]


def posting_keys(chunks: Sequence[tuple[int, str, str]]) -> set[tuple[str, int, int]]:
    """(term, column, block) of every term of these chunks (chunk id, terms, exact)."""
    return {(term, col, block) for term, col, block, _ in posting_rows(chunks)}


@dataclass(frozen=True, slots=True)
class TermPostings:
    """One keyword token in one column: the chunks holding it (ids ascending, as FTS5 lists
    them) and how often it occurs in each."""

    ids: np.ndarray
    counts: np.ndarray


def decode_postings(blob: bytes) -> TermPostings:
    """The postings in concatenated ``chunk_postings`` entries."""
    if len(blob) % _ENTRY.itemsize:
        raise ValueError("term postings of a broken length")
    entries = np.frombuffer(blob, dtype=_ENTRY)
    ids, counts = entries["id"].astype(np.int64), entries["n"].astype(np.int64)
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
        order = np.argsort(ids, kind="stable")
        ids, counts = ids[order], counts[order]
        if not (ids[1:] > ids[:-1]).all():
            raise ValueError("a chunk listed twice in the term postings")
    return TermPostings(ids, counts)


def without_chunks(blob: bytes, chunk_ids: np.ndarray) -> bytes:
    """Entries of ``blob`` but those of ``chunk_ids``."""
    entries = np.frombuffer(blob, dtype=_ENTRY)
    return entries[~np.isin(entries["id"].astype(np.int64), chunk_ids)].tobytes()


def postings_digest(chunks: Iterable[tuple[int, str, str]]) -> tuple[int, int]:
    """(entries, order-free checksum) of the postings these chunks (chunk id, terms column,
    exact column) should have: equal to ``stored_postings_digest`` of the table when the two
    are in step. Entry by entry, so a large catalog is checked without holding it."""
    entries = checksum = 0
    for chunk_id, *columns in chunks:
        for col, text in enumerate(columns):
            for term, n in _column_counts(text or "").items():
                checksum += hash((term, col, chunk_id, min(n, MAX_COUNT)))
                entries += 1
    return entries, checksum & _MASK


def stored_postings_digest(rows: Iterable[tuple[str, int, int, bytes]]) -> tuple[int, int]:
    """``postings_digest`` of stored ``chunk_postings`` rows (term, column, block, entries);
    a row of a broken length, or listing a chunk outside its block, spoils the checksum."""
    entries = checksum = 0
    for term, col, block, blob in rows:
        try:
            found = decode_postings(blob)
        except ValueError:
            return -1, -1
        ids, counts = found.ids, found.counts
        if len(ids) and ((ids[0] >> BLOCK_BITS) != block or (ids[-1] >> BLOCK_BITS) != block):
            return -1, -1
        for chunk_id, n in zip(ids.tolist(), counts.tolist(), strict=True):
            checksum += hash((term, col, chunk_id, n))
        entries += len(ids)
    return entries, checksum & _MASK


_MASK = (1 << 64) - 1


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
    present: np.ndarray  # bool by chunk id: the keyword index has the chunk

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
        return cls(rows, _K1 * (1 - _B + _B * lengths / average), lengths > 0)


def bm25_scores(
    stats: KeywordStats, phrases: Sequence[tuple[TermPostings, float]]
) -> tuple[np.ndarray, np.ndarray] | None:
    """(chunk ids ascending, score, higher is better) of every chunk matching any phrase,
    each phrase given with its column weight: ``-bm25(table, weights...)`` of FTS5 over
    the OR of the phrases, in the same floating-point operations (a phrase a chunk does
    not hold adds 0.0 there, which changes nothing, so only matches are added). None when
    a phrase lists a chunk the keyword index does not know (tables out of step)."""
    size = len(stats.norm)
    score = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=bool)
    for p, weight in phrases:
        if len(p.ids) and (p.ids[-1] >= size or not stats.present[p.ids].all()):
            return None
        # FTS5: IDF = log((N - nHit + 0.5) / (nHit + 0.5)), at least 1e-6.
        idf = math.log((stats.rows - len(p.ids) + 0.5) / (len(p.ids) + 0.5))
        if idf <= 0.0:
            idf = 1e-6
        # FTS5 adds the weight once per occurrence: n * w is the same sum when w is a
        # power of two (1, 0.5); any other weight is added n times, as FTS5 does.
        if math.frexp(weight)[0] == 0.5:
            f = p.counts * weight
        else:
            f = np.full(len(p.ids), weight)
            for n in range(2, int(p.counts.max(initial=1)) + 1):
                f[p.counts >= n] += weight
        score[p.ids] += idf * ((f * (_K1 + 1.0)) / (f + stats.norm[p.ids]))
        matched[p.ids] = True
    ids = np.flatnonzero(matched)
    return ids, score[ids]
