"""Queries encoded in numpy land where sentence-transformers puts them (same vectors)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_search.embed import bert_numpy
from desktop_search.embed.sentence_transformer import (
    SentenceTransformerEmbedder,
    packaged_minilm_path,
)

QUERIES = [
    "ownership rules",
    "how does the borrow checker keep memory safe",
    "合同里关于违约金的条款",
    "Ünïcödé café naïve résumé",
    "a",
    "",
    "passage " * 300,  # longer than the model's 256 tokens: cut as sentence-transformers cuts
]


@pytest.fixture(scope="module")
def torch_vectors():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(packaged_minilm_path()), device="cpu")
    return model.encode(QUERIES, normalize_embeddings=True)


def test_numpy_queries_match_sentence_transformers(torch_vectors):
    light = SentenceTransformerEmbedder(threads=1, queries_without_torch=True)
    one_by_one = np.vstack([light.encode_queries([q]) for q in QUERIES])
    together = light.encode_queries(QUERIES)  # padded to the longest: the mask must hold
    assert light._model is None  # torch's model was never loaded
    for vectors in (one_by_one, together):
        cosines = (vectors * torch_vectors).sum(axis=1)
        assert cosines.min() > 0.9999, cosines
    assert light.dim == 384


def test_release_drops_the_numpy_weights_and_they_come_back():
    light = SentenceTransformerEmbedder(threads=1, queries_without_torch=True)
    first = light.encode_queries(["vector search"])
    light.release()
    assert light._query_encoder is None
    assert np.allclose(light.encode_queries(["vector search"]), first)


def test_other_model_layouts_keep_torch(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    for name in ("config.json", "modules.json", "tokenizer.json", "model.safetensors"):
        (folder / name).write_bytes((packaged_minilm_path() / name).read_bytes())
    (folder / "1_Pooling").mkdir()
    pooling = json.loads((packaged_minilm_path() / "1_Pooling/config.json").read_text())
    (folder / "1_Pooling/config.json").write_text(json.dumps(pooling))
    assert bert_numpy.supports(folder)
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
    (folder / "1_Pooling/config.json").write_text(json.dumps(pooling))
    assert not bert_numpy.supports(folder)  # max pooling: not what the numpy pass does
    assert not bert_numpy.supports(tmp_path / "missing")
