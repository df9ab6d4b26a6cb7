"""Run extraction in a child process, so a hostile file fails alone.

Parsers of PDF, zip and XML are large native and Python code bases that a crafted or
damaged file can send into an endless loop, a memory explosion or a segfault. Indexing
a person's whole disk meets such files sooner or later, and one of them must not hang
or kill the app. ``SandboxedExtractor`` keeps one long-lived child process (started
with 'spawn', so it shares no state with the app) that reads files one at a time under
a memory limit (``RLIMIT_AS``) and at lower CPU priority; the parent enforces a time
limit. When the child overruns, dies or runs out of memory the parent reports an
``ExtractionError`` with a plain reason and starts a fresh child for the next file.

The app's main module must guard its start-up code with ``if __name__ == "__main__"``,
as always with 'spawn': the child imports it.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from . import scratch
from .base import ExtractedDocument, ExtractionError, NeedsOcr, UnsupportedFile

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

DEFAULT_EXTRACT_FN = "desktop_search.extract:extract"
DEFAULT_MEMORY_LIMIT_MB = 2048
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
STARTUP_TIMEOUT_S = 60.0
_POLL_S = 0.2
# A child that dies after using this share of its memory limit is reported as out of memory.
_MEMORY_DEATH_SHARE = 0.85
_EXIT_OUT_OF_MEMORY = 86  # the child ran out of memory where it could not even reply
_EXIT_ESCAPED = 87  # anything else that escaped the child's loop


# --------------------------------------------------------------------------- child side


def _load_function(spec: str) -> Callable[..., ExtractedDocument]:
    module_name, _, attr = spec.partition(":")
    fn = getattr(importlib.import_module(module_name), attr or "extract")
    if not callable(fn):
        raise TypeError(f"{spec} is not callable")
    return fn


def _limit_child(memory_limit_bytes: int | None, nice: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    if resource is not None:
        with contextlib.suppress(ValueError, OSError):  # no core dumps of hostile files
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if memory_limit_bytes:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = (
                memory_limit_bytes
                if hard == resource.RLIM_INFINITY
                else min(memory_limit_bytes, hard)
            )
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if nice:
        try:
            if hasattr(os, "nice"):
                os.nice(nice)
            else:  # Windows
                import psutil

                psutil.Process().nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
        except Exception:  # a priority we cannot lower is no reason to fail
            pass


def _private_temp(folder: str | None) -> None:
    """Make ``folder`` (emptied: an earlier child may have been killed) the child's temp dir.

    Readers unpack mail attachments and the like to temp files; in /tmp a copy left by a
    killed child would be a private document outside the user-only data folder.
    """
    if not folder:
        return
    import shutil
    import tempfile

    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder  # for tools the readers run (pdftotext, tesseract)


def _exit_with_parent() -> None:
    """End this child when the indexer that started it is gone (killed on quit, crashed).

    Otherwise a child busy with a slow file would outlive the app by up to its time limit.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _child_main(
    conn: Connection,
    extract_fn: str,
    memory_limit_bytes: int | None,
    nice: int,
    temp_dir: str | None = None,
) -> None:
    """Entry point of the child: read requests one at a time until told to stop."""
    _limit_child(memory_limit_bytes, nice)
    with contextlib.suppress(OSError):
        _private_temp(temp_dir)
    _exit_with_parent()
    try:
        _serve(conn, extract_fn)
    except BaseException as exc:
        # Out of memory even for the reply (a mail attachment over the limit), or some
        # other escape: end quietly. Escaping, it would print "Process
        # desktop-search-extract: Traceback ... MemoryError" on the user's terminal; the
        # parent reports the file with a plain reason from the exit code instead.
        os._exit(_EXIT_OUT_OF_MEMORY if isinstance(exc, MemoryError) else _EXIT_ESCAPED)


