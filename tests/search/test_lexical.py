"""Reading a query as words: concepts, lookups and questions."""

from __future__ import annotations

import pytest

from desktop_search.search.lexical import (
    LexicalEvidence,
    is_description,
    is_lookup,
    is_question,
    passage_expression,
    query_concepts,
)
from desktop_search.search.query import parse_query


def _surfaces(text: str) -> list[str]:
    return [c.surface for c in query_concepts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上色", ["上色"]),  # a short run typed alone is one word (jieba: 上 / 色)
        ("齉龘", ["齉龘"]),
        ("差值 打开文档", ["差值", "打开文档"]),
        ("所有权是什么意思", ["所有权"]),  # question and function words dropped
        ("the popped value", ["popped", "value"]),
    ],
)
def test_query_words(text, expected):
    assert _surfaces(text) == expected


def test_an_english_word_matches_exactly_or_by_stem():
    (c,) = query_concepts("popped")
    assert c.exact == 'exact : "popped"'
    assert c.loose == 'terms : "pop"'


def test_a_long_chinese_word_is_a_phrase_of_bigrams():
    (c,) = query_concepts("打开文档")
    assert c.exact is None
    assert c.loose == 'terms : "打开 开文 文档"'


@pytest.mark.parametrize(
    "text", ["what happens when a program panics", "所有权是什么意思", "如何生成随机数", "why?"]
)
def test_questions(text):
    assert is_question(parse_query(text))


def _found(text: str) -> LexicalEvidence:
    concepts = tuple(query_concepts(text))
    return LexicalEvidence(concepts, (), (), True)


@pytest.mark.parametrize(
    ("text", "lookup"),
    [
        ("quokkafrobnicator", True),
        ("ownership borrowing", True),
        ("差值 打开文档", True),
        ("invoice boiler repair landlord", True),
        ("用键查找值的数据结构", False),  # one Chinese phrase describing a need
        ("store values that are looked up by a key quickly", False),
        ("what is ownership", False),
    ],
)
def test_lookups(text, lookup):
    assert is_lookup(parse_query(text), _found(text)) is lookup


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("a to-do list that always pops the most urgent task first", True),
        ("0-dimensional biomaterials show inductive properties", True),  # a claim
        ("生成全局唯一的随机标识符", True),
        ("how do I pop the most urgent task first", False),  # a question
        ("quokkafrobnicator", False),  # a lookup
    ],
)
def test_descriptions(text, description):
    assert is_description(parse_query(text), _found(text)) is description


def test_a_description_ranks_passages_by_stems_a_lookup_also_by_words_as_typed():
    q = parse_query("popped values")
    concepts = query_concepts(q.text)
    assert 'exact : "popped"' in passage_expression(q, concepts)
    described = passage_expression(q, concepts, exact=False)
    assert "exact :" not in described and 'terms : "pop"' in described


def test_nothing_found_is_not_a_lookup():
    q = parse_query("zxqvbnm")
    assert not is_lookup(
        q, LexicalEvidence(tuple(query_concepts("zxqvbnm")), ("zxqvbnm",), (), True)
    )


def test_weak_meaning_results_are_dropped_for_a_nonsense_lookup_but_kept_for_a_description():
    """No typed word is in any document. For one or two words (a nonsense lookup) weak
    meaning results are not worth showing; for a described need typed in the other
    language than the documents ("Name a luxury division of Toyota." over Chinese
    articles) they are all there is, and the right article may have a low similarity."""
    from desktop_search.search.engine import _Evidence, _keep_sure
    from desktop_search.search.hits import DocumentHit
    from desktop_search.search.lexical import LexicalEvidence, query_concepts
    from desktop_search.search.query import parse_query

    def results(text: str) -> list[str]:
        q = parse_query(text)
        concepts = tuple(query_concepts(q.text))
        ev = _Evidence(
            words=LexicalEvidence(concepts, tuple(c.surface for c in concepts), (), True)
        )
        hits = [
            DocumentHit(
                f"/d/{n}.txt", f"{n}.txt", "/d", "txt", None, 0, 1, "zh", 1.0, (), relevance=r
            )
            for n, r in (("sure", 0.6), ("weak", 0.1))
        ]
        return [h.name for h in _keep_sure(q, ev, hits)]

    assert results("zxqvbnm blorfquux") == ["sure.txt"]
    assert results("Name a luxury division of Toyota.") == ["sure.txt", "weak.txt"]
