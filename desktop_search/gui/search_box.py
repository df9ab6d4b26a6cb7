"""The search box: where typing goes, and from where the keyboard drives the results.

People keep their hands on the keyboard while searching, so the box forwards Up, Down,
Page Up and Page Down to the result list (focus stays in the box, typing continues),
Enter means "search now, or open the selected result", and Esc clears the query.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop_search.gui.first_paint import after_first_paint

_NAV_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class SearchBox(QLineEdit):
    """A line edit that hands navigation keys to the result list."""

    navigate = Signal(QKeyEvent)  # a key for the result list
    activated = Signal()  # Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        # After the first paint: the button's icon comes from the icon theme (18 ms to
        # look up), and it shows only once there is text to clear. (A zero timer would
        # run before the paint.)
        after_first_paint(self, lambda: self.setClearButtonEnabled(True))
        self.setMinimumHeight(34)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Search your documents: words, a phrase or a question"))
        self.setToolTip(
            self.tr(
                'Type words or a question. "Quotes" find an exact phrase; '
                "-word leaves out documents containing it."
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _NAV_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.navigate.emit(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
