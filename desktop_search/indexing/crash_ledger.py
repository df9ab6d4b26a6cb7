"""Pin a crash of the indexing process on the file it was reading, and quarantine repeaters.

A file can end the indexer itself, not only the extraction sandbox: the kernel's
out-of-memory killer, a native crash in a tokenizer, a person's ``kill``. Without a
record it stays "pending", is read first next time and ends that run too, so the rest
of the folder is never indexed. The reader writes the path it is working on to a small
file before it starts and clears it when done; a path still there at the next start
was being read when the process ended. One such stop may be bad luck (the machine was
shut down); the file is then read last. A second one quarantines it: marked failed with
``QUARANTINE_REASON``, not read again until it changes.

This is the one policy for a file that ends the indexer, wherever the indexer runs (the
CLI's ``index``, eval, the app's worker, which the window restarts after a crash): the
ledger lives in ``Indexer`` and is settled when each run starts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path

from desktop_search.store.catalog import Catalog, FileStatus

log = logging.getLogger(__name__)

QUARANTINE_REASON = "stopped the indexer twice; skipped until it changes"
_KEY = "stopped_reading:"  # catalog meta key prefix -> how many runs ended on the file
STOPS_TO_QUARANTINE = 2  # stops while a file was read that quarantine it


class ReadingNow:
    """A small file holding the path being read now ("" between files), kept open.

    It is rewritten in place for every file, so noting a file costs a system call or
    two, not a file creation; it is removed on a clean stop.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._lock = threading.Lock()

    def set(self, file: str) -> None:
        """Note that ``file`` is being read (before anything that could crash)."""
        self._write(file.encode("utf-8", "surrogateescape"))

    def clear(self) -> None:
        """Nothing is being read."""
        self._write(b"")

    def read(self) -> str | None:
        """The file noted when the last process stopped, if it stopped mid-read."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return None
        return raw.decode("utf-8", "surrogateescape").strip() or None

    def _write(self, data: bytes) -> None:
        with self._lock, contextlib.suppress(OSError):  # a full disk must not stop reading
            if self._fd is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.ftruncate(self._fd, 0)
            if data:
                os.pwrite(self._fd, data, 0)

    def close(self) -> None:
        """A clean stop: nothing was being read when the process ended."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        with contextlib.suppress(OSError):
            self.path.unlink()


class CrashLedger:
    """The file being read now, on disk; and, in the catalog, which files ended a run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._now = ReadingNow(path)
        self.suspects: set[str] = set()

    # -- the reader's side ------------------------------------------------------------
    def begin(self, file: str) -> None:
        """Note that ``file`` is being read (before anything that could crash)."""
        self._now.set(file)

    def end(self) -> None:
        """The file in hand was read to the end, whatever the outcome."""
        self._now.clear()

    def close(self) -> None:
        """A clean stop: nothing was being read when the process ended."""
        self._now.close()

    # -- the writer's side ----------------------------------------------------------------
    def settle(self, catalog: Catalog) -> str | None:
        """At the start of a run: blame the file the last run stopped on; returns it if quarantined.

        Afterwards ``suspects`` holds every pending file that ended a run once.
        """
        quarantined = None
        stopped_on = self._now.read()
        if stopped_on is not None:
            record = catalog.file(stopped_on)
            key = _KEY + stopped_on
            with catalog.transaction():
                if record is None or record.status != FileStatus.PENDING:
                    catalog.delete_meta(key)
                else:
                    stops = int(catalog.get_meta(key) or 0) + 1
                    log.warning("the last indexing run stopped while reading %s", stopped_on)
                    if stops >= STOPS_TO_QUARANTINE:
                        catalog.set_file_result(
                            stopped_on,
                            status=FileStatus.FAILED,
                            error=QUARANTINE_REASON,
                            size=record.size,
                            mtime_ns=record.mtime_ns,
                        )
                        catalog.delete_meta(key)
                        quarantined = stopped_on
                    else:
                        catalog.set_meta(key, str(stops))
            self.end()
        self.suspects = {k[len(_KEY) :] for k in catalog.meta_keys(_KEY)}
        return quarantined

    def acquit(self, catalog: Catalog, file: str) -> None:
        """``file`` was read and stored: forget that it once ended a run (caller's transaction)."""
        if file in self.suspects:
            self.suspects.discard(file)
            catalog.delete_meta(_KEY + file)
