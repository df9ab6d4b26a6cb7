"""Each MiniLM number format judged by retrieval: speed and nDCG@10 through the product.

Why: a faster format (bf16 autocast, dynamic int8) changes every document vector a
little; cosine to fp32 says how much, not whether search finds worse documents. This
copies already-indexed data folders (the BEIR sets of ``../shared/eval`` as
``desktop-search-cli eval`` indexed them, and the library), re-embeds the English
space's passages in each format with the product's ``SentenceTransformerEmbedder``,
installs those vectors in the copy's catalog (FAISS is rebuilt from it) and searches
every query through ``SearchEngine`` in hybrid mode, as a user would. Queries are
encoded in fp32, as the search process does. The multilingual space and the keyword
index are the same in every run, so any difference comes from the format alone.

It prints, per format: chunks/s while re-embedding (the machine is shared: the
alternating timing of ``--speed-chunks`` real chunks is the fairer speed figure), and
nDCG@10 per set with the drop from fp32, known-item top-1 on the library, and whether
the format passes the rule of ``desktop_search/embed/number_formats.py`` (within 0.005
nDCG@10 of fp32 on every set, known-item top-1 not lower).

SciFact is large (9,707 passages); ``--scifact-queries N --scifact-others M`` keeps a
deterministic subset: the first N test queries (sorted by id) with every document
relevant to them, plus M other documents drawn with a fixed seed. Every format is
compared on the same subset.

    PYTHONPATH=. python benchmarks/precision_retrieval.py --formats fp32,int8 \\
        [--scifact-queries 300 --scifact-others 2000] [--library /work/lib/home4]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import cpu_model  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SETS = {  # name -> BEIR folder
    "scifact": EVAL / "scifact",
    "xquad-zh": EVAL / "xquad-zh",
    "zh-questions-en-docs": EVAL / "xquad-cross" / "zh-questions-en-docs",
    "en-questions-zh-docs": EVAL / "xquad-cross" / "en-questions-zh-docs",
    "mixed-library": EVAL / "xquad-cross" / "mixed-library",
}
KNOWN_ITEM = EVAL / "library" / "known-item-dev.tsv"
QUESTIONS = ROOT / "benchmarks" / "library" / "questions-dev.tsv"
SPACE = "minilm"
BATCH = 128  # what the pipeline hands encode_documents
NO_NAV = "no-nav"  # not a format: fp32 with navigation passages left unembedded


def copy_home(source: Path, dest: Path) -> None:
    """A consistent copy of an indexed data home (catalog through SQLite's backup; the
    FAISS files are left behind and rebuilt from the catalog)."""
    if (dest / "data" / "catalog.sqlite3").is_file():
        return
    (dest / "data").mkdir(parents=True, exist_ok=True)
    for sub in ("config", "cache"):
        (dest / sub).mkdir(exist_ok=True)
    for pickle in (source / "cache").glob("usem3-*.pickle"):
        shutil.copy2(pickle, dest / "cache" / pickle.name)
    src = sqlite3.connect(f"{(source / 'data' / 'catalog.sqlite3').as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(dest / "data" / "catalog.sqlite3")
    src.backup(dst)
    dst.close()
    src.close()


def keep_subset(home: Path, dataset, queries: int, others: int) -> tuple:
    """Keep the first ``queries`` queries' documents and ``others`` more (seeded) in the
    copy; returns the kept queries' qrels."""
    from desktop_search.store.catalog import Catalog

    qids = sorted(dataset.qrels, key=lambda q: (len(q), q))[:queries]
    qrels = {q: dataset.qrels[q] for q in qids}
    relevant = {d for q in qids for d in qrels[q]}
    rest = sorted(d.id for d in dataset.corpus if d.id not in relevant)
    keep = relevant | set(random.Random(21).sample(rest, min(others, len(rest))))
    names = {f"{n:06d}.txt" for n, d in enumerate(dataset.corpus) if d.id in keep}
    cat = Catalog(home / "data" / "catalog.sqlite3")
    drop = [r[0] for r in cat.db.execute("SELECT path FROM files") if Path(r[0]).name not in names]
    if drop:
        with cat.transaction():
            cat.remove_files(drop)
            cat.collect_orphans()
        cat.db.execute("VACUUM")
    cat.close()
    return qrels


