"""Query syntax: phrases, exclusions, language."""

from desktop_search.search.query import parse_query


def test_plain_words():
    q = parse_query("notes about the camping trip")
    assert q.text == "notes about the camping trip"
    assert q.phrases == () and q.excluded == ()
    assert "camp" in q.terms and "the" not in q.terms
    assert q.language == "en"


def test_phrase_and_exclusion():
    q = parse_query('"move semantics" rust -python')
    assert q.phrases == ("move semantics",)
    assert q.excluded == ("python",)
    assert q.text == "move semantics rust"


def test_chinese_query_is_segmented():
    q = parse_query("合同里关于违约金的条款")
    assert q.language == "zh"
    assert {"合同", "违约", "条款"} <= set(q.terms)  # character bigrams


def test_hyphenated_word_is_not_an_exclusion():
    q = parse_query("hash-maps")
    assert q.excluded == () and q.text == "hash-maps"
