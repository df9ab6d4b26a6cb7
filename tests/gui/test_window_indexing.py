"""End to end: a first run with the real background worker, as a person would meet it.

Welcome page, choose a folder, watch it index (including a broken PDF that must land
in the "could not be read" list), search in English and Chinese, move with the keys,
open with Enter, pause and resume, see folder health, and see a new file turn up.
Slow: the worker really embeds (two small models) and the window loads them to search.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import EN_FILES, ZH_FILES, make_docs
from tests.gui.test_main_window import search

pytestmark = pytest.mark.slow

BROKEN_SOURCE = "messy/pdf/py-pdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf"


def write_truncated_pdf(corpus: Path, dest: Path) -> Path:
    """A real PDF cut to half its bytes: it cannot be read."""
    data = (corpus / BROKEN_SOURCE).read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


def test_first_run_index_search_open_pause_and_errors(
    qtbot, make_window, tmp_path, corpus, opener, monkeypatch
) -> None:
    # Few documents: every one is embedded by two models before the test goes on.
    docs = make_docs(corpus, tmp_path / "Documents", zh=ZH_FILES[:2], en=EN_FILES[:2])
    broken = write_truncated_pdf(corpus, docs / "notes" / "broken-report.pdf")
    window = make_window(tmp_path / "home", worker=True)

    # First run: a welcome that asks for folders.
    assert window.empty.kind == "welcome"
    monkeypatch.setattr("desktop_search.gui.folders_dialog.choose_folder", lambda *_a: str(docs))
    qtbot.mouseClick(window.empty.primary, Qt.MouseButton.LeftButton)

    # Indexing runs in the worker; the status bar reports it, the window stays usable.
    qtbot.waitUntil(lambda: window.status.state == "indexing", timeout=60_000)
    qtbot.waitUntil(
        lambda: (
            window.status.state == "idle"
            and window.stats is not None
            and window.stats.documents >= 5
        ),
        timeout=280_000,
    )
    assert "Up to date" in window.status.label.text()

    # The truncated PDF is listed, with a reason, in the "could not be read" dialog.
    qtbot.waitUntil(lambda: window.failures.rowCount() >= 1, timeout=10_000)
    assert window.status.failures_button.isVisible()
    assert window.status.failures_button.text() == "1 file could not be read"
    qtbot.mouseClick(window.status.failures_button, Qt.MouseButton.LeftButton)
    dialog = window._errors_dialog
    assert dialog.isVisible()
    table = dialog.table.model()
    row = next(r for r in range(table.rowCount()) if table.index(r, 0).data() == broken.name)
    assert table.index(row, 2).data()  # a plain reason
    assert table.index(row, 0).data(Qt.ItemDataRole.UserRole) == str(broken)
    dialog.close()

    # Search in English: the expected chapter comes first; keys move; Enter opens it.
    search(qtbot, window, "references and borrowing", timeout=120_000)
    first = window.results.hit(0)
    assert first.name == "ch04-02-references-and-borrowing.html"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert opener.opened[-1] == (first.path, first.page)

    # ...and in Chinese.
    search(qtbot, window, "什么是向量数据库", timeout=60_000)
    assert window.results.hit(0).name == "向量表征与向量数据库.txt"

    # Pause and resume from the status bar.
    window.pause_indexing()
    qtbot.waitUntil(lambda: window.status.state == "paused", timeout=20_000)
    assert window.status.pause_button.isVisible()
    assert window.status.pause_button.text() == "Resume"
    qtbot.mouseClick(window.status.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.status.state in ("idle", "indexing"), timeout=20_000)

    # Folder health in the Folders dialog.
    window.act_folders.trigger()
    folder = str(docs.resolve())
    qtbot.waitUntil(lambda: window.folders_model.health(folder) is not None, timeout=10_000)
    health = window.folders_model.health(folder)
    assert health.indexed == 5
    assert health.failed == 1
    assert health.last_change is not None
    window._folders_dialog.close()

    # A new file is picked up by the watcher and the current search re-runs by itself
    # (keyword mode: by meaning, something always comes closest).
    window.set_mode("keyword")
    search(qtbot, window, "zyzzogeton", timeout=60_000)
    assert window.results.rowCount() == 0
    (docs / "notes" / "new.txt").write_text("A note about the zyzzogeton beetle.\n", "utf-8")
    qtbot.waitUntil(
        lambda: window.results.rowCount() == 1 and window.results.hit(0).name == "new.txt",
        timeout=60_000,
    )
