"""Open files with errors a person understands.

The index walks folders that change under it: files vanish, are locked, are named
``.txt`` but are a FIFO or a folder. Every reader goes through these checks so the user
sees "permission denied" rather than ``[Errno 13]``, and a FIFO never blocks a read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .base import ExtractionError, UnsupportedFile

MB = 1024 * 1024


def os_error_reason(exc: OSError) -> str:
    """Plain words for an operating-system error while opening or reading a file."""
    if isinstance(exc, FileNotFoundError):
        return "file not found (moved or deleted?)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if exc.errno in (errno.EIO, errno.ENXIO):
        return "could not read the disk (input/output error)"
    detail = exc.strerror or type(exc).__name__
    return f"could not open the file ({detail})"


def _megabytes(n: int) -> str:
    return f"{n / MB:.0f}" if n >= 10 * MB else f"{n / MB:.1f}"


def check_file(path: Path, max_bytes: int) -> int:
    """Size of ``path`` after checking it is a readable, non-empty regular file within limits."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise UnsupportedFile(path, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise UnsupportedFile(path, "not a regular file (device, pipe or socket)")
    if st.st_size == 0:
        raise ExtractionError(path, "empty file")
    if st.st_size > max_bytes:
        raise ExtractionError(
            path, f"too large ({_megabytes(st.st_size)} MB; limit {_megabytes(max_bytes)} MB)"
        )
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
    return st.st_size


def read_bytes(path: Path) -> bytes:
    """All bytes of ``path``; OS errors become ExtractionError with plain words."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
