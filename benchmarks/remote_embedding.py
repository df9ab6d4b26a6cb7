"""Embedding throughput: the same chunks in-process vs through an OpenAI-style HTTP service.

Answers "what does going through /v1/embeddings cost?" without any real remote service:
a loopback server (tests/embed/loopback_server.py) runs the same packaged MiniLM that the
local path uses, so the difference is HTTP, JSON and batching alone. The "transport only"
rows put an instant fake model behind the server, which isolates the client's own cost
and, with simulated latency (``--latency-ms``), what the concurrency limit buys on a
distant service.

    python benchmarks/remote_embedding.py [--chunks 256] [--latency-ms 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "en" / "rust-book"
sys.path.insert(0, str(REPO))  # for tests.embed.loopback_server
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from desktop_search.embed.openai_compatible import OpenAICompatibleEmbedder  # noqa: E402
from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder  # noqa: E402
from tests.embed.loopback_server import EmbeddingsServer  # noqa: E402

PIPELINE_BATCH = 128  # what indexing/pipeline.py hands to encode_documents at once


def corpus_chunks(embedder: SentenceTransformerEmbedder, count: int) -> list[str]:
    """The first ``count`` chunks of the Rust book, cut as indexing would cut them."""
    from desktop_search.extract import extract
    from desktop_search.indexing.reading import read_file

    texts: list[str] = []
    for path in sorted(CORPUS.glob("*.html")):
        result = read_file(
            str(path),
            extract=extract,
            token_spans=embedder.token_spans,
            max_tokens=embedder.max_tokens or 254,
            max_bytes=1 << 30,
            content_known=lambda _h: False,
        )
        texts += [result.text[c.start : c.end] for c in result.chunks if result.text]
        if len(texts) >= count:
            break
    return texts[:count]


class InstantModel:
    """A stand-in model that answers at once: fixed pseudo-random unit vectors."""

    model_id = "instant"
    dim = 384
    max_tokens = None

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        return []

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.random.default_rng(len(texts)).standard_normal((len(texts), self.dim))
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)

    encode_queries = encode_documents


def through_server(
    server: EmbeddingsServer, texts: list[str], label: str, max_inputs: int, latency_ms: float
) -> list[tuple[str, float, int]]:
    """Timings through ``server`` with 1 and 4 requests in flight."""
    rows = []
    server.latency_s = latency_ms / 1000
    for concurrency in (1, 4):
        client = OpenAICompatibleEmbedder(
            server.base_url, server.model, max_inputs=max_inputs, concurrency=concurrency
        )
        client.encode_documents(texts[:1])  # connection and dimension, outside the timings
        before = server.requests
        seconds = timed(client.encode_documents, texts)
        rows.append(
            (
                f"{label}, {concurrency} in flight, +{latency_ms:g} ms",
                seconds,
                server.requests - before,
            )
        )
        client.close()
    return rows


def timed(encode: Callable[[Sequence[str]], np.ndarray], texts: list[str]) -> float:
    """Seconds to embed ``texts`` in pipeline-sized batches."""
    started = time.perf_counter()
    for i in range(0, len(texts), PIPELINE_BATCH):
        encode(texts[i : i + PIPELINE_BATCH])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--latency-ms", type=float, default=50.0, help="simulated network delay")
    parser.add_argument("--max-inputs", type=int, default=32, help="texts per HTTP request")
    args = parser.parse_args()

    local = SentenceTransformerEmbedder()
    texts = corpus_chunks(local, args.chunks)
    local.encode_documents(texts[:8])  # load the model outside the timings
    rows = [("local, in-process", timed(local.encode_documents, texts), 0)]

    with EmbeddingsServer(local) as server:
        rows += through_server(server, texts, "MiniLM via HTTP", args.max_inputs, 0.0)
    with EmbeddingsServer(InstantModel()) as server:
        for latency_ms in (0.0, args.latency_ms):
            rows += through_server(server, texts, "transport only", args.max_inputs, latency_ms)

    base = rows[0][1]
    print(f"{len(texts)} chunks, {os.cpu_count()} CPUs, {args.max_inputs} texts per request\n")
    print(f"{'setup':<40} {'requests':>8} {'seconds':>8} {'chunks/s':>9} {'vs local':>9}")
    for label, seconds, requests in rows:
        print(
            f"{label:<40} {requests or '-':>8} {seconds:>8.2f} {len(texts) / seconds:>9.1f} "
            f"{base / seconds:>8.2f}x"
        )


if __name__ == "__main__":
    main()