def _serve(conn: Connection, extract_fn: str) -> None:
    try:
        fn = _load_function(extract_fn)
    except BaseException as exc:
        _tell(conn, ("startup-failed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        return
    if not _tell(conn, ("ready",)):
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        path, max_bytes, options = request
        max_chars = options.pop("max_text_chars", None)
        exit_after = False
        try:
            # Capped here, so a huge text never crosses the pipe into the indexer.
            doc = fn(Path(path), max_bytes=max_bytes, **options)
            reply: tuple[Any, ...] = ("ok", doc.capped(max_chars))
        except UnsupportedFile as exc:
            reply = ("unsupported", exc.reason)
        except NeedsOcr as exc:
            reply = ("needs-ocr", exc.reason, exc.pages)
        except ExtractionError as exc:
            reply = ("error", exc.reason)
        except MemoryError:
            reply = ("memory",)
            exit_after = True  # a fresh process rather than a fragmented heap
        except Exception as exc:
            reply = ("bug", type(exc).__name__, str(exc)[:500], traceback.format_exc())
        try:
            if not _tell(conn, reply):
                return
        except MemoryError:
            _tell(conn, ("memory",))
            exit_after = True
        if exit_after:
            return


def _tell(conn: Connection, message: tuple[Any, ...]) -> bool:
    """Send to the indexer; False when it has gone (stopped mid-read), with no traceback."""
    try:
        conn.send(message)
    except OSError:  # BrokenPipeError, ConnectionResetError
        return False
    return True


# -------------------------------------------------------------------------- parent side


@dataclass
class _Child:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    peak_bytes: int = 0

    def memory_in_use(self) -> int:
        try:
            import psutil

            return psutil.Process(self.process.pid).memory_info().vms
        except Exception:  # psutil missing, or the process just ended
            return 0

    def stop(self, *, kill: bool) -> None:
        if not kill and self.process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


def _format_seconds(seconds: float) -> str:
    return f"{seconds:g}" if seconds >= 1 else f"{seconds:.2g}"


class SandboxedExtractor:
    """Extracts files in a long-lived child process with time and memory limits."""

    def __init__(
        self,
        *,
        memory_limit_mb: int | None = DEFAULT_MEMORY_LIMIT_MB,
        extract_fn: str = DEFAULT_EXTRACT_FN,
        nice: int = 5,
        temp_dir: Path | None = None,
    ) -> None:
        """``extract_fn`` ("module:function") lets tests swap in a misbehaving extractor.

        ``temp_dir``: a user-only folder for the readers' temporary files (mail
        attachments), instead of the shared temp folder. Each extractor uses a
        subfolder named by its process id; those of processes that are gone are
        removed here, so a killed reader's copies do not outlive the next start.
        Without it the readers use their scratch folder in the shared temp folder
        (``scratch``), swept here the same way.
        """
        self.temp_dir = temp_dir
        self._own_temp: Path | None = None
        scratch.sweep()
        if temp_dir is not None:
            scratch.remove_stale(temp_dir)
            self._own_temp = temp_dir / str(os.getpid())
        self.memory_limit_mb = memory_limit_mb
        self.extract_fn = extract_fn
        self.nice = nice
        self._context = multiprocessing.get_context("spawn")
        self._child: _Child | None = None
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> SandboxedExtractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        child = getattr(self, "_child", None)
        if child is not None and child.process.is_alive():
            child.process.kill()

    @property
    def child_pid(self) -> int | None:
        """Process id of the current child, or None when none is running."""
        child = self._child
        return child.process.pid if child is not None and child.process.is_alive() else None

    def start(self) -> None:
        """Start the child now, so its start-up is not counted against the first file."""
        with self._lock:
            if not self._closed:
                with contextlib.suppress(ExtractionError):  # reported with the first file
                    self._ensure_child(Path("."))

    def close(self) -> None:
        """Stop the child process; the extractor cannot be used afterwards."""
        with self._lock:
            self._closed = True
            self._discard(kill=False)
            if self._own_temp is not None:
                import shutil

                shutil.rmtree(self._own_temp, ignore_errors=True)

    def extract(
        self,
        path: Path | str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
        ocr: bool = False,
        max_text_chars: int | None = None,
    ) -> ExtractedDocument:
        """Extract ``path`` in the child; failures of any kind become ExtractionError.

        ``ocr=True`` reads scans and pictures (slow: give a timeout from
        ``ocr.time_limit_s``); otherwise they raise NeedsOcr. ``max_text_chars`` caps
        the text sent back (see ``ExtractedDocument.capped``).
        """
        path = Path(path)
        options: dict[str, Any] = {"ocr": True} if ocr else {}
        if max_text_chars:
            options["max_text_chars"] = max_text_chars
        request = (str(path), max_bytes, options)
        with self._lock:
            if self._closed:
                raise RuntimeError("SandboxedExtractor is closed")
            child = self._ensure_child(path)
            try:
                child.conn.send(request)
            except (OSError, ValueError):  # the child died while idle: start another one
                self._discard(kill=True)
                child = self._ensure_child(path)
                child.conn.send(request)
            reply = self._await_reply(child, path, timeout_s)
        return self._unpack(path, reply)

    # -- internals

    @property
    def _limit_bytes(self) -> int | None:
        return self.memory_limit_mb * 1024 * 1024 if self.memory_limit_mb else None

    def _memory_reason(self) -> str:
        if not self.memory_limit_mb:
            return "ran out of memory"
        return f"needed more than {self.memory_limit_mb} MB of memory"

    def _ensure_child(self, path: Path) -> _Child:
        if self._child is not None and self._child.process.is_alive():
            return self._child
        self._discard(kill=True)
        parent_conn, child_conn = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_child_main,
            args=(
                child_conn,
                self.extract_fn,
                self._limit_bytes,
                self.nice,
                str(self._own_temp) if self._own_temp is not None else None,
            ),
            name="desktop-search-extract",
            daemon=True,
        )
        process.start()
        child_conn.close()
        child = _Child(process, parent_conn)
        self._child = child
        # Wait for the child to import its readers, so start-up does not eat the time limit.
        ready = wait([parent_conn, process.sentinel], timeout=STARTUP_TIMEOUT_S)
        message: tuple[Any, ...] = ()
        if parent_conn in ready:
            try:
                message = parent_conn.recv()
            except (EOFError, OSError):
                message = ()
        if message[:1] == ("ready",):
            return child
        self._discard(kill=True)
        if message[:1] == ("startup-failed",):
            log.error("extractor process could not start: %s\n%s", message[1], message[2])
            raise ExtractionError(path, f"could not start the reader: {message[1]}")
        raise ExtractionError(path, "could not start the reader process")

    def _discard(self, *, kill: bool) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.stop(kill=kill)
            if self._own_temp is None and child.process.pid is not None:
                # A child killed mid-attachment leaves its copy; the private temp
                # folder is emptied when the next child starts, the shared one here.
                scratch.remove_for(child.process.pid)

    def _await_reply(self, child: _Child, path: Path, timeout_s: float) -> tuple[Any, ...]:
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._discard(kill=True)
                raise ExtractionError(
                    path, f"took longer than {_format_seconds(timeout_s)} s to read"
                )
            ready = wait([child.conn, child.process.sentinel], timeout=min(remaining, _POLL_S))
            child.peak_bytes = max(child.peak_bytes, child.memory_in_use())
            if child.conn in ready or child.conn.poll():
                try:
                    reply = child.conn.recv()
                except (EOFError, OSError):
                    break  # died while answering
                if reply[:1] == ("memory",):
                    self._discard(kill=False)
                return reply
            if child.process.sentinel in ready:
                break
        raise self._death(child, path)

    def _death(self, child: _Child, path: Path) -> ExtractionError:
        child.process.join(5)
        code = child.process.exitcode
        self._discard(kill=True)
        limit = self._limit_bytes
        if code == _EXIT_OUT_OF_MEMORY or (
            limit and child.peak_bytes >= _MEMORY_DEATH_SHARE * limit
        ):
            reason = self._memory_reason()
        elif code is not None and code < 0:
            reason = f"the reader crashed (signal {-code})"
        else:
            reason = f"the reader crashed (exit code {code})"
        log.warning("extractor process died on %s: %s", path, reason)
        return ExtractionError(path, reason)

    def _unpack(self, path: Path, reply: tuple[Any, ...]) -> ExtractedDocument:
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "unsupported":
            raise UnsupportedFile(path, reply[1])
        if kind == "needs-ocr":
            raise NeedsOcr(path, reply[1], pages=reply[2])
        if kind == "error":
            raise ExtractionError(path, reply[1])
        if kind == "memory":
            raise ExtractionError(path, self._memory_reason())
        if kind == "bug":
            _, type_name, message, trace = reply
            log.error("extractor bug on %s: %s: %s\n%s", path, type_name, message, trace)
            raise ExtractionError(path, f"could not read: {type_name}: {message}")
        raise ExtractionError(path, f"could not read: unexpected reply {kind!r}")
