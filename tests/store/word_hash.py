"""A stand-in embedding model for indexing tests: fast, offline, and close to meaning.

Texts sharing words get close vectors, so a search by meaning behaves; it records what
it was asked to encode, so a test can see what reached the model and in which order.
"""

from __future__ import annotations

import re
import zlib

import numpy as np


class WordHashEmbedder:
    """64 numbers per text from its words; remembers every text it encoded."""

    model_id = "test:word-hash"
    dim = 64
    max_tokens = 40  # the boilerplate sentence (28 tokens) is a passage of its own

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def token_spans(self, text: str):
        return [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]

    def _vectors(self, texts) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-6)

    def encode_documents(self, texts):
        self.encoded += list(texts)
        return self._vectors(texts)

    def encode_queries(self, texts):
        return self._vectors(texts)
