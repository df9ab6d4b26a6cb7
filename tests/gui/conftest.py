"""Fixtures for driving the real window offscreen.

Two kinds of data home: ``keyword_home`` is indexed once per session in-process with
keyword data only (no model loads, a second or two), for tests about the window itself;
the end-to-end test (``test_window_indexing``) starts from an empty home and lets the
real background worker index a folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from tests.conftest import copy_files

ZH_FILES = ("向量表征与向量数据库.txt", "走进向量的世界.txt", "Embedding模型简介.txt")
EN_FILES = (
    "ch04-01-what-is-ownership.html",
    "ch04-02-references-and-borrowing.html",
    "ch08-02-strings.html",
)
MARKUP_NOTE = (
    "Escaping notes\n\n"
    'The template prints <b>bold</b> & "quoted" text; the ampersand & the tags must show '
    "as written in the preview, and the word template is highlighted.\n"
)


class RecordingOpener:
    """Stands in for the system opener: remembers instead of launching apps."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, int | None]] = []
        self.shown: list[str] = []

    def open_document(self, path: str, page: int | None = None) -> bool:
        self.opened.append((path, page))
        return True

    def show_in_folder(self, path: str) -> bool:
        self.shown.append(path)
        return True


@pytest.fixture
def opener() -> RecordingOpener:
    return RecordingOpener()


@pytest.fixture(autouse=True)
def english_ui(qapp):
    """Every test starts (and leaves the app) in English, whatever the machine's locale."""
    from desktop_search.gui import translations

    translations.install("en")
    yield
    translations.install("en")


@pytest.fixture(autouse=True)
def plugged_in(monkeypatch):
    """Tests run as on mains power, even on an unplugged laptop (see test_battery_pause)."""
    from desktop_search.indexing import power

    monkeypatch.setattr(power, "on_battery", lambda: False)


def make_docs(
    corpus: Path, dest: Path, zh: tuple[str, ...] = ZH_FILES, en: tuple[str, ...] = EN_FILES
) -> Path:
    """A small folder of real Chinese and English documents, plus a note full of markup."""
    copy_files([corpus / "zh" / n for n in zh], dest / "向量")
    copy_files([corpus / "en" / "rust-book" / n for n in en], dest / "rust")
    (dest / "notes").mkdir(parents=True, exist_ok=True)
    (dest / "notes" / "escaping.txt").write_text(MARKUP_NOTE, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def keyword_home_template(tmp_path_factory, corpus) -> Path:
    """A data home with the small folder indexed (keyword data only), built once."""
    from desktop_search.app.library import Library
    from desktop_search.extract import extract
    from desktop_search.paths import app_paths

    root = tmp_path_factory.mktemp("keyword-library")
    docs = make_docs(corpus, root / "docs")
    home = root / "home"
    with Library(app_paths(home)) as lib:
        lib.change_settings(lambda s: s.with_folder(str(docs)))
        indexer = lib.indexer(extract=extract)
        try:
            indexer.run([str(docs.resolve())], embed=False)
        finally:
            indexer.close()
    return root


@pytest.fixture
def keyword_home(keyword_home_template, tmp_path) -> tuple[Path, Path]:
    """(home, docs): a private copy of the indexed home, so tests may change it."""
    home = tmp_path / "home"
    shutil.copytree(keyword_home_template / "home", home)
    return home, (keyword_home_template / "docs").resolve()


@pytest.fixture
def make_window(qtbot, opener):
    """Build the real main window on a home (without the indexing worker by default)."""
    from desktop_search.gui.launch import create_window

    windows = []

    def factory(home: Path, *, worker: bool = False, start: bool = True, size=(1100, 720)):
        window = create_window(home, opener=opener, start_indexer=worker)
        qtbot.addWidget(window)
        if size:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if start:
            window.start()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


class FakeClient(QObject):
    """Stands in for ``IndexingClient``: same signals, records commands, no worker process."""

    progress = Signal(object)
    file_failed = Signal(str, str)
    state_changed = Signal(str)
    worker_crashed = Signal(str)
    index_changed = Signal()
    settings_changed = Signal(object)
    spaces_dropped = Signal(object)

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.state = "idle"
        self.calls: list[str] = []
        self.home = home

    def _set(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def start(self, delay_ms: int = 0) -> None:
        self.calls.append("start")
        # Not "idle": that makes the window warm up the search models, which these tests
        # do not need (and which could outlast a test's window).
        self._set("starting")

    def begin_stop(self) -> None:
        self.calls.append("begin_stop")

    def stop(self) -> None:
        self.calls.append("stop")
        self._set("stopped")

    def pause(self) -> None:
        self.calls.append("pause")
        self._set("paused")

    def resume(self) -> None:
        self.calls.append("resume")
        self._set("indexing")

    def rescan(self) -> None:
        self.calls.append("rescan")

    def add_folder(self, path: str) -> None:
        self.calls.append(f"add {path}")

    def remove_folder(self, path: str) -> None:
        self.calls.append(f"remove {path}")

    def drop_spaces(self, names: tuple[str, ...]) -> None:
        """Recorded only: ``spaces_dropped`` is the test's to send, as the worker would."""
        self.calls.append(f"drop {' '.join(names)}")

    def change_settings(self, **changes) -> None:
        """Save as the worker would, and say so."""
        from desktop_search.paths import app_paths
        from desktop_search.settings import changed, update_settings

        self.calls.append(f"settings {' '.join(sorted(changes))}")
        path = app_paths(self.home).ensure().settings_file
        self.settings_changed.emit(
            update_settings(path, lambda s: changed(s, tuple(changes.items())))
        )


@pytest.fixture
def tray_desktop(monkeypatch, qapp):
    """Pretend the desktop has a notification area (offscreen Qt has none)."""
    from desktop_search.gui import tray

    monkeypatch.setattr(tray, "available", lambda: True)
    yield
    qapp.setQuitOnLastWindowClosed(True)


@pytest.fixture
def client_window(qtbot, opener):
    """Build a main window on ``home`` with a ``FakeClient``; quit it for good afterwards."""
    from desktop_search.gui.main_window import MainWindow

    windows = []

    def factory(home: Path, *, show: bool = True, start: bool = True):
        client = FakeClient(home)
        window = MainWindow(home, client=client, opener=opener)
        client.setParent(window)
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
        if start:
            window.start()
        windows.append(window)
        return window, client

    yield factory
    for window in windows:
        window.quit_app()
