"""Known-item and question sets, measured against an index that already exists.

People mostly search their own folders for one document they know is there. A set of
such queries (``query <TAB> expected path suffix <TAB> kind``) is run here through the
same search engine the window uses, in each mode, without indexing anything or loading
the models more than once, and scored by where the expected document lands: top-1,
top-3 and MRR@10, per kind of query.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop_search.search.hits import DocumentHit


@dataclass(frozen=True, slots=True)
class KnownItemQuery:
    text: str
    expected: str  # path suffix, e.g. "en/rust-book/ch04-01-what-is-ownership.html"
    kind: str


@dataclass(slots=True)
class Score:
    """Top-1 / top-3 / MRR@10 over some queries."""

    n: int = 0
    top1: int = 0
    top3: int = 0
    rr: float = 0.0
    misses: list[tuple[KnownItemQuery, int | None, str]] = field(default_factory=list)

    def add(self, query: KnownItemQuery, rank: int | None, first: str) -> None:
        self.n += 1
        if rank == 1:
            self.top1 += 1
        if rank is not None and rank <= 3:
            self.top3 += 1
        if rank is not None and rank <= 10:
            self.rr += 1.0 / rank
        if rank != 1:
            self.misses.append((query, rank, first))

    def as_dict(self) -> dict[str, float | int]:
        n = max(self.n, 1)
        return {
            "n": self.n,
            "top1": round(self.top1 / n, 4),
            "top3": round(self.top3 / n, 4),
            "mrr@10": round(self.rr / n, 4),
        }


def load_queries(path: Path) -> list[KnownItemQuery]:
    """Queries of a TSV file; lines starting with '#' and blank lines are skipped."""
    out: list[KnownItemQuery] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise ValueError(f"{path}: expected 'query<TAB>path suffix[<TAB>kind]': {line!r}")
        kind = parts[2].strip() if len(parts) > 2 and parts[2].strip() else "all"
        out.append(KnownItemQuery(parts[0].strip(), parts[1].strip(), kind))
    return out


def matches(path: str, suffix: str) -> bool:
    """Does ``path`` name the expected document (its path ends with ``suffix``)?"""
    path = path.replace("\\", "/")
    suffix = suffix.replace("\\", "/").lstrip("/")
    return path == suffix or path.endswith("/" + suffix)


def rank_of(hits: Sequence[DocumentHit], expected: str) -> int | None:
    """1-based rank of the expected document (a duplicate's other paths count), or None."""
    for n, hit in enumerate(hits, 1):
        if any(matches(p, expected) for p in (hit.path, *hit.also_at)):
            return n
    return None


def evaluate(
    engine, queries: Iterable[KnownItemQuery], modes: Sequence[str], *, k: int = 10
) -> dict[str, dict[str, Score]]:
    """mode -> kind (and "all") -> score, searching through ``engine`` (a SearchEngine)."""
    queries = list(queries)
    out: dict[str, dict[str, Score]] = {}
    for mode in modes:
        per_kind: dict[str, Score] = {"all": Score()}
        for q in queries:
            hits = engine.search(q.text, k=k, mode=mode, passages_per_document=1).hits
            rank = rank_of(hits, q.expected)
            first = hits[0].path if hits else "(nothing)"
            per_kind.setdefault(q.kind, Score()).add(q, rank, first)
            if q.kind != "all":
                per_kind["all"].add(q, rank, first)
        out[mode] = per_kind
    return out


def print_report(
    results: dict[str, dict[str, Score]], *, title: str, as_json: bool, misses: bool
) -> None:
    """A table of top-1 / top-3 / MRR per kind and mode (or JSON)."""
    if as_json:
        json.dump(
            {
                "queries": title,
                "results": {
                    mode: {kind: s.as_dict() for kind, s in kinds.items()}
                    for mode, kinds in results.items()
                },
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return
    print(title)
    print(f"{'mode':<10} {'kind':<10} {'n':>5} {'top-1':>7} {'top-3':>7} {'MRR@10':>7}")
    for mode, kinds in results.items():
        for kind in sorted(kinds, key=lambda k: (k == "all", k)):
            d = kinds[kind].as_dict()
            print(
                f"{mode:<10} {kind:<10} {d['n']:>5} {d['top1']:>7.3f} {d['top3']:>7.3f} "
                f"{d['mrr@10']:>7.3f}"
            )
    if misses:
        for mode, kinds in results.items():
            for q, rank, first in kinds["all"].misses:
                where = f"rank {rank}" if rank else "not in top 10"
                print(f"miss [{mode}] {q.text!r} -> {q.expected}: {where}; first: {first}")


def run_known_item(
    lib,
    tsv: Path,
    *,
    modes: Sequence[str],
    limit: int = 0,
    as_json: bool = False,
    misses: bool = False,
) -> int:
    """Run ``tsv`` against ``lib`` (a Library with an index); prints the report."""
    queries = load_queries(tsv)
    if limit:
        queries = queries[:limit]
    results = evaluate(lib.engine, queries, modes)
    print_report(
        results, title=f"{tsv.name}: {len(queries)} queries", as_json=as_json, misses=misses
    )
    return 0
