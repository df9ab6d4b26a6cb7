"""The "could not be read" list: which files are missing from search, and why.

A file that fails (damaged PDF, password, too large) must not fail silently: the
person may be looking for exactly that document. This dialog lists each one with the
reason in plain words and lets them open its folder or copy the list for a bug report.
Nothing here is an error of the app; the rest of the index is fine, and it says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_search.gui.models.failures_model import FailuresModel


class ErrorsDialog(QDialog):
    """Non-modal list of unreadable files, backed by the window's ``FailuresModel``."""

    show_folder_requested = Signal(str)

    def __init__(self, model: FailuresModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorsDialog")
        self.resize(760, 420)
        self.model = model
        self.intro = QLabel(objectName="errorsIntro")
        self.intro.setWordWrap(True)
        self.table = QTableView(objectName="errorsTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Names and reasons get the width they need (up to a share of the table); the
        # folder, shortened in the middle, takes what is left. Fixed widths cut names
        # while the folder column stood half empty.
        header.setSectionResizeMode(FailuresModel.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FailuresModel.FOLDER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FailuresModel.REASON, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(self._show_folder)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.folder_button = QPushButton(objectName="errorsShowFolder")
        self.copy_button = QPushButton(objectName="errorsCopy")
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.buttons.addButton(self.folder_button, role)
        self.buttons.addButton(self.copy_button, role)
        self.buttons.rejected.connect(self.reject)
        self.folder_button.clicked.connect(self._show_folder)
        self.copy_button.clicked.connect(self.copy_list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        model.rowsInserted.connect(self._update_intro)
        model.modelReset.connect(self._update_intro)
        model.rowsInserted.connect(self.fit_columns)
        model.modelReset.connect(self.fit_columns)
        model.dataChanged.connect(self.fit_columns)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Files that could not be read"))
        self.folder_button.setText(self.tr("Show in folder"))
        self.copy_button.setText(self.tr("Copy list"))
        self.model.retranslate()
        self._update_intro()
        self.fit_columns()

    def fit_columns(self, *_args: object) -> None:
        """Names and reasons get their full width when there is room; the folder yields."""
        width = self.table.viewport().width()
        if width <= 0:
            return
        header = self.table.horizontalHeader()
        pad = 16
        need = {
            c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) + pad
            for c in (FailuresModel.NAME, FailuresModel.FOLDER, FailuresModel.REASON)
        }
        folder = min(need[FailuresModel.FOLDER], int(width * 0.2))
        name, reason = need[FailuresModel.NAME], need[FailuresModel.REASON]
        room = width - folder
        if name + reason > room:  # share what is left, the reason at most 40 %
            reason = min(reason, int(width * 0.4), max(room - name, room // 3))
            name = room - reason
        header.resizeSection(FailuresModel.NAME, name)
        header.resizeSection(FailuresModel.REASON, reason)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _update_intro(self) -> None:
        n = self.model.rowCount()
        if n == 0:
            self.intro.setText(self.tr("Every file was read. Nothing is missing from search."))
        elif n == 1:
            self.intro.setText(
                self.tr(
                    "This file could not be read, so its text is not searchable. Everything "
                    "else is indexed. Fix or replace the file and it is read again "
                    "automatically."
                )
            )
        else:
            self.intro.setText(
                self.tr(
                    "These %1 files could not be read, so their text is not searchable. "
                    "Everything else is indexed. Fix or replace a file and it is read again "
                    "automatically."
                ).replace("%1", str(n))
            )
        self.folder_button.setEnabled(n > 0)
        self.copy_button.setEnabled(n > 0)

    def showEvent(self, event: QShowEvent) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)
        super().showEvent(event)
        self.fit_columns()

    def select_path(self, path: str) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == path:
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return

    def _show_folder(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.show_folder_requested.emit(index.data(Qt.ItemDataRole.UserRole))

    def copy_list(self) -> None:
        """Every path and reason, tab-separated, to the clipboard."""
        text = "\n".join(f"{p}\t{r}" for p, r in self.model.rows())
        QGuiApplication.clipboard().setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
