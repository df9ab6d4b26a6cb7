"""The status bar's indexing report: how far along, what it is reading, time left, pause.

Indexing a real folder takes minutes to hours, so the user should always see that it
is moving (files done of total, the file being read, passages embedded, time left),
be able to pause it when they need the CPU, and learn, without digging, that some
files could not be read. A crashed worker is reported in plain words here too.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from desktop_search.gui import theme
from desktop_search.indexing.progress import IndexProgress

# What ``IndexingClient.worker_crashed`` says, so it can be shown in the UI language.
_RESTARTING = re.compile(r"The indexer stopped unexpectedly \((.+)\)\. Restarting it\.")
_GAVE_UP = re.compile(r"The indexer keeps stopping unexpectedly \((.+)\); indexing is off.*", re.S)


class IndexStatus(QWidget):
    """Label, progress bar, pause/resume and the unreadable-files button."""

    pause_clicked = Signal()
    resume_clicked = Signal()
    failures_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexStatus")
        self.state = "stopped"
        self.progress: IndexProgress | None = None
        self.documents: int | None = None  # indexed documents, when known
        self.failed = 0
        self.for_battery = False  # paused because the computer is on its battery
        self.crash = ""
        self._crash_raw = ""

        self.label = QLabel(objectName="statusText")
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(objectName="statusProgress")
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(120)
        self.bar.setFixedHeight(8)
        self.pause_button = QToolButton(objectName="pauseButton")
        self.pause_button.setAutoRaise(True)
        self.pause_button.clicked.connect(self._toggle)
        self.failures_button = QToolButton(objectName="failuresButton")
        self.failures_button.setAutoRaise(True)
        self.failures_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.failures_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        )
        self.failures_button.clicked.connect(self.failures_clicked)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 4, 0)
        layout.setSpacing(8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.failures_button)
        self._refresh()

    # -- inputs ---------------------------------------------------------------------
    def set_state(self, state: str) -> None:
        self.state = state
        if state in ("indexing", "idle", "paused"):
            self.crash = ""
        self._refresh()

    def set_progress(self, progress: IndexProgress) -> None:
        self.progress = progress
        self.crash = ""
        self._refresh()

    def set_paused_for_battery(self, paused: bool) -> None:
        """Say why indexing is paused when the battery, not the person, paused it."""
        self.for_battery = paused
        self._refresh()

    def set_failed_count(self, n: int) -> None:
        self.failed = n
        self._refresh()

    def set_documents(self, n: int | None) -> None:
        self.documents = n
        self._refresh()

    def set_crash(self, message: str) -> None:
        """Show what the indexing client said about a stopped worker."""
        self._crash_raw = message
        self.crash = self._localize(message)
        self._refresh()

    def _localize(self, message: str) -> str:
        """The client's known crash sentences in the UI language; others as they are."""
        m = _RESTARTING.fullmatch(message)
        if m:
            return self.tr("The indexer stopped unexpectedly (%1). Restarting it.").replace(
                "%1", m.group(1)
            )
        m = _GAVE_UP.fullmatch(message)
        if m:
            return self.tr(
                "The indexer keeps stopping unexpectedly (%1); indexing is off until the app "
                "is restarted. Details are in the log."
            ).replace("%1", m.group(1))
        if message == "Indexing cannot run (see the log for details).":
            return self.tr("Indexing cannot run (see the log for details).")
        return message

    @property
    def busy(self) -> bool:
        """Indexing is running (not idle, paused or stopped)."""
        phase = self.progress.phase if self.progress else ""
        return self.state in ("starting", "indexing") and phase not in ("idle", "paused")

    # -- display --------------------------------------------------------------------
    def _toggle(self) -> None:
        if self.state == "paused":
            self.resume_clicked.emit()
        else:
            self.pause_clicked.emit()

    def _refresh(self) -> None:
        text = self.crash or self.describe()
        self.label.setText(text)
        self.label.setToolTip(text)
        waiting = self.busy and self.progress is not None and self.progress.phase == "waiting"
        warn = bool(self.crash) or waiting
        color = theme.warning_color(self.palette()).name() if warn else ""
        self.label.setStyleSheet(f"color: {color};" if color else "")
        p = self.progress
        show_bar = self.busy and p is not None and p.phase in ("reading", "embedding")
        self.bar.setVisible(show_bar)
        if show_bar and p is not None:
            self.bar.setValue(round(p.fraction * 1000))
        paused = self.state == "paused"
        self.pause_button.setVisible(paused or self.busy)
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setToolTip(
            self.tr("Continue indexing") if paused else self.tr("Pause indexing for now")
        )
        self.failures_button.setVisible(self.failed > 0)
        self.failures_button.setText(
            self.tr("1 file could not be read")
            if self.failed == 1
            else self.tr("%1 files could not be read").replace("%1", _n(self.failed))
        )
        self.failures_button.setToolTip(self.tr("Show which files and why"))

    def describe(self) -> str:
        """One line saying what indexing is doing."""
        p = self.progress
        if self.state == "starting":
            return self.tr("Starting the indexer…")
        if self.state == "restarting":
            return self.tr("The indexer stopped unexpectedly; starting it again…")
        if self.state == "stopped":
            return self.tr("Indexing is stopped")
        if self.state == "paused":
            if self.for_battery:
                return self.tr("Indexing paused while on battery power; it goes on when plugged in")
            if p is not None and p.files_total:
                return (
                    self.tr("Indexing paused at %1 of %2 files")
                    .replace("%1", _n(p.files_done))
                    .replace("%2", _n(p.files_total))
                )
            return self.tr("Indexing paused")
        if p is None or p.phase == "idle" or self.state == "idle":
            if self.documents is None:
                return self.tr("Up to date")
            return self.tr("Up to date · %1 documents").replace("%1", _n(self.documents))
        if p.phase == "scanning":
            return self.tr("Looking for new and changed files…")
        if p.phase == "waiting":
            # The worker puts the service's problem in ``current``, in plain words.
            reason = (p.current or "").strip()
            if not reason:
                return self.tr("Waiting for the embedding service…")
            return self.tr("Waiting for the embedding service: %1").replace("%1", reason)
        left = self._eta(p.eta_s)
        if p.phase == "reading":
            parts = [
                self.tr("Reading %1 of %2 files")
                .replace("%1", _n(p.files_done))
                .replace("%2", _n(p.files_total))
            ]
            if p.current:
                parts.append(p.current.replace("\\", "/").rsplit("/", 1)[-1])
        else:
            parts = [
                self.tr("Learning the meaning of %1 of %2 passages")
                .replace("%1", _n(p.chunks_embedded))
                .replace("%2", _n(p.chunks_total))
            ]
        if left:
            parts.append(left)
        return "  ·  ".join(parts)

    def _eta(self, seconds: float | None) -> str:
        """'about 3 min left' in the UI language; '' when unknown."""
        if seconds is None or seconds < 0:
            return ""
        if seconds < 60:
            return self.tr("less than a minute left")
        minutes = round(seconds / 60)
        if minutes < 60:
            return self.tr("about %1 min left").replace("%1", str(minutes))
        return (
            self.tr("about %1 h %2 min left")
            .replace("%1", str(minutes // 60))
            .replace("%2", str(minutes % 60))
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange):
            if self.crash:
                self.crash = self._localize(self._crash_raw)
            self._refresh()
        super().changeEvent(event)


def _n(value: int) -> str:
    return QLocale().toString(int(value))
