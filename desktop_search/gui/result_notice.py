"""The line above the results that says when some of the query's words are in no document.

A person who typed a word they remember and sees documents without it would conclude the
app missed it (or never indexed the file). So the list says so first: "No document
contains “quokka”. Related by meaning:", and those rows carry a "related" badge
(``ResultDelegate``). Nothing is shown when every word was found.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget


def notice_text(result: Any | None) -> str:
    """The notice for ``result`` (a SearchResult), or "" when every word was found."""
    missing = tuple(getattr(result, "missing_words", ()) or ()) if result is not None else ()
    if not missing:
        return ""
    translate = QCoreApplication.translate
    words = translate("ResultNotice", ", ").join(f"“{w}”" for w in missing)
    if not result.nothing_contains:
        if result.hits and not result.hits[0].holds_words:  # the best ones: by meaning
            return translate(
                "ResultNotice",
                "No document contains %1; showing related documents and documents with "
                "your other words.",
            ).replace("%1", words)
        return translate(
            "ResultNotice", "No document contains %1; showing documents with your other words."
        ).replace("%1", words)
    if result.hits:
        return translate("ResultNotice", "No document contains %1. Related by meaning:").replace(
            "%1", words
        )
    return translate("ResultNotice", "No document contains %1.").replace("%1", words)


class ResultNotice(QLabel):
    """A quiet one-line notice above the result list, hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="resultNotice")
        self.setWordWrap(True)
        self.setContentsMargins(14, 8, 14, 4)
        self.hide()

    def show_for(self, result: Any | None) -> None:
        text = notice_text(result)
        self.setText(text)
        self.setVisible(bool(text))
