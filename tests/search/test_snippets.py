"""Highlights are spans into the original text: right words, whole characters, any markup."""

from __future__ import annotations

import pytest

from desktop_search.search.snippets import highlight_spans, make_snippet


def marked(text: str, query: str, **kw) -> str:
    out, pos = [], 0
    for a, b in highlight_spans(text, query, **kw):
        out += [text[pos:a], "[", text[a:b], "]"]
        pos = b
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("苹果", "我喜欢吃苹果", "我喜欢吃[苹果]"),
        ("违约金", "合同违约金条款", "合同[违约金]条款"),
        ("合同违约金", "合同违约金条款", "[合同违约金]条款"),
        ("running dogs", "The dog runs; dogs ran.", "The [dog] [runs]; [dogs] ran."),
        ("Ownership", "ownership rules", "[ownership] rules"),
        ("the borrow", "the borrow checker", "the [borrow] checker"),  # stopwords not marked
        ("<div>", "use <div> & <span>", "use <[div]> & <span>"),
        ("c&d", 'x "c&d" y', 'x "[c]&[d]" y'),
        ("向量 database", "向量database和向量", "[向量database]和[向量]"),
        # Stems that change a word's third letter ("tri", "use") still mark every form.
        ("tried", "Trying it; he tries, she tried.", "[Trying] it; he [tries], she [tried]."),
        ("using", "Use it: the user used usual uses", "[Use] it: the user [used] usual [uses]"),
        ("own", "owner_own disown own", "owner_[own] disown [own]"),  # whole words only
        ("strasse", "Die Straße und STRASSE", "Die [Straße] und [STRASSE]"),  # ß folds to ss
    ],
)
def test_highlight_table(query, text, expected):
    assert marked(text, query) == expected


def test_phrase_is_marked_whole():
    assert marked("see move semantics here", "move semantics", phrases=["move semantics"]) == (
        "see [move semantics] here"
    )


def test_snippet_window_centres_on_matches():
    text = "filler words here. " * 40 + "The tent stood by the lake. " + "more filler. " * 40
    s = make_snippet(text, "tent lake", width=120)
    assert len(s.text) <= 120
    assert "tent" in s.text and s.clipped_start and s.clipped_end
    assert [s.text[a:b] for a, b in s.highlights] == ["tent", "lake"]


def test_a_quoted_phrase_is_in_the_snippet_even_where_its_words_are_denser_elsewhere():
    # The words of "the stack and the heap" come thick in one place; the phrase once, far
    # off: the person asked for the phrase, so that is what the window shows.
    text = (
        "Values live on the stack or the heap; the heap grows, the stack shrinks, and "
        "each stack frame points into the heap. "
        + "filler words here. " * 30
        + "Both the stack and the heap are parts of memory. "
        + "more filler. " * 30
    )
    query = '"the stack and the heap"'
    s = make_snippet(text, query, phrases=["the stack and the heap"], width=160)
    assert "the stack and the heap" in s.text
    assert "the stack and the heap" in [s.text[a:b] for a, b in s.highlights]
    # Without a phrase the densest window still wins.
    assert "each stack frame" in make_snippet(text, "stack heap", width=160).text


def test_snippet_never_splits_chinese_characters_or_highlights():
    text = "前文。" * 100 + "向量数据库用于存储高维向量。" + "后文。" * 100
    s = make_snippet(text, "向量数据库", width=60)
    assert "向量数据库" in s.text
    for a, b in s.highlights:
        assert s.text[a:b] in ("向量数据库", "向量", "数据库")


def test_a_word_typed_without_its_accents_is_marked_where_it_has_them():
    """The keyword index folds accents (``cafe`` finds ``café``): the mark must show it."""
    text = "Then a café au lait at the corner Café."
    spans = highlight_spans(text, "cafe")
    assert [text[a:b] for a, b in spans] == ["café", "Café"]
