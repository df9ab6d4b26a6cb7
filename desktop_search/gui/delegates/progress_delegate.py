"""Paint a table cell with room around its text and, where the model gives one, a thin bar.

Used by the Embedding page: a space's progress reads as "1,200 of 5,000 passages" and
a bar under it, so a glance down the column says which model is behind. Painting
only; the fraction comes from the model (``PROGRESS_ROLE``, None for no bar).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_search.gui import theme
from desktop_search.gui.models.spaces_model import PROGRESS_ROLE

PAD_X = 14  # extra width per cell, so neighbouring columns do not touch
BAR_HEIGHT = 3


class ProgressDelegate(QStyledItemDelegate):
    """Standard cell painting plus a progress bar along the bottom when the model has one."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + PAD_X, size.height() + 2 * BAR_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            return
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(4, 0, -PAD_X, -4)
        bar = QRect(rect.left(), rect.bottom() - BAR_HEIGHT + 1, rect.width(), BAR_HEIGHT)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        back = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        fill = text if selected else palette.color(QPalette.ColorRole.Highlight)
        painter.save()
        painter.fillRect(bar, theme.mix(back, text, 0.15))
        done = QRect(bar.left(), bar.top(), round(bar.width() * max(0.0, fraction)), BAR_HEIGHT)
        painter.fillRect(done, fill)
        painter.restore()
