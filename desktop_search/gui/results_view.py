"""The result list widget: a list view with the result delegate and keyboard habits.

Enter opens the current document, Esc goes back to the search box, and rows are
laid out per pixel with heights from the delegate (snippets differ in length). The
context menu is the window's own actions, so menus, shortcuts and right-click agree.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget

from desktop_search.gui.delegates.result_delegate import ResultDelegate


class ResultsView(QListView):
    """One row per document; emits what the keyboard and mouse ask for."""

    open_requested = Signal()
    copy_requested = Signal()
    back_to_search = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        self.setItemDelegate(ResultDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # Rows are laid out a screenful at a time: each row's height comes from laying
        # out its snippet (~1.5 ms), and the first answer at launch waited ~60 ms for all.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(8)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setMouseTracking(True)
        self.verticalScrollBar().setSingleStep(24)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.currentIndex().isValid():
                self.open_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.back_to_search.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.scheduleDelayedItemsLayout()  # row heights depend on both
        super().changeEvent(event)
