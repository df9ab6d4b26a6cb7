"""Is a chosen folder there to be scanned, or is its drive just not plugged in?

A scan takes what it does not find on disk as deleted. For a folder on a drive that is
unplugged, or a mount point whose file system is not mounted, that would forget every
file in it, vectors included (hours of embedding), the moment the app starts without the
drive. So before a folder is compared with the catalog it must look like itself:

* it exists and is a folder;
* it is not empty while the catalog holds files under it (an empty mount point);
* if it was on a file system of its own (a mounted drive) when last scanned, it still
  is; a folder that has fallen back onto its parent's file system is the bare mount
  point (another device number alone proves nothing: a USB drive plugged into another
  port gets a new one).

Only forgetting the folder (``forget`` or removing it in the window) drops its index.
"""

from __future__ import annotations

import os


def on_own_file_system(folder: str) -> bool:
    """True when ``folder`` lives on another file system than its parent (a mounted drive)."""
    try:
        parent = os.path.dirname(os.path.abspath(folder)) or folder
        return os.path.ismount(folder) or os.stat(folder).st_dev != os.stat(parent).st_dev
    except OSError:
        return False


def _is_empty(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False  # unreadable: the walk reports that itself


def unavailable_reason(folder: str, *, files_known: int, was_mounted: bool) -> str | None:
    """Why ``folder`` should not be scanned now (plain words), or None when it can be.

    ``files_known``: how many files the catalog holds under it; ``was_mounted``: it was
    on a file system of its own when last scanned.
    """
    if not os.path.isdir(folder):
        return "not there (is its drive plugged in?)"
    if files_known and _is_empty(folder):
        return "empty, as if its drive were not mounted"
    if was_mounted and not on_own_file_system(folder):
        return "its drive is not mounted"
    return None
