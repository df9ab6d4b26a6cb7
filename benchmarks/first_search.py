"""From launch to the first answers, then idle memory, then quit: the real app, timed.

    python benchmarks/first_search.py [--runs 3] [--home DIR] [--idle-s 30] [--generate 250]

What a person meets when they open the app on a library that is already indexed and
type straight away: how long until the window is there, until keyword results show,
until results by meaning show (the answer that used a vector space), then, after the
app has rested (``DESKTOP_SEARCH_RELEASE_AFTER_S`` set short), how much memory all its
processes hold together, and how long Ctrl+Q takes until the window and then every
process are gone. Runs on Qt's xcb platform under Xvfb + fluxbox when they are
installed (needed for Ctrl+Q), offscreen otherwise (then the app is ended by SIGTERM
and no quit time is given). The query is given on the command line (``desktop-search
WORDS``: typed into the search box as the window comes up) and the answers are read from
``DESKTOP_SEARCH_REPORT_RESULTS`` (gui/launch.py).

Without ``--home`` a library is built first from a few documents of the shared corpus
(both spaces embedded; takes a few minutes), and reused by later runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.gui import real_display as rd  # noqa: E402

WORK = Path("/tmp/desktop-search-bench/first-search")
QUERY = "ownership rules"  # keyword hits in the Rust chapters, and meaning hits
CHANGE_TEXT = "Knead the dough, let it rise for an hour, then bake it in a hot oven.\n"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def rss_mb(pids: set[int]) -> float:
    """Resident memory of these processes together, in MB (from /proc)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def _role(pid: int, app_pid: int) -> str:
    """What a process of the app is: its name (the app names its processes), else a guess."""
    if pid == app_pid:
        return "window"
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    if name.startswith("ds-"):
        return name[3:]
    if "resource_tracker" in cmdline:
        return "mp-tracker"
    if "spawn_main" in cmdline:
        return "spawned (sandbox?)"
    return name


def build_library(home: Path, corpus: Path) -> None:
    """Index a few Chinese and English documents with both spaces (once)."""
    from desktop_search.paths import app_paths

    if app_paths(home).catalog.exists():
        return
    docs = home.parent / "docs"
    for sub, names in (
        ("zh", ["向量表征与向量数据库.txt", "走进向量的世界.txt", "Embedding模型简介.txt"]),
        ("en/rust-book", sorted(p.name for p in (corpus / "en/rust-book").glob("ch0[4-8]*"))),
    ):
        (docs / sub).mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy2(corpus / sub / name, docs / sub / name)
    print(f"building the library in {home} (both spaces; a few minutes)...", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_search.cli.main",
            "--data-dir",
            str(home),
            "index",
            str(docs),
        ],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
    )


