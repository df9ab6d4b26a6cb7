"""Keyword retrieval over the FTS5 table, with filters, phrases and exclusions in SQL.

Terms are OR-ed (BM25 rewards documents with more and rarer terms); quoted phrases
are required and verified against the original text, since the terms are stemmed
and segmented; excluded words remove whole documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_search.search.filters import SearchFilters
from desktop_search.search.query import ParsedQuery
from desktop_search.store.catalog import Catalog
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


def _restriction_sql(q: ParsedQuery, filters: SearchFilters) -> tuple[str, list[object]]:
    """WHERE fragment over chunks ``k`` joined to contents ``c`` for filters/phrases/exclusions."""
    file_where, args = filters.file_sql("f")
    clauses = [f"k.content_id IN (SELECT f.content_id FROM files f WHERE {file_where})"]
    for phrase in q.phrases:
        expr = _phrase_expression(phrase)
        if expr:
            clauses.append("k.id IN (SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?)")
            args.append(expr)
        clauses.append("instr(lower(substr(c.text, k.start + 1, k.end - k.start)), ?) > 0")
        args.append(phrase.lower())
    for word in q.excluded:
        expr = match_expression(analyze(word, drop_stopwords=False))
        if expr:
            clauses.append(
                "k.content_id NOT IN (SELECT k2.content_id FROM chunks k2 WHERE k2.id IN "
                "(SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?))"
            )
            args.append(expr)
    return " AND ".join(clauses), args


def needs_restriction(q: ParsedQuery, filters: SearchFilters) -> bool:
    return filters.active or bool(q.phrases) or bool(q.excluded)


def allowed_chunks(catalog: Catalog, q: ParsedQuery, filters: SearchFilters) -> set[int]:
    """Chunk ids a semantic search may return under the filters, phrases and exclusions."""
    where, args = _restriction_sql(q, filters)
    rows = catalog.db.execute(
        f"SELECT k.id FROM chunks k JOIN contents c ON c.id = k.content_id WHERE {where}", args
    )
    return {r[0] for r in rows}


def restriction(q: ParsedQuery, filters: SearchFilters) -> tuple[str, list[object]]:
    """WHERE fragment (chunks ``k``, contents ``c``) for the filters, phrases and exclusions."""
    return _restriction_sql(q, filters)


#: Column weights of bm25(): a word as written counts half again over its stem alone.
_BM25 = "bm25(chunk_terms, 1.0, 0.5)"
#: A table of contents or index passage keeps this share of its keyword score.
NAV_WEIGHT = 0.3


def keyword_search(
    catalog: Catalog,
    expr: str,
    where: str,
    args: Sequence[object],
    k: int,
    *,
    within: Sequence[int] = (),
    per_document: int = 3,
) -> tuple[list[tuple[int, float]], bool]:
    """(chunk id, BM25 score, higher is better) for the FTS5 expression ``expr``.

    The best ``k`` passages of the whole index, and the best ``per_document`` passages of
    each document in ``within`` (so a document found by its words always brings a passage,
    however many passages of other documents match better). The flag is True when the
    passages listed are every passage that matches (fewer than ``k`` matched at all).
    """
    if not expr:
        return [], True
    base = (
        f"SELECT t.rowid, -{_BM25} AS score, k.nav, k.content_id FROM chunk_terms t "
        "JOIN chunks k ON k.id = t.rowid JOIN contents c ON c.id = k.content_id "
        f"WHERE chunk_terms MATCH ? AND {where}"
    )
    found: dict[int, float] = {}
    for cid, score, nav, _ in catalog.db.execute(
        base + f" ORDER BY {_BM25} LIMIT ?", [expr, *args, k]
    ):
        found[int(cid)] = float(score) * (NAV_WEIGHT if nav else 1.0)
    every_match = len(found) < k
    for i in range(0, len(within), 500):
        part = list(within[i : i + 500])
        marks = ",".join("?" * len(part))
        best: dict[int, list[tuple[float, int]]] = {}
        for cid, score, nav, content_id in catalog.db.execute(
            base + f" AND k.content_id IN ({marks})", [expr, *args, *part]
        ):
            best.setdefault(content_id, []).append(
                (float(score) * (NAV_WEIGHT if nav else 1.0), int(cid))
            )
        for passages in best.values():
            for score, cid in sorted(passages, reverse=True)[:per_document]:
                found[cid] = score
    return sorted(found.items(), key=lambda x: (-x[1], x[0])), every_match
