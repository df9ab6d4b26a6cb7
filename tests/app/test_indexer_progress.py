"""What the worker tells the window about progress after Resume.

The next real report may be a whole embedding batch away; the window used to show
no work at all meanwhile. (Reading and embedding are one run now, so there is no
"idle" report between them any more to mistake for the end.)
"""

from __future__ import annotations

import time

from desktop_search.app.indexer_worker import Worker
from desktop_search.indexing.messages import Progress, Resume, WorkerConfig
from desktop_search.indexing.progress import IndexProgress


class _Conn:
    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, message: object) -> None:
        self.sent.append(message)


class _Indexer:
    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass


def _worker() -> tuple[Worker, _Conn]:
    conn = _Conn()
    worker = Worker(conn, WorkerConfig(progress_interval_s=0.0))  # type: ignore[arg-type]
    worker.lib, worker.indexer, worker.writer = object(), _Indexer(), object()  # type: ignore[assignment]
    return worker, conn


def _progress(conn: _Conn) -> list[IndexProgress]:
    return [m.progress for m in conn.sent if isinstance(m, Progress)]


def test_resume_reports_the_work_in_hand_at_once():
    worker, conn = _worker()
    embedding = IndexProgress("embedding", chunks_total=5000, chunks_embedded=1200)
    worker._on_progress(embedding)
    worker._busy = True
    worker._paused = True
    conn.sent.clear()
    worker.handle(Resume())
    assert _progress(conn) == [embedding]


def test_the_last_report_within_the_interval_is_sent_late_not_dropped():
    # "Reading 28 of 30 files" stayed up 20 s: 29 and 30 came within the interval and
    # were dropped; the next report was a whole batch of embedding away.
    conn = _Conn()
    worker = Worker(conn, WorkerConfig(progress_interval_s=0.2))  # type: ignore[arg-type]
    for done in (28, 29, 30):
        worker._on_progress(IndexProgress("reading", files_total=30, files_done=done))
    assert [p.files_done for p in _progress(conn)] == [28]
    worker._flush_progress()
    assert [p.files_done for p in _progress(conn)] == [28]  # not due yet
    time.sleep(0.25)
    worker._flush_progress()
    assert [p.files_done for p in _progress(conn)] == [28, 30]
    worker._flush_progress()
    assert len(_progress(conn)) == 2  # once


def test_a_pass_ended_for_more_work_does_not_say_up_to_date():
    worker, conn = _worker()
    worker._work.set()  # a folder was added: the next pass starts at once
    worker._on_progress(IndexProgress("idle"))
    assert _progress(conn) == []
    worker._work.clear()
    worker._on_progress(IndexProgress("idle"))
    assert [p.phase for p in _progress(conn)] == ["idle"]
