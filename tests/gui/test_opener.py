"""Opening a found file when the desktop has nothing to open it with says so."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop_search.gui.opener import FOLDER, OPEN, SystemOpener
from tests.gui.test_first_hour import search

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xdg-open")


def _fake_xdg_open(folder: Path, exit_code: int) -> Path:
    """An xdg-open that records what it was asked to open, then exits ``exit_code``."""
    folder.mkdir(exist_ok=True)
    asked = folder / "asked"
    script = folder / "xdg-open"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{asked}"\n'
        f"echo \"xdg-open: no method available for opening '$1'\" >&2\nexit {exit_code}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return asked


def test_a_desktop_without_a_viewer_is_reported_not_silent(qtbot, tmp_path, monkeypatch):
    asked = _fake_xdg_open(tmp_path / "bin", 3)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    doc = tmp_path / "笔记 100%.txt"
    doc.write_text("notes")
    opener = SystemOpener()
    failures: list[tuple[str, str]] = []
    opener.failed.connect(lambda path, action: failures.append((path, action)))
    assert opener.open_document(str(doc))  # started: the answer comes later
    qtbot.waitUntil(lambda: failures == [(str(doc), OPEN)], timeout=5000)
    assert asked.read_text().splitlines() == [str(doc)]  # the path itself, not a URL
    assert opener.show_in_folder(str(doc))
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=5000)
    assert failures[1] == (str(doc), FOLDER)
    assert asked.read_text().splitlines()[1] == str(tmp_path)


def test_a_viewer_that_opens_the_file_brings_no_message(qtbot, tmp_path, monkeypatch):
    _fake_xdg_open(tmp_path / "bin", 0)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    doc = tmp_path / "notes.txt"
    doc.write_text("notes")
    opener = SystemOpener()
    failures: list = []
    opener.failed.connect(lambda *a: failures.append(a))
    assert opener.open_document(str(doc))
    qtbot.wait(1500)
    assert failures == []


def test_the_window_says_when_nothing_opened_the_file(
    qtbot, make_window, keyword_home, tmp_path, monkeypatch
):
    """Seen by a new user: Enter, Open and Show in folder did nothing at all."""
    _fake_xdg_open(tmp_path / "bin", 3)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text))
    )
    home, _docs = keyword_home
    window = make_window(home)
    window._opener = None  # the real opener, not the fixture's recording one
    search(qtbot, window, "ownership")
    window.open_current()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert shown[0][0] == "Cannot open" and window.current_hit().path in shown[0][1]
    window.act_show_folder.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    assert shown[1][0] == "Cannot show in folder"
