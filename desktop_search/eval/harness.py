"""``desktop-search-cli eval``: retrieval quality measured through the real pipeline.

Each BEIR document is written as a text file (title on the first line) and indexed
exactly as a user's folder would be: extraction, chunking, keyword terms, both
vector spaces. Every query is then searched in each mode (and each space alone), and
documents are ranked by their best passage. The index is kept in the cache folder,
so a second run only searches.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop_search.app.library import Library
from desktop_search.eval.beir import BeirSet, load_beir
from desktop_search.eval.metrics import evaluate
from desktop_search.paths import app_paths


def materialise(dataset: BeirSet, folder: Path) -> dict[str, str]:
    """Write each document to ``folder`` as NNNNNN.txt; returns file name -> document id."""
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for n, doc in enumerate(dataset.corpus):
        name = f"{n:06d}.txt"
        names[name] = doc.id
        path = folder / name
        text = doc.full_text
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return names


def index_dataset(
    dataset: BeirSet, work: Path, *, on_progress: Callable | None = None
) -> tuple[Library, dict[str, str], float]:
    """Index the dataset's documents under ``work``; returns the library, names and seconds."""
    names = materialise(dataset, work / "docs")
    lib = Library(app_paths(work / "home"))
    started = time.monotonic()
    indexer = lib.indexer(on_progress=on_progress)
    try:
        indexer.run([str(work / "docs")])
    finally:
        indexer.close()
    return lib, names, time.monotonic() - started


def rankings(
    lib: Library,
    dataset: BeirSet,
    names: dict[str, str],
    *,
    mode: str,
    spaces: Sequence[str] | None = None,
    limit: int = 0,
) -> tuple[dict[str, list[str]], float]:
    """Document-id rankings (top 100) per query, and mean milliseconds per query."""
    engine = lib.engine
    engine.candidates = 300  # enough chunks to fill a top-100 of documents
    queries = dataset.queries[:limit] if limit else dataset.queries
    out: dict[str, list[str]] = {}
    started = time.perf_counter()
    for q in queries:
        hits = engine.search(q.text, k=100, mode=mode, spaces=spaces, passages_per_document=1).hits
        out[q.id] = [names[h.name] for h in hits if h.name in names]
    ms = (time.perf_counter() - started) * 1000 / max(1, len(queries))
    return out, ms


def run_eval(
    dataset_dir: Path,
    *,
    modes: Sequence[str],
    limit: int = 0,
    as_json: bool = False,
    data_dir: str | None = None,
    on_progress: Callable | None = None,
) -> int:
    """Index (if needed) and evaluate; prints a table (or JSON). Returns the exit code."""
    dataset = load_beir(dataset_dir)
    base = Path(data_dir) if data_dir else app_paths().cache / "eval"
    work = base / dataset_dir.resolve().name
    lib, names, index_s = index_dataset(dataset, work, on_progress=on_progress)
    rows = []
    qrels = dataset.qrels
    if limit:
        keep = {q.id for q in dataset.queries[:limit]}
        qrels = {k: v for k, v in qrels.items() if k in keep}
    runs: list[tuple[str, str, Sequence[str] | None]] = []
    for mode in modes:
        if mode == "semantic":
            runs += [(f"semantic:{s.name}", "semantic", [s.name]) for s in lib.spaces]
            if len(lib.spaces) > 1:
                runs.append(("semantic:all", "semantic", None))
        else:
            runs.append((mode, mode, None))
    for label, mode, spaces in runs:
        ranks, ms = rankings(lib, dataset, names, mode=mode, spaces=spaces, limit=limit)
        scores = evaluate(ranks, qrels)
        rows.append(
            {
                "mode": label,
                **{k: round(v, 4) for k, v in scores.items()},
                "ms_per_query": round(ms, 1),
            }
        )
    if as_json:
        json.dump(
            {
                "dataset": dataset.name,
                "documents": len(dataset.corpus),
                "queries": len(qrels),
                "index_seconds": round(index_s, 1),
                "results": rows,
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print(
            f"{dataset.name}: {len(dataset.corpus)} documents, {len(qrels)} queries "
            f"(indexing took {index_s:.0f} s; index kept in {work})"
        )
        print(f"{'mode':<18} {'nDCG@10':>8} {'R@100':>8} {'MRR@10':>8} {'ms/query':>9}")
        for r in rows:
            print(
                f"{r['mode']:<18} {r['ndcg@10']:>8.3f} {r['recall@100']:>8.3f} "
                f"{r['mrr@10']:>8.3f} {r['ms_per_query']:>9.1f}"
            )
    lib.close()
    return 0
