"""Run the external programs some formats need (Tesseract, antiword, catdoc).

These programs are the best readers there are for scans and legacy Word files, but
they are separate processes: one can hang on a hostile file, and if our extraction
process is killed for overrunning its time limit the program would live on as an
orphan. Every call therefore has a time limit, and on Linux the program is told to
die with its parent (``PR_SET_PDEATHSIG``). Failures come back as ``ToolError`` with
a short reason taken from the program's own error output.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence

_PR_SET_PDEATHSIG = 1
MAX_REASON_CHARS = 200


class ToolError(Exception):
    """An external program failed, timed out or could not be started."""

    def __init__(self, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.timed_out = timed_out


def which(name: str) -> str | None:
    """Full path of the program ``name`` on PATH, or None when it is not installed."""
    return shutil.which(name)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:  # no prctl: the time limit still bounds the orphan's life
        pass


def _preexec() -> Callable[[], None] | None:
    # preexec_fn is unsafe when other threads may hold locks at fork time; the sandbox
    # child (where extraction normally runs) is single-threaded.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return _die_with_parent
    return None


def _last_line(stderr: bytes) -> str:
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    return lines[-1][:MAX_REASON_CHARS] if lines else ""


def run_tool(
    args: Sequence[str],
    *,
    timeout_s: float,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
) -> bytes:
    """Standard output of the program; ToolError when it fails or overruns ``timeout_s``."""
    full_env = {**os.environ, **env} if env else None
    try:
        done = subprocess.run(
            list(args),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout_s,
            env=full_env,
            preexec_fn=_preexec(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        shown = f"{timeout_s:.0f}" if timeout_s >= 1 else f"{timeout_s:.2g}"
        raise ToolError(f"took longer than {shown} s", timed_out=True) from exc
    except OSError as exc:
        raise ToolError(f"could not run {os.path.basename(args[0])} ({exc.strerror})") from exc
    if done.returncode != 0:
        detail = _last_line(done.stderr) or f"exit code {done.returncode}"
        raise ToolError(detail)
    return done.stdout
