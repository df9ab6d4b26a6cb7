"""Vector search latency, memory, build time and recall at 10k, 100k and 1M chunks.

Why: the window searches on every keystroke, in every vector space, on one thread; a
flat (exact) index costs time and RAM in proportion to the library, so past some size
``store/vectors.py`` switches a space to IVF over 8-bit scalar-quantised vectors. This
measures both kinds with the product's own classes (``FlatVectors``, ``CompactVectors``,
trained and filled the way ``VectorIndex`` builds them) to show where the switch should
sit and that the compact index meets its targets (1M chunks: p95 < 50 ms, < 1 GB,
recall@10 >= 0.95 against exact search).

The vectors are synthetic but shaped like real ones: each is a random mixture of three
real all-MiniLM-L6-v2 chunk embeddings from the shared corpus plus noise, normalised
(mean pairwise cosine 0.16, as in the real chunks; uniform noise would be far too easy
for IVF). Queries come from the same distribution but are not in the index. Each
(size, kind) runs in a fresh process so its RSS delta is its own.

    /work/venv/bin/python benchmarks/query_latency.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = Path("/tmp/desktop-search-bench")
SHARED = ROOT.parent / "shared" / "corpus"
K = 100  # the search engine asks each space for this many candidates
QUERIES = 400
RECALL_QUERIES = 200


def real_vectors(work: Path, limit: int = 3000) -> np.ndarray:
    """MiniLM vectors of real English chunks from the shared corpus (cached after the first run)."""
    cache = work / "real-minilm.npy"
    if cache.exists():
        return np.load(cache)
    from desktop_search.chunk import chunk_segments
    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
    from desktop_search.extract import extract

    embedder = SentenceTransformerEmbedder()
    paths = [
        *sorted((SHARED / "en/rust-book").glob("*.html")),
        *sorted((SHARED / "messy/html/python-docs").rglob("*.html")),
        *(SHARED / "messy/pdf/texlive" / f"{n}.pdf" for n in ("listings", "microtype", "xcolor")),
    ]
    texts: list[str] = []
    for path in paths:
        text, chunks = chunk_segments(
            extract(path).segments, embedder.token_spans, max_tokens=embedder.max_tokens or 254
        )
        texts += [text[c.start : c.end] for c in chunks]
    texts = texts[:: max(1, len(texts) // limit)][:limit]
    print(f"embedding {len(texts)} real chunks once (cached in {cache}) ...", flush=True)
    vectors = embedder.encode_documents(texts)
    work.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def clustered(real: np.ndarray, n: int, seed: int, parts: int = 3) -> np.ndarray:
    """``n`` normalised mixtures of ``parts`` real vectors plus noise."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        w = rng.dirichlet([0.5] * parts, m).astype(np.float32)
        x = sum(w[:, i : i + 1] * real[rng.integers(0, len(real), m)] for i in range(parts))
        x += 0.03 * rng.standard_normal((m, real.shape[1]), dtype=np.float32)
        out[s : s + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def _rss() -> int:
    import psutil

    gc.collect()
    return psutil.Process().memory_info().rss


def _exact_top(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    best = np.zeros((len(queries), 0), dtype=np.int64)
    best_s = np.zeros((len(queries), 0), dtype=np.float32)
    for s in range(0, len(data), 200_000):
        scores = queries @ data[s : s + 200_000].T
        top = np.argpartition(-scores, k, axis=1)[:, :k]
        best = np.hstack([best, top + s])
        best_s = np.hstack([best_s, np.take_along_axis(scores, top, 1)])
        keep = np.argsort(-best_s, axis=1)[:, :k]
        best, best_s = np.take_along_axis(best, keep, 1), np.take_along_axis(best_s, keep, 1)
    return best


def measure(real_path: str, n: int, kind: str, queries: int) -> dict:
    """Build one index of ``kind`` over ``n`` vectors and time searches (runs in a child)."""
    import faiss

    from desktop_search.store.vectors import _TRAIN_PER_LIST, CompactVectors, FlatVectors

    real = np.load(real_path)
    data = clustered(real, n, seed=n)
    qs = clustered(real, queries, seed=10**9 + 7)
    ids = np.arange(n, dtype=np.int64)
    before = _rss()
    started = time.perf_counter()
    if kind == "flat":
        index = FlatVectors(data.shape[1])
    else:  # as VectorIndex._build: train on an even sample, then add in batches
        lists = CompactVectors.lists_for(n)
        sample = data[:: max(1, n // (lists * _TRAIN_PER_LIST * 2))]
        index = CompactVectors.trained(np.ascontiguousarray(sample), trained_on=n)
    for s in range(0, n, 32_768):
        index.add(ids[s : s + 32_768], data[s : s + 32_768])
    build_s = time.perf_counter() - started
    rss = _rss() - before
    faiss_bytes = len(faiss.serialize_index(index.index))

    faiss.omp_set_num_threads(1)  # the window searches one query on one thread
    rng = np.random.default_rng(1)

    def latencies(allowed: np.ndarray | None) -> list[float]:
        out = []
        for q in qs:
            t = time.perf_counter()
            index.search(q[None, :], K, allowed)
            out.append((time.perf_counter() - t) * 1000)
        return out

    index.search(qs[:1], K, None)  # warm caches
    lat = latencies(None)
    narrow = rng.choice(n, max(1, n // 100), replace=False).astype(np.int64)
    lat_narrow = latencies(narrow)

    recall = 1.0
    if kind != "flat":
        want = _exact_top(data, qs[:RECALL_QUERIES], 10)
        got = [index.search(q[None, :], 10, None)[1][0] for q in qs[:RECALL_QUERIES]]
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(want, got, strict=True)]))
    return {
        "n": n,
        "kind": kind,
        "build_s": build_s,
        "rss_mb": rss / 2**20,
        "faiss_mb": faiss_bytes / 2**20,
        "recall10": recall,
        "p50": float(np.percentile(lat, 50)),
        "p95": float(np.percentile(lat, 95)),
        "p99": float(np.percentile(lat, 99)),
        "p95_filter1pct": float(np.percentile(lat_narrow, 95)),
        "nprobe": getattr(index, "nprobe", None),
        "lists": getattr(index.index, "nlist", None),
    }


def _in_child(real_path: str, n: int, kind: str, queries: int) -> dict:
    """``measure`` in a fresh process, so the RSS delta is this index's alone."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(measure, real_path, n, kind, queries).result()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument(
        "--sweep",
        type=int,
        nargs="*",
        default=[25_000, 50_000, 200_000],
        help="extra sizes measured to place the switch threshold",
    )
    ap.add_argument("--queries", type=int, default=QUERIES)
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)

    import psutil

    real_vectors(args.work)
    real_path = str(args.work / "real-minilm.npy")
    print(
        f"load average {os.getloadavg()[0]:.2f}, {psutil.cpu_count()} cores; "
        f"k={K}, one search thread, build on all cores"
    )
    header = (
        f"{'chunks':>9} {'index':<8} {'lists':>5} {'probe':>5} {'build s':>8} "
        f"{'RSS MB':>7} {'FAISS MB':>8} {'recall@10':>9} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'p95 1% filter':>13}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for n in sorted(set(args.sizes) | set(args.sweep)):
        for kind in ("flat", "ivf-sq8"):
            r = _in_child(real_path, n, kind, args.queries)
            rows.append(r)
            print(
                f"{n:>9,} {kind:<8} {r['lists'] or '':>5} {r['nprobe'] or '':>5} "
                f"{r['build_s']:>8.1f} {r['rss_mb']:>7.0f} {r['faiss_mb']:>8.0f} "
                f"{r['recall10']:>9.3f} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['p99']:>7.2f} "
                f"{r['p95_filter1pct']:>13.2f}",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
