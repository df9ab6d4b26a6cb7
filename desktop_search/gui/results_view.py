"""The result list widget: a list view with the result delegate and keyboard habits.

Enter opens the current document, Esc goes back to the search box, and rows are
laid out per pixel with heights from the delegate (snippets differ in length). The
context menu is the window's own actions, so menus, shortcuts and right-click agree.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPainter
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QStyleOptionViewItem, QWidget

from desktop_search.gui.delegates.result_delegate import ResultDelegate
from desktop_search.gui.models.results_model import ResultsModel
from desktop_search.search.hits import DocumentHit, Passage, SearchResult
from desktop_search.search.query import parse_query
from desktop_search.search.snippets import Snippet

#: What the rehearsal draws: Latin and Chinese text with a highlight, as real rows have.
_REHEARSAL_TEXT = "Rehearsal of a result row 预演一行结果 with a marked word."


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

    def rehearse(self) -> None:
        """Lay out and paint one made-up row off screen, once, before any answer arrives.

        The first answer after launch otherwise waits ~35 ms on one-time work in this
        thread (PySide building the Python enums the delegate reads, the rich-text
        engine, the Chinese fallback font): done while the window waits for the search
        process, it is not in the way of the first results.
        """
        snippet = Snippet(_REHEARSAL_TEXT, ((27, 29), (38, 44)))
        passage = Passage(0, 0, 0, len(_REHEARSAL_TEXT), 1, None, 1.0, snippet)
        hit = DocumentHit(
            "/rehearsal.pdf", "rehearsal.pdf", "/", "pdf", None, 0.0, 0, "zh", 1.0, (passage,)
        )
        model = ResultsModel(self)
        model.set_result(SearchResult(parse_query("rehearsal"), (hit,), 0.0, ()))
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        index = model.index(0, 0)
        width = max(400, self.viewport().width())
        option.rect = QRect(0, 0, width, 1)
        option.rect = QRect(0, 0, width, delegate.sizeHint(option, index).height())
        image = QImage(option.rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        model.deleteLater()

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
