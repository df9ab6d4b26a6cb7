"""How soon could a window paint? A bare window (search box, list, status) timed from launch.

    python benchmarks/minimal_window.py --home H [--runs 5] [--no-search]

The same launcher steps as ``gui/launch.py`` (settings, the search process started early,
the display check, Qt), then a ``QMainWindow`` holding only a line edit, a list view and
a status label instead of the app's window: its first paint is the floor a staged window
(search box and results first, the rest right after) could reach. After the paint it
imports the app's window modules and prints how long those took. Runs on the display in
``DISPLAY`` (xcb); use ``tests/gui/real_display`` or Xvfb + a window manager.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from machine import cpu_model  # noqa: E402


def _child(home: str, search: bool) -> None:
    started = float(os.environ["MINIMAL_WINDOW_T0"])
    import desktop_search.gui.launch as launch
    from desktop_search.paths import app_paths
    from desktop_search.settings import load_settings

    paths = app_paths(home).ensure()
    settings = load_settings(paths.settings_file)
    service = launch._start_search(home, paths, settings) if search else None
    launch._display_ready(launch._start_display_check())
    from PySide6.QtWidgets import (
        QApplication,
        QLabel,
        QLineEdit,
        QListView,
        QMainWindow,
        QVBoxLayout,
        QWidget,
    )

    from desktop_search.gui.first_paint import after_first_paint

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget()
    column = QVBoxLayout(central)
    column.addWidget(QLineEdit())
    column.addWidget(QListView(), 1)
    window.setCentralWidget(central)
    window.statusBar().addWidget(QLabel("Up to date"))
    window.resize(1120, 720)

    def painted() -> None:
        at = time.time() - started
        t = time.perf_counter()
        import desktop_search.gui.main_window  # noqa: F401  (the rest, after the paint)

        rest = time.perf_counter() - t
        print(f"{at * 1000:.0f} {rest * 1000:.0f}", flush=True)
        launch._stop(service)
        os._exit(0)

    after_first_paint(window, painted)
    window.show()
    app.exec()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-search", action="store_true", help="no search process beside it")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.home, not args.no_search)
        return 0
    print(f"CPU: {cpu_model()} ({os.cpu_count()} cores), load {os.getloadavg()[0]:.2f}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("QT_QPA_PLATFORM", "xcb")
    cmd = [sys.executable, __file__, "--child", "--home", args.home]
    if args.no_search:
        cmd.append("--no-search")
    for i in range(args.runs):
        env["MINIMAL_WINDOW_T0"] = f"{time.time():.6f}"
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        fields = out.stdout.split()
        if len(fields) != 2:
            print(f"run {i + 1}: failed\n{out.stderr[-2000:]}")
            return 1
        print(
            f"run {i + 1}: bare window painted {fields[0]} ms from launch; "
            f"the app's window modules then {fields[1]} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
