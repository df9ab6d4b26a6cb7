"""The Folders dialog: which folders are searched, what is left out, and how each is doing.

Adding or removing a folder is handed to the indexing worker at once (through the
window); exclude patterns are edited as plain lines, like a ``.gitignore``, and take
effect on the next scan. Each folder's health (indexed / waiting / unreadable / last
change seen) is read from the catalog in the background and refreshed while the
dialog is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_search.gui.models.folders_model import FoldersModel
from desktop_search.settings import DEFAULT_EXCLUDES


def choose_folder(parent: QWidget | None, title: str) -> str:
    """Ask for a folder with the platform's dialog; "" if cancelled."""
    # From the home folder, where documents are, not the app's working folder.
    start = str(Path.home())
    return QFileDialog.getExistingDirectory(parent, title, start, QFileDialog.Option.ShowDirsOnly)


class FoldersDialog(QDialog):
    """Folder list with health, add/remove, and the exclude patterns."""

    add_requested = Signal(str)
    remove_requested = Signal(str)
    excludes_changed = Signal(tuple)

    def __init__(self, model: FoldersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("foldersDialog")
        self.resize(820, 540)
        self.model = model
        self._excludes: tuple[str, ...] = ()

        self.intro = QLabel(objectName="foldersIntro")
        self.intro.setWordWrap(True)
        self.table = QTableView(objectName="foldersTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(objectName="addFolder")
        self.remove_button = QPushButton(objectName="removeFolder")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)
        # The same sentence as the status bar (one IndexState feeds both): the table
        # counts files, this says what is left of the passages too.
        self.summary = QLabel(objectName="foldersSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)

        self.excludes_box = QGroupBox(objectName="excludesBox")
        self.excludes_help = QLabel()
        self.excludes_help.setWordWrap(True)
        self.excludes_edit = QPlainTextEdit(objectName="excludesEdit")
        self.excludes_edit.setTabChangesFocus(True)
        self.excludes_edit.setFixedHeight(110)
        self.excludes_edit.textChanged.connect(self._update_buttons)
        self.defaults_button = QPushButton(objectName="excludeDefaults")
        self.apply_button = QPushButton(objectName="excludeApply")
        self.defaults_button.clicked.connect(
            lambda: self.excludes_edit.setPlainText("\n".join(DEFAULT_EXCLUDES))
        )
        self.apply_button.clicked.connect(self._apply_excludes)
        ex_buttons = QHBoxLayout()
        ex_buttons.addWidget(self.defaults_button)
        ex_buttons.addStretch(1)
        ex_buttons.addWidget(self.apply_button)
        ex = QVBoxLayout(self.excludes_box)
        ex.addWidget(self.excludes_help)
        ex.addWidget(self.excludes_edit)
        ex.addLayout(ex_buttons)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.excludes_box)
        layout.addWidget(buttons)
        self.retranslate()
        self._update_buttons()

    def set_summary(self, text: str) -> None:
        """What indexing is doing, as the status bar says it."""
        self.summary.setText(text)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Folders"))
        self.intro.setText(
            self.tr(
                "Documents in these folders and their subfolders are searched. New and "
                "changed files are picked up while the app runs."
            )
        )
        self.add_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(
            self.tr("Stop searching this folder (your files are not touched)")
        )
        self.excludes_box.setTitle(self.tr("Leave out"))
        self.excludes_help.setText(
            self.tr(
                "Files and folders whose names match one of these patterns are not indexed. "
                "One pattern per line, for example *.tmp or node_modules."
            )
        )
        self.defaults_button.setText(self.tr("Restore defaults"))
        self.apply_button.setText(self.tr("Apply"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    # -- excludes -------------------------------------------------------------------
    def set_excludes(self, patterns: Sequence[str]) -> None:
        self._excludes = tuple(patterns)
        self.excludes_edit.setPlainText("\n".join(patterns))

    def edited_excludes(self) -> tuple[str, ...]:
        lines = (line.strip() for line in self.excludes_edit.toPlainText().splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))

    def _apply_excludes(self) -> None:
        patterns = self.edited_excludes()
        if patterns != self._excludes:
            self._excludes = patterns
            self.excludes_changed.emit(patterns)
        self._update_buttons()

    # -- folders --------------------------------------------------------------------
    def selected_folder(self) -> str:
        index = self.table.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else ""

    def _add(self) -> None:
        folder = choose_folder(self, self.tr("Choose a folder to search"))
        if folder:
            self.add_requested.emit(folder)

    def _remove(self) -> None:
        folder = self.selected_folder()
        if folder:
            self.remove_requested.emit(folder)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_folder()))
        self.apply_button.setEnabled(self.edited_excludes() != self._excludes)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
