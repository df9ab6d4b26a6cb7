"""The searched folders and how healthy each one's index is, as a table model.

Per folder: files indexed, files still waiting, files that could not be read, and when
the indexer last saw a change there. These are the questions a person has when a
document does not turn up ("is that folder even indexed? is it done?").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QPalette

from desktop_search.gui.failure_reasons import translate_reason
from desktop_search.indexing.library_report import FolderHealth

_Index = QModelIndex | QPersistentModelIndex


class FoldersModel(QAbstractTableModel):
    """One row per folder; health numbers filled in when the catalog has been read."""

    FOLDER, INDEXED, PENDING, FAILED, LAST_CHANGE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folders: list[str] = []
        self._health: dict[str, FolderHealth] = {}

    def set_folders(self, folders: Sequence[str]) -> None:
        self.beginResetModel()
        self._folders = list(folders)
        self.endResetModel()

    def set_health(self, health: Sequence[FolderHealth]) -> None:
        self._health = {h.folder: h for h in health}
        if self._folders:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._folders) - 1, 4))

    def folders(self) -> list[str]:
        return list(self._folders)

    def health(self, folder: str) -> FolderHealth | None:
        return self._health.get(folder)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._folders)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._folders):
            return None
        folder = self._folders[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return folder
        h = self._health.get(folder)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.FOLDER:
            if h is not None and h.unavailable:
                return (
                    QCoreApplication.translate(
                        "FoldersModel", "%1\nNot available: %2. Its index is kept until it is back."
                    )
                    .replace("%1", folder)
                    .replace("%2", translate_reason(h.unavailable))
                )
            return folder
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and h is not None
            and h.unavailable
            and col == self.FOLDER
        ):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.FOLDER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.FOLDER:
            if h is not None and h.unavailable:
                return QCoreApplication.translate("FoldersModel", "%1 (not available)").replace(
                    "%1", folder
                )
            return folder
        if h is None:
            return "…"
        locale = QLocale()
        if col == self.INDEXED:
            return locale.toString(h.indexed)
        if col == self.PENDING:
            return locale.toString(h.pending)
        if col == self.FAILED:
            return locale.toString(h.failed)
        if h.last_change is None:
            return QCoreApplication.translate("FoldersModel", "never")
        when = QDateTime.fromSecsSinceEpoch(int(h.last_change))
        return locale.toString(when, QLocale.FormatType.ShortFormat)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("FoldersModel", "Folder"),
            QCoreApplication.translate("FoldersModel", "Indexed"),
            QCoreApplication.translate("FoldersModel", "To read"),
            QCoreApplication.translate("FoldersModel", "Could not read"),
            QCoreApplication.translate("FoldersModel", "Last change seen"),
        )[section]
