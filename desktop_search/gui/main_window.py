"""The main window: search box on top, results beside a preview, indexing in the status bar.

This module wires the parts together and decides which page the result area shows
(welcome, indexing, no results, the list); it does no searching, indexing or painting
itself. Searching goes through ``SearchController``, indexing through the
``IndexingClient`` it is given, catalog reads through ``CatalogReader``, and opening
files through an injectable ``Opener``, so a test can drive the real window.

Where the desktop has a notification area the window also owns the tray icon
(``tray``); closing the window then leaves the app running there only if the person
chose that in Preferences, since everywhere else closing the last window quits.
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_search import __version__
from desktop_search.gui import icons, theme, translations
from desktop_search.gui import tray as system_tray
from desktop_search.gui.battery_pause import BatteryPause
from desktop_search.gui.catalog_reader import (
    CatalogReader,
    read_counts,
    read_failures,
    read_folder_health,
    read_subfolders,
)
from desktop_search.gui.empty_state import EmptyState
from desktop_search.gui.errors_dialog import ErrorsDialog
from desktop_search.gui.filters import FilterBar
from desktop_search.gui.folders_dialog import FoldersDialog, choose_folder
from desktop_search.gui.index_state_model import IndexStateModel
from desktop_search.gui.models.failures_model import FailuresModel
from desktop_search.gui.models.folders_model import FoldersModel
from desktop_search.gui.models.results_model import ResultsModel
from desktop_search.gui.opener import Opener, SystemOpener
from desktop_search.gui.preview import PreviewPane
from desktop_search.gui.result_notice import ResultNotice
from desktop_search.gui.results_view import ResultsView
from desktop_search.gui.search_box import SearchBox
from desktop_search.gui.search_controller import SearchController
from desktop_search.gui.status import IndexStatus
from desktop_search.gui.tasks import TaskRunner
from desktop_search.gui.ui_state import UiState
from desktop_search.indexing.index_state import LibraryCounts
from desktop_search.paths import HOME_ENV, AppPaths, app_paths
from desktop_search.settings import load_settings, save_settings

log = logging.getLogger(__name__)

MODES = ("hybrid", "semantic", "keyword")
PAGE_LIST, PAGE_EMPTY = 0, 1


class MainWindow(QMainWindow):
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
        self.settings = load_settings(self.paths.settings_file)
        self.client = client
        self.opener: Opener = opener or SystemOpener()
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
        self._writer: TaskRunner | None = None  # catalog changes made by the window itself
        self._refresh_timer = QTimer(self, singleShot=True, interval=800)
        self._refresh_timer.timeout.connect(self.refresh_from_catalog)
        self.battery = BatteryPause(
            self.pause_indexing,
            self.resume_indexing,
            lambda: self.status.state == "paused",
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
        self.ensure_tray()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_box = SearchBox()
        self.mode = QComboBox(objectName="modeSelector")
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mode.setMinimumHeight(self.search_box.minimumHeight())
        self.filter_bar = FilterBar()
        self.summary = QLabel(objectName="resultSummary")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

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

    def _action(self, slot, *keys: QKeySequence | str, name: str = "") -> QAction:
        action = QAction(self)
        if name:
            action.setObjectName(name)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_folders = a(self.show_folders, "Ctrl+,", name="actFolders")
        self.act_failures = a(self.show_failures, name="actFailures")
        self.act_pause = a(self.toggle_pause, name="actPause")
        self.act_rescan = a(self.rescan, name="actRescan")
        self.act_quit = a(self.quit_app, *quit_keys(), name="actQuit")
        self.act_preferences = a(self.show_preferences, name="actPreferences")
        self.act_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_find = a(self.focus_search, "Ctrl+F", "Ctrl+L", name="actFind")
        self.act_open = a(self.open_current, "Ctrl+O", name="actOpen")
        self.act_show_folder = a(self.show_current_in_folder, "Ctrl+Shift+O", name="actShowFolder")
        self.act_copy = a(self.copy_current_path, "Ctrl+Shift+C", name="actCopyPath")
        self.act_preview = a(self.toggle_preview, "F3", name="actPreview")
        self.act_preview.setCheckable(True)
        self.act_preview.setChecked(True)
        self.act_about = a(self.show_about, name="actAbout")

        self.mode_group = QActionGroup(self)
        self.mode_actions: dict[str, QAction] = {}
        for i, mode in enumerate(MODES, 1):
            act = a(lambda _c=False, m=mode: self.set_mode(m), f"Ctrl+{i}", name=f"actMode_{mode}")
            act.setCheckable(True)
            self.mode_group.addAction(act)
            self.mode_actions[mode] = act
        self.mode_actions["hybrid"].setChecked(True)

        self.lang_group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code in ("", *translations.LANGUAGES):
            act = a(
                lambda _c=False, c=code: self.set_language(c), name=f"actLang_{code or 'system'}"
            )
            act.setCheckable(True)
            self.lang_group.addAction(act)
            self.lang_actions[code] = act
        self.lang_actions.get(self.settings.ui_language, self.lang_actions[""]).setChecked(True)

        bar = self.menuBar()
        self.menu_file = _menu(
            bar.addMenu(""),
            self.act_folders,
            self.act_failures,
            None,
            self.act_pause,
            self.act_rescan,
            None,
            self.act_quit,
        )
        self.menu_edit = _menu(
            bar.addMenu(""),
            self.act_find,
            None,
            self.act_open,
            self.act_show_folder,
            self.act_copy,
            None,
            self.act_preferences,
        )
        self.menu_view = bar.addMenu("")
        self.menu_mode = _menu(self.menu_view.addMenu(""), *self.mode_actions.values())
        self.menu_view.addAction(self.act_preview)
        self.menu_view.addSeparator()
        self.menu_language = _menu(self.menu_view.addMenu(""), *self.lang_actions.values())
        self.menu_help = _menu(bar.addMenu(""), self.act_about)

        for act in (self.act_open, self.act_show_folder, self.act_copy):
            self.list.addAction(act)

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
            self.status.set_state(self.client.state)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Desktop Search"))
        self.mode.blockSignals(True)
        current = self.search.mode
        self.mode.clear()
        labels = self._mode_labels()
        for mode in MODES:
            self.mode.addItem(labels[mode], mode)
        self.mode.setCurrentIndex(MODES.index(current))
        self.mode.setToolTip(
            self.tr(
                "Meaning + keywords: the best of both (recommended).\n"
                "Meaning only: finds text that says the same thing in other words.\n"
                "Keywords only: the exact words you typed."
            )
        )
        self.mode.blockSignals(False)
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.menu_mode.setTitle(self.tr("Search mode"))
        self.menu_language.setTitle(self.tr("Language"))
        self.act_folders.setText(self.tr("&Folders…"))
        self.act_failures.setText(self.tr("Files that could not be read…"))
        self.act_rescan.setText(self.tr("Check folders for changes now"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_find.setText(self.tr("&Find"))
        self.act_open.setText(self.tr("&Open document"))
        self.act_show_folder.setText(self.tr("Show in &folder"))
        self.act_copy.setText(self.tr("&Copy path"))
        self.act_preview.setText(self.tr("&Preview pane"))
        self.act_about.setText(self.tr("&About Desktop Search"))
        self.act_preferences.setText(self.tr("Pr&eferences…"))
        for mode, act in self.mode_actions.items():
            act.setText(labels[mode])
        self.lang_actions[""].setText(self.tr("System default"))
        for code, name in translations.LANGUAGES.items():
            self.lang_actions[code].setText(name)
        self._update_pause_action()
        self._update_summary()
        self._update_page()
        if self.tray is not None:
            self.tray.retranslate()
            self._update_tray()

    def _mode_labels(self) -> dict[str, str]:
        return {
            "hybrid": self.tr("Meaning + keywords"),
            "semantic": self.tr("Meaning only"),
            "keyword": self.tr("Keywords only"),
        }

    # -- start and stop -------------------------------------------------------------------
    def start(self) -> None:
        """Start background work once the window is on screen."""
        if self.client is not None:
            self.client.start()
            self.battery.start()
        self.refresh_from_catalog()
        self.refresh_subfolders()
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
        if self._writer is not None:
            self._writer.close()
        if self.client is not None:
            self.client.stop()
        super().closeEvent(event)
        self.finished.emit()

    def quit_app(self) -> None:
        """Close the window and stop the app, even when it would keep running in the tray."""
        self._quitting = True
        self.close()

    def bring_forward(self) -> None:
        """Show the window (from the tray, or a second launch) with the search box ready."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.focus_search()

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
        """Closing the window hides it: a tray exists and the person asked for this."""
        return self.tray is not None and self.ui_state.flag("keep_in_tray")

    def _update_tray(self) -> None:
        if self.tray is not None:
            self.tray.set_paused(self.status.state == "paused")
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

    # -- search ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            return
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(MODES.index(mode))
        self.mode.blockSignals(False)
        self.mode_actions[mode].setChecked(True)
        self.search.set_mode(mode)

    def _on_enter(self) -> None:
        if self.search.pending:
            self.search.search_now()
        else:
            self.open_current()

    def _navigate(self, event: QKeyEvent) -> None:
        if self.pages.currentIndex() != PAGE_LIST or not self.results.rowCount():
            return
        copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
        QApplication.sendEvent(self.list, copy)

    def _on_results(self, result: Any) -> None:
        previous = self.current_hit()
        scrolled = self.list.verticalScrollBar().value()
        same_query = (
            result is not None
            and self.last_result is not None
            and result.query.raw == self.last_result.query.raw
        )
        self.last_result = result
        self.search_error = ""
        self.results.set_result(result)
        self.notice.show_for(result)
        row = 0
        if same_query and previous is not None:
            # The same query again (the index changed): keep the reader's place.
            row = next((i for i, h in enumerate(result.hits) if h.path == previous.path), 0)
        if self.results.rowCount():
            self.list.selectionModel().setCurrentIndex(
                self.results.index(row),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            if same_query:
                self.list.verticalScrollBar().setValue(scrolled)
            else:
                self.list.scrollToTop()
        else:
            self.preview.show_hit(None)
        self._update_summary()
        self._update_page()

    def _on_search_failed(self, reason: str) -> None:
        self.search_error = reason
        self.results.set_result(None)
        self.preview.show_hit(None)
        self._update_summary()
        self._update_page()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.results.hit(current.row()) if current.isValid() else None
        query = self.last_result.query if self.last_result is not None else None
        self.preview.show_hit(
            hit, query.text if query else "", tuple(query.phrases) if query else ()
        )

    def current_hit(self):
        index = self.list.currentIndex()
        return self.results.hit(index.row()) if index.isValid() else None

    def _update_summary(self) -> None:
        if self.search.pending and self.search.text.strip():
            self.summary.setText(self.tr("Searching…"))
        elif self.last_result is not None and self.results.rowCount():
            n = self.results.rowCount()
            text = (
                self.tr("1 document") if n == 1 else self.tr("%1 documents").replace("%1", str(n))
            )
            ms = self.last_result.elapsed_ms
            took = (
                self.tr("%1 ms").replace("%1", f"{ms:.0f}")
                if ms < 1000
                else self.tr("%1 s").replace("%1", QLocale().toString(ms / 1000, "f", 1))
            )
            notes = "".join("  ·  " + n for n in self.last_result.notes)  # team libraries
            self.summary.setText(text + "  ·  " + took + notes)
        elif self.last_result is not None and self.last_result.notes:
            self.summary.setText("  ·  ".join(self.last_result.notes))
        else:
            self.summary.setText("")

    def _update_page(self) -> None:
        """Choose what the result area shows."""
        has_query = bool(self.search.text.strip())
        indexing = self.status.busy or self.status.state == "paused"
        if not self.settings.folders and not has_query:
            self.empty.show_welcome()
        elif self.search_error and has_query:
            self.empty.show_error(self.search_error)
        elif not has_query:
            docs = self.stats.documents if self.stats else None
            if indexing:
                self.empty.show_indexing(
                    self.status.progress, self.status.state == "paused", docs or 0
                )
            else:
                self.empty.show_ready(docs, len(self.settings.folders))
        elif self.results.rowCount():
            self.pages.setCurrentIndex(PAGE_LIST)
            return
        elif self.search.pending:
            return  # keep what is shown until the answer arrives
        elif self.last_result is not None and self.last_result.missing_words:
            # The words are in no document read so far: say so, even while indexing.
            self.empty.show_no_results(
                self.search.text,
                self.search.mode,
                self.filter_bar.active,
                tuple(self.last_result.missing_words),
            )
        elif indexing:
            self.empty.show_indexing(
                self.status.progress, self.status.state == "paused", None, query=self.search.text
            )
        else:
            self.empty.show_no_results(self.search.text, self.search.mode, self.filter_bar.active)
        self.pages.setCurrentIndex(PAGE_EMPTY)

    # -- actions on results ---------------------------------------------------------------
    def open_current(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self._open(hit.path, hit.page)

    def _open(self, path: str, page: int | None) -> None:
        # A team library's file mapped to smb://… is not a local path to check.
        if "://" not in path and not Path(path).exists():
            QMessageBox.warning(
                self,
                self.tr("Cannot open"),
                self.tr("This file is no longer there:\n%1").replace("%1", path),
            )
            return
        if not self.opener.open_document(path, page):
            QMessageBox.warning(
                self,
                self.tr("Cannot open"),
                self.tr("No application opened this file:\n%1").replace("%1", path),
            )

    def show_current_in_folder(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self._show_in_folder(hit.path)

    def _show_in_folder(self, path: str) -> None:
        if not Path(path).exists():
            QMessageBox.warning(
                self,
                self.tr("Cannot show in folder"),
                self.tr("This file is no longer there:\n%1").replace("%1", path),
            )
            return
        if not self.opener.show_in_folder(path):
            QMessageBox.warning(
                self,
                self.tr("Cannot show in folder"),
                self.tr(
                    "No file manager opened the folder of this file:\n%1\n\n"
                    "Its path can be copied with Ctrl+Shift+C."
                ).replace("%1", path),
            )

    def copy_current_path(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            QGuiApplication.clipboard().setText(hit.path)

    def toggle_preview(self, checked: bool) -> None:
        self.preview.setVisible(checked)

    # -- folders --------------------------------------------------------------------------
    def choose_and_add_folder(self) -> None:
        folder = choose_folder(self, self.tr("Choose a folder to search"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        """Start searching ``folder`` (the worker saves it in the settings)."""
        self.settings = self.settings.with_folder(folder)
        if self.client is not None:
            self.client.add_folder(folder)
        self._folders_changed()

    def remove_folder(self, folder: str) -> None:
        self.settings = self.settings.without_folder(folder)
        if self.client is not None:
            self.client.remove_folder(folder)
        self._folders_changed()

    def set_excludes(self, patterns: tuple[str, ...]) -> None:
        """Save new exclude patterns and have the worker re-check every folder."""
        saved = load_settings(self.paths.settings_file)
        self.settings = replace(saved, excludes=tuple(patterns))
        save_settings(self.settings, self.paths.settings_file)
        self.rescan()

    def _folders_changed(self) -> None:
        self.folders_model.set_folders(self.settings.folders)
        self.filter_bar.set_folders(self.settings.folders)
        self._update_page()
        self._schedule_refresh()

    def show_folders(self) -> None:
        if self._folders_dialog is None:
            dialog = FoldersDialog(self.folders_model, self)
            dialog.add_requested.connect(self.add_folder)
            dialog.remove_requested.connect(self._confirm_remove)
            dialog.excludes_changed.connect(self.set_excludes)
            self.index_state.changed.connect(lambda _s: dialog.set_summary(self.status.describe()))
            self._folders_dialog = dialog
        self.folders_model.set_folders(self.settings.folders)
        self._folders_dialog.set_excludes(self.settings.excludes)
        self._folders_dialog.set_summary(self.status.describe())
        self._folders_dialog.show()
        self._folders_dialog.raise_()
        self.refresh_from_catalog()

    def _confirm_remove(self, folder: str) -> None:
        answer = QMessageBox.question(
            self._folders_dialog or self,
            self.tr("Remove folder"),
            self.tr(
                "Stop searching %1?\n\nIts documents are removed from the index; the files "
                "themselves are not touched."
            ).replace("%1", folder),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_folder(folder)

    # -- indexing -------------------------------------------------------------------------
    def pause_indexing(self) -> None:
        if self.client is not None:
            self.client.pause()

    def resume_indexing(self) -> None:
        if self.client is not None:
            self.client.resume()

    def resume_by_person(self) -> None:
        """Resume chosen by the person: it overrides a pause for the battery."""
        self.battery.person_resumed()
        self.resume_indexing()

    def toggle_pause(self) -> None:
        if self.status.state == "paused":
            self.resume_by_person()
        else:
            self.pause_indexing()

    def _on_battery_pause(self, active: bool) -> None:
        self.status.set_paused_for_battery(active)
        self._update_tray()

    def rescan(self) -> None:
        if self.client is not None:
            self.client.rescan()

    def _update_pause_action(self) -> None:
        paused = self.status.state == "paused"
        self.act_pause.setText(self.tr("Resume indexing") if paused else self.tr("Pause indexing"))
        self._update_tray()

    def _on_progress(self, progress: Any) -> None:
        self.status.set_progress(progress)
        self._update_tray()
        if self.empty.kind == "indexing" and self.pages.currentIndex() == PAGE_EMPTY:
            self._update_page()

    def _on_state(self, state: str) -> None:
        self.status.set_state(state)
        self._update_pause_action()
        if state in ("idle", "indexing", "paused"):
            # The worker saves folder changes in the settings; pick them up.
            saved = load_settings(self.paths.settings_file)
            if saved.folders != self.settings.folders or saved.excludes != self.settings.excludes:
                self.settings = saved
                self._folders_changed()
        if state == "idle":
            self.refresh_from_catalog()
            self.refresh_subfolders()
            if self.settings.folders:
                self._warm_up_once()  # first run: vectors exist now, load what searches them
        self._update_page()

    def _on_file_failed(self, path: str, reason: str) -> None:
        self.failures.add(path, reason)
        self.status.set_failed_count(self.failures.rowCount())

    def _on_index_changed(self) -> None:
        self.search.index_changed()
        self._schedule_refresh()

    def _schedule_refresh(self) -> None:
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh_from_catalog(self) -> None:
        """Re-read counts, unreadable files and folder health in the background."""
        epoch = self.index_state.epoch
        self.reader.read(read_counts, lambda counts, error: self._on_stats(counts, error, epoch))
        self.reader.read(read_failures, self._on_failures, default=[])
        if self._folders_dialog is not None and self._folders_dialog.isVisible():
            folders = list(self.settings.folders)
            self.reader.read(
                lambda cat: read_folder_health(cat, folders), self._on_health, default=[]
            )

    def refresh_subfolders(self) -> None:
        """Offer the folders inside the chosen ones in the folder filter (read off-thread)."""
        folders = list(self.settings.folders)
        self.reader.read(
            lambda cat: read_subfolders(cat, folders),
            lambda subs, error: error is None and subs and self.filter_bar.set_subfolders(subs),
            default={},
        )

    def _on_stats(
        self, stats: LibraryCounts | None, error: object, epoch: int | None = None
    ) -> None:
        if error is None:
            self.stats = stats
            self.index_state.set_counts(stats or LibraryCounts(), epoch)
            self._update_page()

    def _on_failures(self, failures: list | None, error: object) -> None:
        if error is None and failures is not None:
            self.failures.set_failures((f.path, f.reason) for f in failures)
            self.status.set_failed_count(self.failures.rowCount())

    def _on_health(self, health: list | None, error: object) -> None:
        if error is None and health is not None:
            self.folders_model.set_health(health)

    def show_failures(self) -> None:
        if self._errors_dialog is None:
            self._errors_dialog = ErrorsDialog(self.failures, self)
            self._errors_dialog.show_folder_requested.connect(self._show_in_folder)
        self._errors_dialog.show()
        self._errors_dialog.raise_()

    # -- preferences ----------------------------------------------------------------------
    def show_preferences(self) -> None:
        """Open Preferences (General, Embedding models); OK applies the choices."""
        from desktop_search.gui import autostart
        from desktop_search.gui.preferences_dialog import Preferences, PreferencesDialog

        if self._preferences_dialog is not None and self._preferences_dialog.isVisible():
            self._preferences_dialog.raise_()
            self._preferences_dialog.activateWindow()
            return
        saved = load_settings(self.paths.settings_file)
        current = Preferences(
            language=saved.ui_language,
            keep_in_tray=self.ui_state.flag("keep_in_tray"),
            start_at_login=autostart.supported() and autostart.is_enabled(),
            pause_on_battery=saved.pause_on_battery,
            spaces=saved.spaces,
            team_libraries=saved.team_libraries,
        )
        dialog = PreferencesDialog(
            current,
            reader=self.reader,
            index_state=self.index_state,
            tray_available=self.tray is not None,
            autostart_supported=autostart.supported(),
            parent=self,
        )
        dialog.accepted.connect(
            lambda: self.apply_preferences(dialog.choice(), dialog.removed_spaces())
        )
        self._preferences_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def apply_preferences(self, choice: Any, removed: tuple[str, ...] = ()) -> None:
        """Apply what Preferences returned: language, tray, login, embedding models."""
        from desktop_search.gui import autostart

        saved = load_settings(self.paths.settings_file)
        if choice.language != saved.ui_language:
            self.set_language(choice.language)
        self.ui_state.set_flag("keep_in_tray", choice.keep_in_tray)
        self.ui_state.sync()
        if autostart.supported() and choice.start_at_login != autostart.is_enabled():
            home = self.home if self.home is not None else os.environ.get(HOME_ENV)
            try:
                autostart.set_enabled(choice.start_at_login, autostart.command(home))
            except autostart.AutostartError as exc:
                QMessageBox.warning(
                    self,
                    self.tr("Start at login"),
                    self.tr("The login setting could not be changed: %1").replace("%1", exc.reason),
                )
        if choice.pause_on_battery != saved.pause_on_battery:
            self.settings = replace(saved, pause_on_battery=choice.pause_on_battery)
            save_settings(self.settings, self.paths.settings_file)
            self.battery.set_enabled(choice.pause_on_battery)
        if tuple(choice.team_libraries) != saved.team_libraries or choice.team_libraries:
            # (a new password alone changes nothing here, so the search reopens anyway)
            self.settings = replace(
                load_settings(self.paths.settings_file), team_libraries=tuple(choice.team_libraries)
            )
            save_settings(self.settings, self.paths.settings_file)
            self.search.reload()
        if tuple(choice.spaces) != saved.spaces:
            self.set_spaces(tuple(choice.spaces), removed)

    def set_spaces(self, spaces: tuple, removed: tuple[str, ...] = ()) -> None:
        """Save new embedding models; restart the indexer and the search on them."""
        saved = load_settings(self.paths.settings_file)
        self.settings = replace(saved, spaces=spaces)
        save_settings(self.settings, self.paths.settings_file)
        log.info("embedding spaces now %s", [s.name for s in spaces])
        self.search.reload()
        # The worker reads its models once, at start (a rescan reloads folders only).
        client = self.client
        if client is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                client.stop()
            finally:
                QApplication.restoreOverrideCursor()
        if self._writer is None:
            self._writer = TaskRunner(1, self)
        paths = self.paths
        self._writer.run(
            lambda: _drop_spaces(paths, removed), lambda _r, _e: self._spaces_applied()
        )

    def _spaces_applied(self) -> None:
        if self.client is not None and not self._closed:
            self.client.start()
        if self._warmed:
            self.search.warm_up()  # load the new models before the next query needs them

    # -- language and look ----------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """Switch the interface language now and remember it."""
        translations.install(code)
        self.lang_actions.get(code, self.lang_actions[""]).setChecked(True)
        saved = load_settings(self.paths.settings_file)
        if saved.ui_language != code:
            self.settings = replace(saved, ui_language=code)
            save_settings(self.settings, self.paths.settings_file)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Desktop Search"),
            self.tr(
                "<h3>Desktop Search %1</h3><p>Find things in your own documents by meaning "
                "and by keywords, in Chinese and English. Everything stays on this "
                "computer.</p><p>Index and settings: %2</p>"
            )
            .replace("%1", __version__)
            .replace("%2", str(self.paths.data)),
        )

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


def _drop_spaces(paths: AppPaths, names: tuple[str, ...]) -> None:
    """Delete the vectors of removed spaces (the indexer is stopped meanwhile)."""
    if not names or not paths.catalog.exists():
        return
    from desktop_search.store.catalog import Catalog

    catalog = Catalog(paths.catalog)
    try:
        rows = {row.name: row for row in catalog.spaces()}
        for name in names:
            row = rows.get(name)
            if row is None:
                continue
            catalog.drop_space(name)
            for suffix in (".faiss", ".json"):
                (paths.vectors / f"space-{row.id}{suffix}").unlink(missing_ok=True)
            log.info("dropped space %s and its vectors", name)
    finally:
        catalog.close()


def quit_keys(standard: list[QKeySequence] | None = None) -> list[QKeySequence]:
    """The platform's Quit keys (``standard``, default: Qt's) plus Ctrl+Q, each once.

    On Linux desktops the standard Quit key *is* Ctrl+Q: registering both made Qt call
    the shortcut ambiguous and do nothing. Windows has none, so Ctrl+Q is added.
    """
    if standard is None:
        standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    keys = list(standard)
    ctrl_q = QKeySequence("Ctrl+Q")
    if ctrl_q not in keys:
        keys.append(ctrl_q)
    return keys


def _menu(menu: QMenu, *actions: QAction | None) -> QMenu:
    """Fill ``menu`` with ``actions`` (None: a separator)."""
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    return menu
