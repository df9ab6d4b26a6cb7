"""A real X display for tests and screenshots: Xvfb, a window manager, xdotool.

Offscreen Qt cannot see what a new user meets: a platform plugin that does not load,
a window manager that does not give focus, a shortcut that is ambiguous. These helpers
start the real app on Qt's xcb platform under Xvfb with fluxbox, type into it as a
person would, and follow every process it starts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

TOOLS = {"Xvfb": "xvfb", "fluxbox": "fluxbox", "xdotool": "xdotool"}
REPO = Path(__file__).resolve().parents[2]


def missing_tools() -> list[str]:
    """The programs the real-display test needs that are not installed (Debian names)."""
    return [pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None]


@contextlib.contextmanager
def virtual_display(size: str = "1400x900x24") -> Iterator[str]:
    """Xvfb on a free display number with fluxbox on it; yields DISPLAY (e.g. ':12')."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        raise RuntimeError("Xvfb did not start")
    display = f":{number}"
    env = {**os.environ, "DISPLAY": display}
    wm = subprocess.Popen(
        ["fluxbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(1.0)  # fluxbox must manage the screen before the app maps its window
    try:
        yield display
    finally:
        for proc in (wm, xvfb):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def xdotool(display: str, *args: str, timeout: float = 30) -> str:
    """Run xdotool on ``display``; its output ('' when it found nothing)."""
    out = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return out.stdout.strip()


def visible_windows(
    display: str, name: str = "^Desktop Search$", pid: int | None = None
) -> list[str]:
    """Ids of the mapped windows whose title matches ``name`` (or of process ``pid``)."""
    if pid is not None:
        return xdotool(display, "search", "--onlyvisible", "--pid", str(pid), "--name", ".").split()
    return xdotool(display, "search", "--onlyvisible", "--name", name).split()


def screenshot(display: str, path: Path) -> None:
    """The whole screen as a PNG (ImageMagick's ``import``)."""
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(path)],
        check=True,
        timeout=30,
        capture_output=True,
    )


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, grandchildren...), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def app_env(display: str, **extra: str) -> dict[str, str]:
    """The environment the app gets: the real display, the worktree's code, offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND", "PYTEST"))}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HF_HUB_OFFLINE="1",
        PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.update(extra)
    return env


def launch_app(home: Path, display: str, log: Path, *words: str, **extra: str) -> subprocess.Popen:
    """Start ``desktop-search --data-dir home [-- WORDS]`` on ``display``."""
    command = [sys.executable, "-m", "desktop_search.gui.launch", "--data-dir", str(home)]
    return subprocess.Popen(
        command + (["--", *words] if words else []),
        env=app_env(display, **extra),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=str(home.parent),
    )


def kill_tree(proc: subprocess.Popen, pids: set[int]) -> None:
    """Clean up after a failed test: the app and every process it started."""
    for pid in pids | {proc.pid}:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)
