"""How long from starting the app to a window on screen? (Target: under 2 s.)

Runs ``python -m desktop_search --data-dir DIR`` as a fresh process, as a double-click
would, and takes the time from just before the process is created to the window's
first paint, which the app reports through ``DESKTOP_SEARCH_REPORT_SHOWN`` (see
``desktop_search/gui/launch.py``); ``DESKTOP_SEARCH_QUIT_WHEN_SHOWN`` then closes it
the normal way (indexer stopped, state saved) before the next run starts. Repeats,
and prints each time and min / median / max. The first run on a new data folder also
creates it; pass ``--data-dir`` to time an existing library instead.

    python benchmarks/launch.py                # 5 runs on a fresh temporary data folder
    python benchmarks/launch.py --runs 10 --data-dir ~/.local/share/desktop-search
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 2.0


def launch_once(home: Path, stamp: Path, timeout_s: float) -> float:
    """Seconds from spawning the app to its first painted window."""
    stamp.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DESKTOP_SEARCH_REPORT_SHOWN": str(stamp),
        "DESKTOP_SEARCH_QUIT_WHEN_SHOWN": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH")))),
    }
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_search", "--data-dir", str(home)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _out, err = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        message = f"the app did not show a window and quit within {timeout_s:.0f} s"
        raise SystemExit(message) from exc
    if not stamp.exists():
        raise SystemExit(f"the app exited ({process.returncode}) without a window:\n{err}")
    return float(stamp.read_text().strip()) - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data-dir", help="an existing data folder (default: a fresh temporary one)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per run")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ds-launch-"))
    home = Path(args.data_dir).expanduser() if args.data_dir else tmp / "home"
    times = []
    try:
        for i in range(1, args.runs + 1):
            seconds = launch_once(home, tmp / "shown", args.timeout)
            times.append(seconds)
            note = " (first run: creates the data folder)" if i == 1 and not args.data_dir else ""
            print(f"run {i}: window shown after {seconds:.2f} s{note}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    verdict = "ok" if statistics.median(times) < TARGET_S else "over target"
    print(
        f"start to window ({len(times)} runs): min {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"(target < {TARGET_S:.0f} s: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
