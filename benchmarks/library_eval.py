"""Known-item lookups and natural questions on a real library, in all three modes.

Why: the BEIR sets have no tables of contents, index pages, duplicates or one-word
lookups; a person's folders are full of them. This copies the six folders of
``../shared/corpus/`` that make the library of ``../shared/eval/library/README.md`` (233
documents) into a work folder, indexes them through the real pipeline (sandboxed
extraction, both vector spaces) once, and runs each query set through the same search
engine the window uses, printing top-1 / top-3 / MRR@10 per kind and mode, and how often
a navigation passage (table of contents, index page) is what a top-3 result shows.

    .venv/bin/python benchmarks/library_eval.py [--work DIR] [--sets TSV ...] [--misses]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import cpu_model  # noqa: E402
from recoll_library import FOLDERS  # noqa: E402 (the same six folders)

from desktop_search.app.library import Library  # noqa: E402
from desktop_search.eval.known_item import evaluate, load_queries, print_report  # noqa: E402
from desktop_search.paths import app_paths  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = (
    SHARED / "eval" / "library" / "known-item-dev.tsv",
    ROOT / "benchmarks" / "library" / "questions-dev.tsv",
    ROOT / "benchmarks" / "library" / "descriptions-dev.tsv",
)


def copy_library(dest: Path) -> None:
    """The six folders, under their corpus-relative paths (the sets name files that way)."""
    for folder in FOLDERS:
        src = SHARED / "corpus" / folder
        if not (dest / folder).exists():
            shutil.copytree(src, dest / folder)


def navigation_in_top3(lib: Library, queries, mode: str) -> tuple[int, int]:
    """(results in the top 3 whose shown passage is navigation, results in the top 3)."""
    nav = total = 0
    for q in queries:
        for hit in lib.engine.search(q.text, k=3, mode=mode, passages_per_document=1).hits:
            total += 1
            if hit.best is not None:
                row = lib.catalog.chunks([hit.best.chunk_id]).get(hit.best.chunk_id)
                nav += bool(row and row.nav)
    return nav, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/desktop-search-library"))
    ap.add_argument("--sets", type=Path, nargs="*", default=list(SETS))
    ap.add_argument("--modes", default="keyword,semantic,hybrid")
    ap.add_argument("--misses", action="store_true", help="list the queries not ranked first")
    args = ap.parse_args()

    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores)")
    docs = args.work / "corpus"
    copy_library(docs)
    lib = Library(app_paths(args.work / "home"))
    started = time.monotonic()
    indexer = lib.indexer()
    try:
        indexer.run([str(docs)])
    finally:
        indexer.close()
    print(f"indexing: {time.monotonic() - started:.0f} s (0 when the index was already there)")
    lib.close()
    lib = Library(app_paths(args.work / "home"), readonly=True, threads=1)
    modes = args.modes.split(",")
    for tsv in args.sets:
        if not tsv.exists():
            print(f"{tsv}: not found, skipped")
            continue
        queries = load_queries(tsv)
        started = time.perf_counter()
        results = evaluate(lib.engine, queries, modes)
        ms = (time.perf_counter() - started) * 1000 / max(1, len(queries) * len(modes))
        print_report(
            results, title=f"\n{tsv.name}: {len(queries)} queries", as_json=False,
            misses=args.misses,
        )  # fmt: skip
        print(f"mean {ms:.0f} ms per query")
        for mode in modes:
            nav, total = navigation_in_top3(lib, queries, mode)
            print(f"navigation passages shown in the top 3 [{mode}]: {nav} of {total}")
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
