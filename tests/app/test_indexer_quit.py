"""Quitting in the middle of indexing: the worker goes at once, the work is not lost.

A person quits whenever they like, usually while a first pass is still reading. The
worker must not be waited for (it is ended if it does not stop promptly), and the next
start must carry on with the files that were still waiting.
"""

from __future__ import annotations

from desktop_search.app import indexer_process as worker
from desktop_search.app.indexer_process import EXTRACT_ENV
from desktop_search.gui.indexing_client import STOP_TIMEOUT_S, IndexingClient
from tests.app.test_indexer_process import START_S, Search, _configure

N_FILES = 40


def test_quit_mid_pass_then_the_next_start_finishes_the_work(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(EXTRACT_ENV, "tests.indexing.slow_extractor:extract")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(N_FILES):
        (docs / f"note-{i:02d}.txt").write_text(f"Note {i} mentions the word albatross{i}.")
    home = tmp_path / "home"
    _configure(home, docs)

    client = IndexingClient(home)
    progress = []
    client.progress.connect(progress.append)
    client.start()
    try:
        qtbot.waitUntil(
            lambda: any(p.phase == "reading" and p.files_done >= 3 for p in progress),
            timeout=int(START_S * 1000),
        )
        pid = client.worker_pid
        assert pid is not None
        client.stop()
        assert client.worker_pid is None and client.state == "stopped"
        s = Search(home)
        try:
            pending = s.lib.catalog.pending_paths()
            assert 0 < len(pending) < N_FILES, "quit was not in the middle of the pass"

            client.start()
            qtbot.waitUntil(lambda: client.state == "idle", timeout=int(START_S * 1000))
            assert s.lib.catalog.pending_paths() == []
            for i in (0, N_FILES // 2, N_FILES - 1):
                assert s.paths(f"albatross{i}") == [str(docs / f"note-{i:02d}.txt")]
        finally:
            s.close()
    finally:
        client.stop()


def test_the_worker_gives_up_on_its_thread_before_the_app_ends_it():
    """The app waits STOP_TIMEOUT_S; the worker must exit on its own before that."""
    assert worker.STOP_WAIT_S < STOP_TIMEOUT_S < 2.0
