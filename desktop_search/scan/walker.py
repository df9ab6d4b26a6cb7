"""Walk a chosen folder and list the document files in it, with size and mtime.

Symlinked folders are not followed (no loops, no escaping the chosen folder), nor by
default links to files outside it; folders that cannot be opened are reported and
skipped, never fatal.
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


def shown_path(path: str) -> str:
    """A path that can be stored and printed: undecodable bytes written as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def walk(
    root: str,
    excludes: ExcludeRules,
    *,
    on_error: Callable[[str, str], None] | None = None,
    links_outside: bool = False,
) -> Iterator[DiskFile]:
    """Supported files below ``root`` (depth-first, sorted for a stable order).

    Every document-like entry that is not yielded is reported to ``on_error`` with a
    reason (a folder that cannot be opened, a name that is not text, a pipe, a link
    loop, a link leading out of ``root`` unless ``links_outside``), so that nothing
    is left out in silence.
    """

    def report(path: str, reason: str) -> None:
        log.info("skipping %s: %s", path, reason)
        if on_error:
            on_error(path, reason)

    real_root: str | None = None
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            report(shown_path(folder), f"cannot open folder ({exc.strerror or exc})")
            continue
        for entry in entries:
            if excludes.name_excluded(entry.name):
                continue
            if not _encodable(entry.path):
                report(shown_path(entry.path), "file name is not valid text")
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if not is_supported(entry.path):
                    continue
                link = entry.is_symlink()
                st = entry.stat(follow_symlinks=True)
            except FileNotFoundError:
                if entry.is_symlink():
                    report(entry.path, "a link to a file that is not there")
                continue  # deleted while we looked
            except OSError as exc:
                report(entry.path, f"cannot look at it ({exc.strerror or exc})")
                continue
            if link and not links_outside:
                if real_root is None:
                    real_root = os.path.realpath(root)
                if not _is_under(os.path.realpath(entry.path), real_root):
                    report(entry.path, "a link to a file outside the chosen folder (not followed)")
                    continue
            if stat.S_ISREG(st.st_mode):
                yield DiskFile(entry.path, st.st_size, st.st_mtime_ns)
            elif not stat.S_ISDIR(st.st_mode):
                report(entry.path, "not a regular file (device, pipe or socket)")
