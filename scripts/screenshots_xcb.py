"""A new user's first minutes, on a real X display: screenshots and the quit time.

    python scripts/screenshots_xcb.py [--out DIR] [--corpus DIR]

Starts Xvfb with fluxbox, a fresh home folder holding ``Documents`` (a few Chinese
and English documents from the shared corpus), and the real app on Qt's xcb
platform. It then does what a person does, through the keyboard and mouse (xdotool):
first launch, choose the folder, watch it index, search once it is up to date,
switch to the Chinese interface and search in Chinese, quit with Ctrl+Q. Each step
is saved as a PNG; the time from Ctrl+Q until the window and then every process are
gone is printed. Needs xvfb, fluxbox, xdotool, imagemagick and a CJK font.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.gui import real_display as rd  # noqa: E402

ZH = ("向量表征与向量数据库.txt", "走进向量的世界.txt", "Embedding模型简介.txt")
EN = (
    "ch04-01-what-is-ownership.html",
    "ch04-02-references-and-borrowing.html",
    "ch08-02-strings.html",
    "ch15-04-rc.html",
)


def wait(condition, timeout: float, what: str) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"timed out: {what}")


def shrink(png: Path) -> None:
    """Keep the PNGs modest: 8-bit palette, as ImageMagick does it."""
    subprocess.run(["convert", str(png), "-colors", "256", "PNG8:" + str(png)], check=False)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = ap.parse_args()
    missing = rd.missing_tools() + (["imagemagick"] if not shutil.which("import") else [])
    if missing:
        raise SystemExit("install first: apt-get install " + " ".join(missing))
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ds-xcb-"))
    person = tmp / "person"  # the new user's home folder
    docs = person / "Documents"
    for name in ZH:
        (docs / "向量").mkdir(parents=True, exist_ok=True)
        shutil.copy2(args.corpus / "zh" / name, docs / "向量" / name)
    for name in EN:
        (docs / "rust").mkdir(parents=True, exist_ok=True)
        shutil.copy2(args.corpus / "en" / "rust-book" / name, docs / "rust" / name)
    home = tmp / "data"
    log = tmp / "app.log"
    results = tmp / "results.tsv"

    def shot(display: str, name: str) -> None:
        path = args.out / f"xcb-{name}.png"
        rd.screenshot(display, path)
        shrink(path)
        print("saved", path)

    def launch(display: str, first_query: str = "") -> subprocess.Popen:
        return rd.launch_app(
            home,
            display,
            log,
            *([first_query] if first_query else []),
            HOME=str(person),
            LANG="en_US.UTF-8",
            DESKTOP_SEARCH_REPORT_RESULTS=str(results),
        )

    def window_id(display: str, pid: int) -> str:
        # By process: in the Chinese interface the title is Chinese too.
        wait(lambda: bool(rd.visible_windows(display, pid=pid)), 60, "window shown")
        wid = rd.visible_windows(display, pid=pid)[0]
        rd.xdotool(display, "windowactivate", "--sync", wid)
        return wid

    def answered(query: str, meaning: bool = False) -> bool:
        """An answer with hits for ``query`` was shown (by meaning too, if asked)."""
        if not results.exists():
            return False
        for line in results.read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) > 3 and f[1] == query and (f[2] or not meaning):
                return True
        return False

    with rd.virtual_display() as display:
        app = launch(display)
        wid = window_id(display, app.pid)
        time.sleep(2)
        shot(display, "1-first-launch")

        # Choose a folder: the button on the welcome page, then the file dialog.
        # The welcome page's button: the middle of the result pane (the window opens at
        # 1120x720 with the pane 640 px wide).
        for _ in range(10):  # until the file dialog is there (the layout may still settle)
            rd.xdotool(display, "mousemove", "--window", wid, "320", "470", "click", "1")
            time.sleep(1.5)
            if rd.visible_windows(display, name="^Choose a folder to search$"):
                break
        else:
            raise SystemExit("the folder chooser did not open")
        time.sleep(1)
        shot(display, "2-choose-folder")
        rd.xdotool(display, "type", "--delay", "30", str(docs))
        rd.xdotool(display, "key", "Return")
        for i, pause in enumerate((4, 20, 20, 20)):  # the stages: checking, reading, meaning
            time.sleep(pause)
            shot(display, f"3-indexing-{i}")
        # Up to date: the worker idles once both spaces have every vector.
        wait(lambda: _idle(home), 900, "indexing done")
        time.sleep(2)
        wid = window_id(display, app.pid)
        rd.xdotool(display, "type", "--delay", "40", "who owns a value")
        wait(lambda: answered("who owns a value", meaning=True), 240, "English results")
        time.sleep(1.5)
        shot(display, "4-up-to-date")
        rd.xdotool(display, "key", "--window", wid, "ctrl+q")
        wait(lambda: app.poll() is not None, 10, "quit")

        # The Chinese interface (as chosen in View > Language, saved in the settings).
        settings = home / "config" / "settings.json"
        data = json.loads(settings.read_text(encoding="utf-8"))
        data["ui_language"] = "zh_CN"
        settings.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        # Typed by the app itself: xdotool drops characters of a Chinese string.
        app = launch(display, first_query="向量数据库")
        wid = window_id(display, app.pid)
        wait(lambda: answered("向量数据库", meaning=True), 240, "Chinese results")
        time.sleep(1.5)
        shot(display, "5-chinese")

        seen = rd.descendants(app.pid)
        rd.xdotool(display, "key", "--window", wid, "ctrl+q")
        pressed = time.monotonic()
        hidden = wait(lambda: not rd.visible_windows(display, pid=app.pid), 10, "hidden")
        shot(display, "6-quit")
        wait(
            lambda: app.poll() is not None and not any(rd.alive(p) for p in seen | {app.pid}),
            10,
            "every process gone",
        )
        gone = time.monotonic() - pressed
        print(
            f"quit: window hidden after {hidden:.2f} s, all {len(seen) + 1} processes gone "
            f"after {gone:.2f} s"
        )
    print("log:", log)
    return 0


def _idle(home: Path) -> bool:
    """Every file read and every passage embedded in both spaces (from the catalog)."""
    import sqlite3

    from desktop_search.paths import app_paths

    path = app_paths(home).catalog
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pending = con.execute("SELECT count(*) FROM files WHERE status='pending'").fetchone()[0]
        files = con.execute("SELECT count(*) FROM files").fetchone()[0]
        left = 0
        for sid, langs in con.execute("SELECT id, languages FROM spaces").fetchall():
            marks = ",".join("?" * len(langs.split(",")))
            total = con.execute(
                f"SELECT count(*) FROM chunks WHERE language IN ({marks})", langs.split(",")
            ).fetchone()[0]
            done = con.execute("SELECT count(*) FROM vectors WHERE space_id=?", (sid,)).fetchone()[
                0
            ]
            left += total - done
        spaces = con.execute("SELECT count(*) FROM spaces").fetchone()[0]
        return files > 0 and pending == 0 and spaces >= 2 and left == 0
    except sqlite3.Error:
        return False
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
