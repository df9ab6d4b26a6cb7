"""The main window's result area: which page it shows, the results, what a result opens.

A part of ``MainWindow`` (a mixin): the methods read and set the window's widgets and
models, which ``main_window`` builds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
)

from desktop_search.indexing.messages import PAUSED

log = logging.getLogger(__name__)
# Labels keep the window's translation context (lupdate finds translate("MainWindow", "..."))
translate = QCoreApplication.translate

MODES = ("hybrid", "semantic", "keyword")
PAGE_LIST, PAGE_EMPTY = 0, 1


class WindowPages:
    """The result pages of ``MainWindow``: search results, the empty states, opening a hit."""

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            return
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(MODES.index(mode))
        self.mode.blockSignals(False)
        self.mode_actions[mode].setChecked(True)
        self.search.set_mode(mode)

    def _on_enter(self) -> None:
        if self.search.pending:
            self.search.search_now()
        else:
            self.open_current()

    def _navigate(self, event: QKeyEvent) -> None:
        if self.pages.currentIndex() != PAGE_LIST or not self.results.rowCount():
            return
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        QApplication.sendEvent(self.list, copy)

    def _on_results(self, result: Any) -> None:
        previous = self.current_hit()
        scrolled = self.list.verticalScrollBar().value()
        same_query = (
            result is not None
            and self.last_result is not None
            and result.query.raw == self.last_result.query.raw
        )
        # The same query answered again (by meaning after the keyword answer shown while
        # the models loaded, or because the index changed): its best result is selected,
        # unless the person has moved on from the first row (following the old first one
        # down put the selection on the sixth row of a list nobody had touched).
        moved = self.list.currentIndex().row() > 0 or scrolled > 0
        self.last_result = result
        self.search_error = ""
        self.results.set_result(result)
        self.notice.show_for(result)
        row = 0
        if same_query and previous is not None and moved:
            # Keep the reader's place.
            row = next((i for i, h in enumerate(result.hits) if h.path == previous.path), 0)
        if self.results.rowCount():
            self.list.selectionModel().setCurrentIndex(
                self.results.index(row),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            if same_query:
                self.list.verticalScrollBar().setValue(scrolled)
            else:
                self.list.scrollToTop()
        else:
            self.preview.show_hit(None)
        self._update_summary()
        self._update_page()

    def _on_search_failed(self, reason: str) -> None:
        self.search_error = reason
        self.results.set_result(None)
        self.preview.show_hit(None)
        self._update_summary()
        self._update_page()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.results.hit(current.row()) if current.isValid() else None
        query = self.last_result.query if self.last_result is not None else None
        self.preview.show_hit(
            hit, query.text if query else "", tuple(query.phrases) if query else ()
        )

    def current_hit(self):
        index = self.list.currentIndex()
        return self.results.hit(index.row()) if index.isValid() else None

    def _update_summary(self) -> None:
        if self.search.pending and self.search.text.strip():
            self.summary.setText(translate("MainWindow", "Searching…"))
        elif self.last_result is not None and self.results.rowCount():
            n = self.results.rowCount()
            text = (
                translate("MainWindow", "1 document")
                if n == 1
                else translate("MainWindow", "%1 documents").replace("%1", str(n))
            )
            ms = self.last_result.elapsed_ms
            took = (
                translate("MainWindow", "%1 ms").replace("%1", f"{ms:.0f}")
                if ms < 1000
                else translate("MainWindow", "%1 s").replace(
                    "%1", QLocale().toString(ms / 1000, "f", 1)
                )
            )
            notes = "".join("  ·  " + n for n in self.last_result.notes)  # team libraries
            self.summary.setText(text + "  ·  " + took + notes)
        elif self.last_result is not None and self.last_result.notes:
            self.summary.setText("  ·  ".join(self.last_result.notes))
        else:
            self.summary.setText("")

    def _update_page(self) -> None:
        """Choose what the result area shows."""
        has_query = bool(self.search.text.strip())
        indexing = self.status.busy or self.status.state == PAUSED
        if not self.settings.folders and not has_query:
            self.empty.show_welcome()
        elif self.search_error and has_query:
            self.empty.show_error(self.search_error)
        elif not has_query:
            docs = self.stats.documents if self.stats else None
            if indexing:
                self.empty.show_indexing(
                    self.status.progress, self.status.state == PAUSED, docs or 0
                )
            else:
                self.empty.show_ready(docs, len(self.settings.folders))
        elif self.results.rowCount():
            self.pages.setCurrentIndex(PAGE_LIST)
            return
        elif self.search.pending:
            return  # keep what is shown until the answer arrives
        elif self.last_result is not None and self.last_result.missing_words:
            # The words are in no document read so far: say so, even while indexing.
            self.empty.show_no_results(
                self.search.text,
                self.search.mode,
                self.filter_bar.active,
                tuple(self.last_result.missing_words),
            )
        elif indexing:
            self.empty.show_indexing(
                self.status.progress, self.status.state == PAUSED, None, query=self.search.text
            )
        else:
            self.empty.show_no_results(self.search.text, self.search.mode, self.filter_bar.active)
        self.pages.setCurrentIndex(PAGE_EMPTY)

    def open_current(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self._open(hit.path, hit.page)

    def _open(self, path: str, page: int | None) -> None:
        # A team library's file mapped to smb://… is not a local path to check.
        if "://" not in path and not Path(path).exists():
            QMessageBox.warning(
                self,
                translate("MainWindow", "Cannot open"),
                translate("MainWindow", "This file is no longer there:\n%1").replace("%1", path),
            )
            return
        if not self.opener.open_document(path, page):
            self._opened_nothing(path, "open")

    def _opened_nothing(self, path: str, action: str) -> None:
        """No application took the file (or its folder): say so, never stay silent."""
        if action == "open":
            QMessageBox.warning(
                self,
                translate("MainWindow", "Cannot open"),
                translate("MainWindow", "No application opened this file:\n%1").replace("%1", path),
            )
            return
        QMessageBox.warning(
            self,
            translate("MainWindow", "Cannot show in folder"),
            translate(
                "MainWindow",
                "No file manager opened the folder of this file:\n%1\n\n"
                "Its path can be copied with Ctrl+Shift+C.",
            ).replace("%1", path),
        )

    def show_current_in_folder(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self._show_in_folder(hit.path)

    def _show_in_folder(self, path: str) -> None:
        if not Path(path).exists():
            QMessageBox.warning(
                self,
                translate("MainWindow", "Cannot show in folder"),
                translate("MainWindow", "This file is no longer there:\n%1").replace("%1", path),
            )
            return
        if not self.opener.show_in_folder(path):
            self._opened_nothing(path, "folder")

    def copy_current_path(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            QGuiApplication.clipboard().setText(hit.path)

    def toggle_preview(self, checked: bool) -> None:
        self.preview.setVisible(checked)
