"""Whether the CPU has native bf16 at all (the first of two checks before using it).

On CPUs with AVX-512 BF16 or AMX, bf16 autocast can more than double MiniLM throughput
(2.3x was measured on one such machine) with cosine >= 0.9999 to fp32; without them bf16
is emulated and slower, so it must be detected, not assumed. Having the flag is not
enough either: on a 2-core AVX-512 BF16 machine without AMX, oneDNN's bf16 products ran
at 0.6x fp32 (``benchmarks/precision.py``), so the embedder also times both once
(``sentence_transformer.SentenceTransformerEmbedder``).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator

PRECISION_ENV = "DESKTOP_SEARCH_PRECISION"  # "bf16" or "fp32" to override detection


@functools.cache
def cpu_has_fast_bf16() -> bool:
    """True when the CPU has native bf16 arithmetic (AVX-512 BF16 or AMX)."""
    try:
        import torch

        probe = getattr(torch.backends.cpu, "get_cpu_capability", None)
        if probe is not None and "AVX512" not in str(probe()).upper():
            return False
    except Exception:  # pragma: no cover - torch missing or exotic build
        return False
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as fh:
            flags = fh.read()
        return "avx512_bf16" in flags or "amx_bf16" in flags
    except OSError:
        # Not Linux: trust torch's own check when it has one.
        try:
            import torch

            return bool(torch.cpu._is_avx512_bf16_supported())
        except Exception:
            return False


def use_bf16() -> bool:
    """Whether encoding should run under bf16 autocast on this machine."""
    forced = os.environ.get(PRECISION_ENV, "").lower()
    if forced in ("bf16", "fp32"):
        return forced == "bf16"
    return cpu_has_fast_bf16()


@contextlib.contextmanager
def autocast_if_fast() -> Iterator[None]:
    """bf16 autocast when the CPU supports it natively, otherwise nothing."""
    if not use_bf16():
        yield
        return
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16):
        yield
