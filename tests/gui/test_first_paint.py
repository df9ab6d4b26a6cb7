"""Work meant to follow the window's appearance waits for its first paint."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_search.gui.first_paint import after_first_paint


def test_runs_once_after_the_first_paint_and_not_before(qtbot) -> None:
    label = QLabel("hello")
    qtbot.addWidget(label)
    calls: list[bool] = []
    after_first_paint(label, lambda: calls.append(label.isVisible()))
    qtbot.wait(50)
    assert calls == []  # not shown yet: nothing painted, nothing run
    label.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    label.update()
    label.repaint()
    qtbot.wait(50)
    assert calls == [True]  # once only
