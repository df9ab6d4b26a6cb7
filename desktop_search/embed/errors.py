"""Why an embedding model or service cannot make vectors now, for every kind of space.

The indexer tells the two apart: a service that is away for now is waited for (the
batch is tried again), one that refuses us (a bad key, an unknown model) stops that
space's embedding until the next run. Any embedder may raise them, not only the
OpenAI-compatible one, so they live here rather than with it.
"""

from __future__ import annotations


class EmbeddingServiceError(Exception):
    """The embedding service cannot be used; the message says why in plain words."""

    def __init__(self, reason: str, *, url: str = "", status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.status = status


class EndpointUnavailable(EmbeddingServiceError):
    """The service is unreachable or overloaded for now: waiting and trying again may work."""
