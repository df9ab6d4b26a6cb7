"""The notification-area icon: search, pause indexing and quit without the window.

Indexing a library takes hours and keeping it current needs the app running, so a
person may want it out of the way but alive. The icon offers the three things they
need then (bring up the search box, pause or resume indexing, quit) and says in its
tooltip what indexing is doing. It only exists where the desktop has a notification
area (``available``); the window decides whether closing it leaves the app running.
This module only shows and reports: the window does the work.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_search.gui import icons


def available() -> bool:
    """True when the desktop shows notification-area icons."""
    return QSystemTrayIcon.isSystemTrayAvailable()


class Tray(QObject):
    """The icon and its menu; every choice is reported as a signal."""

    search_requested = Signal()
    pause_toggled = Signal()  # pause when running, resume when paused
    preferences_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paused = False
        self.status_text = ""
        self.icon = QSystemTrayIcon(icons.app_icon(), self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.act_search = self._add(self.search_requested, "traySearch")
        self.menu.addSeparator()
        self.act_pause = self._add(self.pause_toggled, "trayPause")
        self.act_preferences = self._add(self.preferences_requested, "trayPreferences")
        self.menu.addSeparator()
        self.act_quit = self._add(self.quit_requested, "trayQuit")
        self.menu.setDefaultAction(self.act_search)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.retranslate()

    def _add(self, signal, name: str) -> QAction:
        action = self.menu.addAction("")
        action.setObjectName(name)
        action.triggered.connect(signal)
        return action

    def retranslate(self) -> None:
        self.act_search.setText(self.tr("Search…"))
        self.act_preferences.setText(self.tr("Preferences…"))
        self.act_quit.setText(self.tr("Quit Desktop Search"))
        self._update()

    # -- inputs ---------------------------------------------------------------------
    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._update()

    def set_status(self, text: str) -> None:
        """What indexing is doing, for the tooltip."""
        self.status_text = text
        self._update()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def notify(self, title: str, message: str) -> bool:
        """A balloon from the icon; False where the desktop cannot show one."""
        if not self.icon.isVisible() or not QSystemTrayIcon.supportsMessages():
            return False
        self.icon.showMessage(title, message, icons.app_icon(), 8000)
        return True

    # -- display --------------------------------------------------------------------
    def _update(self) -> None:
        self.act_pause.setText(
            self.tr("Resume indexing") if self.paused else self.tr("Pause indexing")
        )
        title = self.tr("Desktop Search")
        self.icon.setToolTip(f"{title}\n{self.status_text}" if self.status_text else title)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.search_requested.emit()

    def dispose(self) -> None:
        """Take the icon off the desktop now (the app is quitting)."""
        self.icon.hide()
        self.menu.deleteLater()
