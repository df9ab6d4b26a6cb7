"""Run work once a widget has been painted for the first time.

A zero-delay timer set before ``show`` fires *before* the first paint (Qt handles the
timer ahead of the paint request), so work meant to follow the window's appearance
would delay it instead. This waits for the paint itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            # Queued, so the paint that triggered this finishes first.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop right after ``widget`` is first painted."""
    widget.installEventFilter(_FirstPaint(widget, callback))
