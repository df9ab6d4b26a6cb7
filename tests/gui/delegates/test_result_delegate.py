"""The result delegate: snippet HTML (escaping and highlights) and row layout.

The table follows qutebrowser's ``test_completiondelegate.py``: (query, text, expected
HTML) with ``{`` and ``}`` standing for the highlight tags. Documents contain markup,
so ``<``, ``&`` and quotes are in the table: an escaping bug cannot come back silently.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QListView

from desktop_search.gui.delegates.result_delegate import (
    MARK_CLOSE,
    MARK_OPEN,
    SNIPPET_LINES,
    ResultDelegate,
    snippet_html,
)
from desktop_search.gui.models.results_model import ResultsModel, Role
from desktop_search.search.hits import DocumentHit, Passage
from desktop_search.search.query import parse_query
from desktop_search.search.snippets import Snippet, highlight_spans


def marked(expected: str) -> str:
    return expected.replace("{", MARK_OPEN).replace("}", MARK_CLOSE)


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("foo", "foo", "{foo}"),
        ("borrow", "we borrow it", "we {borrow} it"),
        ("running", "She runs daily", "She {runs} daily"),
        ("ownership rules", "Ownership Rules first", "{Ownership} {Rules} first"),
        ("template", "<b>template</b> & more", "&lt;b&gt;{template}&lt;/b&gt; &amp; more"),
        ("quoted", 'a "quoted" word', 'a "{quoted}" word'),
        ("quoted", "it's 'quoted'", "it's '{quoted}'"),
        ("lt", "<lt", "&lt;{lt}"),
        ("amp", "&amp; amp", "&amp;{amp}; {amp}"),
        ("script", "<script>alert('x')</script>", "&lt;{script}&gt;alert('x')&lt;/{script}&gt;"),
        ("a b", "<a> & <b>", "&lt;a&gt; &amp; &lt;{b}&gt;"),  # "a" is a stop word
        ("向量", "向量数据库", "{向量}数据库"),
        ("向量数据库", "什么是向量数据库？", "什么是{向量数据库}？"),
        ("数据库", "<数据库> & “引号”", "&lt;{数据库}&gt; &amp; “引号”"),
        ('"exact phrase"', "an exact phrase here", "an {exact phrase} here"),
        ("nothing", "no match at all", "no match at all"),
    ],
)
def test_snippet_html(query: str, text: str, expected: str) -> None:
    q = parse_query(query)
    spans = highlight_spans(text, q.text, phrases=q.phrases)
    assert snippet_html(Snippet(text, tuple(spans))) == marked(expected)


@pytest.mark.parametrize(
    ("snippet", "cut", "expected"),
    [
        (Snippet("middle part", ((0, 6),), True, True), None, "…{middle} part…"),
        (Snippet("alpha beta gamma", ((6, 10),)), 8, "alpha {be}…"),
        (Snippet("alpha & beta", ((8, 12),)), 7, "alpha &amp;…"),
        (Snippet("x < y", ()), None, "x &lt; y"),
    ],
)
def test_snippet_html_clipping(snippet: Snippet, cut: int | None, expected: str) -> None:
    assert snippet_html(snippet, cut=cut) == marked(expected)


def _hit(name: str, text: str, *, passages: int = 1, language: str = "en") -> DocumentHit:
    snippet = Snippet(text, tuple(highlight_spans(text, "vector")))
    ps = tuple(Passage(i, 1, 0, len(text), 3, None, 1.0 - i / 10, snippet) for i in range(passages))
    return DocumentHit(
        f"/docs/{name}",
        name,
        "/docs",
        name.rsplit(".", 1)[-1],
        None,
        1.7e9,
        1000,
        language,
        1.0,
        ps,
    )


class _Result:
    def __init__(self, hits, query="vector"):
        self.hits = tuple(hits)
        self.query = parse_query(query)
        self.elapsed_ms = 1.0


@pytest.fixture
def view(qtbot):
    model = ResultsModel()
    long_en = "A vector database stores vectors. " * 30
    long_zh = "向量数据库是专门为向量检索设计的中间件，高效存储、快速检索和管理高维向量数据。" * 8
    model.set_result(
        _Result(
            [
                _hit("long.txt", long_en, passages=3),
                _hit("short.md", "A vector of one line."),
                _hit("中文.txt", long_zh, language="zh"),
            ]
        )
    )
    v = QListView()
    v.setModel(model)
    v.setItemDelegate(ResultDelegate(v))
    v.resize(600, 600)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_rows_fit_their_content(view) -> None:
    model, delegate = view.model(), view.itemDelegate()
    heights = [view.visualRect(model.index(r)).height() for r in range(3)]
    # The long row has "2 more passages" under a two-line snippet; the short one has neither.
    assert heights[0] > heights[1]
    assert min(heights) >= 50
    assert model.index(0).data(Role.MORE_PASSAGES) == 2
    assert model.index(2).data(Role.LANGUAGE_TAG) == "zh"  # differs from the English query
    assert model.index(0).data(Role.LANGUAGE_TAG) == ""
    assert not view.grab().isNull()  # paints without errors
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(view)
    for row in (0, 2):  # English and Chinese long snippets are cut to whole lines
        snippet = model.index(row).data(Role.SNIPPET)
        doc = delegate._snippet_doc(snippet, view.font(), 400, view.palette())
        assert doc.firstBlock().layout().lineCount() <= SNIPPET_LINES
        assert doc.toPlainText().endswith("…")
