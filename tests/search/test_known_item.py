"""The document you remember comes first: lookups, navigation pages, duplicates, no match.

A small library made of real documents plus the traps a real folder holds: a rare word in
a document of the other language, a table of contents and a back-of-book index that name
every topic, a UTF-8 article and its GB18030 copy, a huge log sharing a word with short
notes, and stem-only and loose-character look-alikes.
"""

from __future__ import annotations

import pytest

from tests.conftest import copy_files

RUST = ["ch04-01-what-is-ownership.html", "ch09-01-unrecoverable-errors-with-panic.html"]
ZH = ["向量表征与向量数据库.txt", "大模型里的Embedding是什么.txt"]


def _toc() -> str:
    lines = ["目录"]
    topics = ["什么是嵌入", "什么是向量", "什么是所有权", "什么是相似度", "什么是检索", "嵌入模型"]
    for n, topic in enumerate(topics * 3, 1):
        lines.append(f"{n} {topic} . . . . . . . . . . . . . . . . . . . . {n * 3}")
    return "\n".join(lines)


def _back_of_book_index() -> str:
    words = ["panics", "program", "unwinding", "abort", "backtrace", "happens", "ownership"]
    lines = ["Index"]
    for n, w in enumerate(words * 4):
        lines.append(f"{w}{n} . . . . . . . . . . . . . . . . {100 + n}, {200 + n}")
        lines.append(f"\\ttl@{w} . . . . . . . . . . . . . . {300 + n}")
    return "\n".join(lines)


def _manual_contents() -> str:
    topics = ["Installing", "Choosing folders", "Querying", "Filters", "Shortcuts", "Backups"]
    lines = ["Contents"]
    for n, topic in enumerate(topics * 3, 1):
        lines.append(f"{n}.{n % 4} {topic} . . . . . . . . . . . . . . . . {n * 7}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def library(tmp_path_factory, corpus, spaces):
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths

    root = tmp_path_factory.mktemp("known")
    copy_files([corpus / "en" / "rust-book" / c for c in RUST], root / "rust")
    copy_files([corpus / "zh" / name for name in ZH], root / "zh")
    # A rare English word added to a Chinese article; a rare Chinese word to an English one.
    zh_doc = root / "zh" / ZH[0]
    zh_doc.write_text(zh_doc.read_text("utf-8") + "\n备注：quokkafrobnicator\n", "utf-8")
    en_doc = root / "rust" / RUST[0]
    text = en_doc.read_text("utf-8").replace("</main>", "<p>Footnote: 齉龘</p></main>", 1)
    en_doc.write_text(text, "utf-8")
    # The same article twice: UTF-8 and GB18030 (different bytes, one text).
    copy_files([corpus / "zh" / "走进向量的世界.txt"], root / "copies")
    copy_files([corpus / "zh" / "走进向量的世界-gbk编码.txt"], root / "copies")
    # Navigation: a table of contents and a back-of-book index.
    (root / "nav").mkdir()
    (root / "nav" / "faq-contents.txt").write_text(_toc(), "utf-8")
    (root / "nav" / "macro-index.txt").write_text(_back_of_book_index(), "utf-8")
    (root / "nav" / "manual-contents.txt").write_text(_manual_contents(), "utf-8")
    (root / "words").mkdir()
    (root / "words" / "query-log.txt").write_text(
        "Each query is logged. A slow query is queried again; query plans are kept.", "utf-8"
    )
    # A huge log and three short notes sharing one word.
    (root / "logs").mkdir()
    log_lines = (f"2026-11-30 12:00:{n % 60:02d} processed invoice {n}" for n in range(1500))
    (root / "logs" / "billing.log").write_text("\n".join(log_lines), "utf-8")
    for n, body in enumerate(
        [
            "Call the landlord about the invoice for the boiler repair.",
            "The invoice from the dentist is due on Friday.",
            "Remember to file last year's electricity invoice with the tax papers.",
        ]
    ):
        (root / "notes").mkdir(exist_ok=True)
        (root / "notes" / f"note-{n}.txt").write_text(body, "utf-8")
    # Exact word over stem-only look-alikes; a Chinese word over loose characters.
    (root / "words" / "stack-notes.txt").write_text(
        "The last element was popped from the stack before the loop ended.", "utf-8"
    )
    (root / "words" / "pop-music.txt").write_text(
        "Pop music. We pop over to pop concerts; pop songs pop up everywhere. Pop! " * 5, "utf-8"
    )
    (root / "words" / "计算说明.txt").write_text("两个单元格的差值在打开文档时重新计算。", "utf-8")
    (root / "words" / "散字.txt").write_text(
        "差一点，值得。打球，开门，文章，档案。差不多的价值，打开了门，文件档案。" * 3, "utf-8"
    )
    lib = Library(app_paths(tmp_path_factory.mktemp("home")), spaces=spaces)
    indexer = lib.indexer()
    indexer.run([str(root)])
    indexer.close()
    yield lib
    lib.close()


def _names(result) -> list[str]:
    return [h.name for h in result.hits]


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("quokkafrobnicator", ZH[0]),  # an English word inside a Chinese document
        ("齉龘", RUST[0]),  # a Chinese word inside an English document
        ("popped", "stack-notes.txt"),  # the exact form above stem-only matches
        ("差值 打开文档", "计算说明.txt"),  # whole Chinese words above loose characters
    ],
)
def test_a_rare_word_puts_its_document_first(library, mode, query, expected):
    result = library.engine.search(query, k=10, mode=mode)
    assert _names(result)[0] == expected
    assert result.hits[0].holds_words
    assert result.hits[0].relevance == 1.0  # holds every word of the lookup
    assert not result.missing_words


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_the_word_as_typed_in_a_table_of_contents_comes_before_its_stem_in_prose(library, mode):
    """The word "querying" is only in a manual's contents; a note says "query" many times. The one
    page holding the word as typed is what the user remembers (known-item lookups on the
    library: a Sphinx chapter listing "querying" fell to 6th when its list became
    navigation)."""
    names = _names(library.engine.search("querying", k=5, mode=mode))
    assert names.index("manual-contents.txt") < names.index("query-log.txt")


