"""Files that could not be read, with the reason, as a table model.

The list starts from the catalog (files whose status is "failed") and grows with the
worker's live ``file_failed`` reports, one row per path (a newer reason replaces an
older one), so the count in the status bar and the dialog always agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop_search.gui import icons
from desktop_search.gui.failure_reasons import translate_reason

_Index = QModelIndex | QPersistentModelIndex


class FailuresModel(QAbstractTableModel):
    """Rows of (file name, folder, reason), sorted by path."""

    NAME, FOLDER, REASON = 0, 1, 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []

    def set_failures(self, failures: Iterable[tuple[str, str]]) -> None:
        """Replace the list (from the catalog)."""
        self.beginResetModel()
        self._rows = sorted(dict(failures).items())
        self.endResetModel()

    def add(self, path: str, reason: str) -> None:
        """One more failure reported live (or a new reason for a known path)."""
        for i, (known, _) in enumerate(self._rows):
            if known == path:
                self._rows[i] = (path, reason)
                self.dataChanged.emit(self.index(i, 0), self.index(i, 2))
                return
        pos = sum(1 for known, _ in self._rows if known < path)
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, (path, reason))
        self.endInsertRows()

    def retranslate(self) -> None:
        """The interface language changed: the reasons read differently now."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 2))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)

    def rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        path, reason = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return os.path.basename(path)
            return os.path.dirname(path) if col == self.FOLDER else translate_reason(reason)
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate_reason(reason) if col == self.REASON else path
        if role == Qt.ItemDataRole.DecorationRole and col == self.NAME:
            return icons.file_icon(icons.file_kind(os.path.splitext(path)[1]))
        if role == Qt.ItemDataRole.UserRole:
            return path
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("FailuresModel", "File"),
            QCoreApplication.translate("FailuresModel", "Folder"),
            QCoreApplication.translate("FailuresModel", "Why it could not be read"),
        )[section]
