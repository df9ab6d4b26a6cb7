"""Embeddings from any service that speaks OpenAI's ``/v1/embeddings``, for people who want one.

The packaged local models stay the default: nothing leaves the computer unless the user
picks a remote provider (``PRIVACY_WARNING`` is what the settings page says then). One
contract is spoken by many services (OpenAI, Mistral, Jina, vLLM, text-embeddings-
inference, Ollama, LM Studio, llama.cpp), so one client covers them all.

A network service fails in ways an in-process model does not: it refuses connections,
rate-limits, times out, rejects keys. Passing failures (connection errors, timeouts,
429, 5xx) are retried with exponential backoff and jitter, honouring ``Retry-After``;
what is left becomes one exception type in plain words. ``EndpointUnavailable`` marks
the kind that waiting can cure, so indexing pauses on it instead of failing, while a
rejected key or an unknown model stops and tells the user what to fix.

HTTP goes through httpx2, the maintained continuation of httpx (already installed as
huggingface_hub's client): pooled keep-alive connections, separate connect and read
timeouts and a client that threads can share, none of which urllib gives. It is
imported on first request, so the indexer (which needs only the exception types) and
a local-only setup never load it.
"""

from __future__ import annotations

import base64
import email.utils
import logging
import random
import re
import socket
import ssl
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from ipaddress import ip_address
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import numpy as np

from desktop_search.embed import secrets
from desktop_search.embed.errors import EmbeddingServiceError, EndpointUnavailable

if TYPE_CHECKING:
    import httpx2

log = logging.getLogger(__name__)

PROVIDER = "openai-compatible"
DEFAULT_MAX_TOKENS = 512

PRIVACY_WARNING = (
    "With a remote embedding service, the text of your documents and of your searches is "
    "sent to that service to be turned into vectors: it leaves this computer, and whoever "
    "runs the service can read it. Keep the local model for documents that must stay private."
)

# One Han (or kana, hangul) character, a run of at most 4 letters, at most 3 digits, or one
# other visible character. Subword tokenizers average about 4 characters per English token,
# split numbers in groups of 3 and give a CJK character one token or more, so this count is
# rarely below the model's own: chunks sized by it fit.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_APPROX_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W\d_]){{1,4}}|\d{{1,3}}|[^\s\w]|_")


def _httpx() -> ModuleType:
    import httpx2

    return httpx2


class SpaceSpecLike(Protocol):
    """The fields of ``settings.SpaceSpec`` that a remote space uses."""

    model: str
    base_url: str
    dimensions: int | None
    api_key_env: str
    max_tokens: int
    query_prefix: str
    document_prefix: str


