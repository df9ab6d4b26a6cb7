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
    QProgressBar,
    QStyle,
    QToolButton,
    QWidget,
)

from desktop_search.gui import theme
from desktop_search.gui.elided_label import ElidedLabel
from desktop_search.gui.index_state_model import IndexStateModel
from desktop_search.indexing.index_state import (
    CHECKING,
    INCOMPLETE,
    PAUSED,
    READING,
    RESTARTING,
    STARTING,
    STOPPED,
    UP_TO_DATE,
    WAITING,
    IndexState,
)
from desktop_search.indexing.messages import IDLE, INDEXING
from desktop_search.indexing.progress import IndexProgress, SpaceCount

# What ``IndexingClient.worker_crashed`` says, so it can be shown in the UI language.
_RESTARTING = re.compile(r"The indexer stopped unexpectedly \((.+)\)\. Restarting it\.")
_GAVE_UP = re.compile(r"The indexer keeps stopping unexpectedly \((.+)\); indexing is off.*", re.S)


class IndexStatus(QWidget):
    """Label, progress bar, pause/resume and the unreadable-files button.

    It shows the window's ``IndexStateModel`` (its own when none is given), the same
    state the result area, the Folders dialog and Preferences show.
    """

    pause_clicked = Signal()
    resume_clicked = Signal()
    failures_clicked = Signal()

    def __init__(self, parent: QWidget | None = None, model: IndexStateModel | None = None):
        super().__init__(parent)
        self.setObjectName("indexStatus")
        self.model = model or IndexStateModel(self)
        self.model.changed.connect(self._on_state)
        self.failed = 0
        self.crash = ""
        self._crash_raw = ""

        # Cut in the middle, not at the end: the time left is what the end says ("about 1 m"
        # showed where the progress bar began).
        self.label = ElidedLabel(objectName="statusText")
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

    # -- the state shown ------------------------------------------------------------
    @property
    def index_state(self) -> IndexState:
        return self.model.state

    @property
    def state(self) -> str:
        """The worker's state (starting, indexing, paused, idle, restarting, stopped)."""
        return self.model.state.worker

    @property
    def progress(self) -> IndexProgress | None:
        return self.model.state.progress

    @property
    def documents(self) -> int | None:
        counts = self.model.state.counts
        return counts.documents if counts is not None else None

    @property
    def for_battery(self) -> bool:
        return self.model.state.for_battery

    @property
    def busy(self) -> bool:
        """Indexing is working (not starting, paused, done or stopped)."""
        return self.model.state.busy

    # -- inputs (forwarded to the model, so every view sees them) -------------------
    def set_state(self, state: str) -> None:
        if state in (INDEXING, IDLE, PAUSED):
            self.crash = ""
        self.model.set_worker(state)

    def set_progress(self, progress: IndexProgress) -> None:
        self.crash = ""
        self.model.set_progress(progress)

    def set_paused_for_battery(self, paused: bool) -> None:
        """Say why indexing is paused when the battery, not the person, paused it."""
        self.model.set_for_battery(paused)

    def set_failed_count(self, n: int) -> None:
        self.failed = n
        self._refresh()

    def set_documents(self, n: int | None) -> None:
        self.model.set_documents(n)

    def _on_state(self, _state: IndexState) -> None:
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

    # -- display --------------------------------------------------------------------
    def _toggle(self) -> None:
        if self.state == PAUSED:
            self.resume_clicked.emit()
        else:
            self.pause_clicked.emit()

    def _refresh(self) -> None:
        st = self.model.state
        text = self.crash or self.describe()
        self.label.setText(text)  # the whole of it in the tooltip
        warn = bool(self.crash) or st.phase == WAITING
        color = theme.warning_color(self.palette()).name() if warn else ""
        self.label.setStyleSheet(f"color: {color};" if color else "")
        self.bar.setVisible(st.shows_bar)
        if st.shows_bar:
            self.bar.setValue(round(st.fraction * 1000))
        self.pause_button.setVisible(st.can_pause or st.can_resume)
        self.pause_button.setText(self.tr("Resume") if st.can_resume else self.tr("Pause"))
        self.pause_button.setToolTip(
            self.tr("Continue indexing") if st.can_resume else self.tr("Pause indexing for now")
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
        st = self.model.state
        phase, p = st.phase, st.progress
        if phase == STARTING:
            return self.tr("Starting the indexer…")
        if phase == RESTARTING:
            return self.tr("The indexer stopped unexpectedly; starting it again…")
        if phase == STOPPED:
            return self.tr("Indexing is stopped")
        if phase == PAUSED:
            if st.for_battery:
                return self.tr("Indexing paused while on battery power; it goes on when plugged in")
            if p is not None and p.files_total and p.files_done < p.files_total:
                return (
                    self.tr("Indexing paused at %1 of %2 files")
                    .replace("%1", _n(p.files_done))
                    .replace("%2", _n(p.files_total))
                )
            if st.passages_waiting:
                return self.tr("Indexing paused; %1 passages still to learn").replace(
                    "%1", _n(st.passages_waiting)
                )
            return self.tr("Indexing paused")
        if phase == UP_TO_DATE:
            if self.documents is None:
                return self.tr("Up to date")
            return self.tr("Up to date · %1 documents").replace("%1", _n(self.documents))
        if phase == INCOMPLETE:
            counts = st.counts
            assert counts is not None
            if counts.files_pending:
                return self.tr("%1 files are still to be read").replace(
                    "%1", _n(counts.files_pending)
                )
            return (
                self.tr("%1 documents · %2 passages not yet searchable by meaning")
                .replace("%1", _n(counts.documents))
                .replace("%2", _n(counts.passages_waiting))
            )
        if phase == CHECKING or p is None:
            return self.tr("Looking for new and changed files…")
        if phase == WAITING:
            # The worker puts the service's problem in ``current``, in plain words.
            reason = (p.current or "").strip()
            if not reason:
                return self.tr("Waiting for the embedding service…")
            return self.tr("Waiting for the embedding service: %1").replace("%1", reason)
        if phase == READING:
            parts = [
                self.tr("Reading %1 of %2 files")
                .replace("%1", _n(p.files_done))
                .replace("%2", _n(p.files_total))
            ]
            if p.current:
                parts.append(p.current.replace("\\", "/").rsplit("/", 1)[-1])
            return "  ·  ".join(parts)
        # embedding: each space on its own (one passage may need a vector in each)
        spaces = [s for s in st.spaces if s.total]
        if spaces:
            parts = [
                self.tr("Learning the meaning: %1").replace(
                    "%1",
                    "  ·  ".join(
                        self.tr("%1 %2 of %3 passages")
                        .replace("%1", self.space_label(s))
                        .replace("%2", _n(s.embedded))
                        .replace("%3", _n(s.total))
                        for s in spaces
                    ),
                )
            ]
        elif p.chunks_total:
            parts = [
                self.tr("Learning the meaning of %1 of %2 passages")
                .replace("%1", _n(p.chunks_embedded))
                .replace("%2", _n(p.chunks_total))
            ]
        else:
            parts = [self.tr("Learning the meaning of your documents…")]
        left = self._eta(st.eta_s)
        if left:
            parts.append(left)
        return "  ·  ".join(parts)

    def space_label(self, space: SpaceCount) -> str:
        """A vector space as a person thinks of it: by the languages it understands."""
        langs = set(space.languages)
        if langs == {"en"}:
            return self.tr("English")
        if langs == {"zh"}:
            return self.tr("Chinese")
        if langs == {"zh", "en"}:
            return self.tr("Chinese and English")
        return space.name

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
