"""Models people add (e5, bge, gte, paraphrase-multilingual: BERT, RoBERTa, XLM-RoBERTa,
mean or first-token pooling) are run without sentence-transformers, with its vectors.

No such model is on this machine and no hub is reachable, so each family is made here:
a small random model of that architecture with the packaged MiniLM's tokenizer, saved by
sentence-transformers itself (its folder layout, its pooling and normalisation files).
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from desktop_search.embed import bert_numpy
from desktop_search.embed.sentence_transformer import packaged_minilm_path

TEXTS = [
    "ownership rules",
    "how does the borrow checker keep memory safe",
    "合同里关于违约金的条款",
    "a",
    "",
    "passage " * 200,  # past the model's 64 tokens: cut where sentence-transformers cuts
]
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "tokenizer_config.json")


def _make_model(folder, family: str, pooling: str, normalize: bool):
    """A sentence-transformers folder: a 2-layer random ``family`` model, ``pooling``."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, BertConfig, RobertaConfig, XLMRobertaConfig

    try:  # sentence-transformers 6 (its ``models`` is deprecated there)
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models

    configs = {"bert": BertConfig, "roberta": RobertaConfig, "xlm-roberta": XLMRobertaConfig}
    extra = {} if family == "bert" else {"pad_token_id": 1, "type_vocab_size": 1}
    config = configs[family](
        vocab_size=30522,
        hidden_size=48,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=96,
        max_position_embeddings=130 if family == "bert" else 132,
        **extra,
    )
    torch.manual_seed(7)
    raw = folder / "raw"
    AutoModel.from_config(config).save_pretrained(raw, safe_serialization=True)
    for name in TOKENIZER_FILES:
        shutil.copy(packaged_minilm_path() / name, raw / name)
    body = models.Transformer(str(raw), max_seq_length=64)
    parts = [body, models.Pooling(48, pooling_mode=pooling)]
    if normalize:
        parts.append(models.Normalize())
    out = folder / "model"
    SentenceTransformer(modules=parts, device="cpu").save(str(out))
    return out


CASES = [
    ("bert", "cls", True),  # bge
    ("xlm-roberta", "mean", True),  # multilingual-e5, paraphrase-multilingual
    ("roberta", "mean", False),
    ("xlm-roberta", "cls", True),  # bge-m3's dense vectors
]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def model(request, tmp_path_factory):
    from sentence_transformers import SentenceTransformer

    folder = _make_model(tmp_path_factory.mktemp("family"), *request.param)
    reference = SentenceTransformer(str(folder), device="cpu").encode(TEXTS, batch_size=4)
    return folder, reference


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def test_queries_in_numpy_match_sentence_transformers(model):
    folder, reference = model
    assert bert_numpy.supports(folder)
    encoder = bert_numpy.NumpyBertEncoder(folder)
    for vectors in (encoder.encode(TEXTS), np.vstack([encoder.encode([t]) for t in TEXTS])):
        assert _cosines(vectors, reference).min() > 0.9999
        # Normalised exactly when the model says so (a dot product then ranks by cosine).
        assert np.allclose(np.linalg.norm(vectors, axis=1), np.linalg.norm(reference, axis=1))


def test_documents_in_torch_match_sentence_transformers(model):
    from desktop_search.embed.bert_torch import TorchBertEncoder

    folder, reference = model
    encoder = TorchBertEncoder(folder)
    for batch in (1, 4):  # padding to each batch's longest text must not move a vector
        vectors = encoder.encode(TEXTS, batch_size=batch)
        assert _cosines(vectors, reference).min() > 0.9999, batch


def test_passages_are_cut_at_the_length_the_folder_gives(model):
    from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder

    folder, _ = model  # saved by sentence-transformers 6: the length is the tokenizer's
    embedder = SentenceTransformerEmbedder(str(folder), threads=1, number_format="fp32")
    assert embedder.max_tokens == 64 - 2  # the start and end tokens
    assert embedder._model is None  # read from the folder, no weights loaded


def test_an_unknown_pooling_keeps_sentence_transformers(model, tmp_path):
    folder, _ = model
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    pooling_file = copy / "1_Pooling" / "config.json"
    pooling = json.loads(pooling_file.read_text())
    pooling["pooling_mode"] = "max"  # as sentence-transformers 5 writes it
    pooling_file.write_text(json.dumps(pooling))
    assert not bert_numpy.supports(copy)
