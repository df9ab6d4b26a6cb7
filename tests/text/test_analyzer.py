"""Keyword terms: the same analysis at index and query time, exact forms beside stems."""

from __future__ import annotations

from desktop_search.text.analyzer import chunk_keywords, exact_words, terms


def test_english_is_stemmed_and_kept_as_written():
    assert terms("The stack popped") == ["stack", "pop"]
    assert exact_words("The stack popped") == ["stack", "popped"]


def test_chinese_is_characters_then_bigrams_in_order():
    # Bigrams are consecutive, so a word of three or more characters is a phrase of them.
    assert terms("打开文档") == ["打", "开", "文", "档", "打开", "开文", "文档"]
    assert exact_words("打开文档") == []


def test_the_title_goes_with_the_first_chunk():
    stemmed, exact = chunk_keywords("body text", "Quarterly Reports")
    assert stemmed.split()[:2] == ["quarter", "report"]
    assert exact.split()[:2] == ["quarterly", "reports"]
