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
