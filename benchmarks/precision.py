"""Which number format makes MiniLM fastest on this CPU, and what does each cost in accuracy?

Why: the embedder's speed-up over a plain fp32 ``SentenceTransformer.encode`` loop can
only come from lower precision (the fp32 matrix products already run near the cores'
peak), and whether bf16 or fp16 is faster depends on the CPU and its oneDNN kernels, not
on a CPU flag: on one machine with AVX-512 BF16 bf16 ran 2.3x fp32, on another with the
same flags 0.6x. This prints, on this machine: one BERT-sized matrix product in each
format (GFLOP/s), then MiniLM encoding the same real chunks (Rust book chapters, ~200
tokens each) in fp32, under bf16 and fp16 autocast, with bf16 weights, and with dynamic
int8 quantisation, each with its lowest cosine to the fp32 vectors.

    /work/venv/bin/python benchmarks/precision.py [--chunks 256] [--repeats 2]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT.parent / "shared" / "corpus" / "en" / "rust-book"


def _chunks(count: int) -> list[str]:
    """Real English passages of ~900 characters (about 200 MiniLM tokens)."""
    import random

    texts: list[str] = []
    for page in sorted(CHAPTERS.glob("*.html")):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.read_text(errors="ignore")))
        texts += [text[i : i + 900] for i in range(0, len(text), 900)]
    random.Random(1).shuffle(texts)
    return texts[:count]


def _gemm_table(repeats: int) -> None:
    import torch

    m, k, n = 4096, 384, 1536  # 16 chunks x 256 tokens through MiniLM's feed-forward layer
    flops = 2 * m * k * n
    print(f"\nmatrix product {m}x{k} @ {k}x{n}, {torch.get_num_threads()} threads")
    print(f"{'format':<10} {'ms':>7} {'GFLOP/s':>8}")
    print("-" * 27)
    for dtype in (torch.float32, torch.bfloat16, torch.float16):
        a, w = torch.randn(m, k).to(dtype), torch.randn(n, k).to(dtype)
        for _ in range(3):
            torch.nn.functional.linear(a, w)
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            for _ in range(10):
                torch.nn.functional.linear(a, w)
            best = min(best, (time.perf_counter() - started) / 10)
        name = str(dtype).removeprefix("torch.")
        print(f"{name:<10} {best * 1000:>7.1f} {flops / best / 1e9:>8.0f}")


def _encode_table(count: int, repeats: int) -> None:
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from desktop_search.embed.sentence_transformer import packaged_minilm_path

    texts = _chunks(count)
    model = SentenceTransformer(str(packaged_minilm_path()), device="cpu")
    variants = {
        "fp32 (bare encode)": (model, contextlib.nullcontext),
        "bf16 autocast": (model, lambda: torch.autocast("cpu", dtype=torch.bfloat16)),
        "fp16 autocast": (model, lambda: torch.autocast("cpu", dtype=torch.float16)),
        "bf16 weights": (copy.deepcopy(model).to(torch.bfloat16), contextlib.nullcontext),
        "int8 dynamic": (
            torch.ao.quantization.quantize_dynamic(
                copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8
            ),
            contextlib.nullcontext,
        ),
    }
    reference = model.encode(texts, batch_size=16, normalize_embeddings=True)
    print(f"\nall-MiniLM-L6-v2 on {len(texts)} real chunks, batch 16, best of {repeats}")
    print(f"{'variant':<20} {'s':>6} {'chunks/s':>8} {'vs fp32':>7} {'min cos':>8}")
    print("-" * 53)
    base = None
    for name, (encoder, context) in variants.items():
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            with torch.inference_mode(), context():
                out = encoder.encode(
                    texts, batch_size=16, normalize_embeddings=True, convert_to_tensor=True
                )
            best = min(best, time.perf_counter() - started)
        vectors = out.float().numpy()
        base = base or best
        cosine = float(np.min((vectors * reference).sum(axis=1)))
        print(
            f"{name:<20} {best:>6.2f} {len(texts) / best:>8.1f} {base / best:>6.2f}x {cosine:>8.4f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=256)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import torch

    print(
        f"torch {torch.__version__}, CPU capability {torch.backends.cpu.get_cpu_capability()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    _gemm_table(args.repeats)
    _encode_table(args.chunks, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
