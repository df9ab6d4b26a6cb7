"""The result list as a Qt model: one row per document, best first.

It holds the ``SearchResult`` from the engine and answers roles the delegate paints
(title, folder, page, date, relevance, snippet, how many more passages, a language tag
when the document's language differs from the query's). No painting here, no strings
with markup: the snippet stays a ``Snippet`` with character spans until the delegate
escapes it.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_search.search.hits import DocumentHit

_Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    HIT = Qt.ItemDataRole.UserRole + 1  # the DocumentHit
    TITLE = Qt.ItemDataRole.UserRole + 2  # title to show (document title or file name)
    FILE_NAME = Qt.ItemDataRole.UserRole + 3  # file name when a separate title is shown
    FOLDER = Qt.ItemDataRole.UserRole + 4
    PAGE = Qt.ItemDataRole.UserRole + 5  # int | None
    MODIFIED = Qt.ItemDataRole.UserRole + 6  # Unix time
    RELEVANCE = Qt.ItemDataRole.UserRole + 7  # 0..1, calibrated (DocumentHit.relevance)
    SNIPPET = Qt.ItemDataRole.UserRole + 8  # Snippet | None
    MORE_PASSAGES = Qt.ItemDataRole.UserRole + 9  # int
    LANGUAGE_TAG = Qt.ItemDataRole.UserRole + 10  # "zh" / "en" when it differs, else ""
    SUFFIX = Qt.ItemDataRole.UserRole + 11
    NAME_MATCH = Qt.ItemDataRole.UserRole + 12  # matched by file name only
    # found by meaning only, while words were missing or words were looked up
    RELATED = Qt.ItemDataRole.UserRole + 13
    ALSO_AT = Qt.ItemDataRole.UserRole + 14  # other paths with the same text
    LIBRARY = Qt.ItemDataRole.UserRole + 15  # "local" or the team library's name


def shown_title(hit: DocumentHit) -> tuple[str, str]:
    """(title, file name to show beside it, or "" when the title is the name)."""
    title = " ".join((hit.title or "").split())
    stem = hit.name.rsplit(".", 1)[0]
    if not title or title in (hit.name, stem):
        return hit.name, ""
    return title, hit.name


class ResultsModel(QAbstractListModel):
    """The documents of the latest search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[DocumentHit, ...] = ()
        self._query_language = "en"
        self._words_expected = False  # a hit without the query's words is "related"
        self.query_text = ""

    def set_result(self, result: Any | None) -> None:
        """Show ``result`` (a SearchResult) or nothing."""
        self.beginResetModel()
        if result is None:
            self._hits, self._query_language, self.query_text = (), "en", ""
            self._words_expected = False
        else:
            self._hits = tuple(result.hits)
            self._query_language = result.query.language
            self.query_text = result.query.raw
            # Words missing, or words looked up ("pinyin"): a document without them is
            # there by meaning, and says so (a question's answers need not hold its words).
            self._words_expected = bool(getattr(result, "missing_words", ())) or bool(
                getattr(result, "lookup", False)
            )
        self.endResetModel()

    def hit(self, row: int) -> DocumentHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    @property
    def hits(self) -> tuple[DocumentHit, ...]:
        return self._hits

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Role.TITLE):
            return shown_title(hit)[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            where = hit.path if hit.library == "local" else f"{hit.library}: {hit.path}"
            return "\n".join((where, *hit.also_at))
        if role == Role.HIT:
            return hit
        if role == Role.FILE_NAME:
            return shown_title(hit)[1]
        if role == Role.FOLDER:  # a team library's result says where it came from
            return hit.folder if hit.library == "local" else f"{hit.library}  ·  {hit.folder}"
        if role == Role.LIBRARY:
            return hit.library
        if role == Role.PAGE:
            return hit.page
        if role == Role.MODIFIED:
            return hit.modified
        if role == Role.RELEVANCE:
            return max(0.0, min(1.0, hit.relevance))
        if role == Role.SNIPPET:
            return hit.best.snippet if hit.best else None
        if role == Role.MORE_PASSAGES:
            return max(0, len(hit.passages) - 1)
        if role == Role.LANGUAGE_TAG:
            return hit.language if hit.language != self._query_language else ""
        if role == Role.SUFFIX:
            return hit.suffix
        if role == Role.NAME_MATCH:
            return hit.name_match and not hit.passages
        if role == Role.RELATED:
            return self._words_expected and not hit.holds_words
        if role == Role.ALSO_AT:
            return hit.also_at
        return None
