"""Misbehaving extractors for the sandbox tests; the child process imports them by name.

Each has the signature of ``desktop_search.extract.extract``. Which one misbehaves can
depend on the file name, so one child can be made to fail and then asked for more.
"""

from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

from desktop_search.extract import extract
from desktop_search.extract.base import ExtractedDocument


def loop_forever(path: Path, *, max_bytes: int) -> ExtractedDocument:
    while True:
        time.sleep(0.05)


def eat_memory(path: Path, *, max_bytes: int) -> ExtractedDocument:
    hoard = []
    while True:  # bytearray(n) reserves address space without touching the pages
        hoard.append(bytearray(64 * 1024 * 1024))


def eat_native_memory(path: Path, *, max_bytes: int) -> ExtractedDocument:
    """Like a C library: malloc until it fails, then crash on the NULL pointer."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    while libc.malloc(64 * 1024 * 1024):
        pass
    time.sleep(0.6)  # native code does not die the instant malloc fails; let the parent look
    ctypes.string_at(0)
    raise AssertionError("unreachable")


def exit_hard(path: Path, *, max_bytes: int) -> ExtractedDocument:
    os._exit(3)


def segfault(path: Path, *, max_bytes: int) -> ExtractedDocument:
    ctypes.string_at(0)
    raise AssertionError("unreachable")


def raise_bug(path: Path, *, max_bytes: int) -> ExtractedDocument:
    raise KeyError("a bug in an extractor")


class _NoMemoryForTheReply(MemoryError):
    """Raised by the reply itself: what a child out of memory meets when it answers."""


class _Unpicklable:
    def capped(self, max_chars):
        return self

    def __reduce__(self):
        raise _NoMemoryForTheReply()


def no_memory_to_reply(path: Path, *, max_bytes: int) -> ExtractedDocument:
    """The document is read, but there is no memory left to send it or to say so."""
    import desktop_search.extract.sandbox as sandbox

    real_tell = sandbox._tell

    def tell(conn, message):
        if message[:1] == ("memory",):
            raise MemoryError()
        return real_tell(conn, message)

    sandbox._tell = tell
    return _Unpicklable()  # type: ignore[return-value]


def temp_file_path(path: Path, *, max_bytes: int) -> ExtractedDocument:
    """Make a temp file as a mail reader does for an attachment; say where it went."""
    import tempfile

    from desktop_search.extract.base import Segment

    fd, name = tempfile.mkstemp(prefix="desktop-search-mail-")
    os.close(fd)
    return ExtractedDocument((Segment(name),))


def by_name(path: Path, *, max_bytes: int) -> ExtractedDocument:
    """Misbehave as the file's stem says ("loop", "exit", "segfault", ...), else extract."""
    behaviour = {
        "loop": loop_forever,
        "memory": eat_memory,
        "native-memory": eat_native_memory,
        "exit": exit_hard,
        "segfault": segfault,
        "bug": raise_bug,
        "no-memory-to-reply": no_memory_to_reply,
    }.get(path.stem)
    if behaviour is not None:
        return behaviour(path, max_bytes=max_bytes)
    return extract(path, max_bytes=max_bytes)


def hang_holding_an_attachment(path: Path, *, max_bytes: int) -> ExtractedDocument:
    """Copy an "attachment" as the mail reader does, say where (beside ``path``), then hang."""
    from desktop_search.extract import scratch

    with scratch.scratch_folder("mail") as folder:
        copy = folder / "contract.pdf"
        copy.write_text("a private attachment")
        Path(path).with_suffix(".where").write_text(str(copy))
        while True:
            time.sleep(0.05)
