"""The preview pane: the selected document's matching passages in their surrounding text.

A snippet in the list is two lines; deciding whether a document is the right one often
needs the paragraph around it. The text around each passage is read from the catalog
(``search/passage_context.py``) on the reader thread, the passage gets a faint wash and the
query's words the same marks as in the list, and the best passage is scrolled into
view. The text goes in as plain text with character formats, never as HTML, so
markup inside documents shows as written.
"""

from __future__ import annotations

import functools
import itertools

from PySide6.QtCore import QDateTime, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_search.gui import theme
from desktop_search.gui.catalog_reader import CatalogReader
from desktop_search.gui.elided_label import ElidedLabel
from desktop_search.search.hits import DocumentHit
from desktop_search.search.passage_context import Section, read_opening, read_sections


class PreviewPane(QWidget):
    """Header (title, path, page, actions) over the text in context."""

    open_requested = Signal(str, object)  # path, page
    show_folder_requested = Signal(str)

    def __init__(self, reader: CatalogReader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self._reader = reader
        self._hit: DocumentHit | None = None
        self._query = ""
        self._phrases: tuple[str, ...] = ()
        self._serial = 0
        self.sections: list[Section] = []

        self.title = QLabel(objectName="previewTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path = ElidedLabel(objectName="previewPath")
        self.meta = QLabel(objectName="previewMeta")
        self.open_button = QPushButton(objectName="previewOpen")
        self.folder_button = QPushButton(objectName="previewFolder")
        self.open_button.clicked.connect(self._open)
        self.folder_button.clicked.connect(self._show_folder)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)

        self.text = QTextBrowser(objectName="previewText")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.document().setDocumentMargin(12)

        header = QWidget(objectName="previewHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(14, 12, 14, 8)
        head.setSpacing(4)
        head.addWidget(self.title)
        head.addWidget(self.path)
        head.addWidget(self.meta)
        head.addSpacing(4)
        head.addLayout(buttons)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.text, 1)

        self.placeholder = QLabel(objectName="previewEmpty")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.placeholder.setMargin(24)
        self.placeholder.setBackgroundRole(QPalette.ColorRole.Base)
        self.placeholder.setAutoFillBackground(True)

        self._stack = QStackedWidget()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        self.retranslate()
        self._style_dim_labels()

    # -- texts ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the document (Enter)"))
        self.folder_button.setText(self.tr("Show in folder"))
        self.folder_button.setToolTip(self.tr("Open the folder that holds it (Ctrl+Shift+O)"))
        self.placeholder.setText(self.tr("Select a result to read it in context here."))
        if self._hit is not None:
            self._fill_header(self._hit)
            self._render()

    def _style_dim_labels(self) -> None:
        color = theme.dim_text(self.palette()).name()
        for label in (self.path, self.meta, self.placeholder):
            label.setStyleSheet(f"color: {color};")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._style_dim_labels()
            self._render()
        super().changeEvent(event)

    # -- showing a hit ----------------------------------------------------------------
    def show_hit(
        self, hit: DocumentHit | None, query: str = "", phrases: tuple[str, ...] = ()
    ) -> None:
        """Show ``hit`` in context (None: the placeholder)."""
        self._serial += 1
        if hit is None:
            self._hit, self.sections = None, []
            self._stack.setCurrentIndex(0)
            return
        same = self._hit is not None and self._hit.path == hit.path and self._query == query
        self._hit, self._query, self._phrases = hit, query, phrases
        self._fill_header(hit)
        self._stack.setCurrentIndex(1)
        if not same:
            self.text.clear()
        serial = self._serial
        if hit.passages:
            read = functools.partial(read_sections, hit=hit, query=query, phrases=phrases)
        else:  # found by its name: its beginning
            read = functools.partial(read_opening, hit=hit)
        self._reader.read(
            read,
            lambda sections, error: self._on_sections(serial, sections, error),
            default=[],
        )

    @property
    def hit(self) -> DocumentHit | None:
        return self._hit

    def _fill_header(self, hit: DocumentHit) -> None:
        self.title.setText(" ".join((hit.title or "").split()) or hit.name)
        self.path.setText(hit.path)
        bits = []
        if hit.page:
            bits.append(self.tr("Page %1").replace("%1", str(hit.page)))
        date = QDateTime.fromSecsSinceEpoch(int(hit.modified))
        bits.append(
            self.tr("Modified %1").replace(
                "%1", QLocale().toString(date, QLocale.FormatType.ShortFormat)
            )
        )
        bits.append(QLocale().formattedDataSize(hit.size))
        self.meta.setText("  ·  ".join(bits))

    def _on_sections(self, serial: int, sections: list[Section] | None, error: object) -> None:
        if serial != self._serial:
            return  # the selection moved on
        self.sections = list(sections or [])
        self._render(error=error is not None)

    def _render(self, *, error: bool = False) -> None:
        """Lay the sections out in the text view and scroll to the best passage."""
        view = self.text
        view.clear()
        cursor = QTextCursor(view.document())
        palette = self.palette()
        normal = QTextCharFormat()
        normal.setForeground(palette.color(palette.ColorRole.Text))
        dim = QTextCharFormat()
        dim.setForeground(theme.dim_text(palette))
        small = QTextCharFormat(dim)
        small.setFontPointSize(self.font().pointSizeF() * 0.92)
        by_name = self._hit is not None and not self._hit.passages
        if by_name and not self.sections:
            cursor.insertText(self.tr("This document matched by its file name."), dim)
            return
        if error:
            cursor.insertText(self.tr("The text of this document could not be read."), dim)
            return
        wash = QTextCharFormat(normal)
        wash.setBackground(theme.passage_color(palette))
        mark_bg, mark_fg = theme.mark_colors(palette)
        target = None
        spacing = QTextBlockFormat()
        spacing.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        for i, section in enumerate(self.sections):
            if i:
                cursor.insertBlock(spacing)
                cursor.insertBlock(spacing)
            else:
                cursor.setBlockFormat(spacing)
            heading = []
            if section.page:
                heading.append(self.tr("Page %1").replace("%1", str(section.page)))
            if section.location:
                heading.append(section.location)
            if by_name:
                label = self.tr("Matched by its file name · how it begins")
            else:
                label = self.tr("Best match") if i == 0 else self.tr("Also matches")
            cursor.insertText(" · ".join([label, *heading]), small)
            cursor.insertBlock(spacing)
            text, passages = section.text, section.passages
            if section.clipped_start:
                cursor.insertText("… ", dim)
            base = cursor.position()
            # Write runs: outside the passages plain, inside washed, query words marked.
            edges = {0, len(text), *(x for span in (*passages, *section.marks) for x in span)}
            for a, b in itertools.pairwise(sorted(edges)):
                inside = any(pa <= a < pb for pa, pb in passages)
                fmt = QTextCharFormat(wash if inside else normal)
                if any(s <= a and b <= e for s, e in section.marks):
                    fmt.setBackground(mark_bg)
                    fmt.setForeground(mark_fg)
                    fmt.setFontWeight(QFont.Weight.DemiBold)
                cursor.insertText(text[a:b], fmt)
            if section.clipped_end:
                cursor.insertText(" …", dim)
            if target is None and passages:
                pa, pb = passages[0]
                first = next((s for s, _ in section.marks if pa <= s < pb), pa)
                target = base + first
        if target is not None:
            self._scroll_to(target)

    def _scroll_to(self, position: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        self.text.setTextCursor(cursor)
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        # Put the match about a third of the way down rather than at the very edge.
        bar.setValue(bar.value() + rect.top() - self.text.viewport().height() // 3)

    # -- actions ----------------------------------------------------------------------
    def _open(self) -> None:
        if self._hit is not None:
            self.open_requested.emit(self._hit.path, self._hit.page)

    def _show_folder(self) -> None:
        if self._hit is not None:
            self.show_folder_requested.emit(self._hit.path)
