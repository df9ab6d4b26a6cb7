"""A team library at scale in milvus-lite: insert rate, query latency, memory.

Writes ``--rows`` synthetic chunks with the product's schema (team/schema.py: text,
pre-analysed terms under BM25, a 384-d MiniLM and a 512-d USE-m vector, filter fields),
then times the raw searches (one BM25 and two filtered vector searches: FLAT, as
milvus-lite collections get) and the reader's whole client path
(``TeamLibrary.candidates``: the words per document, the BM25 pool scored again as FTS5
does, the vector searches) and reports p50/p95, the process's peak memory and the CPU.

    nice -n 10 python benchmarks/team_milvus.py --rows 20000 --queries 20
    python benchmarks/team_milvus.py --rows 1000000 --reader-queries 5  # at scale
    python benchmarks/team_milvus.py --rows 100000 --keep --dir /tmp/t100k   # then, on it:
    python benchmarks/team_milvus.py --rows 100000 --reuse --dir /tmp/t100k --code ../old
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from machine import code_root  # noqa: E402

sys.path.insert(0, str(code_root(REPO)))  # --code DIR: another checkout's reader, same data

from desktop_search.team import schema  # noqa: E402
from desktop_search.team.target import connect, parse_target  # noqa: E402

EN = (
    "vector database index search query document model embed ownership thread memory "
    "borrow contract clause payment invoice report project meeting schedule budget risk "
    "network server storage backup replica shard cluster latency throughput"
).split()
HAN = "向量数据库检索模型文档合同条款违约金付款报告项目会议预算风险网络服务器存储备份副本分片集群"


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip() + f", {os.cpu_count()} cores"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def terms_for(rng: random.Random, zh: bool) -> str:
    if zh:
        run = "".join(rng.choice(HAN) for _ in range(rng.randint(40, 120)))
        return " ".join(list(run) + [run[i : i + 2] for i in range(len(run) - 1)])
    # Zipf-ish: a few words often, a numbered tail rarely (rare names and terms)
    words = [rng.choice(EN) for _ in range(rng.randint(30, 90))]
    words += [f"term{int(rng.paretovariate(1.1)) % 50000}" for _ in range(10)]
    return " ".join(words)


def rows(start: int, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    minilm, usem = unit(nrng, n, 384), unit(nrng, n, 512)
    out = []
    for i in range(n):
        zh = rng.random() < 0.4
        doc = (start + i) // 8
        path = (
            f"/srv/share/dept{doc % 40}/project{doc % 997}/doc{doc}.{'pdf' if doc % 3 else 'docx'}"
        )
        t = terms_for(rng, zh)
        out.append(
            {
                "id": start + i,
                "path": path,
                "folders": schema.folders_of(path),
                "name": path.rsplit("/", 1)[1],
                "name_folded": schema.folded_name(path.rsplit("/", 1)[1]),
                "suffix": path.rsplit(".", 1)[1],
                "title": "",
                "size": 100_000,
                "mtime_ns": 1_700_000_000_000_000_000 + doc * 10**9,
                "hash": f"{doc:032x}",
                "text_hash": f"{doc:032x}",
                "doc_language": "zh" if zh else "en",
                "language": "zh" if zh else "en",
                "ord": (start + i) % 8,
                "start": 0,
                "end": 1000,
                "page": 1 + (start + i) % 8,
                "location": "",
                "text": t[:1000],
                "terms": t,
                "exact": "" if zh else " ".join(w for w in t.split() if not w.startswith("term")),
                "nav": (start + i) % 97 == 0,
                "passages": 8,
                "v_minilm": schema.placeholder(384) if zh else minilm[i].tolist(),
                "v_usem3": usem[i].tolist(),
            }
        )
    return out


def info() -> schema.CollectionInfo:
    return schema.CollectionInfo(
        schema.SCHEMA_VERSION,
        schema.analyzer_id(),
        (
            schema.SpaceInfo("minilm", "st:minilm", 384, ("en",)),
            schema.SpaceInfo("usem3", "usem3", 512, ("en", "zh")),
        ),
    )


def query(client, coll: str, rng: np.random.Generator, *, filtered: bool) -> float:
    """The reader's three searches for one query; seconds."""
    where = 'suffix in ["pdf"]' if filtered else ""
    q1, q2 = unit(rng, 1, 384)[0].tolist(), unit(rng, 1, 512)[0].tolist()
    t = time.perf_counter()
    client.search(
        coll,
        data=["vector databas term17 向量 数据"],
        anns_field="sparse",
        limit=100,
        filter=where,
        output_fields=list(schema.OUTPUT_FIELDS),
    )
    for field, vec, langs in (("v_minilm", q1, '["en"]'), ("v_usem3", q2, '["en","zh"]')):
        client.search(
            coll,
            data=[vec],
            anns_field=field,
            limit=100,
            filter=" and ".join(filter(None, [where, f"language in {langs}"])),
            output_fields=list(schema.OUTPUT_FIELDS),
            search_params={"metric_type": "COSINE", "params": {"ef": 200}},
        )
    return time.perf_counter() - t


