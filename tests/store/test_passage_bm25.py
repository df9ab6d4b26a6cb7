"""The term postings and the caches search reads instead of SQL stay true to the catalog
through writes."""

from __future__ import annotations

import numpy as np

from desktop_search.store.catalog import Catalog, NewChunk
from desktop_search.store.passage_bm25 import (
    decode_postings,
    decode_varints,
    fts_tokens,
    posting_rows,
)
from desktop_search.text.analyzer import chunk_keywords

TEXTS = [
    "The café and the cafe: café again. Rust rust rust.",
    "Naïve naive tests, one test, two tests; the borrow checker checks borrows.",
    "目录 第一章 向量 向量 数据库 检索 检索 检索",
    "Straße, STRASSE and ﬁle: x² rust.",
]


def _add(cat: Catalog, key: str, texts: list[str], nav: bool = False) -> int:
    chunks, text, start = [], "", 0
    for t in texts:
        terms, exact = chunk_keywords(t)
        lang = "zh" if "向" in t else "en"
        chunks.append(NewChunk(start, start + len(t), None, None, lang, terms, exact, nav))
        text += t + "\n"
        start += len(t) + 1
    with cat.transaction():
        return cat.add_content(key, text, title=None, language="en", pages=None, chunks=chunks)


def _postings(cat: Catalog, term: str, col: int) -> dict[int, int]:
    found = cat.postings(term, col)
    return dict(zip(found.ids.tolist(), found.counts.tolist(), strict=True))


def _assert_postings_are_the_keyword_index(cat: Catalog) -> None:
    """Every term of every chunk: the chunks FTS5 finds it in, column by column."""
    terms: set[str] = set()
    for row in cat.db.execute("SELECT terms, exact FROM chunk_terms"):
        terms |= {t for text in row for w in text.split() for t in fts_tokens(w)}
    assert terms
    for term in terms:
        for col, name in enumerate(("terms", "exact")):
            fts5 = cat.matching_chunks(f'{name} : "{term}"')
            assert cat.postings(term, col).ids.tolist() == fts5.tolist(), (term, name)
    total = cat.db.execute("SELECT count(*) FROM chunk_postings").fetchone()[0]
    assert total == len({r for r in cat.db.execute("SELECT term, col, block FROM chunk_postings")})


def test_postings_count_terms_as_the_keyword_index_tokenizes(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    _add(cat, "a", TEXTS)
    first = cat.db.execute("SELECT min(id) FROM chunks").fetchone()[0]
    # "café" and "cafe" are one term to FTS5 (diacritics folded): three times, as written
    assert _postings(cat, "cafe", 1) == {first: 3}
    assert _postings(cat, "rust", 0) == {first: 3, first + 3: 1}
    assert _postings(cat, "检索", 0) == {first + 2: 3}
    # "borrow" and "borrows": one stem twice, but each word as written once
    assert _postings(cat, "borrow", 0) == {first + 1: 2}
    assert _postings(cat, "borrow", 1) == {first + 1: 1}
    _assert_postings_are_the_keyword_index(cat)
    cat.close()


def test_postings_follow_forgotten_documents_and_passages(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    _add(cat, "a", TEXTS)
    with cat.transaction():
        assert cat.collect_orphans() == 1
    assert cat.db.execute("SELECT count(*) FROM chunk_postings").fetchone()[0] == 0
    _add(cat, "b", TEXTS)
    _add(cat, "c", TEXTS[:2])
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks ORDER BY id")]
    with cat.transaction():  # one passage of a document, not the whole document
        cat._delete_chunks([ids[1]])
    _assert_postings_are_the_keyword_index(cat)
    cat.close()


def test_postings_encode_chunk_and_count():
    rows = posting_rows([(7, "a b a a", "x"), (9, "a", ""), (1024 + 5, "a", "")])
    by_key: dict = {}
    for t, col, _, blob in rows:
        by_key[(t, col)] = by_key.get((t, col), b"") + blob
    by_key = {k: decode_postings(v) for k, v in by_key.items()}
    assert {k: (v.ids.tolist(), v.counts.tolist()) for k, v in by_key.items()} == {
        ("a", 0): ([7, 9, 1029], [3, 1, 1]),
        ("b", 0): ([7], [1]),
        ("x", 1): ([7], [1]),
    }
    assert sorted((t, col, block) for t, col, block, _ in rows) == [
        ("a", 0, 0),
        ("a", 0, 1),
        ("b", 0, 0),
        ("x", 1, 0),
    ]
    assert decode_varints(bytes([0x86, 0x8D, 0x20, 0x05])).tolist() == [100000, 5]
    assert isinstance(by_key[("a", 0)].ids, np.ndarray)


def test_counts_marks_and_languages_agree_with_the_tables(tmp_path):
    """Search reads passage counts and navigation marks from the chunk map and languages
    through an index: the same answers as the tables, before and after writes."""
    cat = Catalog(tmp_path / "c.db")
    reader = Catalog(tmp_path / "c.db", readonly=True)
    docs = [_add(cat, "a", TEXTS), _add(cat, "b", TEXTS[:1], nav=True)]
    for round_ in range(2):
        for c in (cat, reader):
            chunk_ids = [r[0] for r in c.db.execute("SELECT id FROM chunks")] + [10_000]
            assert c.passage_counts([*docs, 999]) == dict(
                c.db.execute("SELECT content_id, count(*) FROM chunks GROUP BY content_id")
            )
            assert c.navigation_chunks(chunk_ids) == {
                r[0] for r in c.db.execute("SELECT id FROM chunks WHERE nav")
            }
            assert c.content_languages(docs) == dict(
                c.db.execute("SELECT id, language FROM contents")
            )
            rows = c.db.execute("SELECT id, content_id, language FROM chunks ORDER BY id")
            found = c.chunk_documents(chunk_ids)
            assert [(i, found.document[i], found.language[i]) for i in found.document] == list(rows)
            assert 10_000 not in found
        if round_ == 0:
            with cat.transaction():
                cat.db.execute("UPDATE files SET content_id = NULL")
                cat.collect_orphans()
            docs = [_add(cat, "c", TEXTS[1:], nav=True)]
    reader.close()
    cat.close()
