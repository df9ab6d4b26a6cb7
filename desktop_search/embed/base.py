"""The interface every embedding model implements.

Chunking asks the strictest model how text splits into its tokens; indexing asks for
document vectors; search asks for query vectors. Models differ in prefixes
("query: "/"passage: "), length limits and speed tricks; those differences stay
inside each implementation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """A loaded (or lazily loading) embedding model."""

    @property
    def model_id(self) -> str:
        """Stable identity of the model (name or path + variant), recorded in the catalog."""
        ...

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int | None:
        """Longest input in model tokens, special tokens excluded; None when unbounded."""
        ...

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        """Character spans of the model's tokens in ``text`` (for chunking)."""
        ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors for search queries."""
        ...
