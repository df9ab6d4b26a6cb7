"""Documents embedded without sentence-transformers land where it puts them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from desktop_search.embed import number_formats
from desktop_search.embed.bert_torch import TorchBertEncoder
from desktop_search.embed.sentence_transformer import (
    SentenceTransformerEmbedder,
    packaged_minilm_path,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _texts() -> list[str]:
    chapters = sorted((CORPUS / "en" / "rust-book").glob("ch0*.html"))[:6]
    passages = [p.read_text(encoding="utf-8", errors="replace")[:2500] for p in chapters]
    zh = sorted((CORPUS / "zh").glob("*.txt"))[:2]
    passages += [p.read_text(encoding="utf-8", errors="replace")[:800] for p in zh]
    return [*passages, "ownership rules", "a", "", "Ünïcödé café naïve résumé", "word " * 400]


@pytest.fixture(scope="module")
def reference():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(packaged_minilm_path()), device="cpu")
    return model.encode(_texts(), batch_size=4, normalize_embeddings=True)


@pytest.fixture(scope="module")
def encoder():
    return TorchBertEncoder(packaged_minilm_path())


def test_vectors_match_sentence_transformers(encoder, reference):
    for batch in (1, 4, 32):  # padding to each batch's longest text must not move a vector
        vectors = encoder.encode(_texts(), batch_size=batch, normalize_embeddings=True)
        cosines = (vectors * reference).sum(axis=1)
        assert cosines.min() > 0.9999, (batch, cosines)


def test_narrow_formats_still_apply(encoder, reference):
    import torch

    with torch.autocast("cpu", dtype=torch.bfloat16):
        bf16 = encoder.encode(_texts(), batch_size=8, normalize_embeddings=True)
    assert (bf16 * reference).sum(axis=1).min() > 0.999
    try:
        int8 = number_formats.int8_model(encoder)
    except number_formats.Int8Unavailable:
        pytest.skip("this torch has no dynamic int8")
    vectors = int8.encode(_texts(), batch_size=8, normalize_embeddings=True)
    cosines = (vectors * reference).sum(axis=1)
    # As close as sentence-transformers' own model in int8 (0.97-0.99 on these passages;
    # both near 0.92 on the empty text, where only [CLS] and [SEP] are pooled).
    assert cosines[:8].min() > 0.96, cosines
    assert any("quantized" in type(m).__module__ for m in int8.modules())


def test_the_packaged_model_embeds_without_importing_sentence_transformers():
    code = textwrap.dedent(
        """
        import sys
        from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
        e = SentenceTransformerEmbedder(threads=1, number_format="fp32")
        v = e.encode_documents(["Ownership is a set of rules that govern memory."])
        assert v.shape == (1, 384), v.shape
        heavy = [m for m in ("sentence_transformers", "transformers", "scipy", "sklearn")
                 if m in sys.modules]
        print(",".join(heavy) or "none")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "none", out.stdout + out.stderr


def test_other_layouts_still_load_through_sentence_transformers(tmp_path):
    import json

    folder = tmp_path / "max-pooling-model"
    source = packaged_minilm_path()
    for path in source.rglob("*"):
        if path.is_file() and "onnx" not in path.parts and "openvino" not in path.parts:
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    pooling = json.loads((folder / "1_Pooling/config.json").read_text())
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
    (folder / "1_Pooling/config.json").write_text(json.dumps(pooling))
    embedder = SentenceTransformerEmbedder(str(folder), threads=1, number_format="fp32")
    vectors = embedder.encode_documents(["a passage", "another passage"])
    assert type(embedder._model).__name__ == "SentenceTransformer"
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
