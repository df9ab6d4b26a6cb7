"""What a team library's writer reads from a catalog: files, passages and vectors.

The team writer (``team/writer.py``) copies an indexed catalog into a Milvus
collection; these are its questions to the catalog, asked here so that the SQL over
``catalog.db`` stays in ``store/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desktop_search.store.catalog import Catalog, FileStatus
from desktop_search.store.sql_fragments import embeddable_sql


@dataclass(frozen=True, slots=True)
class IndexedFile:
    """An indexed file and the content it holds."""

    path: str
    name: str
    suffix: str
    size: int
    mtime_ns: int
    content_id: int
    title: str | None
    language: str
    hash: str
    text_hash: str = ""  # hash of the extracted text (a copy re-encoded has another hash)


@dataclass(frozen=True, slots=True)
class PassageText:
    """One passage of a content, with its own text."""

    chunk_id: int
    ord: int
    start: int
    end: int
    page: int | None
    location: str | None
    language: str
    text: str
    terms: str = ""  # the keyword columns exactly as FTS5 holds them (title on passage 0)
    exact: str = ""
    nav: bool = False


@dataclass(frozen=True, slots=True)
class KeywordStats:
    """What BM25 needs of the whole keyword index (as FTS5 counts it), and the document
    counts of the per-document word evidence (``search/lexical.py``)."""

    rows: int  # rows of the FTS5 table (passages)
    tokens: int  # tokens over both columns and every row
    documents: int
    passages: int


def keyword_stats(catalog: Catalog) -> KeywordStats:
    """The catalog's keyword index in numbers (terms are space-separated words)."""

    def tokens(col: str) -> str:
        return (
            f"CASE WHEN trim({col}) = '' THEN 0 ELSE "
            f"length(trim({col})) - length(replace(trim({col}), ' ', '')) + 1 END"
        )

    rows, total = catalog.db.execute(
        f"SELECT count(*), coalesce(sum({tokens('terms')} + {tokens('exact')}), 0) FROM chunk_terms"
    ).fetchone()
    return KeywordStats(int(rows), int(total), catalog.document_count(), catalog.chunk_count())


def common_terms(catalog: Catalog, min_rows: int, limit: int = 2000) -> dict[str, dict[str, int]]:
    """Per keyword column, the terms at least ``min_rows`` passages hold, and how many
    (FTS5's own count, its IDF's n): at most ``limit`` of each column, the commonest."""
    catalog.db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunk_vocab "
        "USING fts5vocab(main, chunk_terms, col)"
    )
    out: dict[str, dict[str, int]] = {"terms": {}, "exact": {}}
    rows = catalog.db.execute(  # one pass over the vocabulary for both columns
        "SELECT col, term, doc FROM temp.chunk_vocab WHERE doc >= ? ORDER BY doc DESC",
        (min_rows,),
    )
    for column, term, n in rows:
        held = out.setdefault(column, {})
        if len(held) < limit:
            held[term] = int(n)
    return out


def indexed_files(catalog: Catalog) -> dict[str, IndexedFile]:
    """path -> every indexed file with its content."""
    rows = catalog.db.execute(
        "SELECT f.path, f.name, f.suffix, f.size, f.mtime_ns, f.content_id, c.title, "
        "c.language, c.hash, coalesce(c.text_hash, '') FROM files f "
        "JOIN contents c ON c.id = f.content_id "
        "WHERE f.status = ?",
        (FileStatus.INDEXED.value,),
    )
    return {r[0]: IndexedFile(*r) for r in rows}


def passage_ords(catalog: Catalog, content_id: int) -> list[int]:
    """The passage numbers of one content."""
    rows = catalog.db.execute("SELECT ord FROM chunks WHERE content_id=?", (content_id,))
    return [o for (o,) in rows]


def contents_missing_vectors(catalog: Catalog, space_id: int, languages: Sequence[str]) -> set[int]:
    """Contents with a passage the space embeds that has no vector in it yet."""
    where, args = embeddable_sql(languages)
    rows = catalog.db.execute(
        f"SELECT DISTINCT k.content_id FROM chunks k WHERE {where} "
        "AND NOT EXISTS (SELECT 1 FROM vectors v WHERE v.space_id=? AND v.chunk_id=k.id)",
        (*args, space_id),
    )
    return {r[0] for r in rows}


def passages(catalog: Catalog, content_ids: Sequence[int]) -> dict[int, list[PassageText]]:
    """content id -> its passages in order."""
    out: dict[int, list[PassageText]] = {}
    ids = sorted(set(content_ids))
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ",".join("?" * len(part))
        for row in catalog.db.execute(
            "SELECT k.content_id, k.id, k.ord, k.start, k.end, k.page, k.location, "
            "k.language, substr(c.text, k.start + 1, k.end - k.start), "
            "coalesce(t.terms, ''), coalesce(t.exact, ''), k.nav FROM chunks k "
            "JOIN contents c ON c.id = k.content_id LEFT JOIN chunk_terms t ON t.rowid = k.id "
            f"WHERE k.content_id IN ({marks}) "
            "ORDER BY k.content_id, k.ord",
            part,
        ):
            out.setdefault(row[0], []).append(PassageText(*row[1:-1], bool(row[-1])))
    return out


def passage_counts(catalog: Catalog, content_ids: Sequence[int]) -> dict[int, int]:
    """content id -> how many passages it has."""
    out: dict[int, int] = {}
    ids = sorted(set(content_ids))
    for i in range(0, len(ids), 900):
        part = ids[i : i + 900]
        marks = ",".join("?" * len(part))
        out.update(
            catalog.db.execute(
                f"SELECT content_id, count(*) FROM chunks WHERE content_id IN ({marks}) "
                "GROUP BY content_id",
                part,
            )
        )
    return out


def vectors(catalog: Catalog, space_id: int, chunk_ids: Sequence[int]) -> dict[int, list[float]]:
    """chunk id -> its vector in the space (as floats), for those that have one."""
    got: dict[int, list[float]] = {}
    for i in range(0, len(chunk_ids), 900):
        part = list(chunk_ids[i : i + 900])
        marks = ",".join("?" * len(part))
        for cid, blob in catalog.db.execute(
            f"SELECT chunk_id, vec FROM vectors WHERE space_id=? AND chunk_id IN ({marks})",
            (space_id, *part),
        ):
            got[cid] = np.frombuffer(blob, dtype=np.float16).astype(np.float32).tolist()
    return got