def test_the_snippet_shows_the_word_that_matched(library):
    hit = library.engine.search("quokkafrobnicator", k=3).hits[0]
    snippet = hit.passages[0].snippet
    assert "quokkafrobnicator" in snippet.text
    (start, end), *_ = snippet.highlights
    assert snippet.text[start:end] == "quokkafrobnicator"


def test_one_huge_document_does_not_hide_the_others(library, monkeypatch):
    # The log has more matching passages than the engine takes per source.
    matching = library.catalog.db.execute(
        "SELECT count(*) FROM chunk_terms WHERE chunk_terms MATCH 'invoic'"
    ).fetchone()[0]
    monkeypatch.setattr(library.engine, "candidates", matching // 2)
    expected = {"note-0.txt", "note-1.txt", "note-2.txt", "billing.log"}
    assert expected <= set(_names(library.engine.search("invoice", k=10, mode="keyword")))
    assert expected <= set(_names(library.engine.search("invoice", k=10)))


@pytest.mark.parametrize("query", ["什么是嵌入", "所有权是什么意思"])
def test_a_table_of_contents_never_comes_first(library, query):
    assert _names(library.engine.search(query, k=5))[0] != "faq-contents.txt"


def test_an_index_page_does_not_outrank_the_chapter(library):
    result = library.engine.search("what happens when a program panics", k=5)
    assert _names(result)[0] == RUST[1]
    assert "macro-index.txt" not in _names(result)[:2]


def test_navigation_passages_are_marked(library):
    marks = dict(
        library.catalog.db.execute(
            "SELECT f.name, max(k.nav) FROM files f JOIN chunks k ON k.content_id = f.content_id "
            "GROUP BY f.name"
        ).fetchall()
    )
    assert marks["faq-contents.txt"] == 1
    assert marks["macro-index.txt"] == 1
    assert marks[RUST[0]] == 0
    assert marks["note-0.txt"] == 0


def test_identical_text_is_one_result_with_the_other_path(library):
    result = library.engine.search("向量的世界", k=10)
    copies = [h for h in result.hits if h.name.startswith("走进向量的世界")]
    assert len(copies) == 1
    assert len(copies[0].also_at) == 1
    assert copies[0].also_at[0] != copies[0].path
    assert "走进向量的世界" in copies[0].also_at[0]


def test_a_word_no_document_contains_is_said_so(library):
    result = library.engine.search("zxqvbnmwertyuiop")
    assert result.missing_words == ("zxqvbnmwertyuiop",)
    assert result.nothing_contains
    assert not any(h.holds_words for h in result.hits)
    # Related-by-meaning results are not presented as sure matches.
    assert all(h.relevance < 0.8 for h in result.hits)


def test_a_missing_word_beside_a_found_one_is_named(library):
    result = library.engine.search("invoice zxqvbnmwertyuiop", k=5)
    assert result.missing_words == ("zxqvbnmwertyuiop",)
    assert not result.nothing_contains
    assert result.hits[0].holds_words


def test_a_word_whose_documents_are_all_excluded_is_not_called_missing(library):
    """Every note with "landlord" also says "boiler": excluding that leaves no result, but
    "no document contains landlord" would be false."""
    result = library.engine.search("landlord -boiler", mode="keyword")
    assert result.hits == ()
    assert result.missing_words == ()
    assert not result.nothing_contains


def test_a_question_is_not_a_lookup(library):
    assert not library.engine.search("what happens when a program panics").lookup
    assert not library.engine.search("所有权是什么意思").lookup
    assert library.engine.search("popped").lookup
