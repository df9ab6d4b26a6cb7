"""The main window's control of indexing: folders, settings changes, pause, the catalog's counts.

A part of ``MainWindow`` (a mixin). The indexer process owns the settings file: every
change the person makes goes to it as a command (``_change_settings``) and the window
shows what comes back (``_on_settings_changed``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
)

from desktop_search.gui.window_pages import PAGE_EMPTY
from desktop_search.indexing.index_state import LibraryCounts
from desktop_search.indexing.library_report import (
    read_counts,
    read_failures,
    read_folder_health,
    read_subfolders,
)
from desktop_search.indexing.messages import IDLE, PAUSED, STOPPED
from desktop_search.settings import Settings, changed, update_settings

log = logging.getLogger(__name__)
# Labels keep the window's translation context (lupdate finds translate("MainWindow", "..."))
translate = QCoreApplication.translate


class IndexingControl:
    """Folders, settings and indexing state of ``MainWindow``."""

    def choose_and_add_folder(self) -> None:
        from desktop_search.gui.folders_dialog import choose_folder

        folder = choose_folder(self, translate("MainWindow", "Choose a folder to search"))
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
        """Save new exclude patterns; the worker then re-checks every folder."""
        self._change_settings(excludes=tuple(patterns))

    def _change_settings(self, **changes: object) -> None:
        """Ask the settings file's one writer for ``changes``: the indexer when there is one.

        What it saved comes back through ``_on_settings_changed``.
        """
        if self.client is not None:
            self.client.change_settings(**changes)
            return
        # No indexer in this app (``--no-indexer``, tests): nobody else writes the file.
        path = self.paths.settings_file
        self._on_settings_changed(
            update_settings(path, lambda s: changed(s, tuple(changes.items())))
        )

    def _on_settings_changed(self, settings: Settings) -> None:
        """Show the settings as saved (the window's own changes and the indexer's)."""
        before, self.settings = self._saved_settings, settings
        self._saved_settings = settings
        if (settings.folders, settings.excludes) != (before.folders, before.excludes):
            self._folders_changed()
            if self._folders_dialog is not None:
                self._folders_dialog.set_excludes(settings.excludes)
        if settings.team_libraries != before.team_libraries:
            self.search.reload()  # the search process reads them when it opens
        if settings.pause_on_battery != before.pause_on_battery:
            self.battery.set_enabled(settings.pause_on_battery)

    def _folders_changed(self) -> None:
        self.folders_model.set_folders(self.settings.folders)
        self.filter_bar.set_folders(self.settings.folders)
        self._update_page()
        self._schedule_refresh()

    def show_folders(self) -> None:
        if self._folders_dialog is None:
            from desktop_search.gui.folders_dialog import FoldersDialog

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
            translate("MainWindow", "Remove folder"),
            translate(
                "MainWindow",
                "Stop searching %1?\n\nIts documents are removed from the index; the files "
                "themselves are not touched.",
            ).replace("%1", folder),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_folder(folder)

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
        if self.status.state == PAUSED:
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
        paused = self.status.state == PAUSED
        self.act_pause.setText(
            translate("MainWindow", "Resume indexing")
            if paused
            else translate("MainWindow", "Pause indexing")
        )
        self._update_tray()

    def _on_progress(self, progress: Any) -> None:
        self.status.set_progress(progress)
        self._update_tray()
        if self.empty.kind == "indexing" and self.pages.currentIndex() == PAGE_EMPTY:
            self._update_page()

    def _on_state(self, state: str) -> None:
        self.status.set_state(state)
        self._update_pause_action()
        if state == IDLE:
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
            from desktop_search.gui.errors_dialog import ErrorsDialog

            self._errors_dialog = ErrorsDialog(self.failures, self)
            self._errors_dialog.show_folder_requested.connect(self._show_in_folder)
        self._errors_dialog.show()
        self._errors_dialog.raise_()

    def set_spaces(self, spaces: tuple, removed: tuple[str, ...] = ()) -> None:
        """Save new embedding models; restart the indexer and the search on them.

        The indexer owns the data files: it deletes the vectors of the ``removed`` spaces
        and says so (``_on_spaces_dropped``), and is restarted then.
        """
        self._change_settings(spaces=spaces)
        log.info("embedding spaces now %s", [s.name for s in spaces])
        if removed and self.client is not None:
            self.client.drop_spaces(removed)
            if self.client.state == STOPPED:
                self.client.start()  # it reads the command once it is up
            return
        if removed:  # no indexer in this app: nobody may delete them now
            log.warning(
                "no indexer runs: the vectors of %s stay until `desktop-search-cli spaces "
                "drop NAME` (`spaces list` shows them)",
                removed,
            )
        self._restart_on_new_spaces()

    def _on_spaces_dropped(self, names: tuple[str, ...]) -> None:
        """The indexer deleted these spaces' vectors: show the spaces left, use the new models."""
        log.info("the indexer dropped the vectors of %s", ", ".join(names))
        self.refresh_from_catalog()
        self._restart_on_new_spaces()

    def _restart_on_new_spaces(self) -> None:
        # The worker reads its models once, at start (a rescan reloads folders only); it
        # saved the settings change before it stops (commands are handled in order).
        client = self.client
        if client is not None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                client.stop()
            finally:
                QApplication.restoreOverrideCursor()
        self.search.reload()
        if client is not None and not self._closed:
            client.start()
        if self._warmed:
            self.search.warm_up()  # load the new models before the next query needs them
