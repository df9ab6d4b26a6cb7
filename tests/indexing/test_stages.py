"""The indexing stages stop together: a stage that fails ends the run with its error.

Before, the reader thread's set-up raising (tokenizer files missing, say) ended that
thread silently and ``run()`` waited for it until someone called ``stop()``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_search.indexing import pipeline
from desktop_search.indexing.stages import Stage, StageError, run_stages

# The run must be over by then; the join's timeout fails the test, it measures nothing.
ENDS_WITHIN_S = 1.0


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _run_in_thread(run, timeout: float = ENDS_WITHIN_S) -> dict:
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = run()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=timeout)
    assert not thread.is_alive(), "the run went on after a stage failed"
    return outcome


@pytest.mark.parametrize("threaded", [True, False])
def test_a_reader_failing_at_set_up_ends_the_run_with_its_error(
    make_library, tmp_path, monkeypatch, threaded
):
    docs = tmp_path / "docs"
    _write(docs / "a.txt", "We pitched the tent by the lake.\n")
    lib = make_library()
    indexer = lib.indexer(extract=None)
    indexer.threaded = threaded
    try:
        indexer.scan([str(docs)])

        def no_tokenizer(spaces):
            raise FileNotFoundError("tokenizer.json is missing")

        monkeypatch.setattr(pipeline, "chunking_embedder", no_tokenizer)
        outcome = _run_in_thread(indexer.run)
    finally:
        indexer.close()
    error = outcome.get("error")
    assert isinstance(error, StageError), outcome
    assert error.stage == "reading"
    assert "tokenizer.json is missing" in str(error)
    assert isinstance(error.__cause__, FileNotFoundError)
    # nothing was stored: the file waits for the next run
    assert lib.catalog.pending_paths() == [str(docs / "a.txt")]


@pytest.mark.parametrize("threaded", [True, False])
def test_a_failing_store_names_the_file_and_stops_reading(
    make_library, tmp_path, monkeypatch, threaded
):
    docs = tmp_path / "docs"
    for i in range(200):
        _write(docs / f"note{i:03d}.txt", f"Note {i}: the tent by lake number {i}.\n")
    lib = make_library()
    indexer = lib.indexer(extract=None)
    indexer.threaded = threaded
    read: list[str] = []
    extract = indexer.extract

    def counting(path, *args):
        read.append(str(path))
        return extract(path, *args)

    indexer.extract = counting
    broken = str(docs / "note199.txt")  # the newest file: read first
    store = indexer._store

    def store_or_fail(r):
        if r.path == broken:
            raise OSError("disk full")
        store(r)

    monkeypatch.setattr(indexer, "_store", store_or_fail)
    try:
        indexer.scan([str(docs)])
        outcome = _run_in_thread(indexer.run, timeout=60)  # it starts the extraction sandbox
    finally:
        indexer.close()
    error = outcome.get("error")
    assert isinstance(error, StageError), outcome
    assert (error.stage, error.item) == ("storing", broken)
    assert broken in str(error) and "disk full" in str(error)
    # reading and storing stopped at the failure: the files after it were not all read,
    # and they still wait to be indexed
    assert len(read) < 200
    pending = lib.catalog.pending_paths()
    assert broken in pending
    assert len(pending) > 100, len(pending)


def test_the_stages_run_one_after_another_in_sequential_mode():
    seen: list[str] = []

    def produce():
        for n in range(3):
            seen.append(f"read {n}")
            yield n

    def double(n):
        seen.append(f"store {n}")
        return [n * 2]

    def last(n):
        seen.append(f"embed {n}")

    def rest():
        seen.append("embed rest")

    run_stages(
        [
            Stage("reading", produce=produce),
            Stage("storing", handle=double),
            Stage("embedding", handle=last, finish=rest),
        ],
        threaded=False,
    )
    # each item goes through every stage before the next one is read
    assert seen == [
        "read 0", "store 0", "embed 0",
        "read 1", "store 1", "embed 2",
        "read 2", "store 2", "embed 4",
        "embed rest",
    ]  # fmt: skip


@pytest.mark.parametrize("threaded", [True, False])
def test_a_failing_last_stage_stops_an_endless_first_one(threaded):
    def endless():
        n = 0
        while True:
            n += 1
            yield n

    def fail_at_five(n):
        if n == 5:
            raise ValueError("bad item")

    stages = [
        Stage("reading", produce=endless),
        Stage("storing", handle=lambda n: [n], inbox=2),
        Stage("embedding", handle=fail_at_five, describe=lambda n: f"item {n}"),
    ]
    outcome = _run_in_thread(lambda: run_stages(stages, threaded=threaded))
    error = outcome.get("error")
    assert isinstance(error, StageError)
    assert (error.stage, error.item) == ("embedding", "item 5")


def test_a_stop_ends_the_run_without_error():
    stop = threading.Event()

    def endless():
        n = 0
        while True:
            n += 1
            if n == 100:
                stop.set()
            yield n

    outcome = _run_in_thread(
        lambda: run_stages(
            [Stage("reading", produce=endless), Stage("storing", handle=lambda n: None)],
            should_stop=stop.is_set,
        )
    )
    assert outcome == {"result": None}


def test_sequential_and_threaded_runs_index_the_same(make_library, tmp_path):
    docs = tmp_path / "docs"
    for i in range(6):
        _write(docs / f"note{i}.txt", f"Note {i}: we pitched the tent by lake number {i}.\n")
        _write(docs / f"笔记{i}.txt", f"第{i}篇笔记：我们在第{i}个湖边搭了帐篷。\n")
    counts = []
    for threaded in (True, False):
        lib = make_library(tmp_path / f"home-{threaded}")
        indexer = lib.indexer(extract=None)
        indexer.threaded = threaded
        try:
            indexer.run([str(docs)])
        finally:
            indexer.close()
        counts.append(
            (
                len(lib.catalog.pending_paths()),
                lib.catalog.chunk_count(),
                tuple((c.name, c.embedded, c.total) for c in indexer.space_counts()),
            )
        )
    assert counts[0] == counts[1]
    assert counts[0][0] == 0 and counts[0][1] == 12
    assert all(embedded == total > 0 for _, embedded, total in counts[0][2])
