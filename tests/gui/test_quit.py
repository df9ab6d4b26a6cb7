"""Ctrl+Q quits, from wherever the focus is, and the window is gone at once.

Qt ignores a key that two actions claim ("Ambiguous shortcut overload"); on Linux the
standard Quit key is Ctrl+Q itself, so registering both made Ctrl+Q do nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from desktop_search.gui.main_window import quit_keys


def test_ctrl_q_is_claimed_once_where_it_is_the_standard_quit_key():
    linux = [QKeySequence("Ctrl+Q")]  # what xcb's themes answer for StandardKey.Quit
    assert [k.toString() for k in quit_keys(linux)] == ["Ctrl+Q"]
    assert [k.toString() for k in quit_keys([])] == ["Ctrl+Q"]  # Windows: none of its own


def test_ctrl_q_in_the_search_box_closes_the_window(qtbot, make_window, keyword_home):
    home, _docs = keyword_home
    window = make_window(home)
    finished = []
    window.finished.connect(lambda: finished.append(True))
    qtbot.waitUntil(window.search_box.hasFocus)
    # Through the window system, as a real key press: that is where shortcuts are matched.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(finished), timeout=3000)
    assert not window.isVisible()
