"""Searching a real library: the right document first, in every mode, with filters."""

from __future__ import annotations

import pytest

from desktop_search.search.filters import SearchFilters


def first(lib, query, **kw):
    hits = lib.engine.search(query, k=5, **kw).hits
    assert hits, f"no results for {query!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Phrased differently from the text: meaning, not keywords.
        (
            "what happens to memory when a variable is no longer used",
            "ch04-01-what-is-ownership.html",
        ),
        ("run code at the same time on several cores", "ch16-01-threads.html"),
        ("let several threads change one counter safely", "ch16-03-shared-state.html"),
        (
            "dealing with failures that a program can recover from",
            "ch09-02-recoverable-errors-with-result.html",
        ),
        ("anonymous functions that remember their environment", "ch13-01-closures.html"),
        ("store values looked up by a key", "ch08-03-hash-maps.html"),
    ],
)
def test_english_question_finds_the_right_chapter(indexed, query, expected):
    assert first(indexed, query).name == expected


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("向量数据库", "向量表征与向量数据库.txt"),
        ("余弦相似度", None),  # any Chinese article: must find one, with the word highlighted
        ("姚明", "大模型里的Embedding是什么.txt"),  # two characters, one document
        ("Milvus 向量", "向量表征与向量数据库.txt"),  # mixed Chinese-English
    ],
)
def test_chinese_keywords(indexed, mode, query, expected):
    hit = first(indexed, query, mode=mode)
    if expected:
        assert hit.name == expected
    snippet = hit.best.snippet
    marked = [snippet.text[a:b] for a, b in snippet.highlights]
    assert any(query[:2] in m or m in query for m in marked), marked


def test_highlight_does_not_split_characters(indexed):
    hit = first(indexed, "向量数据库", mode="keyword")
    text = hit.best.snippet.text
    for a, b in hit.best.snippet.highlights:
        assert text[a:b] in ("向量数据库", "向量", "数据库", "数据")


def test_hits_carry_path_score_and_passages(indexed):
    hit = first(indexed, "closures capture their environment")
    assert hit.path.endswith(hit.name)
    assert hit.score > 0
    assert 1 <= len(hit.passages) <= 3
    assert hit.passages[0].score >= hit.passages[-1].score


def test_suffix_filter_is_applied_inside_retrieval(indexed):
    hits = indexed.engine.search("向量", k=10, filters=SearchFilters(suffixes=("html",))).hits
    assert all(h.suffix == "html" for h in hits)
    hits = indexed.engine.search("threads", k=10, filters=SearchFilters(suffixes=("txt",))).hits
    assert hits and all(h.suffix == "txt" for h in hits)


def test_folder_filter(indexed):
    folder = str(indexed.root / "zh")
    hits = indexed.engine.search("向量 ownership", filters=SearchFilters(folders=(folder,))).hits
    assert hits and all(h.path.startswith(folder) for h in hits)


def test_modified_filter_excludes_old_files(indexed):
    import time

    hits = indexed.engine.search(
        "threads", filters=SearchFilters(modified_after=time.time() + 3600)
    ).hits
    assert hits == ()


def test_quoted_phrase_must_match_exactly(indexed):
    # Two chapters hold "ownership rules" as a phrase; many hold both words apart.
    hits = indexed.engine.search('"ownership rules"', mode="hybrid").hits
    assert "ch04-01-what-is-ownership.html" in {h.name for h in hits}
    for hit in hits:
        text = " ".join(p.snippet.text.lower() for p in hit.passages)
        assert "ownership rules" in text or hit.name_match


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_quoted_phrase_with_common_words_is_found(indexed, mode):
    # "the", "and" are not in the keyword index: a phrase holding them found nothing.
    hits = indexed.engine.search('"The Stack and the Heap"', mode=mode).hits
    assert "ch04-01-what-is-ownership.html" in {h.name for h in hits}
    for hit in hits:  # each passage shown holds the phrase, and shows it
        for passage in hit.passages:
            assert "the stack and the heap" in passage.snippet.text.lower() or hit.name_match
    assert not indexed.engine.search('"the heap and the stack of"', mode=mode).hits


def test_minus_word_excludes_documents(indexed):
    with_word = {h.name for h in indexed.engine.search("thread spawn", k=10).hits}
    assert "ch16-01-threads.html" in with_word
    without = {h.name for h in indexed.engine.search("thread spawn -spawn", k=10).hits}
    assert "ch16-01-threads.html" not in without


def test_minus_word_excludes_files_named_like_the_query_too(indexed):
    # Seen by a new user: "thread -mutex" listed ch21-02-multithreaded.html (which holds
    # "Mutex" 25 times) as a file-name match, with no passage.
    named = {h.name for h in indexed.engine.search("shared", k=10).hits if h.name_match}
    assert "ch16-03-shared-state.html" in named
    for mode in ("hybrid", "keyword"):
        hits = indexed.engine.search("shared -mutex", k=10, mode=mode).hits
        assert "ch16-03-shared-state.html" not in {h.name for h in hits}
        assert hits  # the other documents holding "shared"


def test_a_word_of_a_file_name_found_is_not_called_missing(indexed):
    # "ch16-03": no text holds "ch16", the file name does; "No document contains "ch16""
    # sat above ch16-03-shared-state.html.
    result = indexed.engine.search("ch16-03", k=5)
    assert result.hits[0].name == "ch16-03-shared-state.html"
    assert result.missing_words == ()


def test_file_name_match_ranks_first(indexed):
    assert first(indexed, "hash-maps").name == "ch08-03-hash-maps.html"
    assert first(indexed, "gbk编码").name == "走进向量的世界-gbk编码.txt"


def test_gbk_file_reads_like_its_utf8_twin(indexed):
    """The GB18030 copy reads as the same text: one result, the other file "also at"."""
    hits = indexed.engine.search("走进向量的世界", k=10, mode="keyword").hits
    (hit,) = [h for h in hits if h.name.startswith("走进向量的世界")]
    names = {p.replace("\\", "/").rsplit("/", 1)[-1] for p in (hit.path, *hit.also_at)}
    assert names == {"走进向量的世界.txt", "走进向量的世界-gbk编码.txt"}


def test_empty_query_returns_nothing(indexed):
    assert indexed.engine.search("   ").hits == ()


def test_the_same_query_again_is_not_embedded_again(indexed, monkeypatch):
    """While indexing, the window runs the current query again every 1.5 s, and again when
    a filter changes: its vectors are kept, so the models are not run for it each time."""
    calls = []
    for space in indexed.engine.spaces:
        original = space.embedder.encode_queries

        def counted(texts, _original=original, _name=space.name):
            calls.append(_name)
            return _original(texts)

        monkeypatch.setattr(space.embedder, "encode_queries", counted)
    first_run = indexed.engine.search("how do threads share a counter", k=5)
    assert calls, "the first search embeds the query"
    embedded = len(calls)
    again = indexed.engine.search("how do threads share a counter", k=5, mode="hybrid")
    assert len(calls) == embedded
    assert [h.path for h in again.hits] == [h.path for h in first_run.hits]
    indexed.engine.search("how do threads share memory", k=5)
    assert len(calls) == 2 * embedded  # another text is embedded
