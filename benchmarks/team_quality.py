"""Team library vs local: the same documents, the same pipeline, one searched through Milvus.

Each set is indexed once by the ordinary pipeline into a catalog (as ``index --team``
does on a server), written into a milvus-lite collection by ``team/writer.py``, and every
query is searched twice: locally (the catalog's own FTS5 + FAISS) and through the team
library alone (BM25 over the same analysed terms + HNSW in Milvus, fused by the same
code). Prints nDCG@10 / MRR@10 for both and the difference.

    nice -n 10 python benchmarks/team_quality.py [--scifact-docs 1000] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
EVAL = REPO.parent / "shared" / "eval"

from machine import cpu_model  # noqa: E402

from desktop_search.app.library import Library  # noqa: E402
from desktop_search.embed.spaces import make_spaces  # noqa: E402
from desktop_search.eval.beir import BeirSet, load_beir  # noqa: E402
from desktop_search.eval.harness import materialise  # noqa: E402
from desktop_search.eval.metrics import evaluate  # noqa: E402
from desktop_search.paths import app_paths  # noqa: E402
from desktop_search.settings import DEFAULT_SPACES  # noqa: E402
from desktop_search.team.federation import TeamSearch  # noqa: E402
from desktop_search.team.reader import TeamLibrary  # noqa: E402
from desktop_search.team.target import connect, parse_target  # noqa: E402
from desktop_search.team.writer import Ledger, TeamWriter  # noqa: E402


def subset(ds: BeirSet, n_docs: int, seed: int = 7) -> BeirSet:
    """Queries whose relevant documents all fit, plus random other documents, ``n_docs`` in all."""
    rng = random.Random(seed)
    by_id = {d.id: d for d in ds.corpus}
    keep: set[str] = set()
    queries = []
    for q in ds.queries:
        rel = set(ds.qrels.get(q.id, {}))
        if not rel or len(keep | rel) > n_docs // 3:
            continue
        keep |= rel
        queries.append(q)
    others = [d.id for d in ds.corpus if d.id not in keep]
    keep |= set(rng.sample(others, n_docs - len(keep)))
    qids = {q.id for q in queries}
    return BeirSet(
        f"{ds.name}-{n_docs}",
        tuple(by_id[i] for i in sorted(keep)),
        tuple(queries),
        {k: v for k, v in ds.qrels.items() if k in qids},
    )


def _print_differences(ds: BeirSet, local_rank: dict, team_rank: dict) -> None:
    """Each query whose top 10 differ: where its relevant documents came, both ways."""
    text = {q.id: q.text for q in ds.queries}
    for qid, local in local_rank.items():
        team = team_rank.get(qid, [])
        if local[:10] == team[:10]:
            continue
        relevant = set(ds.qrels.get(qid, {}))
        here = [i + 1 for i, d in enumerate(local[:10]) if d in relevant]
        there = [i + 1 for i, d in enumerate(team[:10]) if d in relevant]
        print(
            f"  {qid} {text[qid][:60]!r}: relevant at {here} locally, {there} in the team; "
            f"local {local[:5]}, team {team[:5]}"
        )


def run(ds: BeirSet, work: Path, spaces, empty: Library, show_differences: bool = False) -> dict:
    names = materialise(ds, work / "docs")
    lib = Library(app_paths(work / "home"), spaces=spaces)
    t0 = time.monotonic()
    ix = lib.indexer()
    ix.run([str(work / "docs")])
    ix.close()
    index_s = time.monotonic() - t0
    target = parse_target(f"{work / 'team.db'}#eval", timeout_s=60.0)
    client = connect(target)
    t0 = time.monotonic()
    TeamWriter(
        client, target, lib.catalog, Ledger(work / "ledger.sqlite3"), lib.catalog.spaces()
    ).sync()
    sync_s = time.monotonic() - t0
    lib.engine.candidates = 300
    team = TeamSearch([TeamLibrary("team", target, spaces, candidates=300)], wait_s=60)
    local_rank, team_rank = {}, {}
    local_ms = team_ms = 0.0
    for q in ds.queries:
        t = time.perf_counter()
        hits = lib.engine.search(q.text, k=100, passages_per_document=1).hits
        local_ms += time.perf_counter() - t
        local_rank[q.id] = [names[h.name] for h in hits if h.name in names]
        t = time.perf_counter()
        hits = team.search(empty.engine, q.text, k=100, passages_per_document=1).hits
        team_ms += time.perf_counter() - t
        team_rank[q.id] = [names[h.name] for h in hits if h.name in names]
    team.close()
    lo, te = evaluate(local_rank, ds.qrels), evaluate(team_rank, ds.qrels)
    if show_differences:
        _print_differences(ds, local_rank, team_rank)
    n = max(1, len(ds.queries))
    lib.close()
    return {
        "set": ds.name,
        "docs": len(ds.corpus),
        "queries": len(ds.queries),
        "local": lo,
        "team": te,
        "index_s": index_s,
        "sync_s": sync_s,
        "local_ms": 1000 * local_ms / n,
        "team_ms": 1000 * team_ms / n,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("/tmp/team-quality"))
    ap.add_argument("--scifact-docs", type=int, default=1000)
    ap.add_argument("--sets", default="xquad-zh,mixed-library,scifact")
    ap.add_argument("--limit", type=int, default=0, help="only the first N queries of each set")
    ap.add_argument(
        "--differences", action="store_true", help="list the queries whose top 10 differ"
    )
    args = ap.parse_args()
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores")
    spaces = make_spaces(DEFAULT_SPACES)
    empty = Library(app_paths(args.out / "empty-desktop"), spaces=spaces)
    sets = {
        "xquad-zh": lambda: load_beir(EVAL / "xquad-zh"),
        "mixed-library": lambda: load_beir(EVAL / "xquad-cross" / "mixed-library"),
        "zh-questions-en-docs": lambda: load_beir(EVAL / "xquad-cross" / "zh-questions-en-docs"),
        "scifact": lambda: subset(load_beir(EVAL / "scifact"), args.scifact_docs),
    }
    print(
        f"{'set':<22} {'docs':>5} {'q':>5} {'local nDCG':>10} {'team nDCG':>10} {'diff':>7} "
        f"{'local MRR':>9} {'team MRR':>9} {'ms local/team':>14}"
    )
    for name in args.sets.split(","):
        ds = sets[name]()
        if args.limit:
            qs = ds.queries[: args.limit]
            keep = {q.id for q in qs}
            ds = BeirSet(ds.name, ds.corpus, qs, {k: v for k, v in ds.qrels.items() if k in keep})
        r = run(ds, args.out / name, spaces, empty, args.differences)
        lo, te = r["local"], r["team"]
        print(
            f"{r['set']:<22} {r['docs']:>5} {r['queries']:>5} {lo['ndcg@10']:>10.4f} "
            f"{te['ndcg@10']:>10.4f} {te['ndcg@10'] - lo['ndcg@10']:>+7.4f} {lo['mrr@10']:>9.4f} "
            f"{te['mrr@10']:>9.4f} {r['local_ms']:>6.0f}/{r['team_ms']:<6.0f}  "
            f"(index {r['index_s']:.0f} s, write to Milvus {r['sync_s']:.1f} s)",
            flush=True,
        )
    empty.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
