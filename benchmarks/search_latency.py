"""Whole-query latency at 100k passages: keyword and hybrid, through the real search engine.

Why: the window searches as the user types, so a query must come back in well under the
200 ms debounce (target: hybrid p95 < 50 ms at 100k chunks). ``query_latency.py`` times
the vector indexes alone; this times ``SearchEngine.search`` end to end: query words per
document (``search/lexical.py``), BM25 passages, both packaged models embedding the
query, FAISS (IVF-SQ8 past 50,000 vectors, as in the app), fusion, grouping, snippets.

The catalog is made of real text: the passages of the shared corpus (Chinese and
English) repeated into documents of 20 passages until there are ``--chunks`` of them,
each document with a word of its own, so lookups have one right answer. Vectors are
random unit vectors (the models' own would take hours to make; FAISS cost does not
depend on the values). Queries: one-word and two-word lookups, English and Chinese
questions, a word no document holds.

    .venv/bin/python benchmarks/search_latency.py [--chunks 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import cpu_model  # noqa: E402

from desktop_search.app.library import Library  # noqa: E402
from desktop_search.chunk import chunk_segments  # noqa: E402
from desktop_search.cores import limit_blas_threads  # noqa: E402
from desktop_search.extract import extract  # noqa: E402
from desktop_search.paths import app_paths  # noqa: E402
from desktop_search.store.catalog import NewChunk  # noqa: E402
from desktop_search.text.analyzer import chunk_keywords  # noqa: E402
from desktop_search.text.language import detect_language  # noqa: E402
from desktop_search.text.navigation import is_navigation  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
PER_DOC = 20
QUESTIONS = (
    "how does the borrow checker keep memory safe",
    "what happens when a program panics",
    "let several threads change one counter safely",
    "文本如何变成向量",
    "向量数据库是怎么检索的",
    "怎样同时运行多段代码",
)


def corpus_passages(limit_files: int = 400) -> list[str]:
    """Passage texts of real documents (sentence-packed, ~250 characters to 1 kB)."""
    files = sorted(p for p in (SHARED / "zh").glob("*.txt")) + sorted(
        (SHARED / "en" / "rust-book").glob("*.html")
    )
    files += sorted((SHARED / "messy" / "md").rglob("*.md"))[:100]
    out: list[str] = []
    for path in files[:limit_files]:
        try:
            doc = extract(path)
        except Exception:
            continue
        text, chunks = chunk_segments(doc.segments, _char_spans, max_tokens=160)
        out += [text[c.start : c.end] for c in chunks if c.end - c.start > 80]
    return out


def _char_spans(text: str):
    """Whitespace tokens with offsets (fast; the real tokenizer is not what is timed here)."""
    import re

    return [m.span() for m in re.finditer(r"\S+", text)]


def build(home: Path, n_chunks: int) -> Library:
    lib = Library(app_paths(home))
    if lib.catalog.chunk_count() >= n_chunks:
        return lib
    passages = corpus_passages()
    rng = random.Random(7)
    rows = [
        lib.catalog.ensure_space(s.name, s.spec.model or s.name, s.embedder.dim, s.languages)
        for s in lib.spaces
    ]
    vec_rng = np.random.default_rng(7)
    made = 0
    doc = 0
    started = time.monotonic()
    while made < n_chunks:
        batch: list[list[int]] = []
        with lib.catalog.transaction():
            for _ in range(50):
                parts = [rng.choice(passages) for _ in range(PER_DOC)]
                parts[rng.randrange(PER_DOC)] += f" marker{doc:06d}word"
                text, offsets, pos = "", [], 0
                for p in parts:
                    offsets.append((pos, pos + len(p)))
                    text += p + "\n"
                    pos += len(p) + 1
                new = []
                for s, e in offsets:
                    terms, exact = chunk_keywords(text[s:e])
                    new.append(
                        NewChunk(
                            s, e, None, None, detect_language(text[s:e]), terms, exact,
                            is_navigation(text[s:e]),
                        )
                    )  # fmt: skip
                cid = lib.catalog.add_content(
                    f"bench-{doc}", text, title=None, language=detect_language(text),
                    pages=None, chunks=new,
                )  # fmt: skip
                path = str(home / "docs" / f"doc{doc:06d}.txt")
                lib.catalog.mark_pending(path, str(home / "docs"), len(text), 0)
                lib.catalog.set_file_result(path, status="indexed", hash=f"bench-{doc}",
                                            content_id=cid)  # fmt: skip
                ids = [
                    r[0]
                    for r in lib.catalog.db.execute(
                        "SELECT id FROM chunks WHERE content_id=? ORDER BY ord", (cid,)
                    )
                ]
                batch.append(ids)
                made += len(ids)
                doc += 1
        for ids in batch:  # add_vectors holds its own transaction
            for row in rows:
                v = vec_rng.standard_normal((len(ids), row.dim)).astype(np.float32)
                v /= np.linalg.norm(v, axis=1, keepdims=True)
                lib.catalog.add_vectors(row.id, ids, v)
        print(f"\r  {made:,} passages in {time.monotonic() - started:.0f} s", end="", flush=True)
    print()
    return lib


def _percentiles(ms: list[float]) -> str:
    """p50 / p95 / max of a list of milliseconds. CPU time shows the work a query costs
    whatever else the machine runs (on a busy machine wall time waits for a core)."""
    ms = sorted(ms)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95)]
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ms[-1]:6.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--work", type=Path, default=Path("/tmp/desktop-search-bench/latency"))
    args = ap.parse_args()
    print(f"CPU: {cpu_model()} ({os.cpu_count()} logical cores)")
    home = args.work / f"home-{args.chunks}"
    build(home, args.chunks).close()
    limit_blas_threads(1)  # as the search process does (desktop_search/cores.py)
    lib = Library(app_paths(home), readonly=True, threads=1)
    n_docs = lib.catalog.document_count()
    rng = random.Random(11)
    queries = []
    for i in range(args.queries):
        kind = i % 4
        if kind == 0:
            queries.append(f"marker{rng.randrange(n_docs):06d}word")
        elif kind == 1:
            queries.append(f"marker{rng.randrange(n_docs):06d}word ownership")
        elif kind == 2:
            queries.append(rng.choice(QUESTIONS))
        else:
            queries.append(rng.choice(["zxqvbnmwert", "向量", "ownership", "线程"]))
    started = time.monotonic()
    lib.engine.warm_up()
    print(f"{lib.catalog.chunk_count():,} passages, {n_docs:,} documents; warm-up "
          f"{time.monotonic() - started:.1f} s")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}")
    for mode in ("keyword", "hybrid"):
        times, own, cpu = [], [], []
        for q in queries:
            lib.engine.forget_query_vectors()  # each query embedded as if typed anew
            t, th, pr = time.perf_counter(), time.thread_time(), time.process_time()
            lib.engine.search(q, k=20, mode=mode)
            times.append((time.perf_counter() - t) * 1000)
            own.append((time.thread_time() - th) * 1000)
            cpu.append((time.process_time() - pr) * 1000)
        print(f"{mode:<8} {_percentiles(times)}   (CPU: search thread {_percentiles(own)}; "
              f"all threads {_percentiles(cpu)})")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}")
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
