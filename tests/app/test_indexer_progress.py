"""What the worker tells the window about progress after Resume.

The next real report may be a whole embedding batch away; the window used to show
no work at all meanwhile. (Reading and embedding are one run now, so there is no
"idle" report between them any more to mistake for the end.)
"""

from __future__ import annotations

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
