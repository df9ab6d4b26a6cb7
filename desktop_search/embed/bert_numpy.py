"""Encode search queries with a BERT sentence model in numpy, without torch.

The search process only ever embeds a few words at a time. Importing torch and
sentence-transformers for that cost ~440 MB of memory and 10 s at start on a loaded
2-core machine (benchmarks/README.md), more than the models themselves; this forward
pass needs numpy and the ``tokenizers`` library (both already loaded) and reads the
weights straight from the model's ``model.safetensors`` through a memory map, so they
are file pages the system can drop, loaded in a fraction of a second. It covers the
sentence-transformers layout of the packaged MiniLM and of most models people add: BERT,
RoBERTa or XLM-RoBERTa (the e5, bge, gte and paraphrase-multilingual families), mean or
first-token pooling, normalised or not; ``supports`` says whether a model folder has it,
and anything else keeps using torch. Vectors match sentence-transformers' to cosine >
0.9999 (tests/embed/test_bert_numpy.py).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from desktop_search.cores import blas_threads

_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": None, "I64": np.int64}
#: the model types run here (BERT's layers; RoBERTa's only differ in where positions start)
_FAMILIES = frozenset({"bert", "roberta", "xlm-roberta"})
#: sentence-transformers' pooling (a flag in folders it saved before 5.x, a name since)
#: -> how a sentence vector is made of the token vectors
_POOLINGS = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "first",
    "mean": "mean",
    "cls": "first",
}


def _module_kind(module: dict) -> str:
    """ "Transformer", "Pooling", "Normalize", ... of a ``modules.json`` entry, whichever
    sentence-transformers wrote it (``sentence_transformers.models.Pooling`` before 5.x,
    ``sentence_transformers.sentence_transformer.modules.pooling.Pooling`` since)."""
    kind = str(module["type"])
    return kind.rsplit(".", 1)[-1] if kind.startswith("sentence_transformers.") else kind


def supports(folder: str | Path) -> bool:
    """True when ``folder`` is a sentence model of a layout this module can run."""
    folder = Path(folder)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        kinds = [_module_kind(m) for m in modules]
        if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
            return False
        return (
            config.get("model_type") in _FAMILIES
            and config.get("hidden_act") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and _pooling(folder, modules) is not None
            and (folder / "model.safetensors").is_file()
            and (folder / "tokenizer.json").is_file()
        )
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False


def _pooling(folder: Path, modules: list) -> str | None:
    """ "mean" or "first" (the [CLS] or <s> token's vector); None for another pooling."""
    config = json.loads((folder / modules[1]["path"] / "config.json").read_text())
    modes = [config["pooling_mode"]] if config.get("pooling_mode") else []
    modes = modes or [k for k, v in config.items() if k.startswith("pooling_mode") and v]
    if len(modes) != 1 or not config.get("include_prompt", True):
        return None
    return _POOLINGS.get(modes[0])


def encoder_weights(weights: dict) -> dict:
    """The encoder's tensors under transformers' names without the model's prefix
    (``bert.``, ``roberta.``: present when the checkpoint was saved with a task head)."""
    for prefix in ("bert.", "roberta."):
        if f"{prefix}embeddings.word_embeddings.weight" in weights:
            return {k[len(prefix) :]: v for k, v in weights.items() if k.startswith(prefix)}
    return weights


def max_seq_length(folder: str | Path) -> int | None:
    """The longest input, in tokens, sentence-transformers gives this model folder (None
    when the folder does not say): ``sentence_bert_config.json`` had it before version 6,
    which writes it as the tokenizer's ``model_max_length`` instead."""
    folder = Path(folder)
    for name, key in (
        ("sentence_bert_config.json", "max_seq_length"),
        ("tokenizer_config.json", "model_max_length"),
    ):
        try:
            value = json.loads((folder / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        # transformers writes a huge number (1e30) when the model sets no limit
        if isinstance(value, (int, float)) and 0 < value < 1_000_000:
            return int(value)
    return None


def hidden_size(folder: str | Path) -> int:
    """The vector size of a model ``supports`` accepts (its pooling keeps the hidden size)."""
    config = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    return int(config["hidden_size"])


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The file's tensors as read-only arrays over one memory map (nothing copied)."""
    with path.open("rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path.name}: tensor type {info['dtype']} is not supported")
        start, end = info["data_offsets"]
        tensors[name] = data[start:end].view(dtype).reshape(info["shape"])
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has none, and BERT's GELU needs it."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(1 / math.sqrt(2))))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


@dataclass(frozen=True, slots=True)
class BertLayout:
    """What a sentence-transformers BERT folder says about running it (both runtimes)."""

    config: dict
    max_len: int  # tokens, [CLS] and [SEP] included
    normalize: bool
    tokenizer: Any  # tokenizers.Tokenizer, cutting at max_len and padding nothing
    pooling: str  # "mean" or "first"
    #: the first position's row in the position table: RoBERTa's start after its padding
    #: token's (transformers: padding_idx + 1), BERT's at 0
    first_position: int


def read_layout(folder: str | Path, max_tokens: int | None = None) -> BertLayout:
    """The model's configuration, length limit, normalisation and tokenizer."""
    from tokenizers import Tokenizer

    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    limit = max_seq_length(folder) if max_tokens is None else max_tokens
    first = 0 if config.get("model_type") == "bert" else int(config.get("pad_token_id", 1)) + 1
    positions = int(config.get("max_position_embeddings", 512)) - first
    max_len = min(int(limit or positions), positions)
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    # The file's own settings pad every input to 128 and cut at 128; the model (as
    # sentence-transformers runs it) takes up to max_seq_length, padded per batch.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_len)
    normalize = any(_module_kind(m) == "Normalize" for m in modules)
    pooling = _pooling(folder, modules) or "mean"
    return BertLayout(config, max_len, normalize, tokenizer, pooling, first)


class NumpyBertEncoder:
    """A sentence-transformers BERT model (``supports``) run in numpy, for short texts."""

    def __init__(
        self, folder: str | Path, *, max_tokens: int | None = None, threads: int | None = 1
    ) -> None:
        # Products this small gain nothing from more threads (cores.blas_threads).
        self._threads = threads
        folder = Path(folder)
        layout = read_layout(folder, max_tokens)
        self._config = layout.config
        self._max_len = layout.max_len
        self._normalize = layout.normalize
        self._tokenizer = layout.tokenizer
        self._pooling = layout.pooling
        self._first_position = layout.first_position
        self._w = encoder_weights(_read_safetensors(folder / "model.safetensors"))
        self._heads = int(self._config["num_attention_heads"])
        self._layers = int(self._config["num_hidden_layers"])
        self._eps = float(self._config.get("layer_norm_eps", 1e-12))
        self.dim = int(self._config["hidden_size"])

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1])  # one matrix product, not one per text
        out = flat @ self._w[f"{name}.weight"].T + self._w[f"{name}.bias"]
        return out.reshape(*x.shape[:-1], out.shape[-1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self._w[f"{name}.weight"], self._w[f"{name}.bias"], self._eps)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Float32 sentence vectors, one row per text (L2-normalised as the model says)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with blas_threads(self._threads):
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1.0
        w = self._w
        first = self._first_position
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][first : first + length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        batch, heads = len(texts), self._heads
        head_dim = self.dim // heads
        # Padded positions get no attention (as the attention mask does in transformers).
        key_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1 / math.sqrt(head_dim))
        for i in range(self._layers):
            layer = f"encoder.layer.{i}"

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, heads, head_dim).transpose(0, 2, 1, 3)

            q = split(self._linear(x, f"{layer}.attention.self.query"))
            k = split(self._linear(x, f"{layer}.attention.self.key"))
            v = split(self._linear(x, f"{layer}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * scale + key_bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            attended = self._linear(context, f"{layer}.attention.output.dense")
            x = self._norm(attended + x, f"{layer}.attention.output.LayerNorm")
            hidden = _gelu(self._linear(x, f"{layer}.intermediate.dense"))
            x = self._norm(
                self._linear(hidden, f"{layer}.output.dense") + x, f"{layer}.output.LayerNorm"
            )
        if self._pooling == "first":
            pooled = x[:, 0].copy()
        else:
            pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
        if self._normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(pooled, dtype=np.float32)
