"""Does the window stay smooth while the background worker indexes a large folder?

Starts a QApplication (offscreen unless a display is set) with an ``IndexingClient``
indexing a copy of a large folder (the shared corpus by default, or generated files),
and measures on the GUI thread the longest gap between ticks of a 10 ms QTimer (an
event-loop stall the user would feel as a frozen window), and the latency of searches
made meanwhile from a search thread through the search service (a child process),
as the window does. Prints one table per measure. Target: longest stall under 100 ms.

    python benchmarks/gui_stall.py                    # shared corpus, 120 s
    python benchmarks/gui_stall.py --generate 3000 --seconds 60
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
QUERIES = (
    "camping trip by the lake",
    "ownership and borrowing rules",
    "向量数据库的索引",
    "error handling with Result",
    "PDF fonts and encodings",
)
TICK_MS = 10


def _generate(folder: Path, count: int) -> None:
    """``count`` small English and Chinese notes, a few paragraphs each."""
    words = (
        "river budget meeting garden ownership thread lake report invoice travel "
        "contract penalty clause vector index search music recipe camera"
    ).split()
    zh = "合同 违约金 条款 向量 检索 数据库 旅行 预算 会议 花园".split()
    for i in range(count):
        sub = folder / f"batch{i // 200:03}"
        sub.mkdir(parents=True, exist_ok=True)
        body = []
        for p in range(3):
            en = " ".join(words[(i * 7 + p * 3 + k) % len(words)] for k in range(40))
            cn = "".join(zh[(i + p + k) % len(zh)] for k in range(30))
            body.append(f"Note {i} part {p}: {en}.\n{cn}。")
        (sub / f"note{i:05}.txt").write_text("\n\n".join(body), encoding="utf-8")


def _cpu_wait_ms() -> float:
    """Time this thread has spent ready to run but waiting for a CPU (Linux), in ms."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as fh:
            return int(fh.read().split()[1]) / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def _stats(values: list[float]) -> tuple[float, float, float]:
    """(p50, p95, max) of ``values`` (0s when empty)."""
    if not values:
        return 0.0, 0.0, 0.0
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def _table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    cells = [header, *[tuple(str(c) for c in r) for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print(
            "  "
            + "  ".join(
                c.rjust(w) if n and i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


class Searcher(threading.Thread):
    """Searches now and then from its own thread, as the window's search does."""

    def __init__(self, home: Path, interval_s: float) -> None:
        super().__init__(name="search", daemon=True)
        self.home = home
        self.interval_s = interval_s
        self.stop = threading.Event()
        self.latencies: dict[str, list[float]] = {"keyword": [], "hybrid": []}
        self.busy: list[tuple[float, float]] = []  # (start, end) of each search, perf_counter
        self.warm_at: float | None = None
        self.warm_s = 0.0

    def run(self) -> None:
        started = time.perf_counter()
        from desktop_search.app.search_process import SearchService

        # The window searches through the search service (a child process), as here.
        lib = SearchService(self.home)
        lib.warm_up()  # load both models, as the window does once at start
        self.warm_s = time.perf_counter() - started
        self.busy.append((started, time.perf_counter()))
        self.warm_at = time.perf_counter()
        n = 0
        while not self.stop.wait(self.interval_s):
            query = QUERIES[n % len(QUERIES)]
            n += 1
            for mode in ("keyword", "hybrid"):
                t = time.perf_counter()
                lib.search(query, k=20, mode=mode)
                self.busy.append((t, time.perf_counter()))
                self.latencies[mode].append((time.perf_counter() - t) * 1000)
        lib.close()


def main() -> int:
    """Index a large folder in the background and report GUI stalls and query latency."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder to index (copied)")
    parser.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="N",
        help="index N generated notes instead of the corpus",
    )
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to measure")
    parser.add_argument(
        "--search-after",
        type=float,
        default=20.0,
        help="seconds of indexing alone before searches start",
    )
    parser.add_argument("--query-interval", type=float, default=0.5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_search.gui.indexing_client import IndexingClient
    from desktop_search.paths import app_paths
    from desktop_search.settings import Settings, save_settings

    tmp = Path(tempfile.mkdtemp(prefix="gui-stall-"))
    docs, home = tmp / "docs", tmp / "home"
    if args.generate:
        _generate(docs, args.generate)
        source = f"{args.generate} generated notes"
    else:
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus}; use --generate N", file=sys.stderr)
            return 2
        shutil.copytree(args.corpus, docs)
        source = str(args.corpus)
    n_files = sum(1 for p in docs.rglob("*") if p.is_file())
    save_settings(Settings(folders=(str(docs),)), app_paths(home).ensure().settings_file)

    app = QApplication(sys.argv[:1])
    client = IndexingClient(home)
    # (time, ms since the previous tick, of which ms waiting for a CPU held by others)
    gaps: list[tuple[float, float, float]] = []
    last = [time.perf_counter(), _cpu_wait_ms()]
    progress: list = []
    states: list[tuple[float, str]] = []
    searcher = Searcher(home, args.query_interval)
    t0 = time.perf_counter()

    def tick() -> None:
        now, waited = time.perf_counter(), _cpu_wait_ms()
        gaps.append((now - t0, (now - last[0]) * 1000, waited - last[1]))
        last[0], last[1] = now, waited

    def finish() -> None:
        heartbeat.stop()
        searcher.stop.set()
        app.quit()

    def on_state(state: str) -> None:
        states.append((time.perf_counter() - t0, state))
        if state == "idle" and any(s == "indexing" for _, s in states):
            QTimer.singleShot(2000, finish)  # done before time: measure a moment of idle too

    heartbeat = QTimer()
    heartbeat.setInterval(TICK_MS)
    heartbeat.timeout.connect(tick)
    client.progress.connect(progress.append)
    client.state_changed.connect(on_state)
    QTimer.singleShot(int(args.search_after * 1000), searcher.start)
    QTimer.singleShot(int(args.seconds * 1000), finish)
    heartbeat.start()
    client.start()
    app.exec()
    elapsed = time.perf_counter() - t0
    stop_started = time.perf_counter()
    client.stop()
    stop_s = time.perf_counter() - stop_started
    if searcher.is_alive():
        searcher.join(timeout=10)

    # -- report ------------------------------------------------------------------------
    warm_from = args.search_after
    warm_to = (searcher.warm_at - t0) if searcher.warm_at else elapsed
    phases = [
        ("indexing alone", 0.0, warm_from),
        ("+ search thread loading models", warm_from, warm_to),
        (f"+ searching every {args.query_interval:.1f} s", warm_to, elapsed),
        ("whole run", 0.0, elapsed),
        ("whole run, no search running", 0.0, elapsed),
    ]
    busy = [(a - t0, b - t0) for a, b in searcher.busy]

    def searching(t: float, ms: float) -> bool:
        """True when a search ran at some moment of the gap that ended at ``t``."""
        return any(a < t and b > t - ms / 1000 for a, b in busy)

    rows = []
    for name, a, b in phases:
        window = [
            (ms, wait)
            for t, ms, wait in gaps
            if a <= t < b and not (name.endswith("no search running") and searching(t, ms))
        ]
        if not window:
            continue
        over = sum(1 for ms, _ in window if ms > 100)
        _, p95, worst = _stats([ms for ms, _ in window])
        own = max(ms - wait for ms, wait in window)  # the stall had the GUI thread had a CPU
        rows.append(
            (name, f"{b - a:.1f}", len(window), f"{worst:.0f}", f"{own:.0f}", f"{p95:.1f}", over)
        )
    last_p = progress[-1] if progress else None
    print(f"\nindexed {source}: {n_files} files copied to {docs}")
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in load)}")
    print(f"measured {elapsed:.1f} s; states: " + ", ".join(f"{s}@{t:.1f}s" for t, s in states))
    if last_p is not None:
        print(
            f"last progress: {last_p.phase}, files {last_p.files_done}/{last_p.files_total}, "
            f"chunks {last_p.chunks_embedded}/{last_p.chunks_total}, "
            f"{last_p.chunks_per_s:.1f} chunks/s"
        )
    from desktop_search.store.catalog import Catalog

    with Catalog(app_paths(home).catalog, readonly=True) as cat:
        counts = cat.status_counts()
        vectors = cat.db.execute("SELECT count(*) FROM vectors").fetchone()[0]
        print(
            f"catalog: {counts}, {cat.chunk_count()} chunks, {vectors} vectors; "
            f"client.stop() took {stop_s:.1f} s"
        )
    _table(
        f"GUI event loop ({TICK_MS} ms heartbeat; stall = longest gap between ticks; minus CPU "
        "wait = the same less the time the OS ran other processes instead)",
        ("phase", "seconds", "ticks", "longest ms", "minus CPU wait", "p95 ms", "gaps > 100"),
        rows,
    )
    qrows = []
    for mode, values in searcher.latencies.items():
        p50, p95, worst = _stats(values)
        qrows.append((mode, len(values), f"{p50:.0f}", f"{p95:.0f}", f"{worst:.0f}"))
    _table(
        f"query latency while indexing (search thread; models loaded in {searcher.warm_s:.1f} s)",
        ("mode", "queries", "p50 ms", "p95 ms", "max ms"),
        qrows,
    )
    if args.keep:
        print(f"\nkept {tmp} (worker log: {app_paths(home).log / 'indexer.log'})")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