def navigation(home: Path) -> set[int]:
    """Chunk ids marked as navigation (tables of contents, index pages)."""
    from desktop_search.store.catalog import Catalog

    cat = Catalog(home / "data" / "catalog.sqlite3", readonly=True)
    out = {r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE nav = 1")}
    cat.close()
    return out


def passages(home: Path) -> tuple[list[int], list[str]]:
    from desktop_search.store.catalog import Catalog

    cat = Catalog(home / "data" / "catalog.sqlite3", readonly=True)
    row = next(s for s in cat.spaces() if s.name == SPACE)
    marks = ",".join("?" * len(row.languages))
    rows = cat.db.execute(
        "SELECT k.id, substr(c.text, k.start + 1, k.end - k.start) FROM chunks k "
        f"JOIN contents c ON c.id = k.content_id WHERE k.language IN ({marks}) ORDER BY k.id",
        sorted(row.languages),
    ).fetchall()
    cat.close()
    return [r[0] for r in rows], [r[1] for r in rows]


def stored_vectors(home: Path, ids: list[int]):
    """The English space's vectors as the copy's catalog holds them (in ``ids`` order)."""
    import numpy as np

    from desktop_search.store.catalog import Catalog

    cat = Catalog(home / "data" / "catalog.sqlite3", readonly=True)
    row = next(s for s in cat.spaces() if s.name == SPACE)
    found = dict(cat.db.execute("SELECT chunk_id, vec FROM vectors WHERE space_id=?", (row.id,)))
    cat.close()
    if set(found) != set(ids):
        return None
    raw = b"".join(found[i] for i in ids)
    return np.frombuffer(raw, dtype=np.float16).reshape(len(ids), -1).astype(np.float32)


def embed(encoder, texts: list[str]):
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32), 0.0
    started = time.perf_counter()
    parts = [encoder.encode_documents(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
    return np.vstack(parts), time.perf_counter() - started


def install(home: Path, ids: list[int], vectors) -> None:
    """Replace the English space's vectors in the copy; drop its FAISS files."""
    from desktop_search.store.catalog import Catalog

    cat = Catalog(home / "data" / "catalog.sqlite3")
    row = next(s for s in cat.spaces() if s.name == SPACE)
    with cat.transaction():
        cat.db.execute("DELETE FROM vectors WHERE space_id=?", (row.id,))
        cat.db.execute("DELETE FROM vector_log WHERE space_id=?", (row.id,))
    if ids:
        cat.add_vectors(row.id, ids, vectors)
    cat.close()
    shutil.rmtree(home / "data" / "vectors", ignore_errors=True)


def ndcg(home: Path, dataset, qrels, spaces) -> float:
    from desktop_search.app.library import Library
    from desktop_search.eval.harness import rankings
    from desktop_search.eval.metrics import evaluate
    from desktop_search.paths import app_paths

    names = {f"{n:06d}.txt": d.id for n, d in enumerate(dataset.corpus)}
    kept = [q for q in dataset.queries if q.id in qrels]
    subset = type(dataset)(dataset.name, dataset.corpus, tuple(kept), qrels)
    with Library(app_paths(home), spaces=spaces) as lib:
        ranks, _ = rankings(lib, subset, names, mode="hybrid")
    return evaluate(ranks, qrels)["ndcg@10"]


def known_item(home: Path, spaces) -> dict[str, float]:
    from desktop_search.app.library import Library
    from desktop_search.eval.known_item import evaluate, load_queries
    from desktop_search.paths import app_paths

    out = {}
    with Library(app_paths(home), spaces=spaces) as lib:
        for label, tsv in (("known-item", KNOWN_ITEM), ("questions", QUESTIONS)):
            score = evaluate(lib.engine, load_queries(tsv), ["hybrid"])["hybrid"]["all"]
            out[label] = score.as_dict()["top1"]
    return out


def speed(formats: list[str], count: int, repeats: int) -> dict[str, float]:
    """chunks/s of each format on the same real chunks, alternating, best of ``repeats``."""
    from precision import _chunks

    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder

    texts = _chunks(count)
    encoders = {f: SentenceTransformerEmbedder(number_format=f) for f in formats}
    for e in encoders.values():
        e.encode_documents(texts[:8])
    best = dict.fromkeys(formats, float("inf"))
    for _ in range(repeats):
        for f, e in encoders.items():
            started = time.perf_counter()
            for i in range(0, len(texts), 16 * 4):
                e.encode_documents(texts[i : i + 64])
            best[f] = min(best[f], time.perf_counter() - started)
    return {f: len(texts) / s for f, s in best.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--formats", default="fp32,int8")
    ap.add_argument("--sets", default="scifact,zh-questions-en-docs,mixed-library")
    ap.add_argument("--source", type=Path, default=Path("/work/evaldata"), help="indexed homes")
    ap.add_argument("--work", type=Path, default=Path("/tmp/desktop-search-bench/precision"))
    ap.add_argument("--scifact-queries", type=int, default=300)
    ap.add_argument("--scifact-others", type=int, default=2000)
    ap.add_argument("--library", type=Path, help="an indexed home of the library (copied)")
    ap.add_argument("--queries", type=int, default=0, help="first N queries of each set")
    ap.add_argument(
        "--reembed-fp32",
        action="store_true",
        help="encode fp32 again (default: the vectors as the product indexed them, fp32 "
        "on a CPU without native bf16)",
    )
    ap.add_argument("--speed-chunks", type=int, default=128)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
    from desktop_search.embed.spaces import make_spaces
    from desktop_search.eval.beir import load_beir
    from desktop_search.settings import DEFAULT_SPACES

    formats = args.formats.split(",")
    print(
        f"CPU {cpu_model()}, {os.cpu_count()} cores, torch {torch.__version__} "
        f"({torch.backends.cpu.get_cpu_capability()}), load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    chunks_per_s = speed([f for f in formats if f != NO_NAV], args.speed_chunks, args.repeats)
    chunks_per_s.setdefault(NO_NAV, chunks_per_s.get("fp32", 0.0))
    print("alternating speed:", {f: round(v, 1) for f, v in chunks_per_s.items()}, flush=True)
    spaces = make_spaces(DEFAULT_SPACES)  # query encoders, shared by every copy
    table: dict[str, dict[str, float]] = {f: {} for f in formats}
    embed_rate: dict[str, list[float]] = {f: [0, 0.0] for f in formats}
    if NO_NAV in formats and formats[0] != "fp32":
        raise SystemExit(f"{NO_NAV} needs fp32 first")
    names = [n for n in args.sets.split(",") if n]
    targets = [(name, args.source / name / "home") for name in names]
    if args.library:
        targets.append(("library", args.library))
    for name, source in targets:
        home = args.work / name
        copy_home(source, home)
        dataset = qrels = None
        if name != "library":
            dataset = load_beir(SETS[name])
            qrels = dict(dataset.qrels)
            if name == "scifact" and args.scifact_queries:
                qrels = keep_subset(home, dataset, args.scifact_queries, args.scifact_others)
            if args.queries:
                qrels = {q: qrels[q] for q in sorted(qrels, key=lambda q: (len(q), q))}
                qrels = dict(list(qrels.items())[: args.queries])
        ids, texts = passages(home)
        print(f"{name}: {len(ids)} English passages, {len(qrels or [])} queries", flush=True)
        for f in formats:
            cached = home.with_name(f"{name}-{f}.npy")
            use_ids = ids
            if f == NO_NAV:  # fp32, without vectors for navigation passages
                nav = navigation(home)
                keep = [n for n, i in enumerate(ids) if i not in nav]
                vectors = np.load(home.with_name(f"{name}-fp32.npy"))[keep]
                use_ids = [ids[n] for n in keep]
                print(f"  {NO_NAV}: {len(ids) - len(keep)} navigation passages left out")
            elif cached.is_file():
                vectors = np.load(cached)
            elif f == "fp32" and not args.reembed_fp32 and stored_vectors(home, ids) is not None:
                vectors = stored_vectors(home, ids)
                np.save(cached, vectors)
            else:
                vectors, seconds = embed(SentenceTransformerEmbedder(number_format=f), texts)
                np.save(cached, vectors)
                embed_rate[f][0] += len(texts)
                embed_rate[f][1] += seconds
            install(home, use_ids, vectors)
            if name == "library":
                for label, top1 in known_item(home, spaces).items():
                    table[f][label] = top1
            else:
                table[f][name] = ndcg(home, dataset, qrels, spaces)
            print(f"  {f}: { ({k: round(v, 4) for k, v in table[f].items()}) }", flush=True)

    from desktop_search.embed.number_formats import passes

    columns = list(table[formats[0]])
    print(f"\nhybrid nDCG@10 (library: default-mode top-1); CPU {cpu_model()}")
    head = f"{'format':<8} {'chunks/s':>8} {'embed/s':>8} " + " ".join(
        f"{c[:20]:>20}" for c in columns
    )
    print(head + "  passes")
    print("-" * (len(head) + 8))
    base = table[formats[0]]
    for f in formats:
        done, secs = embed_rate[f]
        rate = f"{done / secs:8.1f}" if secs else f"{'cached':>8}"
        cells = []
        for c in columns:
            drop = base[c] - table[f][c]
            cells.append(f"{table[f][c]:.4f} ({-drop:+.4f})".rjust(20))
        drops = [base[c] - table[f][c] for c in columns if c not in ("known-item", "questions")]
        ki_drop = base.get("known-item", 0.0) - table[f].get("known-item", 0.0)
        verdict = passes(drops, ki_drop)
        print(f"{f:<8} {chunks_per_s[f]:>8.1f} {rate} " + " ".join(cells) + f"  {verdict}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
