"""What the worker tells the window about progress at the two awkward moments.

Between reading and embedding the pipeline reports "idle" with no time left; after
Resume the next real report may be a whole embedding batch away. Both used to leave
the window saying something untrue.
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


def test_reading_done_with_embedding_ahead_is_reported_as_embedding_without_an_estimate():
    worker, conn = _worker()
    worker._mid_pass = True
    worker._on_progress(IndexProgress("idle", files_total=44, files_done=44, eta_s=0.0))
    last = _progress(conn)[-1]
    assert last.phase == "embedding"
    assert last.eta_s is None
    assert (last.files_done, last.files_total) == (44, 44)


def test_resume_reports_the_work_in_hand_at_once():
    worker, conn = _worker()
    embedding = IndexProgress("embedding", chunks_total=5000, chunks_embedded=1200)
    worker._on_progress(embedding)
    worker._busy = True
    worker._paused = True
    conn.sent.clear()
    worker.handle(Resume())
    assert _progress(conn) == [embedding]