def record_stats(client, coll: str, n: int, tokens: int, counted: dict | None) -> None:
    """What the writer records after a run (team/writer.py), for the reader's scoring;
    ``counted`` None: as a writer from before it recorded the terms' passage counts."""
    import json

    from desktop_search.team.words import QUERY_LIMIT

    stats = {"rows": n, "tokens": tokens, "documents": (n + 7) // 8, "passages": n}
    if counted is not None:
        stats["counted"] = counted
        stats["common"] = {
            col: {t: c for t, c in terms.items() if c >= QUERY_LIMIT}
            for col, terms in counted.items()
        }
    client.alter_collection_properties(coll, properties={schema.STATS_PROPERTY: json.dumps(stats)})


def count_terms(batch: list[dict], counts: dict[str, Counter]) -> None:
    """Passages per term and column, as FTS5's vocabulary gives them to the writer."""
    for row in batch:
        for column in ("terms", "exact"):
            counts[column].update(set(row[column].split()))


def counted_terms(counts: dict[str, Counter]) -> dict[str, dict[str, int]]:
    """export.common_terms over the generated rows: the terms the writer records."""
    from desktop_search.team import words

    # A checkout from before ``Stats.counted`` (--code) records the commonest terms only.
    counted_from = getattr(words, "COUNTED_FROM", words.QUERY_LIMIT)
    most = getattr(words, "COUNTED_TERMS", 2000)

    return {
        column: dict(
            sorted(((t, n) for t, n in c.items() if n >= counted_from), key=lambda x: -x[1])[:most]
        )
        for column, c in counts.items()
    }


READER_QUERIES = ("vector database", "backup replica", "合同条款", "term17 budget", "向量 检索")


def reader_query(team, rng: np.random.Generator, text: str, *, filtered: bool) -> float:
    """The whole client path of team/reader.py for one query (the words per document, the
    BM25 candidates scored again as FTS5 does, two vector searches); seconds."""
    from desktop_search.search.filters import SearchFilters
    from desktop_search.search.query import parse_query

    vectors = {"minilm": unit(rng, 1, 384)[0], "usem3": unit(rng, 1, 512)[0]}
    filters = SearchFilters(suffixes=("pdf",)) if filtered else SearchFilters()
    t = time.perf_counter()
    got = team.candidates(
        parse_query(text), key_base=-1_000_000, filters=filters, query_vectors=vectors
    )
    assert got.note is None, got.note
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument(
        "--reader-queries",
        type=int,
        help="queries through the reader's whole path (default: --queries; each takes "
        "seconds at scale, the synthetic text having a 30-word vocabulary)",
    )
    ap.add_argument("--dir", type=Path, default=Path("/tmp/team-milvus-bench"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="search the collection a run with --keep left in --dir (same --rows and "
        "--batch): the reader of another checkout on the same data",
    )
    ap.add_argument("--code", type=Path, help="the desktop_search of another checkout")
    args = ap.parse_args()
    print(f"CPU: {cpu()}; milvus-lite, {args.rows:,} chunks (40% Chinese), batch {args.batch}")
    if not args.reuse:
        shutil.rmtree(args.dir, ignore_errors=True)
        args.dir.mkdir(parents=True)
    target = parse_target(f"{args.dir / 'team.db'}#bench")
    client = connect(target)
    if not args.reuse:
        schema.create_collection(client, "bench", info(), lite=True)
    t0 = time.perf_counter()
    done = 0
    counts: dict[str, Counter] = {"terms": Counter(), "exact": Counter()}
    while done < args.rows:
        n = min(args.batch, args.rows - done)
        data = rows(done, n, seed=done)
        count_terms(data, counts)
        t = time.perf_counter()
        if not args.reuse:
            client.insert("bench", data=data)
        done += n
        if done % (args.batch * 20) == 0 or done == args.rows:
            el = time.perf_counter() - t0
            print(
                f"  {done:>9,} rows  {done / el:>7,.0f} rows/s overall  "
                f"(last batch {n / (time.perf_counter() - t):,.0f}/s)  "
                f"peak RSS {rss_peak_mb():,.0f} MB",
                flush=True,
            )
    insert_s = time.perf_counter() - t0 if not args.reuse else float("nan")
    tokens = sum(
        len(r["terms"].split()) + len(r["exact"].split()) for r in rows(0, min(args.rows, 2000), 0)
    )
    total_tokens = tokens * args.rows // min(args.rows, 2000)
    counted = counted_terms(counts)
    record_stats(client, "bench", args.rows, total_tokens, counted)
    t = time.perf_counter()
    client.flush("bench")
    client.load_collection("bench")
    load_s = time.perf_counter() - t
    rng = np.random.default_rng(1)
    query(client, "bench", rng, filtered=False)  # warm
    for filtered in (False, True):
        lat = sorted(query(client, "bench", rng, filtered=filtered) for _ in range(args.queries))
        p50 = statistics.median(lat) * 1000
        p95 = lat[int(0.95 * (len(lat) - 1))] * 1000
        print(
            f"query ({'kind filter' if filtered else 'no filter'}): keyword + 2 vector searches, "
            f"top 100 each: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
        )
    from types import SimpleNamespace

    from desktop_search.team.reader import TeamLibrary

    spaces = [
        SimpleNamespace(name=sp.name, embedder=SimpleNamespace(model_id=sp.model_id))
        for sp in info().spaces
    ]
    team = TeamLibrary(
        "bench", parse_target(f"{args.dir / 'team.db'}#bench", timeout_s=120.0), spaces
    )
    team._client = client  # the open connection (milvus-lite: one process per file)
    team._shared = {sp.name: sp for sp in info().spaces}
    reader_query(team, rng, READER_QUERIES[0], filtered=False)  # warm
    print(f"terms whose passages the writer counted: {len(counted['terms'])}")
    for recorded in (counted, None):  # the writer's counts of the commonest terms, or none
        record_stats(client, "bench", args.rows, total_tokens, recorded)
        team._stats = None  # read the statistics again
        for filtered in (False, True):
            lat = sorted(
                reader_query(team, rng, READER_QUERIES[i % len(READER_QUERIES)], filtered=filtered)
                for i in range(args.queries if args.reader_queries is None else args.reader_queries)
            )
            p50 = statistics.median(lat) * 1000
            p95 = lat[int(0.95 * (len(lat) - 1))] * 1000
            print(
                f"reader ({'kind filter' if filtered else 'no filter'}"
                f"{'' if recorded else '; no counts recorded'}): words per document, "
                f"BM25 pool scored as FTS5, 2 vector searches: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            )
    size = sum(f.stat().st_size for f in args.dir.rglob("*") if f.is_file()) / 2**20
    print(
        f"insert {args.rows / insert_s:,.0f} rows/s ({insert_s:.0f} s); flush+load {load_s:.0f} s; "
        f"on disk {size:,.0f} MB; peak RSS {rss_peak_mb():,.0f} MB"
    )
    client.close()
    if not (args.keep or args.reuse):
        shutil.rmtree(args.dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
