"""Search as you type: debounced, off the GUI thread, and the latest query always wins."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from desktop_search.gui.search_controller import SearchController


class FakeEngine:
    """Answers on the search thread; "slow" takes a while, like a first query loading models."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.modes: list[str] = []
        self.threads: set[int] = set()
        self.loading_s = 0.0  # how long a search that needs the models takes (loading)

    def close(self) -> None:
        pass

    def search(self, text, *, k, mode, filters, on_partial=None):
        self.queries.append(text)
        self.modes.append(mode)
        self.threads.add(threading.get_ident())
        if text.startswith("slow") or (mode != "keyword" and self.loading_s):
            time.sleep(self.loading_s or 0.6)
        return SimpleNamespace(query=SimpleNamespace(raw=text), hits=(), elapsed_ms=1.0, mode=mode)


@pytest.fixture
def controller(qtbot, tmp_path):
    c = SearchController(tmp_path / "home", debounce_ms=150)
    engine = FakeEngine()
    c._worker._service = engine  # stands in for the search service process
    c._worker.models_ready = True  # its models are loaded (see the keyword-first tests)
    c.engine = engine
    yield c
    c.shutdown()


def test_typing_is_debounced_into_one_search(qtbot, controller) -> None:
    delivered = []
    controller.results_ready.connect(delivered.append)
    for prefix in ("v", "ve", "vec", "vect", "vector"):
        controller.set_text(prefix)
    assert controller.pending
    qtbot.waitUntil(lambda: len(delivered) == 1)
    assert controller.engine.queries == ["vector"]
    assert threading.get_ident() not in controller.engine.threads  # never on the GUI thread
    assert not controller.pending


def test_latest_query_wins_over_a_slow_earlier_one(qtbot, controller) -> None:
    delivered = []
    controller.results_ready.connect(delivered.append)
    controller.set_text("slow first")
    controller.search_now()
    qtbot.wait(100)  # the slow one is running now
    controller.set_text("second")
    controller.set_text("third")
    controller.search_now()
    qtbot.waitUntil(lambda: bool(delivered) and delivered[-1].query.raw == "third")
    qtbot.wait(700)  # long enough for the slow answer to arrive and be dropped
    assert [r.query.raw for r in delivered] == ["third"]
    assert "second" not in controller.engine.queries  # overtaken before it started


def test_clearing_is_immediate(qtbot, controller) -> None:
    delivered = []
    controller.results_ready.connect(delivered.append)
    controller.set_text("vector")
    controller.set_text("")
    assert delivered == [None]
    qtbot.wait(300)
    assert controller.engine.queries == []


def test_keywords_answer_first_while_the_models_load(qtbot, controller) -> None:
    """The first question after launch: keyword results at once, then by meaning."""
    controller._worker.models_ready = False
    controller.engine.loading_s = 1.0
    delivered = []
    controller.results_ready.connect(delivered.append)
    controller.set_text("ownership")
    controller.search_now()
    qtbot.waitUntil(lambda: len(delivered) == 1)  # the keywords, while the models load
    assert delivered[0].mode == "keyword"
    assert controller.pending  # the full answer is still coming
    qtbot.waitUntil(lambda: len(delivered) == 2, timeout=5000)
    assert delivered[1].mode == "hybrid"
    assert not controller.pending
    controller.set_text("borrowing")  # models loaded now: one answer only
    controller.search_now()
    qtbot.waitUntil(lambda: len(delivered) == 3, timeout=5000)
    assert controller.engine.modes == ["keyword", "hybrid", "hybrid"]


def test_after_the_search_process_rested_keywords_answer_first_again(qtbot, controller) -> None:
    """The search process unloads its models at rest: the next question must not wait."""
    controller.engine.models_ready = False  # the service says its models were let go
    controller.engine.loading_s = 1.0
    delivered = []
    controller.results_ready.connect(delivered.append)
    controller.set_text("ownership")
    controller.search_now()
    qtbot.waitUntil(lambda: len(delivered) == 1)
    assert delivered[0].mode == "keyword"  # at once, while the models load again
    qtbot.waitUntil(lambda: len(delivered) == 2, timeout=5000)
    assert delivered[1].mode == "hybrid"


def test_a_whole_query_in_an_empty_box_is_searched_without_waiting(qtbot, controller) -> None:
    """Pasting a query (or an input method committing a word) is not typing: no pause
    to wait for. Typing on after it is debounced again."""
    controller._debounce_ms = 5000  # a pause this long would show in the test
    delivered = []
    controller.results_ready.connect(delivered.append)
    controller.set_text("ownership rules")
    qtbot.waitUntil(lambda: len(delivered) == 1, timeout=2000)
    assert controller.engine.queries == ["ownership rules"]
    controller.set_text("ownership rules and")
    qtbot.wait(300)
    assert controller.engine.queries == ["ownership rules"]  # still waiting for a pause
    controller.set_text("")
    controller.set_text("向量")  # an input method commits two characters at once
    qtbot.waitUntil(lambda: controller.engine.queries[-1] == "向量", timeout=2000)
