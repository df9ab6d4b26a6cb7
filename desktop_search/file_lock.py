"""Locks between processes on a small file beside what they guard.

Why: the settings file is read, changed and written again by whoever changes it (the
indexer process, the window when no indexer runs, the command line run on its own).
Without a lock two such changes at once both start from the same old file and the
second one's write loses the first. The lock is the operating system's (``flock`` on
POSIX, ``msvcrt.locking`` on Windows), so a process that dies lets go of it at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int, *, wait: bool) -> bool:
        mode = msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK  # LK_LOCK retries for ~10 s
        try:
            msvcrt.locking(fd, mode, 1)
        except OSError:
            if wait:
                raise
            return False
        return True

else:
    import fcntl

    def _lock(fd: int, *, wait: bool) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock ``path`` for the block, waiting for another process to let go."""
    fd = _open(path)
    try:
        _lock(fd, wait=True)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock


class HeldLock:
    """A lock held until ``release`` (or the process ends): "this process is running"."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def hold(path: Path) -> HeldLock | None:
    """Take the lock ``path`` and keep it; None when another process holds it."""
    fd = _open(path)
    if _lock(fd, wait=False):
        return HeldLock(fd)
    os.close(fd)
    return None


def held_elsewhere(path: Path) -> bool:
    """True while another process holds the lock ``path`` (``hold``)."""
    if not path.exists():
        return False
    lock = hold(path)
    if lock is None:
        return True
    lock.release()
    return False
