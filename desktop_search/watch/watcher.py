"""Watch the chosen folders and report debounced batches of changes.

The user saves a file and expects it searchable within seconds, without a rescan of
the whole folder. watchdog delivers raw events (native inotify / FSEvents /
ReadDirectoryChangesW); this module keeps only those about documents we index
(inside a chosen folder, not excluded, a supported file type), folds each burst into
its net effect (``Coalescer``) and hands the result to a callback once the burst has
been quiet for a moment, or after ``max_delay_s`` if it never goes quiet, so a
``git checkout`` of a thousand files becomes a handful of batches.

Where native events cannot be had (network shares, the inotify watch limit reached)
or when asked, a folder is watched by polling instead. When the kernel's inotify queue
overflows, events are gone for good; watchdog rebuilds its watches but says so only in
its log, so a log filter turns that line into a batch marked ``lost`` (the indexer then
rescans every folder). Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import replace

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from desktop_search.extract import is_supported
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.watch.changes import Changes, Coalescer, is_under

log = logging.getLogger(__name__)

ChangesCallback = Callable[[Changes], None]

# The only events we act on; asking for fewer keeps inotify from reporting our own reads.
_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]

# File systems whose changes made elsewhere never reach inotify / FSEvents.
_REMOTE_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smbfs",
        "smb3",
        "9p",
        "afs",
        "ncpfs",
        "fuse.sshfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
        "webdav",
        "fuse.gvfsd-fuse",
    }
)


class _LostEventsListener(logging.Filter):
    """Hears watchdog log that the inotify queue overflowed and tells every live watcher."""

    LOGGER = "watchdog.observers.inotify_c"

    def __init__(self) -> None:
        super().__init__()
        self.watchers: weakref.WeakSet[FolderWatcher] = weakref.WeakSet()
        logger = logging.getLogger(self.LOGGER)
        logger.addFilter(self)
        if logger.getEffectiveLevel() > logging.WARNING:
            logger.setLevel(logging.WARNING)  # the line we listen for is a warning

    def filter(self, record: logging.LogRecord) -> bool:
        if "overflow" in record.getMessage().lower():
            for watcher in list(self.watchers):
                watcher.events_lost()
        return True


_lost_events = _LostEventsListener()


def _text_path(path: str | bytes) -> str:
    return os.fsdecode(path) if isinstance(path, bytes) else path


def needs_polling(folder: str) -> bool:
    """True when ``folder`` is on a network file system, where native events miss changes."""
    try:
        import psutil

        parts = psutil.disk_partitions(all=True)
    except Exception:  # psutil missing or the mount table unreadable: assume local
        return False
    best, fstype = "", ""
    for part in parts:
        mount = part.mountpoint
        if is_under(folder, mount) and len(mount) > len(best):
            best, fstype = mount, part.fstype.lower()
    return fstype in _REMOTE_FS


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            self._watcher._feed(event)
        except Exception:  # never let one odd event kill the observer thread
            log.exception("could not handle %r", event)


class FolderWatcher:
    """Watches folders recursively; calls ``on_changes`` with debounced ``Changes``."""

    def __init__(
        self,
        roots: Iterable[str],
        excludes: ExcludeRules,
        on_changes: ChangesCallback,
        *,
        quiet_s: float = 0.4,
        max_delay_s: float = 2.0,
        polling: bool = False,
        poll_interval_s: float = 2.0,
    ) -> None:
        self.excludes = excludes
        self.on_changes = on_changes
        self.quiet_s = quiet_s
        self.max_delay_s = max_delay_s
        self.polling = polling
        self.poll_interval_s = poll_interval_s
        self._roots: tuple[str, ...] = tuple(sorted({os.path.realpath(r) for r in roots}))
        self._lock = threading.Condition()
        self._coalescer = Coalescer()
        self._first_event: float | None = None
        self._last_event = 0.0
        self._watches: dict[str, tuple[BaseObserver, ObservedWatch]] = {}
        self._native: BaseObserver | None = None
        self._poller: BaseObserver | None = None
        self._flusher: threading.Thread | None = None
        self._stopping = False
        self._lost = False
        _lost_events.watchers.add(self)

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        """Start watching every root (those that exist) and the batching thread."""
        self._stopping = False
        self._flusher = threading.Thread(target=self._flush_loop, name="watch-batches", daemon=True)
        self._flusher.start()
        self._schedule_all()

    def stop(self) -> None:
        """Stop watching; a batch still gathering is delivered first."""
        for observer in (self._native, self._poller):
            if observer is not None:
                observer.stop()
        for observer in (self._native, self._poller):
            if observer is not None:
                with contextlib.suppress(RuntimeError):
                    observer.join(timeout=5)
        self._native = self._poller = None
        self._watches.clear()
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._flusher is not None:
            self._flusher.join(timeout=5)
            self._flusher = None
        self.flush()

    def __enter__(self) -> FolderWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- roots -------------------------------------------------------------------------
    @property
    def roots(self) -> tuple[str, ...]:
        return self._roots

    def watched(self) -> dict[str, str]:
        """Root -> "native" or "polling", for the roots being watched now."""
        return {
            root: ("polling" if observer is self._poller else "native")
            for root, (observer, _) in self._watches.items()
        }

    def set_roots(self, roots: Iterable[str]) -> None:
        """Watch exactly these folders from now on."""
        with self._lock:
            self._roots = tuple(sorted({os.path.realpath(r) for r in roots}))
        if self._flusher is not None:
            self._schedule_all()

    def set_excludes(self, excludes: ExcludeRules) -> None:
        """Use new exclude patterns for events from now on."""
        with self._lock:
            self.excludes = excludes

    def _top_roots(self) -> list[str]:
        # A folder inside another chosen folder is already watched through its parent.
        roots = self._roots
        return [r for r in roots if not any(o != r and is_under(r, o) for o in roots)]

    def _schedule_all(self) -> None:
        wanted = set(self._top_roots())
        for root in list(self._watches):
            if root not in wanted:
                observer, watch = self._watches.pop(root)
                with contextlib.suppress(KeyError, OSError):
                    observer.unschedule(watch)
        for root in sorted(wanted - set(self._watches)):
            self._schedule(root)

    def _observer(self, *, polling: bool) -> BaseObserver:
        if polling:
            if self._poller is None:
                self._poller = PollingObserver(timeout=self.poll_interval_s)
                self._poller.daemon = True
                self._poller.start()
            return self._poller
        if self._native is None:
            self._native = Observer()
            self._native.daemon = True
            self._native.start()
        return self._native

    def _schedule(self, root: str) -> None:
        if not os.path.isdir(root):
            log.warning("not watching %s: the folder is not there", root)
            return
        polling = self.polling or needs_polling(root)
        if not polling:
            try:
                observer = self._observer(polling=False)
                watch = observer.schedule(
                    _Handler(self), root, recursive=True, event_filter=_EVENTS
                )
            except OSError as exc:
                # Typically the inotify watch limit; polling still sees every change, slower.
                log.warning("cannot watch %s natively (%s); polling it instead", root, exc)
            else:
                self._watches[root] = (observer, watch)
                log.info("watching %s", root)
                return
        observer = self._observer(polling=True)
        try:
            watch = observer.schedule(_Handler(self), root, recursive=True, event_filter=_EVENTS)
        except OSError as exc:
            log.warning("cannot watch %s (%s)", root, exc)
            return
        self._watches[root] = (observer, watch)
        log.info("watching %s by polling every %.1f s", root, self.poll_interval_s)

    # -- events ------------------------------------------------------------------------
    def _root_of(self, path: str) -> str | None:
        best = None
        for root in self._roots:
            if is_under(path, root) and (best is None or len(root) > len(best)):
                best = root
        return best

    def tracked(self, path: str, *, is_dir: bool) -> bool:
        """True when ``path`` is inside a watched folder, not excluded, and a document we read."""
        root = self._root_of(path)
        if root is None or self.excludes.path_excluded(path, root):
            return False
        return is_dir or is_supported(path)

    def _feed(self, event: FileSystemEvent) -> None:
        src = os.path.normpath(_text_path(event.src_path))
        is_dir = event.is_directory
        with self._lock:
            if isinstance(event, (FileMovedEvent, DirMovedEvent)):
                dest = os.path.normpath(_text_path(event.dest_path))
                src_ok = self.tracked(src, is_dir=is_dir)
                dest_ok = self.tracked(dest, is_dir=is_dir)
                if src_ok and dest_ok:
                    self._coalescer.moved(src, dest, is_dir=is_dir)
                elif dest_ok:  # from a temp name, an excluded folder, or outside: new here
                    self._coalescer.created(dest, is_dir=is_dir)
                elif src_ok:  # to an excluded name or out of the watched folders: gone
                    self._coalescer.deleted(src, is_dir=is_dir)
                else:
                    return
            elif not self.tracked(src, is_dir=is_dir):
                return
            elif isinstance(event, (FileDeletedEvent, DirDeletedEvent)):
                if src in self._roots:
                    # The chosen folder itself vanished (unmounted drive?): keep its index.
                    log.warning("watched folder %s disappeared; keeping its index", src)
                    return
                self._coalescer.deleted(src, is_dir=is_dir)
            elif isinstance(event, (FileCreatedEvent, DirCreatedEvent)):
                self._coalescer.created(src, is_dir=is_dir)
            elif isinstance(event, (FileModifiedEvent, FileClosedEvent)):
                self._coalescer.modified(src)
            else:
                return
            now = time.monotonic()
            self._last_event = now
            if self._first_event is None:
                self._first_event = now
            self._lock.notify_all()

    def events_lost(self) -> None:
        """The system dropped events (inotify queue overflow): deliver a batch saying so."""
        log.warning("file system events were lost; every folder will be rescanned")
        with self._lock:
            self._lost = True
            now = time.monotonic()
            self._last_event = now
            if self._first_event is None:
                self._first_event = now
            self._lock.notify_all()

    # -- batching ------------------------------------------------------------------------
    def _due(self, now: float) -> float | None:
        """Seconds until the gathering batch is due (<= 0: now); None when there is none."""
        if self._first_event is None:
            return None
        return min(self._last_event + self.quiet_s, self._first_event + self.max_delay_s) - now

    def _take(self) -> Changes:
        self._first_event = None
        changes = self._coalescer.take()
        if self._lost:
            self._lost = False
            changes = replace(changes, lost=True)
        return changes

    def flush(self) -> Changes | None:
        """Deliver the gathering batch now (if any) and return it."""
        with self._lock:
            changes = self._take() if self._first_event is not None else None
        if changes:
            self._deliver(changes)
        return changes or None

    def _deliver(self, changes: Changes) -> None:
        log.debug(
            "changes: %d upserted, %d deleted, %d moved%s",
            len(changes.upserted),
            len(changes.deleted),
            len(changes.moved),
            ", events lost" if changes.lost else "",
        )
        try:
            self.on_changes(changes)
        except Exception:
            log.exception("handling a batch of %d changes failed", len(changes))

    def _flush_loop(self) -> None:
        while True:
            with self._lock:
                while True:
                    if self._stopping:
                        return
                    due = self._due(time.monotonic())
                    if due is not None and due <= 0:
                        changes = self._take()
                        break
                    self._lock.wait(timeout=due)
            if changes:
                self._deliver(changes)
