"""The status bar's indexing report, in the states a person meets."""

from __future__ import annotations

import pytest

from desktop_search.gui import translations
from desktop_search.gui.status import IndexStatus
from desktop_search.indexing.progress import IndexProgress


@pytest.fixture
def status(qtbot) -> IndexStatus:
    widget = IndexStatus()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_reading_and_embedding_progress(status: IndexStatus) -> None:
    status.set_state("indexing")
    status.set_progress(
        IndexProgress("reading", files_total=340, files_done=12, current="/d/report.pdf", eta_s=150)
    )
    text = status.label.text()
    assert "Reading 12 of 340 files" in text
    assert "report.pdf" in text and "/d/" not in text
    # No time left while reading: the embedding that follows is most of the work and
    # unknown yet ("less than a minute left" was shown with 23 minutes to go).
    assert "left" not in text
    assert status.bar.isVisible() and status.pause_button.text() == "Pause"
    status.set_progress(
        IndexProgress(
            "embedding",
            files_total=340,
            files_done=340,
            chunks_total=5000,
            chunks_embedded=1200,
            eta_s=30,
        )
    )
    assert "1,200 of 5,000 passages" in status.label.text()
    assert "less than a minute left" in status.label.text()
    # Narrow, the time left still shows: the text is cut in the middle ("about 1 m" was
    # all that showed where the progress bar began), and whole in the tooltip.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    status.resize(640, status.height())
    width = status.label.contentsRect().width()
    shown = QFontMetrics(status.label.font()).elidedText(
        status.label.text(), Qt.TextElideMode.ElideMiddle, width
    )
    assert width < QFontMetrics(status.label.font()).horizontalAdvance(status.label.text())
    assert shown.endswith("less than a minute left") and "…" in shown
    assert status.label.toolTip() == status.label.text()


def test_paused_idle_and_failures(status: IndexStatus) -> None:
    status.set_state("indexing")
    status.set_progress(IndexProgress("reading", files_total=10, files_done=4))
    status.set_state("paused")
    assert status.label.text() == "Indexing paused at 4 of 10 files"
    assert status.pause_button.text() == "Resume"
    status.set_state("idle")
    status.set_documents(1234)
    assert status.label.text() == "Up to date · 1,234 documents"
    assert not status.pause_button.isVisible()
    assert not status.failures_button.isVisible()
    status.set_failed_count(3)
    assert status.failures_button.isVisible()
    assert status.failures_button.text() == "3 files could not be read"


def test_worker_crash_is_shown_plainly_and_translated(qtbot, status: IndexStatus) -> None:
    status.set_crash("The indexer stopped unexpectedly (signal 9). Restarting it.")
    assert status.label.text() == "The indexer stopped unexpectedly (signal 9). Restarting it."
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: status.label.text().startswith("索引程序意外停止"))
    assert "signal 9" in status.label.text()
    status.set_state("indexing")  # a fresh worker reports in: the message goes
    assert "意外" not in status.label.text()


def test_waiting_for_the_embedding_service_says_why(qtbot, status: IndexStatus) -> None:
    status.set_state("indexing")
    reason = "cannot reach http://127.0.0.1:9/v1/embeddings: connection refused"
    status.set_progress(
        IndexProgress("waiting", files_total=10, files_done=10, chunks_total=80, current=reason)
    )
    assert status.label.text() == f"Waiting for the embedding service: {reason}"
    assert "Learning" not in status.label.text()
    assert not status.bar.isVisible()
    assert status.pause_button.isVisible()  # the wait can be paused like any indexing
    status.set_progress(IndexProgress("waiting", chunks_total=80))
    assert status.label.text() == "Waiting for the embedding service…"
    translations.install("zh_CN")
    qtbot.waitUntil(lambda: status.label.text().startswith("正在等待"))
    status.set_progress(IndexProgress("embedding", chunks_total=80, chunks_embedded=8))
    translations.install("en")
    qtbot.waitUntil(lambda: "8 of 80 passages" in status.label.text())
