"""Encode documents with a BERT sentence model in torch alone, without sentence-transformers.

The indexing worker runs MiniLM in a process of its own (``child_process``). Importing
sentence-transformers there brings transformers' model classes, SciPy, scikit-learn and
Pillow: 475 MB resident before a weight is read, against 218 MB for torch alone
(``python benchmarks/model_memory.py``), and that process was most of the peak memory
of indexing. This module is the same forward pass (the layouts ``bert_numpy.supports``
accepts: BERT and RoBERTa, mean or first-token pooling) over the same ``model.safetensors`` and
``tokenizer.json``, with torch's own layers, so the number formats the embedder times
(fp32, bf16 autocast, dynamic int8 of the ``nn.Linear`` layers) apply unchanged. Vectors
match sentence-transformers' to cosine > 0.9999 (tests/embed/test_bert_torch.py);
anything else keeps sentence-transformers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from desktop_search.embed.bert_numpy import encoder_weights, read_layout

# Batches are padded to a few shapes. oneDNN keeps kernels and buffers for every shape
# it has run, and in bf16 on a machine with AMX a model process fed every length and
# batch size grew without end (1.6 GB resident after 20,000 passages; 1,040 MB after 200
# mixed batches, 540 MB with these steps, steady over 600, and no slower:
# benchmarks/README.md). The padded positions get no attention and are not pooled.
LENGTH_STEP = 16  # tokens
ROWS_STEP = 4  # texts


def _round_up(n: int, step: int) -> int:
    return -(-n // step) * step


class _Layer(nn.Module):
    """One transformer layer: self-attention (query, key and value in one product), then
    the feed-forward block, each followed by a residual LayerNorm (BERT's post-norm)."""

    def __init__(self, dim: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.attention_out = nn.Linear(dim, dim)
        self.attention_norm = nn.LayerNorm(dim, eps=eps)
        self.up = nn.Linear(dim, inner)
        self.down = nn.Linear(inner, dim)
        self.out_norm = nn.LayerNorm(dim, eps=eps)

    def forward(self, x: torch.Tensor, attend: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        qkv = self.qkv(x).view(batch, length, 3, self.heads, dim // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4)
        context = F.scaled_dot_product_attention(q, k, v, attn_mask=attend)
        context = context.transpose(1, 2).reshape(batch, length, dim)
        x = self.attention_norm(self.attention_out(context) + x)
        return self.out_norm(self.down(F.gelu(self.up(x))) + x)


class TorchBertEncoder(nn.Module):
    """A sentence-transformers BERT model (mean pooling) as a plain torch module, with the
    part of ``SentenceTransformer``'s interface the embedder uses."""

    def __init__(self, folder: str | Path) -> None:
        from safetensors.torch import load_file

        super().__init__()
        folder = Path(folder)
        layout = read_layout(folder)
        config = layout.config
        self.max_seq_length = layout.max_len
        self._normalize = layout.normalize
        self._pooling = layout.pooling
        self._first_position = layout.first_position
        self.tokenizer = layout.tokenizer
        self.dim = int(config["hidden_size"])
        self._positions = int(config["max_position_embeddings"])
        self._longest = self._positions - self._first_position  # tokens a text may have
        eps = float(config.get("layer_norm_eps", 1e-12))
        self.word = nn.Embedding(int(config["vocab_size"]), self.dim)
        self.position = nn.Embedding(self._positions, self.dim)
        self.token_type = nn.Embedding(int(config.get("type_vocab_size", 2)), self.dim)
        self.embedding_norm = nn.LayerNorm(self.dim, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(
                self.dim,
                int(config["num_attention_heads"]),
                int(config["intermediate_size"]),
                eps,
            )
            for _ in range(int(config["num_hidden_layers"]))
        )
        self._load_weights(load_file(str(folder / "model.safetensors")))
        self.eval()

    def _load_weights(self, weights: dict[str, torch.Tensor]) -> None:
        """Copy the checkpoint's tensors (transformers' names) into this module's layers."""
        weights = encoder_weights(weights)

        def w(name: str) -> torch.Tensor:
            return weights[name].float()

        state = {
            "word.weight": w("embeddings.word_embeddings.weight"),
            "position.weight": w("embeddings.position_embeddings.weight"),
            "token_type.weight": w("embeddings.token_type_embeddings.weight"),
            "embedding_norm.weight": w("embeddings.LayerNorm.weight"),
            "embedding_norm.bias": w("embeddings.LayerNorm.bias"),
        }
        for i in range(len(self.layers)):
            src, dst = f"encoder.layer.{i}.", f"layers.{i}."
            for part in ("weight", "bias"):
                state[f"{dst}qkv.{part}"] = torch.cat(
                    [w(f"{src}attention.self.{n}.{part}") for n in ("query", "key", "value")]
                )
                for ours, theirs in (
                    ("attention_out", "attention.output.dense"),
                    ("attention_norm", "attention.output.LayerNorm"),
                    ("up", "intermediate.dense"),
                    ("down", "output.dense"),
                    ("out_norm", "output.LayerNorm"),
                ):
                    state[f"{dst}{ours}.{part}"] = w(f"{src}{theirs}.{part}")
        self.load_state_dict(state)

    def get_sentence_embedding_dimension(self) -> int:
        return self.dim

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Sentence vectors of a padded batch (``mask``: 1 for real tokens), pooled as the
        model says."""
        length, first = ids.shape[1], self._first_position
        positions = self.position.weight[first : first + length]
        x = self.word(ids) + positions + self.token_type.weight[0]
        x = self.embedding_norm(x)
        attend = mask.bool()[:, None, None, :]  # padded positions get no attention
        for layer in self.layers:
            x = layer(x, attend)
        if self._pooling == "first":
            return x[:, 0]
        weights = mask.to(x.dtype)[:, :, None]
        return (x * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)

    def encode(
        self,
        sentences: Sequence[str],
        *,
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        show_progress_bar: bool = False,
        convert_to_numpy: bool = True,
    ) -> np.ndarray:
        """Float32 vectors, one row per text, in batches of texts of similar length (the
        padding of a batch is work for nothing), rounded up to a few shapes (``LENGTH_STEP``)."""
        del show_progress_bar, convert_to_numpy  # sentence-transformers' arguments
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        if not sentences:
            return out
        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encodings)), key=lambda i: -len(encodings[i].ids))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                longest = len(encodings[rows[0]].ids)
                length = min(_round_up(longest, LENGTH_STEP), self._longest)
                ids = torch.zeros((_round_up(len(rows), ROWS_STEP), length), dtype=torch.long)
                mask = torch.zeros_like(ids)
                mask[len(rows) :, 0] = 1  # a padding row attends to one token: no NaN
                for r, i in enumerate(rows):
                    n = len(encodings[i].ids)
                    ids[r, :n] = torch.tensor(encodings[i].ids)
                    mask[r, :n] = 1
                vectors = self(ids, mask).float()
                if normalize_embeddings or self._normalize:
                    vectors = F.normalize(vectors, dim=1)
                out[rows] = vectors[: len(rows)].numpy()
        return out
