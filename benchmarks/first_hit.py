"""Time from adding a folder of 1,000 files to the first keyword hit and the first semantic hit.

Why: the design promises that "keyword hits are there within seconds of adding a folder;
semantic hits fill in as embedding proceeds" (target: first keyword hit < 10 s). This
runs the real ``Indexer`` in its own process (as the app's indexing worker does, with
sandboxed extraction) and, in this process, a read-only ``Library(threads=1)`` (as the
window has) searching in a loop, with its query models loaded beforehand like an open
window's. The clock starts when the indexer is told to index the folder; its process,
imports and catalog are ready by then, as in the running app, but its models are not
(they load on first use, which is part of the time to the first semantic hit).

    /work/venv/bin/python benchmarks/first_hit.py [--files 1000] [--order worker|single-pass]

``--order worker`` (the default) indexes as the app's worker does: one run, embedding
in whole batches while files are still read (keyword-searchable as each is stored);
``--order words-first`` as the worker did before 2026-12-02: every file read first,
then the embedding (``--order single-pass`` is kept as a name for ``worker``, for
older notes). The indexer's models run in processes of their own, as the worker's do.
A semantic hit counts when the
top document is in the question's language: a Chinese question finding a Chinese
document by meaning needs the multilingual space's vectors, which the English-first
order left for last (issue 18).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import code_root, cpu_features, cpu_model  # noqa: E402
from make_corpus import ensure_corpus  # noqa: E402

sys.path.insert(0, str(code_root(ROOT)))  # --code DIR: another checkout, side by side

WORK = Path("/tmp/desktop-search-bench")
# (label, query, mode): words every run of the seeded corpus contains somewhere.
QUERIES = (
    ("keyword en", "ownership", "keyword"),
    ("keyword zh", "向量", "keyword"),
    ("semantic en", "how does the borrow checker keep memory safe", "semantic"),
    ("semantic zh", "文本如何变成向量", "semantic"),
)


def _worker_library(home: str):
    """The library as the app's indexing worker opens it: its models each in a child
    process (``ds-model``), so embedding does not share the reading threads' GIL."""
    from desktop_search.app.library import Library

    try:
        from desktop_search.cores import usable_cores
    except ImportError:  # an older checkout (--code)
        usable_cores = os.cpu_count
    try:
        return Library.at(home, threads=usable_cores(), models_in_child=True)
    except TypeError:  # an older checkout without model processes
        return Library.at(home)


def run_indexer(home: str, folder: str, go: mp.Event, events: mp.Queue, order: str) -> None:
    """The indexing worker: ready, then index ``folder`` when ``go`` is set (child process)."""
    lib = _worker_library(home)
    seen: set[str] = set()

    def on_progress(p) -> None:
        for key, reached in (
            ("first file stored", p.files_done > 0),
            ("every file stored", p.files_total > 0 and p.files_done >= p.files_total),
            ("first vectors stored", p.chunks_embedded > 0),
        ):
            if reached and key not in seen:
                seen.add(key)
                events.put((key, time.time()))

    indexer = lib.indexer(on_progress=on_progress)
    events.put(("ready", time.time()))
    go.wait()
    if order == "words-first":  # the worker before 2026-12-02
        indexer.run([folder], embed=False)
        events.put(("all read", time.time()))
        progress = indexer.run(embed=True)
    else:
        progress = indexer.run([folder])
    events.put(("indexing done", time.time()))
    events.put(("files", progress.files_done))
    indexer.close()
    lib.close()


