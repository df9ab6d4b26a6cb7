"""The window's handle on the background indexing worker, as Qt signals.

The worker is a separate process (``desktop_search.app.indexer_process``); this object
starts it, sends it commands, and turns its events into signals delivered on the GUI
thread. A ``QThread`` blocks on the worker's connection and its process handle, so the
event loop never polls and never waits for the worker. If the worker dies (a parser's
segfault, the out-of-memory killer), the window hears ``worker_crashed`` in plain
words and a fresh worker starts after a short back-off; it carries on where the last
one stopped, since the catalog records what is still pending. After several quick
crashes in a row it gives up rather than spin.

This is the only module of the indexing side that imports Qt.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import logging
import multiprocessing
import sys
import time
import weakref
from multiprocessing.connection import Connection, wait
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, SignalInstance

from desktop_search.indexing.messages import (
    IDLE,
    INDEXING,
    PAUSED,
    RESTARTING,
    STARTING,
    STOPPED,
    AddFolder,
    ChangeSettings,
    Command,
    DropSpaces,
    Error,
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
)
from desktop_search.paths import app_paths
from desktop_search.settings import changed, update_settings

log = logging.getLogger(__name__)

MAX_QUICK_CRASHES = 5  # crashes in a row, each soon after its start, before giving up
QUICK_CRASH_S = 60.0  # a worker that ran longer than this resets the count
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)
# Quitting must look instant and leave no process after 2 s; the worker itself gives up
# waiting for its indexer thread after 0.6 s (indexer_process.STOP_WAIT_S).
STOP_TIMEOUT_S = 1.2


def _emit_loses_a_reference() -> bool:
    """True when ``Signal.emit`` returns its bool without owning it (PySide6 6.12.0).

    Each such emit leaves True or False one reference short; after a few hundred the
    interpreter aborts ("bool_dealloc"). Measured, not assumed from the version.
    """

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    probe.ping.connect(lambda: None)
    before = {b: sys.getrefcount(b) for b in (True, False)}
    for _ in range(8):
        probe.ping.emit()
    lost = False
    for b, count in before.items():
        for _ in range(count - sys.getrefcount(b)):  # give back what the probe took
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(b))
            lost = True
    return lost


_EMIT_LOSES_A_REF = _emit_loses_a_reference()


def _emit(signal: SignalInstance, *args: object) -> None:
    """``signal.emit(*args)``, balancing the reference PySide6 6.12.0 fails to take."""
    result = signal.emit(*args)
    if _EMIT_LOSES_A_REF and type(result) is bool:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


class _Receiver(QThread):
    """Blocks on the worker's connection; hands each event to the GUI thread."""

    received = Signal(object)
    done = Signal(object)  # this receiver, once the worker is gone

    def __init__(self, conn: Connection, sentinel: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conn = conn
        self._sentinel = sentinel

    def run(self) -> None:
        try:
            self._pump()
        finally:
            _emit(self.done, self)

    def _pump(self) -> None:
        conn = self._conn
        while True:
            ready = wait([conn, self._sentinel])
            if conn in ready:
                try:
                    _emit(self.received, conn.recv())
                except (EOFError, OSError):
                    return
                except Exception:  # an event that does not unpickle: a bug, not a reason to stop
                    log.exception("unreadable message from the indexer")
            elif self._sentinel in ready:
                try:  # the process ended: deliver what it sent before dying
                    while conn.poll():
                        _emit(self.received, conn.recv())
                except (EOFError, OSError):
                    pass
                return


class _Run:
    """One worker process and what talks to it."""

    def __init__(
        self, process: multiprocessing.process.BaseProcess, conn: Connection, receiver: _Receiver
    ) -> None:
        self.process = process
        self.conn = conn
        self.receiver = receiver
        self.started = time.monotonic()
        self.fatal: str | None = None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit code"
    if code < 0:
        return f"signal {-code}"
    return f"exit code {code}"


class IndexingClient(QObject):
    """Starts, commands and restarts the indexing worker; its events arrive as signals."""

    progress = Signal(object)  # IndexProgress
    file_failed = Signal(str, str)  # path, plain reason
    # "starting" | "indexing" | "paused" | "idle" | "restarting" | "stopped"
    state_changed = Signal(str)
    # plain words, e.g. "The indexer stopped unexpectedly (signal 9). Restarting it."
    worker_crashed = Signal(str)
    index_changed = Signal()  # new keyword/vector data committed: re-run the current search
    settings_changed = Signal(object)  # Settings, as saved after a change
    spaces_dropped = Signal(object)  # tuple of space names whose vectors the worker deleted

    def __init__(self, home: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._home = str(home) if home is not None else None
        self._context = multiprocessing.get_context("spawn")
        self._run: _Run | None = None
        self._state = STOPPED
        self._paused = False
        self._wanted = False  # start() was called and stop() was not
        self._quick_crashes = 0
        self._queued: list[Command] = []  # commands for a worker that is not up yet
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self._spawn)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        # Never leave a worker behind (multiprocessing would otherwise wait for it at exit).
        ref = weakref.ref(self)
        atexit.register(lambda: (client := ref()) is not None and client._stop_quietly())

    # -- state -----------------------------------------------------------------------------
    @property
    def state(self) -> str:
        """The worker's state as last reported (see ``state_changed``)."""
        return self._state

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id while one runs (for diagnostics), else None."""
        run = self._run
        return run.process.pid if run is not None and run.process.is_alive() else None

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            _emit(self.state_changed, state)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self, delay_ms: int = 0) -> None:
        """Start the worker (no-op when it runs already), after ``delay_ms``: at launch
        its start (a Python process loading the pipeline) would take the second core from
        the first search; it shows as starting meanwhile."""
        if self._run is not None and self._run.process.is_alive():
            return
        self._wanted = True
        self._quick_crashes = 0
        self._restart_timer.stop()
        if delay_ms > 0:
            self._set_state(STARTING)
            self._restart_timer.start(delay_ms)
        else:
            self._spawn()

    def _spawn(self) -> None:
        if not self._wanted:
            return
        self._set_state(STARTING)
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        # Imported here, not with this module: psutil and the worker's setup are not
        # needed before the window is on screen (the worker starts after it).
        from desktop_search.app.indexer_process import config_from_env, worker_main

        config = config_from_env(self._home)
        process = self._context.Process(
            target=worker_main, args=(child_conn, config), name="desktop-search-indexer"
        )
        process.start()
        child_conn.close()  # only the worker holds that end: its death reads as end-of-file here
        receiver = _Receiver(parent_conn, process.sentinel, self)
        run = _Run(process, parent_conn, receiver)
        self._run = run
        receiver.received.connect(self._on_message)
        receiver.done.connect(self._on_receiver_done)
        receiver.start()
        log.info("indexer worker started (pid %s)", process.pid)
        if self._paused:
            self._send(Pause())
        queued, self._queued = self._queued, []
        for command in queued:
            self._send(command)

    def begin_stop(self) -> None:
        """Tell the worker to finish now, without waiting (``stop`` then waits less)."""
        self._wanted = False
        self._restart_timer.stop()
        run = self._run
        if run is not None and run.process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                run.conn.send(Shutdown())

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Ask the worker to finish, wait up to ``timeout`` s, then end it the hard way.

        Ending it is safe: every catalog change is a transaction and whatever was not
        finished is still marked pending, so the next start carries on from there.
        """
        self.begin_stop()
        run, self._run = self._run, None
        if run is not None:
            run.process.join(timeout)
            if run.process.is_alive():
                log.warning("indexer worker did not stop in %.1f s; ending it", timeout)
                run.process.kill()
                run.process.join(2)
            run.receiver.wait(1000)
            run.conn.close()
        self._set_state(STOPPED)

    def _stop_quietly(self) -> None:
        try:
            if self._run is not None:
                self.stop()
        except Exception:  # at interpreter exit Qt may already be gone
            run = self._run
            if run is not None and run.process.is_alive():
                run.process.kill()

    # -- commands --------------------------------------------------------------------------
    def _send(self, command: Command) -> None:
        run = self._run
        if run is not None and run.process.is_alive():
            try:
                run.conn.send(command)
                return
            except (OSError, ValueError):
                pass
        if not isinstance(command, (Pause, Resume)):  # those are replayed from _paused
            self._queued.append(command)

    def add_folder(self, path: str) -> None:
        """Search ``path`` too: the worker saves it in the settings and indexes it."""
        self._send(AddFolder(str(path)))

    def remove_folder(self, path: str) -> None:
        """Stop searching ``path``: the worker forgets its files."""
        self._send(RemoveFolder(str(path)))

    def pause(self) -> None:
        """Stop indexing work until ``resume`` (changes on disk are still noted)."""
        self._paused = True
        self._send(Pause())
        if self._run is not None:
            self._set_state(PAUSED)

    def resume(self) -> None:
        """Carry on indexing after ``pause``."""
        self._paused = False
        self._send(Resume())

    def rescan(self) -> None:
        """Re-read the settings and compare every folder with the index."""
        self._send(Rescan())

    def change_settings(self, **changes: object) -> None:
        """Have the worker, the settings file's one writer, change these settings.

        ``settings_changed`` brings back what it saved. With no worker to come (stopped
        for good), nobody else writes the file, so the change is saved here.
        """
        if self._state == STOPPED:
            path = app_paths(self._home).ensure().settings_file
            _emit(self.settings_changed, update_settings(path, lambda s: changed(s, changes)))
            return
        self._send(ChangeSettings.of(**changes))

    def drop_spaces(self, names: tuple[str, ...]) -> None:
        """Have the worker, which owns the data files, delete these spaces' vectors;
        ``spaces_dropped`` says when it has."""
        self._send(DropSpaces(tuple(names)))

    # -- events ----------------------------------------------------------------------------
    def _on_message(self, message: object) -> None:
        if isinstance(message, Progress):
            _emit(self.progress, message.progress)
        elif isinstance(message, IndexChanged):
            _emit(self.index_changed)
        elif isinstance(message, FileFailed):
            _emit(self.file_failed, message.path, message.reason)
        elif isinstance(message, StateChanged):
            state = message.state
            # Reports sent before the worker saw our latest Pause/Resume are stale.
            if self._paused and state in (INDEXING, IDLE):
                return
            if not self._paused and state == PAUSED:
                return
            self._set_state(state)
        elif isinstance(message, SettingsChanged):
            _emit(self.settings_changed, message.settings)
        elif isinstance(message, SpacesDropped):
            _emit(self.spaces_dropped, message.names)
        elif isinstance(message, Error):
            log.warning("indexer: %s", message.message)
            if message.fatal and self._run is not None:
                self._run.fatal = message.message
        else:
            log.warning("unexpected message from the indexer: %r", message)

    def _on_receiver_done(self, receiver: _Receiver) -> None:
        """A receiver thread ended: its worker is gone."""
        run = self._run
        if run is None or run.receiver is not receiver:
            return  # stopped on purpose (stop() already cleaned up)
        receiver.wait(1000)
        run.process.join(5)
        self._run = None
        run.conn.close()
        code = run.process.exitcode
        if not self._wanted:
            self._set_state(STOPPED)
            return
        from desktop_search.app.indexer_process import EXIT_FATAL

        if run.fatal is not None or code == EXIT_FATAL:
            self._wanted = False
            reason = run.fatal or "Indexing cannot run (see the log for details)."
            _emit(self.worker_crashed, reason)
            self._set_state(STOPPED)
            return
        how = _describe_exit(code)
        log.warning("indexer worker %s ended unexpectedly (%s)", run.process.pid, how)
        quick = time.monotonic() - run.started < QUICK_CRASH_S
        self._quick_crashes = self._quick_crashes + 1 if quick else 1
        if self._quick_crashes > MAX_QUICK_CRASHES:
            self._wanted = False
            _emit(
                self.worker_crashed,
                f"The indexer keeps stopping unexpectedly ({how}); indexing is off until the "
                "app is restarted. Details are in the log.",
            )
            self._set_state(STOPPED)
            return
        _emit(self.worker_crashed, f"The indexer stopped unexpectedly ({how}). Restarting it.")
        self._set_state(RESTARTING)
        delay = BACKOFF_S[min(self._quick_crashes, len(BACKOFF_S)) - 1]
        self._restart_timer.start(int(delay * 1000))
