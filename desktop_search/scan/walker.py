"""Walk a chosen folder and list the document files in it, with size and mtime.

Symlinked folders are not followed (no loops, no escaping the chosen folder); folders
that cannot be opened are reported and skipped, never fatal.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop_search.extract import is_supported
from desktop_search.scan.excludes import ExcludeRules

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DiskFile:
    path: str
    size: int
    mtime_ns: int


def _encodable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def walk(
    root: str,
    excludes: ExcludeRules,
    *,
    on_error: Callable[[str, str], None] | None = None,
) -> Iterator[DiskFile]:
    """Supported files below ``root`` (depth-first, sorted for a stable order)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            reason = f"cannot open folder ({exc.strerror or exc})"
            log.warning("%s: %s", folder, reason)
            if on_error:
                on_error(folder, reason)
            continue
        for entry in entries:
            if excludes.name_excluded(entry.name):
                continue
            if not _encodable(entry.path):
                log.warning("skipping %r: its name is not valid text", entry.path)
                if on_error:
                    on_error(
                        entry.path.encode("utf-8", "replace").decode(),
                        "file name is not valid text",
                    )
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if not is_supported(entry.path):
                    continue
                st = entry.stat(follow_symlinks=True)
            except OSError as exc:
                log.info("skipping %s: %s", entry.path, exc)
                continue
            if stat.S_ISREG(st.st_mode):
                yield DiskFile(entry.path, st.st_size, st.st_mtime_ns)