def meaning_coverage(catalog) -> tuple[int, int]:
    """(documents with at least one vector in some space, documents with passages)."""
    total = catalog.db.execute("SELECT count(DISTINCT content_id) FROM chunks").fetchone()[0]
    done = catalog.db.execute(
        "SELECT count(DISTINCT k.content_id) FROM vectors v JOIN chunks k ON k.id = v.chunk_id"
    ).fetchone()[0]
    return int(done), int(total)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--timeout", type=float, default=1800.0)
    ap.add_argument("--order", choices=("worker", "single-pass", "words-first"), default="worker")
    ap.add_argument("--join-s", type=float, default=1800.0, help="wait for the indexer after")
    ap.add_argument(
        "--until",
        type=float,
        default=0.9,
        help="also wait until this share of documents is searchable by meaning",
    )
    ap.add_argument("--code", type=Path, help="benchmark another checkout (side by side)")
    args = ap.parse_args(argv)

    from desktop_search.app.library import Library

    corpus = ensure_corpus(args.work / f"corpus-{args.files}", args.files, seed=2)
    home = args.work / "home-first-hit"
    shutil.rmtree(home, ignore_errors=True)
    Library.at(home).close()  # the catalog exists before the window opens it read-only
    print(
        f"corpus {corpus} ({args.files} files); order {args.order}; code {code_root(ROOT)}; "
        f"CPU {cpu_model()} ({cpu_features()}), {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )

    ctx = mp.get_context("spawn")
    go, events = ctx.Event(), ctx.Queue()
    worker = ctx.Process(target=run_indexer, args=(str(home), str(corpus), go, events, args.order))
    worker.start()
    reader = Library.at(home, readonly=True, threads=1)
    for space in reader.spaces:  # an open window has its query models loaded
        space.embedder.encode_queries(["warm up"])
    assert events.get(timeout=300)[0] == "ready"

    found: dict[str, float] = {}
    marks: dict[str, float] = {}
    searches = 0
    coverage: list[tuple[float, int, int]] = []  # (s, documents searchable by meaning, all)
    last_poll = 0.0
    started = time.time()
    go.set()

    def covered() -> bool:
        read_all = {"all read", "every file stored", "indexing done"} & set(marks)
        if not coverage or coverage[-1][2] == 0 or not read_all:
            return False
        _, done, total = coverage[-1]
        return done >= args.until * total

    while (len(found) < len(QUERIES) or not covered()) and time.time() - started < args.timeout:
        if time.time() - last_poll >= 1.0:
            last_poll = time.time()
            coverage.append((last_poll - started, *meaning_coverage(reader.catalog)))
        for label, query, mode in QUERIES:
            if label in found:
                continue
            hits = reader.engine.search(query, k=5, mode=mode).hits
            language = label.rsplit(" ", 1)[-1]
            if hits and (mode == "keyword" or hits[0].language == language):
                found[label] = time.time() - started
                print(f"  {found[label]:7.1f} s  first hit, {label}", flush=True)
            searches += 1
        while not events.empty():
            key, value = events.get()
            marks[key] = value - started if key != "files" else value
        time.sleep(0.2)  # a person typing: a few searches a second, not a busy loop
    worker.join(timeout=args.join_s)
    if worker.is_alive():  # the rest of the embedding is not what this measures
        print(f"(indexer still embedding after {args.join_s:.0f} s more; stopped)", flush=True)
        worker.terminate()
        worker.join(10)
    while not events.empty():
        key, value = events.get()
        marks[key] = value - started if key != "files" else value
    reader.close()

    print(f"\n{'event':<32} {'s after adding':>14}  query")
    print("-" * 64)
    for key in ("first file stored", "first vectors stored", "every file stored"):
        if key in marks:
            print(f"{'indexer: ' + key:<32} {marks[key]:>14.1f}")
    for label, query, _ in QUERIES:
        value = f"{found[label]:.1f}" if label in found else "not found"
        print(f"{'first hit, ' + label:<32} {value:>14}  {query}")
    if coverage:
        total = max(t for _, _, t in coverage)
        for share in (0.5, 0.9, 1.0):
            when = next((s for s, d, t in coverage if t == total and d >= share * total), None)
            value = f"{when:.1f}" if when is not None else "later"
            print(f"{f'{share:.0%} of documents by meaning':<32} {value:>14}  of {total}")
    if "indexing done" in marks:
        print(f"{'indexer: all done':<32} {marks['indexing done']:>14.1f}")
    print(
        f"\n{searches} searches by the reader meanwhile; files indexed: {marks.get('files')}; "
        f"load average {os.getloadavg()[0]:.2f} at the end"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
