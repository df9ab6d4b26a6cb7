"""What the result area says when there is nothing to list, so it always suggests a next step.

No folders yet: a welcome and a button to choose one. Still indexing and nothing
found yet: how far along it is. No results: fewer words, another mode, or clearing the
filters. Before typing: how many documents are ready to search. Each of these is one
``EmptyState.show_*`` call; the page is a plain centred column.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_search.gui import icons, theme
from desktop_search.indexing.progress import IndexProgress


class EmptyState(QWidget):
    """A centred icon, heading, explanation, optional progress and action buttons."""

    choose_folder = Signal()
    clear_filters = Signal()
    switch_mode = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.kind = ""
        self._args: dict = {}
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel(objectName="emptyHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.body = QLabel(objectName="emptyBody")
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(objectName="emptyProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedWidth(280)
        self.progress.setFixedHeight(8)
        self.primary = QPushButton(objectName="emptyPrimary")
        self.primary.setDefault(True)
        self.primary.setMinimumHeight(34)
        self.secondary = QPushButton(objectName="emptySecondary")
        self.tertiary = QPushButton(objectName="emptyTertiary")
        self.primary.clicked.connect(lambda: self._clicked("primary"))
        self.secondary.clicked.connect(lambda: self._clicked("secondary"))
        self.tertiary.clicked.connect(lambda: self._clicked("tertiary"))

        column = QVBoxLayout()
        column.setSpacing(10)
        column.addStretch(3)
        column.addWidget(self.icon)
        column.addSpacing(6)
        column.addWidget(self.heading)
        column.addWidget(self.body)
        column.addSpacing(6)
        column.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.primary, self.secondary, self.tertiary):
            buttons.addWidget(b)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(4)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(560)
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(holder, 4)
        outer.addStretch(1)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._dim_body()

    # -- states ---------------------------------------------------------------------
    def show_welcome(self) -> None:
        self._set("welcome")

    def show_indexing(
        self,
        progress: IndexProgress | None,
        paused: bool = False,
        documents: int | None = None,
        *,
        query: str = "",
    ) -> None:
        """Indexing is under way; ``query`` found nothing yet (if given)."""
        self._set("indexing", progress=progress, paused=paused, documents=documents, query=query)

    def show_no_results(
        self, query: str, mode: str, filtered: bool, missing: tuple[str, ...] = ()
    ) -> None:
        """Nothing to show; ``missing``: the typed words that no document contains."""
        self._set("no_results", query=query, mode=mode, filtered=filtered, missing=missing)

    def show_ready(self, documents: int | None, folders: int) -> None:
        self._set("ready", documents=documents, folders=folders)

    def show_error(self, message: str) -> None:
        self._set("error", message=message)

    def _set(self, kind: str, **args: object) -> None:
        self.kind, self._args = kind, args
        self._render()

    def _render(self) -> None:
        kind, a = self.kind, self._args
        icon_name, heading, body = "search", "", ""
        primary = secondary = tertiary = ""
        progress: float | None = None
        if kind == "welcome":
            heading = self.tr("Choose folders to search")
            body = self.tr(
                "Pick the folders that hold your documents: PDFs, Word files, notes, web "
                "pages, e-books, in Chinese or English. They are indexed on this computer "
                "and never leave it. Search by meaning as well as by keywords."
            )
            primary = self.tr("Choose a folder…")
        elif kind == "indexing":
            p: IndexProgress | None = a.get("progress")  # type: ignore[assignment]
            query = str(a.get("query") or "")
            if query:
                heading = self.tr("Nothing found for “%1” yet").replace("%1", _short(query))
            elif a.get("paused"):
                heading = self.tr("Indexing paused")
            else:
                heading = self.tr("Indexing your documents…")
            lines = []
            if p is not None and p.files_total:
                lines.append(
                    self.tr("%1 of %2 files read")
                    .replace("%1", QLocale().toString(p.files_done))
                    .replace("%2", QLocale().toString(p.files_total))
                )
            if p is not None and p.phase in ("reading", "embedding"):
                progress = p.fraction
            if query:
                lines.append(
                    self.tr("Not every document is indexed yet; results appear as they are.")
                )
            elif a.get("documents"):
                lines.append(
                    self.tr(
                        "%1 documents can be searched already; matches by meaning follow "
                        "as the text is understood."
                    ).replace("%1", QLocale().toString(int(a["documents"])))  # type: ignore[call-overload]
                )
            else:
                lines.append(
                    self.tr(
                        "You can search already: results appear as files are read, and "
                        "matches by meaning follow as the text is understood."
                    )
                )
            body = "\n".join(lines)
            icon_name = "index"
        elif kind == "no_results":
            query = str(a.get("query", ""))
            heading = self.tr("No documents match “%1”").replace("%1", _short(query))
            missing = tuple(a.get("missing") or ())  # type: ignore[arg-type]
            if missing:
                heading = self.tr("No document contains “%1”").replace(
                    "%1", _short(" ".join(missing))
                )
            hints = []
            if len(query.split()) > 3 or len(query) > 24:
                hints.append(self.tr("Try fewer or more general words."))
            if a.get("mode") == "keyword":
                hints.append(
                    self.tr("Keyword mode needs the exact words; try matching by meaning.")
                )
                secondary = self.tr("Search by meaning")
            elif a.get("mode") == "semantic":
                hints.append(self.tr("Meaning mode skips exact words; try keywords too."))
                secondary = self.tr("Search keywords and meaning")
            else:
                hints.append(self.tr("Check the spelling, or describe what the document is about."))
            if a.get("filtered"):
                hints.append(self.tr("Filters are on: they may hide what you are looking for."))
                tertiary = self.tr("Clear filters")
            body = "\n".join(hints)
        elif kind == "ready":
            docs = a.get("documents")
            heading = self.tr("What are you looking for?")
            if docs:
                body = self.tr(
                    "%1 documents are ready to search. Type words, a phrase or a question; "
                    "use ↑ ↓ to move through results and Enter to open one."
                ).replace("%1", QLocale().toString(int(docs)))  # type: ignore[arg-type]
            else:
                body = self.tr("Type words, a phrase or a question.")
        elif kind == "error":
            heading = self.tr("Search is not available right now")
            body = str(a.get("message", ""))
            icon_name = "error"
        self.heading.setText(heading)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        self.progress.setVisible(progress is not None)
        if progress is not None:
            self.progress.setValue(round(progress * 1000))
        for button, text in (
            (self.primary, primary),
            (self.secondary, secondary),
            (self.tertiary, tertiary),
        ):
            button.setText(text)
            button.setVisible(bool(text))
        self._set_icon(icon_name)

    def _set_icon(self, name: str) -> None:
        size = QSize(72, 72)
        if name == "error":
            icon = self.style().standardIcon(self.style().StandardPixmap.SP_MessageBoxWarning)
        else:
            icon = icons.app_icon()
        self.icon.setPixmap(icon.pixmap(size, self.devicePixelRatioF()))

    def _clicked(self, which: str) -> None:
        if self.kind == "welcome" and which == "primary":
            self.choose_folder.emit()
        elif self.kind == "no_results" and which == "secondary":
            self.switch_mode.emit("semantic" if self._args.get("mode") == "keyword" else "hybrid")
        elif self.kind == "no_results" and which == "tertiary":
            self.clear_filters.emit()

    def _dim_body(self) -> None:
        self.body.setStyleSheet(f"color: {theme.dim_text(self.palette()).name()};")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        elif event.type() == QEvent.Type.PaletteChange:
            self._dim_body()
        super().changeEvent(event)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
