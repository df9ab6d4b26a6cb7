"""Memory and speed of MiniLM's document encoder: torch alone vs sentence-transformers.

    python benchmarks/model_memory.py [--passages 256] [--batch 16]

Each variant runs in a fresh process (what the indexing worker's model process is), on
the same real passages (the shared corpus' Rust book, cut to MiniLM's 256 tokens):
resident memory after the imports, after loading, and at the peak of encoding, the
encoding time in fp32 and in bf16 autocast, and the cosine of each vector to
sentence-transformers' fp32 one. The CPU is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from machine import cpu_model  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024

variant, passages, batch = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
texts = json.loads(passages.read_text())
out = {"start": rss()}
import numpy as np
import torch
torch.set_num_threads(2)
from desktop_search.embed.sentence_transformer import packaged_minilm_path
folder = packaged_minilm_path()
if variant == "torch alone (bert_torch)":
    from desktop_search.embed.bert_torch import TorchBertEncoder
    out["imported"] = rss()
    model = TorchBertEncoder(folder)
else:
    from sentence_transformers import SentenceTransformer
    out["imported"] = rss()
    model = SentenceTransformer(str(folder), device="cpu")
out["loaded"] = rss()
vectors = {}
for fmt in ("fp32", "bf16"):
    ctx = torch.autocast("cpu", dtype=torch.bfloat16) if fmt == "bf16" else torch.inference_mode()
    with torch.inference_mode(), ctx:
        model.encode(texts[:batch], batch_size=batch, normalize_embeddings=True)  # warm-up
        started = time.perf_counter()
        vectors[fmt] = model.encode(texts, batch_size=batch, normalize_embeddings=True)
        out[fmt + "_s"] = time.perf_counter() - started
out["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
both = np.stack([vectors["fp32"], vectors["bf16"]])
np.save(passages.with_name(variant.split()[0] + ".npy"), both)
print(json.dumps(out))
"""


def passages(count: int) -> list[str]:
    """Real passages of about 256 MiniLM tokens (the chunker's size) from the Rust book."""
    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(threads=1)
    limit = embedder.max_tokens or 254
    out: list[str] = []
    for path in sorted((CORPUS / "en" / "rust-book").glob("*.html")):
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        spans = embedder.token_spans(text)
        for start in range(0, len(spans) - limit, limit):
            out.append(text[spans[start][0] : spans[start + limit - 1][1]])
            if len(out) == count:
                return out
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=256)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--work", type=Path, default=Path("/tmp/desktop-search-bench/model-memory"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    texts = args.work / "passages.json"
    texts.write_text(json.dumps(passages(args.passages)))
    print(
        f"CPU: {cpu_model()} ({os.cpu_count()} cores); {args.passages} passages, batch {args.batch}"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    rows = {}
    for variant in ("sentence-transformers", "torch alone (bert_torch)"):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, variant, str(texts), str(args.batch)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        rows[variant] = json.loads(done.stdout.strip().splitlines()[-1])
    import numpy as np

    ref = np.load(args.work / "sentence-transformers.npy")[0]
    print(
        "\n| variant | RSS after imports | loaded | peak | fp32 | bf16 | "
        "min cosine to s-t fp32 (fp32 / bf16) |\n|---|---|---|---|---|---|---|"
    )
    for variant, r in rows.items():
        mine = np.load(args.work / (variant.split()[0] + ".npy"))
        cos = [float((m * ref).sum(axis=1).min()) for m in mine]
        print(
            f"| {variant} | {r['imported']} MB | {r['loaded']} MB | {r['peak']} MB | "
            f"{r['fp32_s']:.2f} s | {r['bf16_s']:.2f} s | {cos[0]:.5f} / {cos[1]:.5f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
