"""Paint one search result: icon, title, where it is, and the snippet with matched words marked.

Painting only (after qutebrowser's ``completiondelegate``): the data comes from
``models.results_model``. Snippets arrive as plain text with character spans; the
text is HTML-escaped *before* the spans are wrapped (``snippet_html``), because
documents contain ``<``, ``&`` and quotes, and are laid out by a ``QTextDocument``
so Chinese and English wrap correctly and the mark colours follow the palette. Long
snippets are cut to whole lines with an ellipsis rather than clipped mid-line, and
the row height is computed from the same layout, so nothing is cut off.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import QDateTime, QLocale, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_search.gui import icons, theme
from desktop_search.gui.models.results_model import Role
from desktop_search.search.snippets import Snippet

ELLIPSIS = "…"
MARK_OPEN = '<span class="hl">'
MARK_CLOSE = "</span>"

ICON_SIZE = 32
PAD_X = 12
PAD_Y = 9
GAP = 3
SNIPPET_LINES = 2

_Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: Snippet, *, cut: int | None = None) -> str:
    """The snippet as HTML: text escaped, highlight spans wrapped, ellipses where clipped.

    ``cut`` ends the text early (at a character offset) with an ellipsis, for fitting
    a fixed number of lines.
    """
    text = snippet.text
    clipped_end = snippet.clipped_end
    if cut is not None and cut < len(text):
        text, clipped_end = text[: max(0, cut)].rstrip(), True
    out: list[str] = [ELLIPSIS] if snippet.clipped_start else []
    pos = 0
    for start, end in snippet.highlights:
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out += [html.escape(text[pos:start], quote=False), MARK_OPEN]
        out += [html.escape(text[start:end], quote=False), MARK_CLOSE]
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    if clipped_end:
        out.append(ELLIPSIS)
    return "".join(out)


def _css(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexRgb)


class ResultDelegate(QStyledItemDelegate):
    """Draws the rows of a ``ResultsModel`` in a list view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: OrderedDict[tuple, QTextDocument] = OrderedDict()

    # -- text layout ------------------------------------------------------------------
    def _snippet_doc(
        self, snippet: Snippet, font: QFont, width: int, palette: QPalette
    ) -> QTextDocument:
        """A laid-out document of at most ``SNIPPET_LINES`` lines (cached)."""
        mark_bg, mark_fg = theme.mark_colors(palette)
        key = (snippet, font.key(), width, _css(mark_bg))
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        style = (
            f".hl {{ background-color: {_css(mark_bg)}; color: {_css(mark_fg)}; "
            "font-weight: 600; }"
        )

        def make(cut: int | None) -> QTextDocument:
            d = QTextDocument()
            d.setDocumentMargin(0)
            d.setDefaultFont(font)
            d.setDefaultStyleSheet(style)
            d.setHtml(snippet_html(snippet, cut=cut))
            d.setTextWidth(width)
            return d

        doc = make(None)
        doc.size()  # lays the document out; line counts are empty until then
        layout = doc.firstBlock().layout()
        if layout is not None and layout.lineCount() > SNIPPET_LINES:
            line = layout.lineAt(SNIPPET_LINES - 1)
            lead = 1 if snippet.clipped_start else 0
            cut = line.textStart() + line.textLength() - lead - 1
            for _ in range(12):  # shorten until the ellipsis fits on the last line
                doc = make(cut)
                doc.size()
                if doc.firstBlock().layout().lineCount() <= SNIPPET_LINES:
                    break
                cut -= 3
        self._docs[key] = doc
        if len(self._docs) > 300:
            self._docs.popitem(last=False)
        return doc

    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.08)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        return title, small, QFont(base)

    @staticmethod
    def _line_height(font: QFont) -> int:
        # Chinese glyphs come from a fallback font with taller ascent and descent than the
        # Latin one the metrics describe; leave them room so neither is clipped.
        return round(QFontMetrics(font).height() * 1.22)

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        view = self.parent()
        if width <= 0 and view is not None and hasattr(view, "viewport"):
            width = view.viewport().width()
        return max(120, width - PAD_X * 3 - ICON_SIZE)

    # -- Qt API -----------------------------------------------------------------------
    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title_font, small_font, body_font = self._fonts(option.font)
        height = PAD_Y * 2 + self._line_height(title_font) + GAP + self._line_height(small_font)
        snippet = index.data(Role.SNIPPET)
        if snippet is not None:
            doc = self._snippet_doc(snippet, body_font, self._text_width(option), option.palette)
            height += GAP + 2 + round(doc.size().height())
        elif index.data(Role.NAME_MATCH):
            height += GAP + self._line_height(small_font)
        if index.data(Role.MORE_PASSAGES):
            height += GAP + self._line_height(small_font)
        return QSize(option.rect.width() or 400, max(height, ICON_SIZE + PAD_Y * 2))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()  # we draw our own, larger
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        fg = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim = theme.dim_text(palette, selected=selected)
        title_font, small_font, body_font = self._fonts(opt.font)
        rect = opt.rect

        # separator between rows (not under the selection, which has its own shape)
        if not selected:
            painter.setPen(theme.mix(palette.color(QPalette.ColorRole.Base), fg, 0.09))
            painter.drawLine(
                rect.left() + PAD_X, rect.bottom(), rect.right() - PAD_X, rect.bottom()
            )

        icon = icons.file_icon(icons.file_kind(index.data(Role.SUFFIX) or ""))
        icon.paint(
            painter, QRect(rect.left() + PAD_X, rect.top() + PAD_Y + 1, ICON_SIZE, ICON_SIZE)
        )

        x = rect.left() + PAD_X * 2 + ICON_SIZE
        right = rect.right() - PAD_X
        y = rect.top() + PAD_Y

        # line 1: title, file name, language tag, relevance
        line_h = self._line_height(title_font)
        bar_w = 36
        badge_right = right - bar_w - 8
        tag = index.data(Role.LANGUAGE_TAG) or ""
        if tag:
            badge_right = self._paint_tag(painter, tag, small_font, badge_right, y, line_h, dim) - 8
        if index.data(Role.RELATED):
            related = self.tr("related")
            left = self._paint_badge(painter, related, small_font, badge_right, y, line_h, dim)
            badge_right = left - 8
        self._paint_relevance(
            painter,
            index.data(Role.RELEVANCE) or 0.0,
            right - bar_w,
            y,
            line_h,
            bar_w,
            palette,
            selected,
        )
        title = index.data(Role.TITLE) or ""
        name = index.data(Role.FILE_NAME) or ""
        avail = badge_right - x
        fm_title = QFontMetrics(title_font)
        title_text = fm_title.elidedText(title, Qt.TextElideMode.ElideRight, avail)
        painter.setFont(title_font)
        painter.setPen(fg)
        painter.drawText(QRect(x, y, avail, line_h), Qt.AlignmentFlag.AlignVCenter, title_text)
        used = fm_title.horizontalAdvance(title_text)
        # The file name beside a document title, only when it fits whole: a name cut to
        # "ch04-….html" says nothing.
        if name and used + 10 + QFontMetrics(small_font).horizontalAdvance(name) <= avail:
            painter.setFont(small_font)
            painter.setPen(dim)
            painter.drawText(
                QRect(x + used + 10, y, avail - used - 10, line_h),
                Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        y += line_h + GAP

        # line 2: folder · page · modified
        small_h = self._line_height(small_font)
        fm_small = QFontMetrics(small_font)
        details = []
        page = index.data(Role.PAGE)
        if page:
            details.append(self.tr("page %1").replace("%1", str(page)))
        modified = index.data(Role.MODIFIED)
        if modified:
            date = QDateTime.fromSecsSinceEpoch(int(modified)).date()
            details.append(QLocale().toString(date, QLocale.FormatType.ShortFormat))
        also = index.data(Role.ALSO_AT) or ()
        if also:
            details.append(
                self.tr("also at %1").replace("%1", also[0].replace("\\", "/").rsplit("/", 1)[-1])
                + (f" +{len(also) - 1}" if len(also) > 1 else "")
            )
        tail = "  ·  ".join(details)
        tail_w = fm_small.horizontalAdvance(tail) + (16 if tail else 0)
        folder = fm_small.elidedText(
            index.data(Role.FOLDER) or "", Qt.TextElideMode.ElideMiddle, max(40, right - x - tail_w)
        )
        painter.setFont(small_font)
        painter.setPen(dim)
        painter.drawText(QRect(x, y, right - x, small_h), Qt.AlignmentFlag.AlignVCenter, folder)
        if tail:
            painter.drawText(
                QRect(x, y, right - x, small_h),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                tail,
            )
        y += small_h + GAP

        # snippet, then "n more passages"
        snippet = index.data(Role.SNIPPET)
        if snippet is not None:
            y += 2
            doc = self._snippet_doc(snippet, body_font, self._text_width(opt), palette)
            painter.translate(x, y)
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(QPalette.ColorRole.Text, fg)
            doc.documentLayout().draw(painter, ctx)
            painter.translate(-x, -y)
            y += round(doc.size().height()) + GAP
        elif index.data(Role.NAME_MATCH):
            italic = QFont(small_font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(dim)
            painter.drawText(
                QRect(x, y, right - x, small_h),
                Qt.AlignmentFlag.AlignVCenter,
                self.tr("The file name matches your search"),
            )
            y += small_h + GAP
        more = index.data(Role.MORE_PASSAGES) or 0
        if more:
            painter.setFont(small_font)
            painter.setPen(dim)
            text = (
                # Said, not offered: the preview beside the list shows them all.
                self.tr("1 more passage in the preview")
                if more == 1
                else self.tr("%1 more passages in the preview").replace("%1", str(more))
            )
            painter.drawText(QRect(x, y, right - x, small_h), Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def _paint_tag(
        self,
        painter: QPainter,
        tag: str,
        font: QFont,
        right: int,
        y: int,
        line_h: int,
        color: QColor,
    ) -> int:
        """A small outlined language badge ending at ``right``; returns its left edge."""
        label = {"zh": self.tr("Chinese"), "en": self.tr("English")}.get(tag, tag.upper())
        return self._paint_badge(painter, label, font, right, y, line_h, color)

    @staticmethod
    def _paint_badge(
        painter: QPainter,
        label: str,
        font: QFont,
        right: int,
        y: int,
        line_h: int,
        color: QColor,
    ) -> int:
        """A small outlined badge ending at ``right``; returns its left edge."""
        fm = QFontMetrics(font)
        w = fm.horizontalAdvance(label) + 12
        h = min(line_h - 2, fm.height() + 4)
        box = QRect(right - w, y + (line_h - h) // 2, w, h)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(color)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 4, 4)
        painter.setFont(font)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return box.left()

    @staticmethod
    def _paint_relevance(
        painter: QPainter,
        value: float,
        x: int,
        y: int,
        line_h: int,
        width: int,
        palette: QPalette,
        selected: bool,
    ) -> None:
        """A thin bar: how sure the match is (calibrated, not relative to the first hit)."""
        h = 4
        top = y + (line_h - h) // 2
        track = theme.mix(
            palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.14
        )
        fill = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track if not selected else theme.mix(fill, track, 0.6))
        painter.drawRoundedRect(x, top, width, h, 2, 2)
        painter.setBrush(fill)
        painter.drawRoundedRect(x, top, max(h, round(width * value)), h, 2, 2)
