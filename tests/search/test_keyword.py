"""Passages ranked by BM25 of our own give what FTS5's bm25() gives, to the last bit.

A generated library with common words (in most passages, repeated within them), rare
words, words that FTS5 folds together ("café" and "cafe"), Chinese characters and bigrams,
and navigation passages; the same queries scored by FTS5 and by ``passage_bm25``.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from desktop_search.search import keyword, lexical
from desktop_search.search.query import parse_query
from desktop_search.store.catalog import Catalog, NewChunk
from desktop_search.text.analyzer import chunk_keywords

COMMON = "error result type rust value function memory thread the of".split()
RARE = ["borrowck", "zeppelin", "quasar", "café", "cafe", "naïve", "Ǆemal", "straße", "x²", "ﬁle"]
CHINESE = ["向量", "数据库", "检索", "线程", "内存"]
QUERIES = [
    "error handling with result type in rust",
    "rust",
    "zeppelin quasar",
    "café",
    "naïve cafe",
    "Ǆemal",
    "Straße ﬁle x²",
    "向量数据库是怎么检索的",
    "线程 memory",
    "type type type",
    "nothing-matches-this",
]


def _passage(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(5, 60))]
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(RARE))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), "".join(rng.sample(CHINESE, 2)))
    if rng.random() < 0.1:  # one word many times (a log, a table)
        words += [rng.choice(COMMON + RARE)] * rng.randint(5, 40)
    return " ".join(words)


def _add_document(cat: Catalog, rng: random.Random, n: int) -> int:
    passages = [_passage(rng) for _ in range(rng.randint(1, 12))]
    text = "\n".join(passages)
    chunks, start = [], 0
    for i, p in enumerate(passages):
        terms, exact = chunk_keywords(p)
        chunks.append(NewChunk(start, start + len(p), None, None, "en", terms, exact, i == 0))
        start += len(p) + 1
    with cat.transaction():
        return cat.add_content(
            f"doc{n}", text, title=None, language="en", pages=None, chunks=chunks
        )


@pytest.fixture
def catalog(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    rng = random.Random(5)
    for n in range(60):
        _add_document(cat, rng, n)
    yield cat
    cat.close()


def _phrases(text: str):
    q = parse_query(text)
    return lexical.passage_phrases(q, lexical.query_concepts(q.text))


def _assert_same_as_fts5(cat: Catalog) -> None:
    for text in QUERIES:
        phrases = _phrases(text)
        ours = keyword._own_bm25(cat, phrases, keyword.Lookups(cat))
        assert ours is not None, text
        fts5 = dict(cat.keyword_scores(keyword.phrase_expression(phrases), (1.0, 0.5)).pairs())
        ids, scores = ours
        assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == fts5, text


def test_passage_scores_are_fts5s_to_the_last_bit(catalog):
    assert keyword._own_bm25(catalog, _phrases("rust"), keyword.Lookups(catalog))[0].size > 100
    _assert_same_as_fts5(catalog)


def test_scores_follow_deletions_and_new_documents(catalog, tmp_path):
    reader = Catalog(catalog.path, readonly=True)  # the search process
    _assert_same_as_fts5(reader)
    with catalog.transaction():
        catalog.collect_orphans()  # no file points at any document: all are forgotten
    rng = random.Random(9)
    for n in range(20):
        _add_document(catalog, rng, 100 + n)
    _assert_same_as_fts5(catalog)
    _assert_same_as_fts5(reader)
    reader.close()
    assert catalog.db.execute("SELECT count(*) FROM chunks").fetchone()[0] > 20


def _search(cat: Catalog, text: str, **kw):
    chunks = cat.chunk_map()
    allowed = np.ones(len(chunks.content), dtype=bool)
    q = parse_query(text)
    concepts = lexical.query_concepts(q.text)
    words = lexical.gather(cat, q, chunks, allowed)
    return keyword.keyword_search(
        cat,
        lexical.passage_phrases(q, concepts),
        chunks,
        allowed,
        k=10,
        within=words.documents[:20],
        **kw,
    )


def test_the_passages_found_are_those_fts5_would_rank(catalog, monkeypatch):
    """The best ten passages and each found document's best three, with their scores."""
    ours = {text: _search(catalog, text) for text in QUERIES}
    monkeypatch.setattr(Catalog, "keyword_stats", lambda self: None)  # FTS5 scores all
    for text in QUERIES:
        assert _search(catalog, text) == ours[text], text
    assert len(ours["rust"][0]) > 10  # documents' own passages came in beside the top ten


def test_a_version_3_catalog_is_searched_by_fts5_until_upgraded(catalog):
    expected = {text: _search(catalog, text) for text in QUERIES}
    catalog.db.executescript(
        "DROP TABLE chunk_postings; UPDATE meta SET value = '3' WHERE key = 'schema_version';"
    )
    reader = Catalog(catalog.path, readonly=True)  # the search process, before the indexer
    assert reader.keyword_stats() is None
    assert {text: _search(reader, text) for text in QUERIES} == expected
    catalog.close()
    upgraded = Catalog(catalog.path)  # the indexer opens it: the term postings are made
    assert upgraded.get_meta("schema_version") == "4"
    assert reader.keyword_stats() is not None
    _assert_same_as_fts5(reader)
    assert {text: _search(reader, text) for text in QUERIES} == expected
    reader.close()
    upgraded.close()


def test_damaged_term_postings_leave_the_search_to_fts5(catalog):
    expected = {text: _search(catalog, text) for text in QUERIES}
    catalog.db.execute(  # a row listing its chunks twice
        "UPDATE chunk_postings SET chunks = CAST(chunks || chunks AS BLOB) WHERE term = 'rust'"
    )
    assert {text: _search(catalog, text) for text in QUERIES} == expected
