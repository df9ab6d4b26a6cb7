"""The client's signals can fire for a whole indexing session without harming the app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from desktop_search.gui.indexing_client import _emit


class _Source(QObject):
    changed = Signal(object)


def test_thousands_of_signals_leave_true_and_false_intact(qtbot):
    # PySide6 6.12.0's emit() gives back a bool it does not own; unbalanced, a few
    # hundred progress signals later the interpreter aborts (Fatal Python error).
    source = _Source()
    seen = []
    source.changed.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(5000):
        _emit(source.changed, i)
    assert len(seen) == 5000
    # An emit that lost a reference would leave these lower, one that took one too many
    # higher: balanced, they are as before.
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before


def test_a_delayed_start_shows_starting_at_once_and_starts_the_worker_later(qtbot, tmp_path):
    """At launch the worker starts a second after the window, so the first search has
    the other core; meanwhile the status says it is starting, not that it stopped."""
    from desktop_search.gui.indexing_client import IndexingClient
    from desktop_search.indexing.messages import STARTING

    client = IndexingClient(tmp_path / "home")
    try:
        client.start(delay_ms=400)
        assert client.state == STARTING
        assert client.worker_pid is None  # not yet
        qtbot.waitUntil(lambda: client.worker_pid is not None, timeout=5000)
    finally:
        client.stop()
    assert client.worker_pid is None
