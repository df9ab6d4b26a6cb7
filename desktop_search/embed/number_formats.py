"""The number formats a local model may encode documents in, and which of them are allowed.

Why: the fp32 matrix products already run near the cores' peak, so a faster embedder
needs a narrower format (bf16 on CPUs with native bf16, int8 on the integer units), and
whether one is faster is a property of the CPU, measured at run time by the embedder's
timed probe. Whether one is *good enough* is not a run-time question: a format is judged
by retrieval, not by cosine. ``benchmarks/precision_retrieval.py`` embeds the BEIR sets
and the library in each format through the product's search and records a verdict here;
a format whose nDCG@10 dropped more than ``NDCG_TOLERANCE`` below fp32 on any set, or
whose known-item top-1 on the library dropped, has ``passed=False`` and the probe never
times it, however fast it would be. A model with no verdict gets fp32 and bf16 (bf16
autocast kept cosine >= 0.9999 to fp32 on every model tried).
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

FP32, BF16, INT8 = "fp32", "bf16", "int8"
FORMATS = (FP32, BF16, INT8)
NDCG_TOLERANCE = 0.005  # the quality rule of issue 21
MIN_GAIN = 1.1  # a narrower format must beat fp32 by this much to be used


@dataclass(frozen=True, slots=True)
class Verdict:
    """What retrieval said about one model in one format."""

    passed: bool
    worst_ndcg_drop: float  # largest fp32 - format nDCG@10 over the judged sets
    known_item_drop: float  # fp32 - format known-item top-1 on the library
    measured: str  # when, on which CPU, with which command


# model id -> format -> verdict (benchmarks/precision_retrieval.py; benchmarks/README.md).
VERDICTS: Mapping[str, Mapping[str, Verdict]] = {
    "st:sentence-transformers/all-MiniLM-L6-v2": {
        # int8 = weights per output channel, down-projections in fp32 (``int8_model``).
        # Through the app (desktop-search-cli eval, sets indexed afresh, hybrid nDCG@10):
        # scifact, all 809 queries, fp32 0.7327 -> int8 0.7332 (weights per tensor: 0.7316).
        # precision_retrieval.py, first 150 queries: zh-questions-en-docs 0.8929 -> 0.8929,
        # mixed-library 0.9334 -> 0.9323; scifact's 150-query subset 0.8352 -> 0.8289 is
        # within its noise (weights per tensor: +0.006 there, -0.001 on the whole set), so
        # the whole set judges scifact. xquad-zh and en-questions-zh-docs hold no English
        # passage. Library hybrid top-1: known-item (214) 0.9953 -> 0.9953, questions (64)
        # 0.5625 -> 0.5625. Speed 1.31x fp32 on 256 SciFact passages (AVX2).
        INT8: Verdict(
            passed=True,
            worst_ndcg_drop=0.0011,
            known_item_drop=0.0,
            measured="2026-12-02, AMD EPYC (AVX2, no AVX-512), eval + precision_retrieval.py",
        ),
        # bf16 autocast (torch alone, embed/bert_torch.py), on a CPU with native bf16:
        # precision_retrieval.py --formats fp32,bf16 with the library: scifact (300-query
        # subset) 0.7938 -> 0.7938, zh-questions-en-docs 0.8757 -> 0.8757, mixed-library
        # 0.9303 -> 0.9303, library known-item top-1 0.9953 -> 0.9953, questions 0.5469 ->
        # 0.5469; 127.7 vs 39.1 passages/s (3.27x). Through the app (eval, indexed afresh in
        # bf16): scifact, all 809 queries, 0.733 as in fp32.
        BF16: Verdict(
            passed=True,
            worst_ndcg_drop=0.0,
            known_item_drop=0.0,
            measured="2026-12-02, Intel Xeon (AVX-512 BF16, AMX), precision_retrieval.py",
        ),
    },
}


def passes(drops: Iterable[float], known_item_drop: float) -> bool:
    """The rule: nDCG@10 within NDCG_TOLERANCE of fp32 on every set, known-item top-1 kept."""
    return all(d <= NDCG_TOLERANCE for d in drops) and known_item_drop <= 0.0


def allowed_formats(
    model_id: str, verdicts: Mapping[str, Mapping[str, Verdict]] | None = None
) -> tuple[str, ...]:
    """Formats the probe may time for ``model_id``: fp32 always, others unless judged failed;
    int8 only where retrieval judged it and it passed."""
    judged = (VERDICTS if verdicts is None else verdicts).get(model_id, {})
    out = [FP32]
    if judged.get(BF16, Verdict(True, 0.0, 0.0, "")).passed:
        out.append(BF16)
    verdict = judged.get(INT8)
    if verdict is not None and verdict.passed:
        out.append(INT8)
    return tuple(out)


def fastest(
    candidates: Iterable[str], time_of: Callable[[str], float], min_gain: float = MIN_GAIN
) -> str:
    """The candidate with the shortest time, if it beats fp32 by ``min_gain``; else fp32.

    Only ``candidates`` are timed: a format that failed the quality rule is never run.
    """
    times = {FP32: time_of(FP32)}
    for name in candidates:
        if name != FP32:
            times[name] = time_of(name)
    best = min(times, key=times.__getitem__)
    return best if times[FP32] / times[best] >= min_gain else FP32


def int8_model(model):
    """A copy of ``model`` with its linear layers in dynamic int8 (weights per output
    channel, activations quantised per batch): the integer units' path in PyTorch.

    Layers that narrow their input (a transformer's feed-forward down-projection, whose
    input after GELU holds the outliers) stay fp32. MiniLM on 256 SciFact passages,
    cosine to fp32 mean / min: weights per tensor, every layer 0.923 / 0.873 (and SciFact
    0.733 -> 0.731 nDCG@10 through the app); per channel 0.981 / 0.948; per channel with
    the down-projections in fp32 0.992 / 0.984, at 1.32x fp32 instead of 1.39x.

    Raises ``Int8Unavailable`` where this torch has no dynamic quantisation (it is
    deprecated and may be removed): the caller then stays in fp32.
    """
    import warnings

    import torch

    quantization = getattr(getattr(torch, "ao", None), "quantization", None)
    quantize = getattr(quantization, "quantize_dynamic", None)
    per_channel = getattr(quantization, "per_channel_dynamic_qconfig", None)
    if quantize is None or per_channel is None:
        raise Int8Unavailable("this torch has no dynamic int8 quantisation")
    spec = {
        name: per_channel
        for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and module.in_features <= module.out_features
    }
    with warnings.catch_warnings():  # its deprecation notices are for torch's own users
        warnings.simplefilter("ignore")
        try:
            return quantize(copy.deepcopy(model), spec, dtype=torch.qint8)
        except (RuntimeError, NotImplementedError) as exc:  # no int8 kernels here
            raise Int8Unavailable(str(exc)) from exc


class Int8Unavailable(Exception):
    """This torch build cannot run the model in int8."""


def context_for(name: str) -> contextlib.AbstractContextManager:
    """What to run an encode under for format ``name`` (bf16 is autocast; others nothing)."""
    if name == BF16:
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def give_back_memory() -> None:
    """Return freed heap pages to the system after a probe built a model copy it dropped
    (glibc keeps them otherwise: +200 MB resident for the rest of the process)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
