"""Run a space's model in a child process that ends when the model is released.

The indexing worker watches folders all day but embeds only now and then. A model
unloaded in place still leaves torch and sentence-transformers imported and the heap
of the last run behind: 536 MB at rest after unloading (benchmarks/README.md). Here
the model lives in a child process started on the first batch; ``release`` (the
worker's idle unload) ends that process, so the worker at rest holds no model, no
torch and none of their heap. Chunking needs only the tokenizer, which stays in the
calling process (``local``), as do the space's identity and vector size.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from desktop_search.embed.base import Embedder
    from desktop_search.settings import SpaceSpec

log = logging.getLogger(__name__)

_PARENT_CHECK_S = 0.2
PROCESS_NAME = "ds-model"  # what ``ps`` shows for a model's process


class EmbeddingProcessError(Exception):
    """The model's process failed or stopped; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _leave_with_parent(parent: int) -> None:
    """End this process as soon as its parent has gone, even in the middle of a batch.

    Quitting the app must leave no process behind after 2 s; a batch can take longer.
    """
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_S)
    os._exit(0)


def _serve(
    conn: Connection, spec: SpaceSpec, threads: int | None, cache_dir: Path | None, parent: int
) -> None:
    """Child process: encode what the parent sends until the connection closes."""
    from desktop_search.embed.spaces import make_embedder
    from desktop_search.process_name import set_process_name

    set_process_name(PROCESS_NAME)
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True).start()
    embedder = make_embedder(spec, threads=threads, cache_dir=cache_dir)
    # Load the model (and time its number formats) now, not when the first batch comes:
    # the process is started ahead of that batch (``start``), while files are read.
    try:
        embedder.encode_documents(["warm up"])
    except Exception:  # the first request reports it in words
        log.exception("space %s: loading the model failed", spec.name)
    while True:
        try:
            op, texts = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if op == "documents":
                value = embedder.encode_documents(texts)
            elif op == "queries":
                value = embedder.encode_queries(texts)
            else:
                raise ValueError(f"unknown request {op!r}")
        except Exception as exc:
            log.exception("space %s: %s failed", spec.name, op)
            conn.send(("error", str(getattr(exc, "reason", None) or exc) or type(exc).__name__))
        else:
            conn.send(("ok", value))


class ChildProcessEmbedder:
    """An embedder whose model runs in a child process; the process ends on ``release``."""

    def __init__(
        self,
        spec: SpaceSpec,
        local: Embedder,
        *,
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self._spec = spec
        self._threads = threads
        self._cache_dir = cache_dir
        self.local = local  # identity and tokenizer; it never loads the model here
        self._ctx = mp.get_context("spawn")
        self._process: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.local.model_id

    @property
    def dim(self) -> int:
        return self.local.dim

    @property
    def max_tokens(self) -> int | None:
        return self.local.max_tokens

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        return self.local.token_spans(text)

    @property
    def running(self) -> bool:
        """True while the model's process is up."""
        process = self._process
        return process is not None and process.is_alive()

    def _ensure(self) -> Connection:
        if self._conn is None or not self.running:
            self._end()
            parent, child = self._ctx.Pipe()
            process = self._ctx.Process(
                target=_serve,
                args=(child, self._spec, self._threads, self._cache_dir, os.getpid()),
                name=f"desktop-search-model-{self._spec.name}",
                daemon=True,
            )
            process.start()
            child.close()
            self._process, self._conn = process, parent
            log.info("space %s: model process %d started", self._spec.name, process.pid)
        return self._conn

    def start(self) -> None:
        """Start the model's process now, without waiting for it: it loads the model
        while the caller does other work (reading the first files), so the first batch
        does not wait seconds for torch and the weights."""
        with self._lock:
            self._ensure()

    def _call(self, op: str, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            conn = self._ensure()
            try:
                conn.send((op, list(texts)))
                status, value = conn.recv()
            except (EOFError, OSError) as exc:
                self._end()
                raise EmbeddingProcessError("the model's process stopped unexpectedly") from exc
        if status != "ok":
            raise EmbeddingProcessError(str(value))
        return value

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._call("documents", texts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._call("queries", texts)

    def release(self) -> None:
        """End the model's process (at rest); the next batch starts a new one."""
        with self._lock:
            self._end()

    def close(self) -> None:
        """End the model's process now, even while a batch is in flight (quitting)."""
        self._end()

    def _end(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if process is not None and process.is_alive():
            process.terminate()
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
