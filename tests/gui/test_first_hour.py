"""The small frictions of a new user's first hour (issue 18, item 7), each pinned."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_search.gui import folders_dialog
from desktop_search.gui.errors_dialog import ErrorsDialog
from desktop_search.gui.models.failures_model import FailuresModel
from tests.gui.test_main_window import search


class _Warnings:
    def __init__(self, monkeypatch) -> None:
        self.shown: list[tuple[str, str]] = []
        monkeypatch.setattr(
            QMessageBox,
            "warning",
            lambda _parent, title, text, *a: self.shown.append((title, text)),
        )


def test_show_in_folder_says_so_when_no_file_manager_opens(
    qtbot, make_window, keyword_home, opener, monkeypatch
):
    home, _docs = keyword_home
    window = make_window(home)
    warnings = _Warnings(monkeypatch)
    search(qtbot, window, "ownership")
    opener.show_in_folder = lambda path: False  # no file manager on this desktop
    window.act_show_folder.trigger()
    assert len(warnings.shown) == 1
    title, text = warnings.shown[0]
    assert title == "Cannot show in folder"
    assert window.current_hit().path in text


def test_the_folder_chooser_starts_in_the_home_folder(monkeypatch, tmp_path):
    asked = {}

    def fake(parent, title, start, options):
        asked["start"] = start
        return ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", fake)
    monkeypatch.chdir(tmp_path)  # the app's own folder must not be where it starts
    assert folders_dialog.choose_folder(None, "Choose") == ""
    assert asked["start"] == str(Path.home())


def test_the_folder_filter_offers_subfolders_and_they_filter(qtbot, make_window, keyword_home):
    home, docs = keyword_home
    window = make_window(home)
    combo = window.filter_bar.folder
    rust = str(docs / "rust")
    qtbot.waitUntil(lambda: combo.findData(rust) >= 0, timeout=5000)
    assert combo.findData(str(docs / "向量")) >= 0
    assert combo.itemText(combo.findData(rust)).strip() == "rust"
    combo.setCurrentIndex(combo.findData(rust))
    search(qtbot, window, "ownership")
    paths = [window.results.hit(i).path for i in range(window.results.rowCount())]
    assert paths and all(p.startswith(rust + os.sep) for p in paths)


def test_failure_reasons_are_shown_in_chinese(qtbot):
    from desktop_search.gui import translations

    model = FailuresModel()
    model.set_failures(
        [
            ("/d/broken.pdf", "damaged or incomplete PDF"),
            ("/d/slow.pdf", "took longer than 60 s to read"),
            ("/d/odd.bin", "something nobody foresaw"),
        ]
    )
    translations.install("zh_CN")
    try:
        shown = {
            model.index(r, 0).data(Qt.ItemDataRole.UserRole): model.index(
                r, FailuresModel.REASON
            ).data()
            for r in range(3)
        }
    finally:
        translations.install("en")
    assert shown["/d/broken.pdf"] == "PDF 文件已损坏或不完整"
    assert shown["/d/slow.pdf"] == "读取时间超过 60 秒"
    assert shown["/d/odd.bin"] == "something nobody foresaw"  # unknown: as it is
    assert model.index(0, FailuresModel.REASON).data() == "damaged or incomplete PDF"


def test_unreadable_files_dialog_gives_the_name_its_width(qtbot):
    model = FailuresModel()
    name = "Annual report of the regional water board, final version (signed).pdf"
    model.set_failures([(f"/home/ann/docs/{name}", "damaged or incomplete PDF")])
    dialog = ErrorsDialog(model)
    qtbot.addWidget(dialog)
    dialog.resize(900, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.fit_columns()
    header = dialog.table.horizontalHeader()
    assert header.sectionSize(FailuresModel.NAME) >= dialog.table.sizeHintForColumn(0)
    assert header.sectionSize(FailuresModel.FOLDER) > 0


def test_no_advice_to_install_a_python_package(qtbot, monkeypatch):
    from desktop_search.embed import secrets
    from desktop_search.gui.remote_space_dialog import RemoteSpaceDialog

    monkeypatch.setattr(secrets, "keyring_available", lambda: False)
    dialog = RemoteSpaceDialog()
    qtbot.addWidget(dialog)
    dialog.key_env.setChecked(True)
    text = dialog.key_note.text()
    assert "install" not in text.lower() and "package" not in text.lower()
    assert "environment variable" in text


def test_preferences_is_no_larger_than_its_contents_need(qtbot):
    from desktop_search.gui.preferences_dialog import Preferences, PreferencesDialog
    from desktop_search.settings import DEFAULT_SPACES

    dialog = PreferencesDialog(
        Preferences(
            language="",
            keep_in_tray=False,
            start_at_login=False,
            pause_on_battery=True,
            spaces=DEFAULT_SPACES,
        )
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint = dialog.sizeHint()
    assert dialog.width() <= max(760, hint.width()) and dialog.height() <= max(480, hint.height())
    general = dialog.tabs.widget(0)
    used = general.childrenRect().bottom()
    assert used > general.height() * 0.5, "the General page is mostly empty space"