def leaves_machine(base_url: str) -> bool:
    """True unless ``base_url`` points at this computer (localhost or a loopback address)."""
    host = (urlsplit(base_url.strip()).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ip_address(host).is_loopback
    except ValueError:
        return True


def normalise_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash, with ``/v1`` added when it has no path at all."""
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EmbeddingServiceError(
            f"the embedding service address {base_url!r} must start with http:// or https://"
        )
    return url if parts.path else url + "/v1"


def approximate_token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of approximate tokens: a conservative count for an unknown tokenizer."""
    return [m.span() for m in _APPROX_TOKEN.finditer(text)]


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _retry_after_s(headers: httpx2.Headers) -> float | None:
    """Seconds the service asked us to wait (``Retry-After`` or ``retry-after-ms``), if any."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_detail(response: httpx2.Response) -> str:
    """The service's own error message, if its body has one (short, one line)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return " ".join(text.split())[:200] if len(text) < 500 else ""
    message: Any = body
    if isinstance(body, dict):
        message = body.get("error") or body.get("detail") or body.get("message") or ""
        if isinstance(message, dict):
            message = message.get("message") or message.get("code") or ""
    return " ".join(str(message).split())[:200]


class OpenAICompatibleEmbedder:
    """A remote embedding model behind an OpenAI-style ``/embeddings`` endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        dimensions: int | None = None,
        api_key: str | None = None,
        api_key_env: str = "",
        query_prefix: str = "",
        document_prefix: str = "",
        max_tokens: int = DEFAULT_MAX_TOKENS,
        max_inputs: int = 32,
        max_chars: int = 32_000,
        concurrency: int = 4,
        timeout_s: float = 60.0,
        connect_timeout_s: float = 10.0,
        retries: int = 5,
        backoff_s: float = 0.5,
        max_backoff_s: float = 20.0,
        max_retry_after_s: float = 60.0,
    ) -> None:
        if not model:
            raise EmbeddingServiceError("no model name is set for the embedding service")
        self.base_url = normalise_base_url(base_url)
        self.url = self.base_url + "/embeddings"
        self._model = model
        self._dimensions = dimensions or None
        self._dim = self._dimensions
        self._api_key = api_key
        self._key_resolved = api_key is not None
        self._api_key_env = api_key_env
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self._max_tokens = max_tokens
        self._max_inputs = max(1, max_inputs)
        self._max_chars = max(1, max_chars)
        self._concurrency = max(1, concurrency)
        self._timeout_s = timeout_s
        self._connect_timeout_s = connect_timeout_s
        self._retries = max(0, retries)
        self._backoff_s = backoff_s
        self._max_backoff_s = max_backoff_s
        self._max_retry_after_s = max_retry_after_s
        self._lock = threading.Lock()
        self._client: httpx2.Client | None = None
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def from_spec(cls, spec: SpaceSpecLike, **options: Any) -> OpenAICompatibleEmbedder:
        """The embedder a settings space with ``provider="openai-compatible"`` describes."""
        return cls(
            spec.base_url,
            spec.model,
            dimensions=spec.dimensions,
            api_key_env=spec.api_key_env,
            query_prefix=spec.query_prefix,
            document_prefix=spec.document_prefix,
            max_tokens=spec.max_tokens or DEFAULT_MAX_TOKENS,
            **options,
        )

    # -- identity ----------------------------------------------------------------------
    @property
    def model_id(self) -> str:
        # The address is part of the identity: two servers may serve different weights
        # under one model name, and their vectors must never share an index.
        address = self.base_url.split("://", 1)[1]
        return f"{PROVIDER}:{self._model}@{address}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.encode_documents(["dimension probe"])  # the first answer tells the width
        assert self._dim is not None
        return self._dim

    @property
    def max_tokens(self) -> int | None:
        return self._max_tokens

    def token_spans(self, text: str) -> Sequence[tuple[int, int]]:
        return approximate_token_spans(text)

    # -- work ----------------------------------------------------------------------------
    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._document_prefix + t for t in texts])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self._query_prefix + t for t in texts])

    def close(self) -> None:
        """Close connections and the request threads."""
        with self._lock:
            pool, client = self._pool, self._client
            self._pool = self._client = None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if client is not None:
            client.close()

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Services reject empty strings; a space embeds to "nothing in particular".
        texts = [t if t.strip() else " " for t in texts]
        batches = list(self._batches(texts))
        abort = threading.Event()
        if len(batches) == 1 or self._concurrency == 1:
            parts = [self._request(batch, abort) for batch in batches]
        else:
            parts = self._request_concurrently(batches, abort)
        return np.concatenate(parts, axis=0)

    def _batches(self, texts: list[str]) -> Iterator[list[str]]:
        """Consecutive runs of at most ``max_inputs`` texts and (roughly) ``max_chars``."""
        batch: list[str] = []
        chars = 0
        for text in texts:
            if batch and (len(batch) >= self._max_inputs or chars + len(text) > self._max_chars):
                yield batch
                batch, chars = [], 0
            batch.append(text)
            chars += len(text)
        if batch:
            yield batch

    def _request_concurrently(
        self, batches: list[list[str]], abort: threading.Event
    ) -> list[np.ndarray]:
        pool = self._executor()
        futures = [pool.submit(self._request, batch, abort) for batch in batches]
        done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        failed = [f for f in futures if f in done and f.exception() is not None]
        if failed:
            abort.set()  # the other requests stop retrying; their answers would be dropped
            for f in futures:
                f.cancel()
            raise _most_actionable(failed)
        return [f.result() for f in futures]

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._concurrency, thread_name_prefix="embed-http")
            return self._pool

    def _http(self) -> httpx2.Client:
        with self._lock:
            if self._client is None:
                httpx = _httpx()
                self._client = httpx.Client(
                    timeout=httpx.Timeout(self._timeout_s, connect=self._connect_timeout_s),
                    limits=httpx.Limits(
                        max_connections=self._concurrency,
                        max_keepalive_connections=self._concurrency,
                    ),
                    headers={"User-Agent": "desktop-search"},
                )
            return self._client

    def _key(self) -> str | None:
        if not self._key_resolved:
            self._api_key = secrets.api_key(env_var=self._api_key_env, account=self.base_url)
            self._key_resolved = True
        return self._api_key

    def _request(self, batch: list[str], abort: threading.Event) -> np.ndarray:
        """One POST for ``batch``, retried while the failure is a passing one."""
        payload: dict[str, Any] = {"model": self._model, "input": batch, "encoding_format": "float"}
        if self._dimensions:
            payload["dimensions"] = self._dimensions
        headers = {"Authorization": f"Bearer {key}"} if (key := self._key()) else {}
        httpx = _httpx()
        attempt = 0
        while True:
            asked_wait: float | None = None
            try:
                response = self._http().post(self.url, json=payload, headers=headers)
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
                raise EmbeddingServiceError(f"cannot use {self.url}: {exc}", url=self.url) from exc
            except httpx.TransportError as exc:  # refused, reset, timed out, name not found
                failure = self._transport_error(exc)
            except httpx.HTTPError as exc:
                raise EmbeddingServiceError(f"cannot use {self.url}: {exc}", url=self.url) from exc
            else:
                if response.status_code == 200:
                    return self._parse(response, len(batch))
                failure = self._status_error(response)
                asked_wait = _retry_after_s(response.headers)
            if not isinstance(failure, EndpointUnavailable) or attempt >= self._retries:
                raise failure
            if asked_wait is not None and asked_wait > self._max_retry_after_s:
                raise failure  # longer than one batch should block: the indexer waits instead
            delay = asked_wait if asked_wait is not None else self._backoff(attempt)
            log.info(
                "embedding request failed (%s); retry %d in %.1f s", failure, attempt + 1, delay
            )
            if abort.wait(delay):
                raise failure
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with "equal jitter", so clients that failed together spread out."""
        ceiling = min(self._max_backoff_s, self._backoff_s * 2**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    # -- turning answers into vectors or plain-words errors ---------------------------------
    def _parse(self, response: httpx2.Response, expected: int) -> np.ndarray:
        try:
            data = response.json()["data"]
            rows = sorted(data, key=lambda item: item["index"])
            vectors = np.asarray([_vector(item["embedding"]) for item in rows], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingServiceError(
                f"{self.url} did not answer like an embeddings service ({exc})", url=self.url
            ) from exc
        if vectors.ndim != 2 or len(vectors) != expected or not np.isfinite(vectors).all():
            raise EmbeddingServiceError(
                f"{self.url} returned {len(vectors)} usable vectors for {expected} texts",
                url=self.url,
            )
        width = vectors.shape[1]
        with self._lock:
            if self._dim is None:
                self._dim = width
        if width != self._dim:
            hint = " (this model may not support 'dimensions')" if self._dimensions else ""
            raise EmbeddingServiceError(
                f"the service returned {width}-dimensional vectors, not {self._dim}{hint}",
                url=self.url,
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        np.divide(vectors, norms, out=vectors, where=norms > 0)
        return vectors

    def _transport_error(self, exc: Exception) -> EmbeddingServiceError:
        url, httpx = self.url, _httpx()
        if isinstance(exc, httpx.TimeoutException):
            connecting = isinstance(exc, httpx.ConnectTimeout)
            limit = self._connect_timeout_s if connecting else self._timeout_s
            return EndpointUnavailable(f"cannot reach {url}: no answer within {limit:g} s", url=url)
        for cause in _causes(exc):
            if isinstance(cause, ConnectionRefusedError):
                return EndpointUnavailable(f"cannot reach {url}: connection refused", url=url)
            if isinstance(cause, socket.gaierror):
                host = urlsplit(url).hostname
                return EndpointUnavailable(f"cannot reach {url}: no computer named {host}", url=url)
            if isinstance(cause, ssl.SSLCertVerificationError):
                return EmbeddingServiceError(
                    f"cannot reach {url}: its certificate is not trusted ({cause.verify_message})",
                    url=url,
                )
        if isinstance(exc, httpx.RemoteProtocolError):
            return EndpointUnavailable(f"cannot reach {url}: the server hung up", url=url)
        return EndpointUnavailable(f"cannot reach {url}: {exc or type(exc).__name__}", url=url)

    def _status_error(self, response: httpx2.Response) -> EmbeddingServiceError:
        status, url = response.status_code, self.url
        detail = _error_detail(response)
        said = f": {detail}" if detail else ""
        if status in (401, 403):
            # The detail is left out on purpose: some services echo part of the key.
            if self._key():
                reason = f"the API key was rejected ({status})"
            else:
                var = self._api_key_env
                where = f"the {var} environment variable" if var else "an environment variable"
                reason = (
                    f"the service asks for an API key ({status}): put one in {where} "
                    "or in the system keyring"
                )
            return EmbeddingServiceError(reason, url=url, status=status)
        if status == 404:
            if "model" in detail.lower():
                return EmbeddingServiceError(
                    f"model '{self._model}' not found (404)", url=url, status=status
                )
            return EmbeddingServiceError(
                f"nothing answers at {url} (404): check the service address", url=url, status=status
            )
        if status == 429 and "quota" in detail.lower():
            return EmbeddingServiceError(
                f"the account has no quota left (429){said}", url=url, status=status
            )
        if status in (408, 429) or (500 <= status < 600 and status not in (501, 505)):
            what = "is busy" if status == 429 else "failed"
            return EndpointUnavailable(
                f"the embedding service {what} ({status} {response.reason_phrase}){said}",
                url=url,
                status=status,
            )
        if status == 413:
            return EmbeddingServiceError(
                "the service finds the request too large (413): lower the batch size",
                url=url,
                status=status,
            )
        return EmbeddingServiceError(
            f"the service refused the request ({status} {response.reason_phrase}){said}",
            url=url,
            status=status,
        )


def _vector(embedding: Any) -> Any:
    """A list of floats as sent, or decoded from base64 for services that always send that."""
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding), dtype="<f4")
    return embedding


def _most_actionable(failed: list[Future]) -> BaseException:
    """Of several failed requests, the error the user must fix rather than wait out."""
    errors = [f.exception() for f in failed]
    for exc in errors:
        if not isinstance(exc, EndpointUnavailable):
            return exc  # type: ignore[return-value]
    return errors[0]  # type: ignore[return-value]
