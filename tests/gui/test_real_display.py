"""The real app on X11 (Qt's xcb platform) under Xvfb with a window manager.

What a new user does in the first minute: the window comes up, they type a word, a
result shows, Ctrl+Q, and the app is gone: window and every process it started within
2 s. Offscreen tests cannot see a platform plugin that does not load or a shortcut that
is ambiguous; this one can. It skips only where the X tools are not installed
(``.ci/run`` installs them).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop_search.paths import app_paths
from desktop_search.settings import Settings, save_settings
from tests.gui import real_display

pytestmark = pytest.mark.skipif(
    bool(real_display.missing_tools()),
    reason="needs a real X server for the xcb smoke test: apt-get install "
    + " ".join(real_display.missing_tools()),
)

WORD = "quokka"
NOTE = f"Trip notes\n\nOn Rottnest Island we met a {WORD} near the lighthouse.\n"


def _wait(condition, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:.0f} s; the app said:\n{log.read_text()[-3000:]}")


def test_window_on_xcb_finds_a_word_and_quits_with_ctrl_q(tmp_path):
    from desktop_search.gui import display_check

    check = display_check.check({"QT_QPA_PLATFORM": "xcb"})
    assert check.can_open_window, check.message()

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rottnest.txt").write_text(NOTE, encoding="utf-8")
    (docs / "other.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    home = tmp_path / "home"
    save_settings(Settings().with_folder(str(docs)), app_paths(home).ensure().settings_file)
    results = tmp_path / "results.tsv"
    log = tmp_path / "app.log"

    with real_display.virtual_display() as display:
        app = real_display.launch_app(
            home, display, log, DESKTOP_SEARCH_REPORT_RESULTS=str(results)
        )
        seen: set[int] = set()
        try:
            _wait(
                lambda: bool(real_display.visible_windows(display)),
                60,
                "the window was not shown",
                log,
            )
            window = real_display.visible_windows(display)[0]
            real_display.xdotool(display, "windowactivate", "--sync", window)
            real_display.xdotool(display, "type", "--delay", "40", WORD)

            def found() -> bool:
                seen.update(real_display.descendants(app.pid))
                if not results.exists():
                    return False
                lines = results.read_text(encoding="utf-8").splitlines()
                return any(line.split("\t")[1] == WORD and "rottnest.txt" in line for line in lines)

            _wait(found, 120, f"no result for {WORD!r} was shown", log)
            seen.update(real_display.descendants(app.pid))
            assert seen, "the app started no background process (indexer, search)"

            real_display.xdotool(display, "key", "--window", window, "ctrl+q")
            pressed = time.monotonic()
            _wait(
                lambda: not real_display.visible_windows(display),
                2,
                "the window did not disappear after Ctrl+Q",
                log,
            )
            _wait(
                lambda: app.poll() is not None and not any(real_display.alive(p) for p in seen),
                2.0 - (time.monotonic() - pressed),
                "processes were still running 2 s after Ctrl+Q",
                log,
            )
            assert app.returncode == 0, log.read_text()
            assert "Ambiguous shortcut" not in log.read_text()
        finally:
            if app.poll() is None or any(real_display.alive(p) for p in seen):
                real_display.kill_tree(app, seen)
