"""The repeated-terms table and the caches search reads instead of SQL stay true to the
catalog through writes."""

from __future__ import annotations

import numpy as np

from desktop_search.store.catalog import Catalog, NewChunk
from desktop_search.store.passage_bm25 import decode_varints, repeat_rows, split_repeats
from desktop_search.text.analyzer import chunk_keywords

TEXTS = [
    "The café and the cafe: café again. Rust rust rust.",
    "Naïve naive tests, one test, two tests; the borrow checker checks borrows.",
    "目录 第一章 向量 向量 数据库 检索 检索 检索",
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


def _repeated(cat: Catalog, token: str) -> dict[tuple[int, int], int]:
    chunk, column, count = split_repeats(cat.repeated_in(token))
    return {(int(a), int(b)): int(c) for a, b, c in zip(chunk, column, count, strict=True)}


def test_repeated_terms_are_counted_as_the_keyword_index_tokenizes(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    _add(cat, "a", TEXTS)
    first = cat.db.execute("SELECT min(id) FROM chunks").fetchone()[0]
    # "café" and "cafe" are one term to FTS5 (diacritics folded): three times, as written
    assert _repeated(cat, "cafe") == {(first, 0): 3, (first, 1): 3}
    assert _repeated(cat, "rust") == {(first, 0): 3, (first, 1): 3}
    assert _repeated(cat, "检索")[(first + 2, 0)] == 3
    # "borrow" and "borrows": one stem twice, but each word as written once
    assert _repeated(cat, "borrow") == {(first + 1, 0): 2}
    cat.close()


def test_forgotten_chunks_leave_no_repeated_terms(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    _add(cat, "a", TEXTS)
    with cat.transaction():
        assert cat.collect_orphans() == 1
    for token in ("cafe", "rust", "检索", "test"):
        assert _repeated(cat, token) == {}
    cat.db.execute("INSERT INTO chunk_repeats(chunk_repeats) VALUES ('integrity-check')")
    _add(cat, "b", TEXTS[:1])
    assert len(_repeated(cat, "rust")) == 2
    cat.close()


def test_repeat_rows_encode_chunk_column_and_count():
    rows = repeat_rows(7, ("a b a a c c", "x y"))
    ids = np.array([r for r, _ in rows], dtype=np.int64)
    chunk, column, count = split_repeats(ids)
    assert [
        (int(a), int(b), int(c), t)
        for a, b, c, (_, t) in zip(chunk, column, count, rows, strict=True)
    ] == [
        (7, 0, 2, "c"),
        (7, 0, 3, "a"),
    ]
    assert decode_varints(bytes([0x86, 0x8D, 0x20, 0x05])).tolist() == [100000, 5]


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
            assert c.chunk_documents(chunk_ids) == {
                r[0]: (r[1], r[2])
                for r in c.db.execute("SELECT id, content_id, language FROM chunks ORDER BY id")
            }
        if round_ == 0:
            with cat.transaction():
                cat.db.execute("UPDATE files SET content_id = NULL")
                cat.collect_orphans()
            docs = [_add(cat, "c", TEXTS[1:], nav=True)]
    reader.close()
    cat.close()
