"""A real OpenAI-style ``/v1/embeddings`` server on 127.0.0.1, for tests and the benchmark.

The remote embedder is only trustworthy if it is tried against a real socket, real HTTP
and real failures, not a mocked transport. Behind this server is any local ``Embedder``
(the packaged MiniLM in tests). It can misbehave on purpose: answer every n-th request
with 500 or 429, answer the next few requests with a chosen status, demand an API key,
add latency like a distant service, or be stopped and started again on the same port
like a service that goes away and comes back. It listens only on loopback, on an
ephemeral port, and only between ``start()`` and ``stop()``.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

from desktop_search.embed.base import Embedder


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: EmbeddingsServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and hung up is part of the tests, not news


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so a stopped server is really gone for clients.
    protocol_version = "HTTP/1.0"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self._done()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        owner = self.server.owner
        with owner.lock:
            owner.requests += 1
            owner.in_flight += 1
            owner.peak_in_flight = max(owner.peak_in_flight, owner.in_flight)
            number = owner.requests
        self._in_flight = True
        try:
            self._answer(owner, number)
        finally:
            self._done()

    def _done(self) -> None:
        """The request stops counting as in flight once its answer starts to go out: the
        client may send its next request the moment it has read this one."""
        if getattr(self, "_in_flight", False):
            self._in_flight = False
            with self.server.owner.lock:
                self.server.owner.in_flight -= 1

    def _answer(self, owner: EmbeddingsServer, number: int) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if owner.latency_s:
            time.sleep(owner.latency_s)
        if self.path.rstrip("/") != "/v1/embeddings":
            return self._reply(404, {"detail": "Not Found"})
        if owner.api_key and self.headers.get("Authorization") != f"Bearer {owner.api_key}":
            return self._reply(
                401,
                {"error": {"message": "Incorrect API key provided.", "code": "invalid_api_key"}},
            )
        try:
            request = json.loads(body)
        except ValueError:
            return self._reply(400, {"error": {"message": "body is not JSON"}})
        if request.get("model") != owner.model:
            return self._reply(
                404,
                {
                    "error": {
                        "message": f"The model `{request.get('model')}` does not exist",
                        "code": "model_not_found",
                    }
                },
            )
        with owner.lock:
            scripted = owner.scripted.pop(0) if owner.scripted else None
        if scripted is None and owner.fail_every and number % owner.fail_every == 0:
            odd = (number // owner.fail_every) % 2
            scripted = (500, {}) if odd else (429, {"Retry-After": "0"})
        if scripted is not None:
            with owner.lock:
                owner.failures += 1
            status, headers = scripted
            return self._reply(status, {"error": {"message": "injected failure"}}, headers)
        inputs = request["input"]
        inputs = [inputs] if isinstance(inputs, str) else list(inputs)
        with owner.model_lock:  # one model, like one accelerator: requests queue for it
            vectors = owner.embedder.encode_documents(inputs)
        if request.get("dimensions"):
            vectors = vectors[:, : int(request["dimensions"])]
            vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        as_base64 = request.get("encoding_format") == "base64"
        data = [
            {
                "object": "embedding",
                "index": i,
                "embedding": base64.b64encode(v.astype("<f4").tobytes()).decode()
                if as_base64
                else [float(x) for x in v],
            }
            for i, v in enumerate(vectors)
        ]
        data.reverse()  # clients must order by "index", not by position
        with owner.lock:
            owner.served += 1
            owner.inputs += len(inputs)
            outage = owner.outage if owner.outage and owner.served == owner.outage[0] else None
        if outage is not None:
            # Gone before this answer is even sent: every later request is refused.
            owner.stop()
            owner.restart = threading.Timer(outage[1], owner.start)
            owner.restart.start()
        self._reply(
            200,
            {
                "object": "list",
                "data": data,
                "model": owner.model,
                "usage": {"prompt_tokens": 0, "total_tokens": 0},
            },
        )


class EmbeddingsServer:
    """``/v1/embeddings`` on 127.0.0.1 backed by a local embedder; stoppable and restartable."""

    def __init__(
        self,
        embedder: Embedder,
        *,
        model: str = "test-minilm",
        api_key: str | None = None,
        fail_every: int = 0,
        latency_s: float = 0.0,
    ) -> None:
        self.embedder = embedder
        self.model = model
        self.api_key = api_key
        self.fail_every = fail_every
        self.latency_s = latency_s
        self.scripted: list[tuple[int, dict[str, str]]] = []
        self.outage: tuple[int, float] | None = None
        self.restart: threading.Timer | None = None
        self.lock = threading.Lock()
        self.model_lock = threading.Lock()
        self.requests = self.served = self.failures = self.inputs = 0
        self.in_flight = self.peak_in_flight = 0
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def fail_next(self, status: int, count: int = 1, headers: dict[str, str] | None = None) -> None:
        """Answer the next ``count`` well-formed requests with ``status``."""
        with self.lock:
            self.scripted.extend([(status, dict(headers or {}))] * count)

    def go_away(self, after_served: int, for_s: float) -> None:
        """Go away after ``after_served`` answers with vectors; come back ``for_s`` later."""
        self.outage = (after_served, for_s)

    def start(self) -> EmbeddingsServer:
        """Listen (on the same port as before after a ``stop()``)."""
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.owner = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="embeddings-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; new connections are refused until ``start()``."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def wait_for(self, served: int, timeout_s: float = 60.0) -> bool:
        """Block until ``served`` requests were answered with vectors (False on timeout)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.served >= served:
                return True
            time.sleep(0.01)
        return False

    def __enter__(self) -> EmbeddingsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.restart is not None:
            self.restart.cancel()
        self.stop()
