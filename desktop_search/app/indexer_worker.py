"""The indexer process's work: the one writer of the catalog and of the settings file.

``indexer_process.worker_main`` starts it. It opens the library, reconciles the catalog
with the disk (what changed while the app was closed), starts watching the chosen
folders and then serves: commands arrive over the connection (``messages``), the
indexer runs in a thread of its own so Pause and Shutdown are answered at once, and
events go back (progress, failures, "the index changed", state). Work survives a crash
because the catalog records what is pending. The window searches through its own
read-only connection.

It only reads the user's documents: it never writes, moves or deletes them.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

from desktop_search.app.indexer_process import STOP_WAIT_S
from desktop_search.app.library import Library
from desktop_search.app.memory import rss_mb, trim_heap
from desktop_search.cores import usable_cores
from desktop_search.embed.spaces import chunking_embedder
from desktop_search.extract import extract as plain_extract
from desktop_search.file_lock import HeldLock, hold
from desktop_search.indexing.changes import apply_changes, reconcile
from desktop_search.indexing.messages import (
    IDLE,
    INDEXING,
    PAUSED,
    STARTING,
    AddFolder,
    ChangeSettings,
    DropSpaces,
    Event,
    FileFailed,
    IndexChanged,
    Pause,
    Progress,
    RemoveFolder,
    Rescan,
    Resume,
    SettingsChanged,
    Shutdown,
    SpacesDropped,
    StateChanged,
    WorkerConfig,
)
from desktop_search.indexing.pipeline import Indexer
from desktop_search.indexing.progress import IndexProgress
from desktop_search.paths import app_paths
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.settings import Settings, changed, load_settings, update_settings
from desktop_search.store.catalog import Catalog, FileStatus
from desktop_search.store.vectors import drop_space
from desktop_search.text.analyzer import index_text
from desktop_search.text.language import detect_language
from desktop_search.watch import Changes, FolderWatcher
from desktop_search.watch.changes import is_under

log = logging.getLogger(__name__)

_INDEX_CHANGED_INTERVAL_S = 1.0
_ORPHAN_DELAY_S = 2.0  # a move between two folders arrives as a delete and a create, apart
#: A pass reads the files pending when it starts, then embeds every passage still without a
#: vector (minutes for a big new folder). Files changed on disk meanwhile would wait for
#: all of it: the pass is ended after its current file or batch, and the next one reads
#: them first (newest first). A file rewritten every second ends a pass at most this often.
_NEW_FILES_INTERRUPT_S = 2.0


def _load_function(spec: str) -> Callable:
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr or "extract")


class Worker:
    """The worker's state and loop; one per process."""

    def __init__(self, conn: Connection, config: WorkerConfig) -> None:
        self.conn = conn
        self.config = config
        self._send_lock = threading.Lock()
        self._lock = threading.RLock()
        self._changes: queue.Queue[Changes] = queue.Queue()
        self._work = threading.Event()  # an indexer run is wanted
        self._resumed = threading.Event()  # cleared while paused
        self._resumed.set()
        self._stopping = threading.Event()
        self._scan_roots: set[str] = set()  # folders to reconcile before the next run
        self._spaces_to_drop: list[str] = []  # DropSpaces not carried out yet (indexer thread)
        self._busy = False
        self._paused = False
        self._state: str | None = None
        self._roots: tuple[str, ...] = ()
        self._excludes = None
        self._links_outside = False  # the follow_links_outside setting
        self._last_progress = 0.0
        self._progress_lock = threading.Lock()
        self._progress_held: IndexProgress | None = None  # not sent yet (interval)
        self._last_phase = ""
        self._last_active: IndexProgress | None = None  # last progress of real work
        self._failed_seen = 0
        self._index_dirty = False
        self._last_index_changed = 0.0
        self._progress_seen = (0, 0)
        self._last_save = time.monotonic()
        self._unsaved = False
        self._save_now: Callable[[], None] | None = None
        self.lib: Library | None = None
        self.writer: Catalog | None = None
        self.indexer: Indexer | None = None
        self.watcher: FolderWatcher | None = None
        self._failure: BaseException | None = None  # what ended the indexer thread, if anything
        self._running: HeldLock | None = None  # paths.indexer_lock, held for this life
        self.abandoned = False  # closed while the indexer thread was still busy
        self._orphans_due: float | None = None  # when to drop contents no file uses
        self._last_busy = time.monotonic()  # end of the last indexing pass
        self._released = False  # models unloaded since that pass
        self._new_files = False  # files changed on disk wait behind the running pass
        self._last_interrupt = 0.0

    # -- sending ---------------------------------------------------------------------
    def send(self, event: Event) -> None:
        """Send one event to the app; a closed connection means the app is gone: stop."""
        with self._send_lock:
            try:
                self.conn.send(event)
            except (OSError, ValueError, EOFError):
                self._stopping.set()

    def _update_state(self) -> None:
        with self._lock:
            busy = self._busy or self._work.is_set()
            state = PAUSED if self._paused else INDEXING if busy else IDLE
            if state == self._state:
                return
            self._state = state
        self.send(StateChanged(state))

    # -- start-up ----------------------------------------------------------------------
    def open(self) -> None:
        """Open the library and the indexer, start watching.

        A file that ended the last worker is dealt with by the indexer's crash ledger
        (``indexing/crash_ledger.py``) when its first run starts: read last, quarantined
        the second time. The window's restart after a crash needs nothing else."""
        threads = usable_cores()
        paths = app_paths(self.config.home)
        # Held while this process lives: the command line then leaves the settings to us.
        self._running = hold(paths.ensure().indexer_lock)
        if self._running is None:
            log.warning("another indexer holds %s", paths.indexer_lock)
        # The models run in processes of their own, ended at the idle unload: a worker at
        # rest then holds no model, torch or heap of a run (issue 18, light at rest).
        self.lib = lib = Library(paths, threads=threads, models_in_child=True)
        # The indexer thread writes through lib.catalog; this thread through its own
        # connection (SQLite serialises the two; each transaction is short).
        self.writer = Catalog(paths.catalog)
        self._roots = tuple(lib.settings.folders)
        self._excludes = ExcludeRules(lib.settings.excludes)
        self._links_outside = lib.settings.follow_links_outside
        self.indexer = self._make_indexer()
        self.watcher = FolderWatcher(
            self._roots,
            self._excludes,
            self._changes.put,
            quiet_s=self.config.quiet_s,
            polling=self.config.polling,
        )
        self.watcher.start()
        log.info(
            "indexer worker %d up: %d folders, %d threads, watching %s",
            os.getpid(),
            len(self._roots),
            threads,
            self.watcher.watched(),
        )
        if self._roots:  # with no folder yet there is nothing to check: idle at once
            self._request_scan(self._roots)

    def _make_indexer(self) -> Indexer:
        assert self.lib is not None
        extract = _load_function(self.config.extract) if self.config.extract else None
        kwargs = {"on_progress": self._on_progress, "on_file_error": self._on_file_error}
        try:
            indexer = self.lib.indexer(extract=extract, **kwargs)
        except ImportError as exc:  # no sandbox on this platform: read in-process
            log.warning("extraction sandbox unavailable (%s); reading in-process", exc)
            indexer = self.lib.indexer(extract=plain_extract, **kwargs)
        # Rewriting the FAISS caches after every saved file would cost seconds of disk
        # writes per edit in a large library; the catalog's vector log keeps every change
        # safe meanwhile, so save at most every save_interval_s (and on the way out).
        self._save_now = indexer.save_vectors
        # A file moved between two watched folders arrives as a delete and, a moment
        # later, a new file; its text must outlive that moment to be reused, not read
        # and embedded again. So contents no file uses are dropped once things are quiet
        # and nothing is pending (``_collect_orphans``), not at the end of every run.
        indexer.housekeeping_after_run = False
        return indexer

    # -- callbacks from the indexer thread -------------------------------------------------
    def _on_progress(self, p: IndexProgress) -> None:
        if p.phase in ("reading", "embedding", "waiting"):
            self._last_active = p
        if p.files_failed > self._failed_seen and p.current:
            self._failed_seen = p.files_failed
            assert self.lib is not None
            record = self.lib.catalog.file(p.current)
            if record is not None and record.status == FileStatus.FAILED:
                self.send(FileFailed(p.current, record.error or "could not be read"))
        seen = (p.files_done, p.chunks_embedded)
        if seen != self._progress_seen:
            self._progress_seen = seen
            self._index_dirty = True
        if p.phase == "idle" and self._work.is_set():
            return  # ended for more work, which starts at once: not "up to date" meanwhile
        with self._progress_lock:
            now = time.monotonic()
            due = now - self._last_progress >= self.config.progress_interval_s
            if p.phase != self._last_phase or due:
                self._last_phase = p.phase
                self._last_progress = now
                self._progress_held = None
                self.send(Progress(p))
            else:
                # Sent when due, never dropped: the last file's "30 of 30" came within
                # the interval and "Reading 28 of 30 files" stayed up for 20 s.
                self._progress_held = p

    def _flush_progress(self) -> None:
        """Send the progress held back by the interval, once it is due (main thread)."""
        with self._progress_lock:
            held = self._progress_held
            if held is None:
                return
            if time.monotonic() - self._last_progress < self.config.progress_interval_s:
                return
            self._progress_held = None
            self._last_progress = time.monotonic()
            self.send(Progress(held))

    def _on_file_error(self, path: str, reason: str) -> None:
        self.send(FileFailed(path, reason))

    def _save_soon(self) -> None:
        self._unsaved = True
        if time.monotonic() - self._last_save >= self.config.save_interval_s:
            self._save_vectors()

    def _save_vectors(self) -> None:
        """Write the FAISS caches now (indexer thread only)."""
        if self._save_now is None or not self._unsaved:
            return
        started = time.monotonic()
        try:
            self._save_now()
        except Exception:
            log.exception("saving the vector caches failed; they are rebuilt from the catalog")
        self._unsaved = False
        self._last_save = time.monotonic()
        log.info("vector caches saved in %.1f s", self._last_save - started)

    # -- the indexer thread --------------------------------------------------------------------
    def _request_work(self) -> None:
        """Ask the indexer thread for a pass (read pending files, embed, collect orphans)."""
        self._work.set()
        self._update_state()

    def _request_scan(self, roots: Sequence[str]) -> None:
        with self._lock:
            self._scan_roots.update(roots)
        self._request_work()

    def _interrupt(self) -> None:
        """Make a running indexer stop soon; the loop starts a fresh run with fresh work."""
        assert self.indexer is not None
        if self._busy:
            self.indexer.stop()
            self._last_interrupt = time.monotonic()
        self._new_files = False
        self._request_work()

    def _make_way_for_new_files(self) -> None:
        """End the running pass for the files changed on disk meanwhile (rate-limited)."""
        if not self._new_files:
            return
        if not self._busy:
            self._new_files = False  # the next pass reads them anyway
        elif time.monotonic() - self._last_interrupt >= _NEW_FILES_INTERRUPT_S:
            log.info("files changed on disk: ending the running pass to read them first")
            self._interrupt()

    def _vectors_missing(self) -> bool:
        """True when some chunk lacks a vector in a space (checked without loading a model)."""
        assert self.lib is not None and self.indexer is not None
        catalog = self.lib.catalog
        rows = {row.name: row for row in catalog.spaces()}
        for space in self.indexer.spaces:
            row = rows.get(space.name)
            if row is None or row.model_id != space.embedder.model_id:
                if catalog.chunk_count():
                    return True
                continue
            count = catalog.count_needing_vectors(row)
            if count.embedded < count.total:
                return True
        return False

    def _index_pass(self) -> None:
        """Read every pending file and embed every missing vector, in one run (indexer thread).

        Embedding overlaps reading, in whole batches (``Indexer._embed_stage``): keyword
        search has each file as soon as it is stored, and meaning search has a new
        folder's first documents seconds later instead of after the whole read (issue
        21: on 1,000 new files the first semantic hit came at 33 s, now at 3 s; the
        whole pass takes as long as reading first and embedding afterwards).
        """
        assert self.lib is not None and self.indexer is not None
        if self.lib.catalog.pending_paths(limit=1) or self._vectors_missing():
            self._failed_seen = 0
            self.indexer.run(embed=True)
            self._collect_orphans_later()
            self._save_soon()
        else:
            self._last_phase = "idle"
            self.send(Progress(IndexProgress("idle")))

    def _warm_up(self) -> None:
        """Load the tokenizer, text analysers and extraction sandbox now, not on the first save."""
        assert self.indexer is not None and self.lib is not None
        started = time.monotonic()
        sample = "Warm up 预热分词器"
        try:
            chunking_embedder(self.indexer.spaces).token_spans(sample)
            index_text(sample)
            detect_language(sample)
            probe = self.lib.paths.cache / "indexer-warm-up.txt"
            probe.write_text(sample, encoding="utf-8")
            self.indexer.extract(probe)
            probe.unlink()
        except Exception:  # only a head start: the real work reports its own errors
            log.exception("warming up failed")
        log.info("reading warmed up in %.1f s", time.monotonic() - started)

    def _housekeeping(self) -> None:
        """While idle: drop unused contents, save the vector caches, free memory when due."""
        now = time.monotonic()
        if self._orphans_due is not None and now >= self._orphans_due:
            self._orphans_due = None
            self._collect_orphans()
        if now - self._last_save >= self.config.save_interval_s:
            self._save_vectors()  # only when something is unsaved
        if not self._released and now - self._last_busy >= self.config.release_after_s:
            self._release_memory()

    def _release_memory(self) -> None:
        """Unload the models and hand freed memory back to the system (indexer thread).

        An app that waits in the background for the next saved file should not hold two
        models and the heap of an indexing run: after reading and embedding 1,743 chunks
        this took the process from 894 MB to 536 MB (benchmarks/README.md). Loading again
        costs a second or two, once.
        """
        assert self.indexer is not None
        self._save_vectors()
        before = rss_mb()
        for space in self.indexer.spaces:
            release = getattr(space.embedder, "release", None)  # remote spaces hold nothing
            if release is not None:
                release()
        self._released = True
        gc.collect()
        trim_heap()
        log.info("idle: models unloaded, memory %d -> %d MB", before, rss_mb())

    def _collect_orphans_later(self) -> None:
        self._orphans_due = time.monotonic() + _ORPHAN_DELAY_S

    def _collect_orphans(self) -> None:
        assert self.lib is not None
        catalog = self.lib.catalog
        with catalog.transaction():
            # A file still waiting to be read may be a moved one whose text is among them.
            if catalog.pending_paths(limit=1):
                return
            collected = catalog.collect_orphans()
        if collected:
            self._unsaved = True  # their vectors left the FAISS copies
            log.info("dropped %d contents no file uses any more", collected)

    def _index_loop(self) -> None:
        assert self.indexer is not None and self.lib is not None
        indexer = self.indexer
        try:
            if not self.lib.catalog.pending_paths(limit=1):
                self._warm_up()  # with files pending, the first pass warms up by itself
            while not self._stopping.is_set():
                if not self._work.wait(timeout=0.5):
                    self._housekeeping()
                    continue
                self._drop_spaces()  # also while paused: the window waits for it
                self._resumed.wait()
                if self._stopping.is_set():
                    break
                with self._lock:
                    self._work.clear()
                    scan = sorted(self._scan_roots)
                    self._scan_roots.clear()
                    roots, excludes = self._roots, self._excludes
                    links_outside = self._links_outside
                    self._busy = True
                    self._released = False  # models load again as the pass needs them
                self._update_state()
                indexer.stop_event.clear()
                indexer.excludes = excludes
                indexer.links_outside = links_outside
                try:
                    if scan:
                        self.send(Progress(IndexProgress("scanning")))
                        summary = reconcile(
                            self.lib.catalog,
                            [r for r in scan if r in roots],
                            excludes,
                            on_error=self._on_file_error,
                            should_stop=indexer.stop_event.is_set,
                            links_outside=links_outside,
                        )
                        log.info("reconciled %d folders: %s", len(scan), summary)
                        if summary.deleted:
                            self._index_dirty = True
                        if indexer.stop_event.is_set():  # cut short (another folder added)
                            with self._lock:
                                self._scan_roots.update(scan)  # whole again, next pass
                    if not indexer.stop_event.is_set():
                        self._index_pass()
                    self._collect_orphans_later()
                finally:
                    with self._lock:
                        self._busy = False
                    self._last_busy = time.monotonic()
                self._flush_index_changed(force=True)
                self._update_state()
        except BaseException as exc:
            log.exception("indexing failed")
            self._failure = exc
        finally:
            if not self._stopping.is_set():
                self._stopping.set()  # the indexer thread died: let the process end and restart
            else:
                self._save_vectors()

    def _drop_spaces(self) -> None:
        """Carry out ``DropSpaces``: here, between passes, nothing embeds into a space meanwhile."""
        assert self.indexer is not None and self.lib is not None
        with self._lock:
            names, self._spaces_to_drop = tuple(self._spaces_to_drop), []
        if not names:
            return
        for name in names:
            if drop_space(self.lib.catalog, name, self.lib.paths.vectors):
                log.info("dropped space %s and its vectors", name)
        # Until the window restarts this process on the new models, embed into the others
        # only (a pass would make the dropped space again).
        self.indexer.spaces = [s for s in self.indexer.spaces if s.name not in names]
        self._unsaved = True
        self._index_dirty = True  # the search process must not keep their vectors
        self.send(SpacesDropped(names))

    # -- the main thread ---------------------------------------------------------------------
    def _flush_index_changed(self, *, force: bool = False) -> None:
        now = time.monotonic()
        due = force or now - self._last_index_changed >= _INDEX_CHANGED_INTERVAL_S
        if self._index_dirty and due:
            self._index_dirty = False
            self._last_index_changed = now
            self.send(IndexChanged())

    def _apply_changes(self) -> None:
        assert self.writer is not None
        while True:
            try:
                changes = self._changes.get_nowait()
            except queue.Empty:
                return
            if changes.lost:
                self._request_scan(self._roots)  # what the lost events said, a scan finds
            try:
                applied = apply_changes(
                    self.writer,
                    changes,
                    self._roots,
                    self._excludes,
                    on_error=self._on_file_error,
                    links_outside=self._links_outside,
                )
            except Exception:
                # The catalog is unchanged (each step is a transaction): fall back to a scan.
                log.exception("applying %d changes failed; rescanning instead", len(changes))
                self._request_scan(self._roots)
                continue
            if applied.marked:
                self._new_files = True
            if applied.marked or applied.removed or applied.moved:
                self._request_work()  # read what changed, and collect what is no longer used
            if applied.visible:
                self.send(IndexChanged())
                self._last_index_changed = time.monotonic()

    def _change_settings(self, change: Callable[[Settings], Settings]) -> None:
        """Apply ``change`` to the settings on disk, then tell the window what they are now.

        This process is the settings file's only writer: the window sends its changes
        here (``ChangeSettings``), so one change never overwrites another.
        """
        assert self.lib is not None and self.watcher is not None
        self.lib.settings = update_settings(self.lib.paths.settings_file, change)
        with self._lock:
            self._roots = tuple(self.lib.settings.folders)
        self.watcher.set_roots(self._roots)
        self.send(SettingsChanged(self.lib.settings))

    def handle(self, command: object) -> None:
        """Carry out one command from the app."""
        assert self.lib is not None and self.indexer is not None and self.writer is not None
        log.info("command: %r", command)
        if isinstance(command, Shutdown):
            self._stopping.set()
        elif isinstance(command, Pause):
            with self._lock:
                self._paused = True
            self._resumed.clear()
            self.indexer.pause()
            self._update_state()
        elif isinstance(command, Resume):
            with self._lock:
                self._paused = False
            self.indexer.resume()
            self._resumed.set()
            self._update_state()
            if self._last_active is not None and self._busy:
                # The next progress may be a whole batch away: show the work at once.
                self.send(Progress(self._last_active))
        elif isinstance(command, AddFolder):
            path = os.path.realpath(os.path.expanduser(command.path))
            if not os.path.isdir(path):
                self.send(FileFailed(path, "this folder is not there (or is not a folder)"))
                return
            self._change_settings(lambda s: s.with_folder(path))
            self._request_scan([path])
            self._interrupt()  # its files are read first, not after the pass in hand
        elif isinstance(command, RemoveFolder):
            path = os.path.realpath(os.path.expanduser(command.path))
            self._change_settings(lambda s: s.without_folder(path))
            with self.writer.transaction():
                removed = self.writer.remove_tree(path)
            log.info("forgot %d files under %s", removed, path)
            self._interrupt()  # the running pass may still be reading that folder
            # A chosen folder inside the removed one lost its files too: find them again.
            self._request_scan([r for r in self._roots if is_under(r, path)])
            self.send(IndexChanged())
        elif isinstance(command, Rescan):
            self._reload_settings()
            self._request_scan(self._roots)
            self._interrupt()
        elif isinstance(command, ChangeSettings):
            try:
                self._change_settings(lambda s: changed(s, command.changes))
            except (ValueError, TypeError) as exc:  # a bug in the window, not the user's
                log.error("settings change %r refused: %s", command.changes, exc)
                return
            names = {name for name, _ in command.changes}
            if names & {"excludes", "follow_links_outside"}:
                # What is indexed may change: compare every folder with the index again.
                self._reload_settings()
                self._request_scan(self._roots)
        elif isinstance(command, DropSpaces):
            with self._lock:
                self._spaces_to_drop.extend(command.names)
            self._interrupt()  # a pass may be embedding into one of them
        else:
            log.warning("unknown command %r", command)

    def _reload_settings(self) -> None:
        """Pick up settings the app may have changed (folders, exclude patterns, links)."""
        assert self.lib is not None and self.watcher is not None
        settings = load_settings(self.lib.paths.settings_file)
        self.lib.settings = settings
        with self._lock:
            self._roots = tuple(settings.folders)
            self._excludes = ExcludeRules(settings.excludes)
            self._links_outside = settings.follow_links_outside
        self.watcher.set_excludes(self._excludes)
        self.watcher.set_roots(self._roots)

    def serve(self) -> None:
        """Run until Shutdown, the app going away, or a fatal error."""
        self.send(StateChanged(STARTING))
        self.open()
        thread = threading.Thread(target=self._index_loop, name="indexer", daemon=True)
        thread.start()
        self._update_state()
        try:
            while not self._stopping.is_set():
                try:
                    if self.conn.poll(0.1):
                        self.handle(self.conn.recv())
                except (EOFError, OSError):
                    log.info("the app went away; stopping")
                    break
                self._apply_changes()
                self._make_way_for_new_files()
                self._flush_progress()
                self._flush_index_changed()
        finally:
            self.close(thread)
        if self._failure is not None:
            raise self._failure

    def close(self, thread: threading.Thread | None = None) -> None:
        """Stop watching and indexing, save, release everything."""
        self._stopping.set()
        if self.watcher is not None:
            self.watcher.stop()
        if self.indexer is not None:
            self.indexer.stop()
        self._work.set()
        self._resumed.set()
        if thread is not None:
            # Loading a model or reading one file cannot be interrupted; do not wait for it
            # long: the catalog is safe at any moment and the next start carries on.
            thread.join(timeout=STOP_WAIT_S)
            if thread.is_alive():
                log.warning("the indexer did not stop in time; exiting without waiting for it")
                self.abandoned = True
        if self.indexer is not None and not self.abandoned:
            self.indexer.close()
        closables = (self.writer,) if self.abandoned else (self.writer, self.lib)
        for closable in closables:
            if closable is not None:
                with contextlib.suppress(Exception):
                    closable.close()
        if self._running is not None:
            self._running.release()
