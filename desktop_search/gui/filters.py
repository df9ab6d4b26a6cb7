"""Narrow the results: kind of file, folder, and how recently it changed.

Three small drop-downs beside the search box, turned into the engine's
``SearchFilters``. Kinds of file are groups a person thinks in ("Word and office
documents"), not extensions; the groups map to the extensions the readers handle.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from desktop_search.search.filters import SearchFilters

# kind -> extensions; "code" is every other text format the readers handle.
KINDS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "doc": ("docx", "odt", "ott", "rtf"),
    "text": (
        "txt",
        "text",
        "md",
        "markdown",
        "mdown",
        "mkd",
        "mkdn",
        "rst",
        "adoc",
        "asciidoc",
        "org",
        "tex",
        "log",
    ),
    "web": ("html", "htm", "xhtml", "shtml"),
    "ebook": ("epub",),
    "code": (),
}

PERIODS: dict[str, float] = {
    "day": 86400.0,
    "week": 7 * 86400.0,
    "month": 31 * 86400.0,
    "year": 366 * 86400.0,
}


def kind_suffixes(kind: str) -> tuple[str, ...]:
    """Extensions for a kind of file ("" = any)."""
    if kind == "code":
        from desktop_search.extract import SUPPORTED_SUFFIXES

        named = {s for group in KINDS.values() for s in group}
        return tuple(
            sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES if s.lstrip(".") not in named)
        )
    return KINDS.get(kind, ())


def make_filters(kind: str, folder: str, period: str, *, now: float | None = None) -> SearchFilters:
    """The engine's filters for the three choices ("" = no restriction)."""
    since = None
    if period in PERIODS:
        since = (now if now is not None else time.time()) - PERIODS[period]
    return SearchFilters(
        folders=(folder,) if folder else (),
        suffixes=kind_suffixes(kind),
        modified_after=since,
    )


class FilterBar(QWidget):
    """The three drop-downs; ``changed`` carries the new ``SearchFilters``."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(objectName="kindFilter")
        self.folder = QComboBox(objectName="folderFilter")
        self.period = QComboBox(objectName="periodFilter")
        self._label = QLabel()
        self._folders: tuple[str, ...] = ()
        self._subfolders: dict[str, tuple[str, ...]] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._label)
        for combo in (self.kind, self.folder, self.period):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            combo.currentIndexChanged.connect(self._emit)
            layout.addWidget(combo)
        self.folder.setMaximumWidth(260)
        self._quiet = False
        self.retranslate()

    # -- contents -------------------------------------------------------------------
    def retranslate(self) -> None:
        state = self.state()
        self._quiet = True
        self._label.setText(self.tr("Show:"))
        self.kind.clear()
        for key, label in (
            ("", self.tr("All kinds")),
            ("pdf", self.tr("PDF")),
            ("doc", self.tr("Word and office documents")),
            ("text", self.tr("Text and notes")),
            ("web", self.tr("Web pages")),
            ("ebook", self.tr("E-books")),
            ("code", self.tr("Code and data")),
        ):
            self.kind.addItem(label, key)
        self.period.clear()
        for key, label in (
            ("", self.tr("Any time")),
            ("day", self.tr("Past day")),
            ("week", self.tr("Past week")),
            ("month", self.tr("Past month")),
            ("year", self.tr("Past year")),
        ):
            self.period.addItem(label, key)
        self._fill_folders()
        self._quiet = False
        self.restore(state, emit=False)

    def set_folders(self, folders: Sequence[str]) -> None:
        """The folders offered in the drop-down (the library's folders)."""
        folders = tuple(folders)
        if folders == self._folders:
            return
        state = self.state()
        self._folders = folders
        self._quiet = True
        self._fill_folders()
        self._quiet = False
        self.restore(state, emit=False)
        if state.get("folder") and self.folder.findData(state["folder"]) < 0:
            self._emit()  # the chosen folder is gone: the filter changed

    def set_subfolders(self, subfolders: Mapping[str, Sequence[str]]) -> None:
        """The folders inside each chosen folder that the drop-down offers too."""
        subfolders = {k: tuple(v) for k, v in subfolders.items()}
        if subfolders == self._subfolders:
            return
        state = self.state()
        self._subfolders = subfolders
        self._quiet = True
        self._fill_folders()
        self._quiet = False
        self.restore(state, emit=False)

    def _fill_folders(self) -> None:
        self.folder.clear()
        self.folder.addItem(self.tr("All folders"), "")
        for folder in self._folders:
            self.folder.addItem(Path(folder).name or folder, folder)
            self.folder.setItemData(self.folder.count() - 1, folder, Qt.ItemDataRole.ToolTipRole)
            base = folder.rstrip("/\\")
            for sub in self._subfolders.get(folder, ()):
                rel = sub[len(base) + 1 :].replace("\\", "/")
                depth = rel.count("/") + 1
                label = "\u2003" * depth + rel.rsplit("/", 1)[-1]  # em spaces: the tree
                self.folder.addItem(label, sub)
                self.folder.setItemData(self.folder.count() - 1, sub, Qt.ItemDataRole.ToolTipRole)

    # -- state ----------------------------------------------------------------------
    def state(self) -> dict[str, str]:
        return {
            "kind": self.kind.currentData() or "",
            "folder": self.folder.currentData() or "",
            "period": self.period.currentData() or "",
        }

    def restore(self, state: dict, *, emit: bool = True) -> None:
        """Select the choices in ``state`` (unknown values fall back to "any")."""
        self._quiet = True
        for combo, key in ((self.kind, "kind"), (self.folder, "folder"), (self.period, "period")):
            i = combo.findData(str(state.get(key) or ""))
            combo.setCurrentIndex(max(0, i))
        self._quiet = False
        if emit:
            self._emit()

    def clear(self) -> None:
        self.restore({})

    @property
    def active(self) -> bool:
        return any(self.state().values())

    def filters(self) -> SearchFilters:
        s = self.state()
        return make_filters(s["kind"], s["folder"], s["period"])

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit(self.filters())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
