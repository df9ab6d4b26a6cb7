"""The window's list models: what each row shows, and Qt's own consistency checks."""

from __future__ import annotations

from desktop_search.gui.models.folders_model import FoldersModel
from desktop_search.gui.models.results_model import ResultsModel, Role
from desktop_search.indexing.library_report import FolderHealth
from desktop_search.search.hits import DocumentHit, SearchResult
from desktop_search.search.query import parse_query


def _hit(name: str, *, title: str | None = None, language: str = "en", **extra) -> DocumentHit:
    return DocumentHit(
        f"/docs/{name}", name, "/docs", name.rsplit(".", 1)[-1], title, 0.0, 10, language,
        1.0, (), **extra,
    )  # fmt: skip


def test_results_show_titles_names_and_the_language_that_differs(qtmodeltester):
    model = ResultsModel()
    hits = (
        _hit("trip.md", title="Camping by the lake", holds_words=True),
        _hit("notes.txt", title="notes"),  # a title that is only the name: shown once
        _hit("合同.txt", language="zh", holds_words=False),
    )
    query = parse_query("camping")
    model.set_result(SearchResult(query, hits, 1.0, ("minilm",), missing_words=("camping",)))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    rows = [model.index(r, 0) for r in range(3)]
    assert [model.data(i, Role.TITLE) for i in rows] == [
        "Camping by the lake",
        "notes.txt",
        "合同.txt",
    ]
    assert [model.data(i, Role.FILE_NAME) for i in rows] == ["trip.md", "", ""]
    assert [model.data(i, Role.LANGUAGE_TAG) for i in rows] == ["", "", "zh"]
    # a word of the query is missing: results that lack the words are only related
    assert [model.data(i, Role.RELATED) for i in rows] == [False, True, True]
    # every word found: a question's answers need not hold its words...
    model.set_result(SearchResult(query, hits, 1.0, ("minilm",)))
    rows = [model.index(r, 0) for r in range(3)]
    assert [model.data(i, Role.RELATED) for i in rows] == [False, False, False]
    # ...but a word looked up ("pinyin") is expected in each: those without it are related
    model.set_result(SearchResult(query, hits, 1.0, ("minilm",), lookup=True))
    rows = [model.index(r, 0) for r in range(3)]
    assert [model.data(i, Role.RELATED) for i in rows] == [False, True, True]
    model.set_result(None)
    assert model.rowCount() == 0


def test_folders_show_their_counts_and_an_unplugged_drive(qtmodeltester):
    model = FoldersModel()
    model.set_folders(["/docs", "/media/usb"])
    model.set_health(
        [
            FolderHealth("/docs", 12, 3, 1, 0, None),
            FolderHealth("/media/usb", 40, 0, 0, 0, None, unavailable="unplugged"),
        ]
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, FoldersModel.INDEXED)) == "12"
    assert model.data(model.index(0, FoldersModel.PENDING)) == "3"
    assert model.data(model.index(0, FoldersModel.FAILED)) == "1"
    assert model.data(model.index(1, FoldersModel.FOLDER)) == "/media/usb (not available)"
    assert model.folders() == ["/docs", "/media/usb"]
