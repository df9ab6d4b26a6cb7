"""The main window: search box on top, results beside a preview, indexing in the status bar.

This module builds the window and wires the parts together; it does no searching,
indexing or painting itself. Its concerns live beside it: ``window_menus`` (actions,
menus, Preferences), ``window_pages`` (which page the result area shows, what a result
opens) and ``window_indexing`` (folders, settings, pause, the catalog's counts).
Searching goes through ``SearchController``, indexing through the ``IndexingClient``
it is given, catalog reads through ``CatalogReader``, and opening files through an
injectable ``Opener``, so a test can drive the real window.

Where the desktop has a notification area the window also owns the tray icon
(``tray``); closing the window then leaves the app running there only if the person
chose that in Preferences, since everywhere else closing the last window quits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_search.gui import icons, theme
from desktop_search.gui import tray as system_tray
from desktop_search.gui.battery_pause import BatteryPause
from desktop_search.gui.catalog_reader import CatalogReader
from desktop_search.gui.elided_label import ElidedLabel
from desktop_search.gui.empty_state import EmptyState
from desktop_search.gui.filters import FilterBar
from desktop_search.gui.index_state_model import IndexStateModel
from desktop_search.gui.models.failures_model import FailuresModel
from desktop_search.gui.models.folders_model import FoldersModel
from desktop_search.gui.models.results_model import ResultsModel
from desktop_search.gui.preview import PreviewPane
from desktop_search.gui.result_notice import ResultNotice
from desktop_search.gui.results_view import ResultsView
from desktop_search.gui.search_box import SearchBox
from desktop_search.gui.search_controller import SearchController
from desktop_search.gui.status import IndexStatus
from desktop_search.gui.ui_state import UiState
from desktop_search.gui.window_indexing import IndexingControl
from desktop_search.gui.window_menus import WindowMenus, quit_keys
from desktop_search.gui.window_pages import MODES, PAGE_EMPTY, PAGE_LIST, WindowPages
from desktop_search.indexing.index_state import LibraryCounts
from desktop_search.indexing.messages import PAUSED
from desktop_search.paths import app_paths
from desktop_search.settings import load_settings

if TYPE_CHECKING:  # made when first needed (imported then, not before the first paint)
    from desktop_search.gui.errors_dialog import ErrorsDialog
    from desktop_search.gui.folders_dialog import FoldersDialog
    from desktop_search.gui.opener import Opener

log = logging.getLogger(__name__)

__all__ = ["MODES", "PAGE_EMPTY", "PAGE_LIST", "MainWindow", "quit_keys"]


class MainWindow(WindowMenus, WindowPages, IndexingControl, QMainWindow):
    """The one window of the app."""

    finished = Signal()  # closed for good (not just hidden in the tray): the app may quit

    def __init__(
        self,
        home: str | Path | None = None,
        *,
        client: Any | None = None,
        opener: Opener | None = None,
        parent: QWidget | None = None,
        search_service: Any | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.home = home
        self.paths = app_paths(home)
        self.settings = load_settings(self.paths.settings_file)  # read only: see _change_settings
        self._saved_settings = self.settings  # as the settings file holds them, last we heard
        self.client = client
        self._opener = opener
        self.ui_state = UiState(home)
        self.reader = CatalogReader(home, self)
        self.search = SearchController(home, self, service=search_service)
        self.results = ResultsModel(self)
        self.failures = FailuresModel(self)
        self.folders_model = FoldersModel(self)
        self.stats: LibraryCounts | None = None
        # The one account of indexing that the status bar, this window's pages, the
        # Folders dialog and Preferences all show.
        self.index_state = IndexStateModel(self)
        self.last_result: Any = None
        self.search_error = ""
        self._folders_dialog: FoldersDialog | None = None
        self._errors_dialog: ErrorsDialog | None = None
        self._preferences_dialog: Any = None
        self.tray: system_tray.Tray | None = None
        self._quitting = False  # Quit was chosen: closing must not just hide the window
        self._closed = False
        self._warmed = False
        self._refresh_timer = QTimer(self, singleShot=True, interval=800)
        self._refresh_timer.timeout.connect(self.refresh_from_catalog)
        self.battery = BatteryPause(
            self.pause_indexing,
            self.resume_indexing,
            lambda: self.status.state == PAUSED,
            enabled=self.settings.pause_on_battery,
            parent=self,
        )

        self.setWindowIcon(icons.app_icon())
        self._build()
        self._build_actions()
        self._connect()
        self.retranslate()
        self._restore_state()
        self._update_page()
        self.search_box.setFocus()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_box = SearchBox()
        self.mode = QComboBox(objectName="modeSelector")
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mode.setMinimumHeight(self.search_box.minimumHeight())
        self.filter_bar = FilterBar()
        # "8 documents · 31 ms" first; a team library's note after it, cut at its end (two
        # notes cut the count off), whole in the tooltip.
        self.summary = ElidedLabel(mode=Qt.TextElideMode.ElideRight, objectName="resultSummary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QWidget(objectName="searchArea")
        search_row = QHBoxLayout()
        search_row.setSpacing(8)
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.mode)
        filter_row = QHBoxLayout()
        filter_row.setSpacing(8)
        filter_row.addWidget(self.filter_bar)
        filter_row.addWidget(self.summary, 1)
        column = QVBoxLayout(top)
        column.setContentsMargins(12, 10, 12, 8)
        column.setSpacing(8)
        column.addLayout(search_row)
        column.addLayout(filter_row)

        self.list = ResultsView()
        self.list.setModel(self.results)
        self.notice = ResultNotice()
        list_page = QWidget()
        list_column = QVBoxLayout(list_page)
        list_column.setContentsMargins(0, 0, 0, 0)
        list_column.setSpacing(0)
        list_column.addWidget(self.notice)
        list_column.addWidget(self.list, 1)
        self.empty = EmptyState()
        self.pages = QStackedWidget(objectName="resultPages")
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.empty)
        self.preview = PreviewPane(self.reader)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="splitter")
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.status = IndexStatus(model=self.index_state)
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().setSizeGripEnabled(True)
        self.resize(1120, 720)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self.search.set_text)
        self.search_box.navigate.connect(self._navigate)
        self.search_box.activated.connect(self._on_enter)
        self.mode.currentIndexChanged.connect(lambda i: self.set_mode(MODES[max(0, i)]))
        self.filter_bar.changed.connect(self.search.set_filters)
        self.search.results_ready.connect(self._on_results)
        self.search.failed.connect(self._on_search_failed)
        self.search.busy_changed.connect(lambda _busy: self._update_summary())
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.open_requested.connect(self.open_current)
        self.list.copy_requested.connect(self.copy_current_path)
        self.list.back_to_search.connect(self.focus_search)
        self.preview.open_requested.connect(self._open)
        self.preview.show_folder_requested.connect(self._show_in_folder)
        self.empty.choose_folder.connect(self.choose_and_add_folder)
        self.empty.clear_filters.connect(self.filter_bar.clear)
        self.empty.switch_mode.connect(self.set_mode)
        self.status.pause_clicked.connect(self.pause_indexing)
        self.status.resume_clicked.connect(self.resume_by_person)
        self.battery.changed.connect(self._on_battery_pause)
        self.status.failures_clicked.connect(self.show_failures)
        if self.client is not None:
            self.client.progress.connect(self._on_progress)
            self.client.state_changed.connect(self._on_state)
            self.client.file_failed.connect(self._on_file_failed)
            self.client.worker_crashed.connect(self.status.set_crash)
            self.client.index_changed.connect(self._on_index_changed)
            self.client.settings_changed.connect(self._on_settings_changed)
            self.client.spaces_dropped.connect(self._on_spaces_dropped)
            self.status.set_state(self.client.state)

    # -- start and stop -------------------------------------------------------------------
    def start(self, worker_delay_ms: int = 0) -> None:
        """Start background work once the window is on screen (the indexing worker after
        ``worker_delay_ms``: see IndexingClient.start)."""
        # What can wait until the worker starts does (the tray icon's show took ~20 ms
        # and psutil's import ~10 ms of the window's thread while the first answer came).
        if self.client is not None:
            self.client.start(worker_delay_ms)
            _then(worker_delay_ms, self.battery.start)
        _then(worker_delay_ms, self.ensure_tray)
        self.refresh_from_catalog()
        self.refresh_subfolders()
        # While the first question is being answered (the window is on screen by now).
        QTimer.singleShot(0, self.list.rehearse)
        if self.settings.folders:
            # Load the models now so the first query is quick; the window does not wait.
            QTimer.singleShot(1500, self._warm_up_once)

    def _warm_up_once(self) -> None:
        if not self._warmed:
            self._warmed = True
            self.search.warm_up()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        if not self._quitting and self.keeps_running_in_tray():
            event.ignore()
            self._save_state()
            self.hide()
            self._tray_notice_once()
            return
        self._closed = True
        self._save_state()
        # Gone from the screen at once; the background processes stop behind it.
        for dialog in (self._folders_dialog, self._errors_dialog, self._preferences_dialog):
            if dialog is not None:
                dialog.close()
        self.hide()
        if self.tray is not None:
            self.tray.dispose()
        if self.client is not None:
            self.client.begin_stop()  # the worker winds down while the rest closes
        self.search.shutdown()
        self.reader.close()
        if self.client is not None:
            self.client.stop()
        super().closeEvent(event)
        self.finished.emit()

    def quit_app(self) -> None:
        """Close the window and stop the app, even when it would keep running in the tray."""
        self._quitting = True
        self.close()

    def bring_forward(self, query: str = "") -> None:
        """Show the window (from the tray, or a second launch) with the search box ready,
        searching ``query`` if one is given."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if query and query != self.search.text:
            self.search_box.setText(query)
            self.search.search_now()  # the whole query is here: no typing to wait for
        self.focus_search()

    @property
    def opener(self) -> Opener:
        """What opens documents: the system's viewers unless a test gave its own."""
        if self._opener is None:
            from desktop_search.gui.opener import SystemOpener  # Qt's process and URL types

            self._opener = SystemOpener(self)
            self._opener.failed.connect(self._opened_nothing)
        return self._opener

    # -- tray -----------------------------------------------------------------------------
    def ensure_tray(self) -> bool:
        """Put the icon in the notification area if the desktop has one; True if it is there."""
        if self.tray is not None:
            return True
        if not system_tray.available():
            return False
        self.tray = system_tray.Tray(self)
        self.tray.search_requested.connect(self.bring_forward)
        self.tray.pause_toggled.connect(self.toggle_pause)
        self.tray.preferences_requested.connect(self.show_preferences)
        self.tray.quit_requested.connect(self.quit_app)
        self._update_tray()
        self.tray.show()
        # The app now lives on while its window is hidden; ``finished`` ends it instead.
        QApplication.setQuitOnLastWindowClosed(False)
        return True

    def keeps_running_in_tray(self) -> bool:
        """Closing the window hides it: the person asked for this and a tray is there
        (made now if closing came before ``start`` made it)."""
        return self.ui_state.flag("keep_in_tray") and self.ensure_tray()

    def _update_tray(self) -> None:
        if self.tray is not None:
            self.tray.set_paused(self.status.state == PAUSED)
            self.tray.set_status(self.status.label.text())

    def _tray_notice_once(self) -> None:
        if self.tray is None or self.ui_state.flag("tray_notice_shown"):
            return
        shown = self.tray.notify(
            self.tr("Desktop Search is still running"),
            self.tr(
                "It keeps your folders indexed in the background. Click its icon to search, "
                "or choose Quit from the icon's menu to stop it."
            ),
        )
        if shown:
            self.ui_state.set_flag("tray_notice_shown", True)
            self.ui_state.sync()

    def _restore_state(self) -> None:
        geometry = self.ui_state.bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.ui_state.bytes("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([640, 480])
        self.filter_bar.set_folders(self.settings.folders)
        self.filter_bar.restore(self.ui_state.filters(), emit=False)
        self.search.filters = self.filter_bar.filters()
        mode = self.ui_state.text("mode", "hybrid")
        self.set_mode(mode if mode in MODES else "hybrid")
        if self.ui_state.text("preview", "1") == "0":
            self.act_preview.setChecked(False)
            self.preview.hide()

    def _save_state(self) -> None:
        self.ui_state.set_bytes("geometry", self.saveGeometry())
        self.ui_state.set_bytes("splitter", self.splitter.saveState())
        self.ui_state.set_filters(self.filter_bar.state())
        self.ui_state.set_text("mode", self.search.mode)
        self.ui_state.set_text("preview", "1" if self.act_preview.isChecked() else "0")
        self.ui_state.sync()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._style()
        super().changeEvent(event)

    def _style(self) -> None:
        palette = self.palette()
        line = theme.mix(
            palette.color(palette.ColorRole.Window),
            palette.color(palette.ColorRole.WindowText),
            0.18,
        ).name()
        self.splitter.setStyleSheet(f"QSplitter::handle {{ background: {line}; }}")
        self.summary.setStyleSheet(f"color: {theme.dim_text(palette).name()};")

    def showEvent(self, event) -> None:
        self._style()
        super().showEvent(event)


def _then(delay_ms: int, slot) -> None:
    """Call ``slot`` after ``delay_ms`` from the event loop, or now when there is no delay."""
    if delay_ms > 0:
        QTimer.singleShot(delay_ms, slot)
    else:
        slot()
