"""The main window's menus and actions: keys, menus, Preferences, language, About.

A part of ``MainWindow`` (a mixin): the actions are made here and put in the menus,
the tray menu and the window; ``retranslate`` gives every label its words again.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QMenu,
    QMessageBox,
)

from desktop_search import __version__
from desktop_search.gui import translations
from desktop_search.gui.window_pages import MODES
from desktop_search.paths import HOME_ENV

log = logging.getLogger(__name__)
# Labels keep the window's translation context (lupdate finds translate("MainWindow", "..."))
translate = QCoreApplication.translate


class WindowMenus:
    """Menus, actions and Preferences of ``MainWindow``."""

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
        # Ctrl+, is Preferences in most desktop apps (Shift+, is "<" on many keyboards).
        self.act_folders = a(self.show_folders, "Ctrl+Shift+F", name="actFolders")
        self.act_failures = a(self.show_failures, name="actFailures")
        self.act_pause = a(self.toggle_pause, name="actPause")
        self.act_rescan = a(self.rescan, name="actRescan")
        self.act_quit = a(self.quit_app, *quit_keys(), name="actQuit")
        self.act_preferences = a(self.show_preferences, "Ctrl+,", name="actPreferences")
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

    def retranslate(self) -> None:
        self.setWindowTitle(translate("MainWindow", "Desktop Search"))
        self.mode.blockSignals(True)
        current = self.search.mode
        self.mode.clear()
        labels = self._mode_labels()
        for mode in MODES:
            self.mode.addItem(labels[mode], mode)
        self.mode.setCurrentIndex(MODES.index(current))
        self.mode.setToolTip(
            translate(
                "MainWindow",
                "Meaning + keywords: the best of both (recommended).\n"
                "Meaning only: finds text that says the same thing in other words.\n"
                "Keywords only: the exact words you typed.",
            )
        )
        self.mode.blockSignals(False)
        self.menu_file.setTitle(translate("MainWindow", "&File"))
        self.menu_edit.setTitle(translate("MainWindow", "&Edit"))
        self.menu_view.setTitle(translate("MainWindow", "&View"))
        self.menu_help.setTitle(translate("MainWindow", "&Help"))
        self.menu_mode.setTitle(translate("MainWindow", "Search mode"))
        self.menu_language.setTitle(translate("MainWindow", "Language"))
        self.act_folders.setText(translate("MainWindow", "&Folders…"))
        self.act_failures.setText(translate("MainWindow", "Files that could not be read…"))
        self.act_rescan.setText(translate("MainWindow", "Check folders for changes now"))
        self.act_quit.setText(translate("MainWindow", "&Quit"))
        self.act_find.setText(translate("MainWindow", "&Find"))
        self.act_open.setText(translate("MainWindow", "&Open document"))
        self.act_show_folder.setText(translate("MainWindow", "Show in &folder"))
        self.act_copy.setText(translate("MainWindow", "&Copy path"))
        self.act_preview.setText(translate("MainWindow", "&Preview pane"))
        self.act_about.setText(translate("MainWindow", "&About Desktop Search"))
        self.act_preferences.setText(translate("MainWindow", "Pr&eferences…"))
        for mode, act in self.mode_actions.items():
            act.setText(labels[mode])
        self.lang_actions[""].setText(translate("MainWindow", "System default"))
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
            "hybrid": translate("MainWindow", "Meaning + keywords"),
            "semantic": translate("MainWindow", "Meaning only"),
            "keyword": translate("MainWindow", "Keywords only"),
        }

    def show_preferences(self) -> None:
        """Open Preferences (General, Embedding models); OK applies the choices."""
        from desktop_search.gui import autostart
        from desktop_search.gui.preferences_dialog import Preferences, PreferencesDialog

        if self._preferences_dialog is not None and self._preferences_dialog.isVisible():
            self._preferences_dialog.raise_()
            self._preferences_dialog.activateWindow()
            return
        saved = self.settings
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
            tray_available=self.ensure_tray(),  # made a second after launch, or now
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

        saved = self._saved_settings
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
                    translate("MainWindow", "Start at login"),
                    translate("MainWindow", "The login setting could not be changed: %1").replace(
                        "%1", exc.reason
                    ),
                )
        if choice.pause_on_battery != saved.pause_on_battery:
            self._change_settings(pause_on_battery=choice.pause_on_battery)
        if tuple(choice.team_libraries) != saved.team_libraries:
            self._change_settings(team_libraries=tuple(choice.team_libraries))
        elif choice.team_libraries:
            self.search.reload()  # a new password alone changes no setting: reopen anyway
        if tuple(choice.spaces) != saved.spaces:
            self.set_spaces(tuple(choice.spaces), removed)

    def set_language(self, code: str) -> None:
        """Switch the interface language now and remember it."""
        translations.install(code)
        self.lang_actions.get(code, self.lang_actions[""]).setChecked(True)
        if self._saved_settings.ui_language != code:
            self._change_settings(ui_language=code)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            translate("MainWindow", "About Desktop Search"),
            translate(
                "MainWindow",
                "<h3>Desktop Search %1</h3><p>Find things in your own documents by meaning "
                "and by keywords, in Chinese and English. Everything stays on this "
                "computer.</p><p>Index and settings: %2</p>",
            )
            .replace("%1", __version__)
            .replace("%2", str(self.paths.data)),
        )


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
