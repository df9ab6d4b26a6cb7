"""Meaning across languages: a Chinese question finds an English chapter and the reverse.

These need the multilingual space (USE-m) and fusion that lets a document in the other
language rank first without keyword evidence in the query's language pushing it down.
"""

from __future__ import annotations

import pytest


def top(lib, query, mode="hybrid", k=3):
    return [h for h in lib.engine.search(query, k=k, mode=mode).hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("多个线程如何安全地共享同一个计数器", "ch16-03-shared-state.html"),
        ("怎样同时运行多段代码", "ch16-01-threads.html"),
        ("用键查找值的数据结构", "ch08-03-hash-maps.html"),
    ],
)
def test_chinese_question_finds_english_chapter(indexed, query, expected):
    hits = top(indexed, query)
    assert hits[0].name == expected
    assert hits[0].language == "en"  # the GUI marks it as another language


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "which vector databases store embeddings for similarity search",
            "向量表征与向量数据库.txt",
        ),
        (
            "how large language models use embeddings in retrieval augmented generation",
            "大模型里的Embedding是什么.txt",
        ),
    ],
)
def test_english_question_finds_chinese_article(indexed, query, expected):
    hits = top(indexed, query, k=5)
    zh = [h for h in hits if h.language == "zh"]
    assert zh, [h.name for h in hits]
    assert zh[0].name == expected or expected in {h.name for h in zh[:2]}


def test_chinese_question_sharing_no_words_finds_the_article(indexed):
    # 「让计算机理解文字含义的数字表示」 shares no two-character word with the article's
    # key term 嵌入/向量; only meaning connects them.
    query = "让计算机理解文字含义的数字表示"
    hits = top(indexed, query, mode="semantic", k=3)
    assert hits[0].language == "zh"
    assert hits[0].suffix == "txt"


def test_other_language_results_highlight_only_real_words(indexed):
    hit = top(indexed, "多个线程如何安全地共享同一个计数器")[0]
    snippet = hit.best.snippet
    marked = [snippet.text[a:b] for a, b in snippet.highlights]
    assert all(m in snippet.text for m in marked)
    assert not any("线程" in m for m in marked)  # no Chinese word occurs in an English chapter
