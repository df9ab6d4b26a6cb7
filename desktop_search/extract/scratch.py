"""Private scratch folders for readers that must copy part of a file to disk.

The mail reader writes each attachment to a file so the reader for its type can open
it. A reader killed mid-file (its time or memory limit, the indexer stopped or killed)
cannot remove that copy, and in the shared temp folder a copy of a private attachment
would stay for good. So copies go into a user-only folder, one subfolder per process
(named ``<pid>-...``), and the next process to start removes the subfolders of processes
that are gone. Inside the extraction sandbox the temp folder is already a private one
under the data folder's cache (``sandbox._private_temp``); the same rules hold there.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

_PREFIX = "desktop-search-scratch-"
# Folders made directly in the temp folder by earlier versions of the mail reader.
_LEGACY = re.compile(r"desktop-search-mail-[A-Za-z0-9_]+\Z")
_LEGACY_AGE_S = 600.0  # far beyond any reader's time limit: nobody still uses it
_OWNER = re.compile(r"(\d+)(?:-|\Z)")
_swept: set[str] = set()  # parents swept by this process


def process_alive(pid: int) -> bool:
    """True unless process ``pid`` is known to be gone (unsure: alive, so kept)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there
        try:
            import psutil

            return psutil.pid_exists(pid)
        except ImportError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its folder alone
    return True


def remove_stale(folder: Path) -> None:
    """Remove the entries of ``folder`` not named for a running process (``<pid>[-...]``)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        owner = _OWNER.match(entry.name)
        if owner and process_alive(int(owner.group(1))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _user_id() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    import getpass

    return re.sub(r"[^A-Za-z0-9_]", "_", getpass.getuser())


def _private_parent(*, create: bool = True) -> Path | None:
    """This user's scratch folder in the temp folder (made 0700), or None if not there or unsafe."""
    parent = Path(tempfile.gettempdir()) / (_PREFIX + _user_id())
    try:
        if create:
            parent.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(parent)
    except OSError:
        return None
    # Someone else may have made it first in a shared /tmp: then it is not ours to use.
    if not stat.S_ISDIR(st.st_mode):
        return None
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        return None
    return parent


def _remove_legacy(temp: Path) -> None:
    """Remove this user's old ``desktop-search-mail-*`` folders left directly in ``temp``."""
    try:
        entries = [e for e in os.scandir(temp) if _LEGACY.match(e.name)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        ours = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if ours and stat.S_ISDIR(st.st_mode) and now - st.st_mtime > _LEGACY_AGE_S:
            shutil.rmtree(entry.path, ignore_errors=True)


def sweep() -> None:
    """Remove what readers of processes that are gone left in the scratch folder (at start)."""
    temp = tempfile.gettempdir()
    if temp in _swept:
        return
    _swept.add(temp)
    _remove_legacy(Path(temp))
    parent = _private_parent(create=False)
    if parent is not None:
        remove_stale(parent)


def remove_for(pid: int) -> None:
    """Remove the scratch folders of process ``pid``, which has ended (a killed reader)."""
    parent = _private_parent(create=False)
    if parent is not None:
        for entry in parent.glob(f"{int(pid)}-*"):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def scratch_folder(name: str) -> Iterator[Path]:
    """A new empty user-only folder for this process, removed when the block ends."""
    sweep()
    parent = _private_parent()
    with tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-{name}-", dir=parent) as folder:
        yield Path(folder)