def build_generated_library(home: Path, files: int) -> None:
    """Index ``files`` generated documents (benchmarks/make_corpus.py) with both spaces (once)."""
    from desktop_search.paths import app_paths

    if app_paths(home).catalog.exists():
        return
    corpus = home.parent / f"corpus-{files}"
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/make_corpus.py"),
            "--files",
            str(files),
            "--out",
            str(corpus),
        ],
        check=True,
        env=env,
    )
    print(f"indexing {files} generated files into {home} (both spaces)...", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_search.cli.main",
            "--data-dir",
            str(home),
            "index",
            str(corpus),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def one_run(
    home: Path,
    display: str | None,
    idle_s: float,
    log: Path,
    code: Path,
    quit_by: str,
    type_query: bool = False,
    change: Path | None = None,
) -> dict[str, float]:
    results = home.parent / "results.tsv"
    results.unlink(missing_ok=True)
    shown = home.parent / "shown.txt"
    shown.unlink(missing_ok=True)
    extra = {
        "DESKTOP_SEARCH_REPORT_RESULTS": str(results),
        "DESKTOP_SEARCH_REPORT_SHOWN": str(shown),  # the window's first paint, by the app
        "DESKTOP_SEARCH_RELEASE_AFTER_S": str(max(1.0, idle_s / 3)),
    }
    env = rd.app_env(display or ":0", **extra)
    # As on a person's machine, where Python keeps the compiled modules: with this set (as
    # in some shells here) every launch compiled the app's ~150 modules again (+50-80 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(code)  # another checkout's code (``--code``) for "before" figures
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, "-m", "desktop_search.gui.launch", "--data-dir", str(home)]
    if "DESKTOP_SEARCH_SEARCH_AT_START" in (code / "desktop_search/gui/launch.py").read_text():
        env["DESKTOP_SEARCH_SEARCH_AT_START"] = QUERY  # how older code took the first query
    else:
        command += ["--", QUERY]
    out: dict[str, float] = {}
    started = time.time()
    app = subprocess.Popen(
        command,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=str(code),  # "-m" puts the working folder first on the path
    )
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        loops = 0
        # Watching must not take the CPU the app starts with: a file read per 20 ms. Asking
        # the X server (xdotool) and walking /proc every 20 ms took half a core of two.
        while time.monotonic() < deadline and "meaning" not in out:
            loops += 1
            if loops % 25 == 0:
                seen |= rd.descendants(app.pid)
            if "window" not in out and shown.exists() and shown.read_text().strip():
                out["window"] = float(shown.read_text()) - started
            if type_query and display and "typed" not in out:
                wids = rd.visible_windows(display, pid=app.pid)
                if wids:  # a checkout without the typing hook: type it for real
                    out["typed"] = time.time() - started
                    rd.xdotool(display, "windowactivate", "--sync", wids[0])
                    rd.xdotool(display, "type", "--delay", "30", QUERY)
                    deadline = time.monotonic() + 60  # no answers to read: give it a minute
            if results.exists():
                for line in results.read_text(encoding="utf-8").splitlines():
                    fields = line.split("\t")
                    if fields[1] != QUERY or len(fields) < 4:
                        continue
                    at = float(fields[0]) - started
                    out.setdefault("keyword", at)
                    if fields[2]:
                        out.setdefault("meaning", at)
            time.sleep(0.02)
        if change is not None:  # a file saved now: read, embedded, then rest again
            change.write_text(CHANGE_TEXT, encoding="utf-8")
            out["changed_at"] = time.time() - started
        time.sleep(idle_s)  # at rest: the models' idle unload has had its time
        seen |= rd.descendants(app.pid)
        out["idle_mb"] = rss_mb(seen | {app.pid})
        each = sorted(
            ((round(rss_mb({p})), _role(p, app.pid)) for p in seen | {app.pid} if rd.alive(p)),
            reverse=True,
        )
        print("  RSS per process (MB):", ", ".join(f"{r} {mb}" for mb, r in each), flush=True)
        out["processes"] = len([p for p in seen | {app.pid} if rd.alive(p)])
        if display:
            wid = rd.visible_windows(display, pid=app.pid)[0]
            rd.xdotool(display, "windowactivate", "--sync", wid)
            if quit_by == "menu":  # File > Quit, by its mnemonics
                rd.xdotool(display, "key", "--window", wid, "alt+f")
                time.sleep(0.3)
                rd.xdotool(display, "key", "q")
            else:
                rd.xdotool(display, "key", "--window", wid, "ctrl+q")
        else:
            app.send_signal(signal.SIGTERM)
        pressed = time.monotonic()
        while rd.visible_windows(display, pid=app.pid) if display else False:
            time.sleep(0.01)
        out["quit_hidden"] = time.monotonic() - pressed
        while app.poll() is None or any(rd.alive(p) for p in seen):
            if time.monotonic() - pressed > 30:
                break
            time.sleep(0.01)
        out["quit_gone"] = time.monotonic() - pressed
    finally:
        if app.poll() is None or any(rd.alive(p) for p in seen):
            rd.kill_tree(app, seen)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--home", type=Path, default=WORK / "home")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--idle-s", type=float, default=30.0)
    ap.add_argument("--code", type=Path, default=REPO, help="checkout whose app is timed")
    ap.add_argument("--quit-by", choices=("ctrl+q", "menu"), default="ctrl+q")
    ap.add_argument("--type", action="store_true", help="type the query with xdotool")
    ap.add_argument(
        "--change",
        action="store_true",
        help="save a new file in the library after the first answers (so the indexer "
        "embeds, then rests) and remove it at the end",
    )
    ap.add_argument(
        "--generate",
        type=int,
        metavar="FILES",
        help="build the library from FILES generated documents (make_corpus.py) instead",
    )
    args = ap.parse_args()
    if args.generate:
        build_generated_library(args.home, args.generate)
    else:
        build_library(args.home, args.corpus)
    xcb = not rd.missing_tools()
    print(
        f"code {args.code}; CPU: {cpu_model()} ({os.cpu_count()} cores), "
        f"load {os.getloadavg()[0]:.2f}; "
        f"platform {'xcb (Xvfb + fluxbox)' if xcb else 'offscreen'}"
    )
    change = None
    if args.change:
        from desktop_search.paths import app_paths
        from desktop_search.settings import load_settings

        folder = Path(load_settings(app_paths(args.home).settings_file).folders[0])
        change = folder / "bench-new-note.txt"
    rows = []
    for i in range(args.runs):
        log = args.home.parent / f"app-{i}.log"
        if xcb:
            with rd.virtual_display() as display:
                rows.append(
                    one_run(
                        args.home,
                        display,
                        args.idle_s,
                        log,
                        args.code,
                        args.quit_by,
                        args.type,
                        change,
                    )
                )
        else:
            rows.append(one_run(args.home, None, args.idle_s, log, args.code, args.quit_by))
        print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in rows[-1].items()), flush=True)
    print(f"\n{'from launch (s)':<34} {'min':>7} {'median':>7} {'max':>7}")
    for row in rows:  # what a person waits for once the window is there
        for key in ("keyword", "meaning"):
            if key in row and "window" in row:
                row[f"{key}_after_window"] = row[key] - row["window"]
    labels = {
        "window": "window shown (first paint)",
        "keyword_after_window": "keywords, after the window (s)",
        "meaning_after_window": "meaning, after the window (s)",
        "keyword": "first results (keywords)",
        "meaning": "first results by meaning",
        "idle_mb": "idle RSS, all processes (MB)",
        "processes": "processes at rest",
        "quit_hidden": "Ctrl+Q -> window gone (s)",
        "quit_gone": "Ctrl+Q -> every process gone (s)",
    }
    if change is not None:
        change.unlink(missing_ok=True)
    for key, label in labels.items():
        values = [r[key] for r in rows if key in r]
        if values:
            print(
                f"{label:<34} {min(values):>7.2f} {statistics.median(values):>7.2f} "
                f"{max(values):>7.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
