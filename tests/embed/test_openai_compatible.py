"""The remote embedder against a real HTTP server on loopback, the packaged MiniLM behind it.

No transport is mocked: requests cross a real socket, so connection refusals, timeouts,
status codes and a server that goes away are the real thing. The pipeline tests index a
small folder of the shared corpus through the server and check that nothing is lost.
"""

from __future__ import annotations

import socket
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest

from desktop_search.app.library import Library
from desktop_search.embed import secrets
from desktop_search.embed.openai_compatible import (
    PRIVACY_WARNING,
    EmbeddingServiceError,
    EndpointUnavailable,
    OpenAICompatibleEmbedder,
    approximate_token_spans,
    leaves_machine,
    normalise_base_url,
)
from desktop_search.embed.sentence_transformer import SentenceTransformerEmbedder
from desktop_search.embed.spaces import Space
from desktop_search.indexing.progress import IndexProgress
from desktop_search.paths import app_paths
from desktop_search.settings import SpaceSpec
from desktop_search.store.consistency import check_catalog
from tests.conftest import copy_files
from tests.embed.loopback_server import EmbeddingsServer

# Two short chapters on different things to tell apart; one is enough for the fault tests.
TWO_CHAPTERS = (
    "ch09-01-unrecoverable-errors-with-panic.html",
    "ch07-02-defining-modules-to-control-scope-and-privacy.html",
)
ONE_CHAPTER = TWO_CHAPTERS[:1]


@pytest.fixture(scope="module")
def minilm(spaces) -> SentenceTransformerEmbedder:
    """The session's packaged MiniLM (loaded once for all tests), to serve behind the server."""
    found = next(s.embedder for s in spaces if isinstance(s.embedder, SentenceTransformerEmbedder))
    return found


@pytest.fixture
def server(minilm):
    with EmbeddingsServer(minilm) as running:
        yield running


def chapters(corpus: Path, names: tuple[str, ...], dest: Path) -> Path:
    return copy_files([corpus / "en" / "rust-book" / name for name in names], dest)


def remote(server: EmbeddingsServer, **options) -> OpenAICompatibleEmbedder:
    """A client for ``server`` with test-sized batches and fast retries."""
    options = {"max_inputs": 8, "backoff_s": 0.01, "max_backoff_s": 0.05, **options}
    return OpenAICompatibleEmbedder(server.base_url, server.model, max_tokens=254, **options)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index(home: Path, embedder, docs: Path, *, progress: list[IndexProgress] | None = None):
    """Index ``docs`` into a library whose only vector space is ``embedder``; the indexer."""
    from desktop_search.extract import extract

    space = Space(SpaceSpec(name="remote", model="test-minilm", languages=("zh", "en")), embedder)
    lib = Library(app_paths(home), spaces=[space])
    on_progress = progress.append if progress is not None else None
    indexer = lib.indexer(extract=extract, on_progress=on_progress)
    indexer.service_wait_s, indexer.service_wait_max_s = 0.1, 0.4
    try:
        indexer.scan([str(docs)])
        indexer.run()
    finally:
        indexer.close()
    return lib, indexer


def assert_every_chunk_has_one_vector(lib: Library) -> int:
    db = lib.catalog.db
    chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    per_chunk = db.execute("SELECT chunk_id, count(*) FROM vectors GROUP BY chunk_id").fetchall()
    assert chunks > 0
    assert len(per_chunk) == chunks and {n for _, n in per_chunk} == {1}
    assert check_catalog(lib.catalog, lib.paths.vectors) == []
    return chunks


def _assert_each_is_its_own(vectors: np.ndarray, local: np.ndarray) -> None:
    """Each returned vector is the model's vector of its own text: closest to it of all,
    and close (not 0.99: where the probe picks int8, a text's vector moves a little with
    the batch it is embedded in, cosine 0.92-0.98, which retrieval was judged to bear)."""
    similarity = vectors @ local.T
    assert list(np.argmax(similarity, axis=1)) == list(range(len(local)))
    assert np.min(np.diag(similarity)) > 0.9


# -- end to end through the pipeline -------------------------------------------------------
@pytest.mark.slow
def test_index_and_search_through_the_service(tmp_path, server, corpus, minilm, monkeypatch):
    server.api_key = "sk-test-right"
    monkeypatch.setenv("DS_TEST_EMBED_KEY", "sk-test-right")
    embedder = remote(server, api_key_env="DS_TEST_EMBED_KEY")
    docs = chapters(corpus, TWO_CHAPTERS, tmp_path / "docs")
    lib, _ = index(tmp_path / "home", embedder, docs)
    try:
        chunks = assert_every_chunk_has_one_vector(lib)
        assert server.inputs >= chunks and server.failures == 0
        # The service's vectors are the model's own, each on its own chunk.
        sample = lib.catalog.db.execute(
            "SELECT v.vec, substr(c.text, k.start + 1, k.end - k.start) FROM vectors v "
            "JOIN chunks k ON k.id = v.chunk_id JOIN contents c ON c.id = k.content_id "
            "ORDER BY k.id LIMIT 12"
        ).fetchall()
        stored = np.stack([np.frombuffer(blob, dtype=np.float16) for blob, _ in sample])
        local = minilm.encode_documents([text for _, text in sample])
        _assert_each_is_its_own(stored.astype(np.float32), local)
        for query, expected in [
            ("the program crashes with an error it cannot recover from", TWO_CHAPTERS[0]),
            ("keep items hidden inside a module so other code cannot use them", TWO_CHAPTERS[1]),
        ]:
            hits = lib.engine.search(query, k=3, mode="semantic").hits
            assert hits and hits[0].name == expected
    finally:
        lib.close()
        embedder.close()


@pytest.mark.slow
def test_flaky_service_still_gives_a_complete_index(tmp_path, server, corpus):
    server.fail_every = 3  # every third request answers 500 or 429
    embedder = remote(server, max_inputs=1)
    lib, _ = index(tmp_path / "home", embedder, chapters(corpus, ONE_CHAPTER, tmp_path / "docs"))
    try:
        assert server.failures >= 3
        assert_every_chunk_has_one_vector(lib)
    finally:
        lib.close()
        embedder.close()


@pytest.mark.slow
def test_service_going_away_pauses_indexing_and_it_resumes(tmp_path, server, corpus):
    # Give up quickly, so the indexer has to do the waiting.
    embedder = remote(server, retries=1, max_inputs=1)
    docs = chapters(corpus, ONE_CHAPTER, tmp_path / "docs")
    refused_at = server.base_url + "/embeddings"
    server.go_away(after_served=4, for_s=1.0)  # the dimension probe and three chunks
    progress: list[IndexProgress] = []
    lib, _ = index(tmp_path / "home", embedder, docs, progress=progress)
    try:
        waits = [p.current for p in progress if p.phase == "waiting"]
        assert waits and waits[0] == f"cannot reach {refused_at}: connection refused"
        assert progress[-1].phase == "idle"
        assert_every_chunk_has_one_vector(lib)
    finally:
        lib.close()
        embedder.close()


def test_rejected_key_stops_embedding_but_not_reading(tmp_path, server, corpus):
    server.api_key = "sk-test-right"
    embedder = remote(server, api_key="sk-test-wrong")
    docs = chapters(corpus, ONE_CHAPTER, tmp_path / "docs")
    lib, indexer = index(tmp_path / "home", embedder, docs)
    try:
        assert indexer.embed_errors == {"remote": "the API key was rejected (401)"}
        assert server.requests == 1  # not retried, not asked again for every batch
        assert [h.name for h in lib.engine.search("read a file", mode="keyword").hits]
    finally:
        lib.close()


# -- the client against the server ----------------------------------------------------------
def test_wrong_key_is_named_in_plain_words(server):
    server.api_key = "sk-test-right"
    with pytest.raises(EmbeddingServiceError) as wrong:
        remote(server, api_key="sk-test-wrong").encode_documents(["hello"])
    assert str(wrong.value) == "the API key was rejected (401)"
    assert not isinstance(wrong.value, EndpointUnavailable)
    with pytest.raises(EmbeddingServiceError) as missing:
        remote(server, api_key_env="DS_TEST_UNSET_KEY").encode_documents(["hello"])
    assert str(missing.value).startswith("the service asks for an API key (401)")
    assert "DS_TEST_UNSET_KEY" in str(missing.value)


def test_unknown_model_and_wrong_address(server):
    with pytest.raises(EmbeddingServiceError, match=r"^model 'no-such-model' not found \(404\)$"):
        OpenAICompatibleEmbedder(server.base_url, "no-such-model").encode_queries(["x"])
    wrong = f"http://127.0.0.1:{server.port}/v2"
    with pytest.raises(EmbeddingServiceError, match=r"^nothing answers at .*/v2/embeddings "):
        OpenAICompatibleEmbedder(wrong, server.model).encode_queries(["x"])


def test_unreachable_service_is_named_in_plain_words():
    url = f"http://127.0.0.1:{free_port()}/v1"
    embedder = OpenAICompatibleEmbedder(url, "m", retries=2, backoff_s=0.01)
    with pytest.raises(EndpointUnavailable) as refused:
        embedder.encode_documents(["hello"])
    assert str(refused.value) == f"cannot reach {url}/embeddings: connection refused"


def test_slow_service_times_out(server):
    server.latency_s = 0.5
    slow = OpenAICompatibleEmbedder(server.base_url, "unserved", timeout_s=0.2, retries=0)
    with pytest.raises(EndpointUnavailable, match=r"no answer within 0.2 s$"):
        slow.encode_queries(["x"])


@pytest.mark.slow
def test_retry_after_is_honoured(server):
    server.fail_next(429, headers={"retry-after-ms": "300"})
    started = time.monotonic()
    vectors = remote(server).encode_queries(["hello"])
    assert time.monotonic() - started >= 0.3
    assert vectors.shape == (1, 384) and server.failures == 1
    # A wait longer than a batch should block is left to the indexer.
    server.fail_next(503, headers={"Retry-After": "30"})
    with pytest.raises(EndpointUnavailable, match=r"failed \(503 Service Unavailable\)"):
        remote(server, max_retry_after_s=1).encode_queries(["hello"])


@pytest.mark.slow
def test_concurrent_batches_come_back_in_order(server, minilm):
    server.latency_s = 0.3  # long enough to overlap even on a busy machine
    words = ["tent", "lake", "beans", "tax", "dough", "oven"]
    texts = [f"note {i}: {word}" for i, word in enumerate(words)]
    vectors = remote(server, max_inputs=1, concurrency=3).encode_documents(texts)
    assert 1 < server.peak_in_flight <= 3, server.peak_in_flight
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    _assert_each_is_its_own(vectors, minilm.encode_documents(texts))


@pytest.mark.slow
def test_dim_from_dimensions_or_from_the_first_answer(server):
    short = remote(server, dimensions=64)
    assert short.dim == 64 and server.requests == 0
    assert short.encode_documents(["a", "b"]).shape == (2, 64)
    assert remote(server).dim == 384


# -- pieces that need no server -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Hello, world", ["Hell", "o", ",", "worl", "d"]),
        ("合同里的违约金", ["合", "同", "里", "的", "违", "约", "金"]),
        ("用Rust写", ["用", "Rust", "写"]),
        ("1234567 a_b", ["123", "456", "7", "a", "_", "b"]),
        ("  \n\t", []),
    ],
)
def test_token_spans_are_a_conservative_split(text, tokens):
    assert [text[a:b] for a, b in approximate_token_spans(text)] == tokens


def test_batches_respect_inputs_and_characters():
    embedder = OpenAICompatibleEmbedder("http://127.0.0.1:9/v1", "m", max_inputs=3, max_chars=10)
    texts = ["aaaa", "bbbb", "cc", "d", "e", "f", "g" * 20, "h"]
    assert list(embedder._batches(texts)) == [
        ["aaaa", "bbbb", "cc"],
        ["d", "e", "f"],
        ["g" * 20],
        ["h"],
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://localhost:11434", "http://localhost:11434/v1"),
        ("https://api.openai.com/v1/", "https://api.openai.com/v1"),
        ("https://example.com/v1beta/openai", "https://example.com/v1beta/openai"),
    ],
)
def test_base_url(given, expected):
    assert normalise_base_url(given) == expected


def test_base_url_needs_a_scheme():
    with pytest.raises(EmbeddingServiceError, match="must start with http"):
        normalise_base_url("api.openai.com/v1")


@pytest.mark.parametrize(
    ("url", "leaves"),
    [
        ("http://localhost:11434/v1", False),
        ("http://127.0.0.1:8080/v1", False),
        ("http://[::1]:8080/v1", False),
        ("https://api.openai.com/v1", True),
        ("http://192.168.1.20:8080/v1", True),
    ],
)
def test_privacy_warning_applies_off_this_computer(url, leaves):
    assert leaves_machine(url) is leaves
    assert "leaves this computer" in PRIVACY_WARNING


def test_model_id_names_model_and_address():
    embedder = OpenAICompatibleEmbedder("https://api.example.com/v1", "text-embedding-3-small")
    assert embedder.model_id == "openai-compatible:text-embedding-3-small@api.example.com/v1"


def test_from_spec():
    spec = types.SimpleNamespace(
        model="nomic-embed-text",
        base_url="http://localhost:11434",
        dimensions=None,
        api_key_env="",
        max_tokens=0,
        query_prefix="search_query: ",
        document_prefix="search_document: ",
    )
    embedder = OpenAICompatibleEmbedder.from_spec(spec)
    assert embedder.url == "http://localhost:11434/v1/embeddings"
    assert embedder.max_tokens == 512


# -- where the key comes from -------------------------------------------------------------------
class FakeKeyring(types.ModuleType):
    """Stands in for the optional ``keyring`` package."""

    def __init__(self, broken: bool = False) -> None:
        super().__init__("keyring")
        self.store: dict[tuple[str, str], str] = {}
        self.broken = broken

    def get_password(self, service: str, account: str) -> str | None:
        if self.broken:
            raise RuntimeError("the keyring is locked")
        return self.store.get((service, account))

    def set_password(self, service: str, account: str, key: str) -> None:
        self.store[(service, account)] = key

    def delete_password(self, service: str, account: str) -> None:
        del self.store[(service, account)]


def test_key_from_environment_then_keyring(monkeypatch):
    fake = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", fake)
    account = "https://api.example.com/v1"
    assert secrets.api_key(env_var="DS_TEST_KEY", account=account) is None
    secrets.save_api_key(account, " sk-kept \n")
    assert secrets.api_key(env_var="DS_TEST_KEY", account=account) == "sk-kept"
    monkeypatch.setenv("DS_TEST_KEY", "sk-from-env")
    assert secrets.api_key(env_var="DS_TEST_KEY", account=account) == "sk-from-env"
    secrets.forget_api_key(account)
    secrets.forget_api_key(account)  # twice: no error
    assert fake.store == {}


def test_unusable_keyring_means_no_key(monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", FakeKeyring(broken=True))
    assert secrets.api_key(account="https://api.example.com/v1") is None
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    assert secrets.api_key(account="https://api.example.com/v1") is None
    with pytest.raises(secrets.SecretStoreUnavailable, match="not installed"):
        secrets.save_api_key("https://api.example.com/v1", "sk")


# -- settings ------------------------------------------------------------------------------------
def test_remote_space_in_settings_holds_no_key(tmp_path, monkeypatch):
    from desktop_search.embed.spaces import make_embedder
    from desktop_search.settings import Settings, load_settings, save_settings

    monkeypatch.setenv("DS_TEST_EMBED_KEY", "sk-secret-value")
    spec = SpaceSpec(
        name="openai",
        model="text-embedding-3-small",
        provider="openai-compatible",
        base_url="https://api.example.com/v1",
        dimensions=256,
        api_key_env="DS_TEST_EMBED_KEY",
    )
    path = tmp_path / "settings.json"
    save_settings(Settings(spaces=(spec,)), path)
    assert "sk-secret-value" not in path.read_text(encoding="utf-8")
    assert load_settings(path).spaces == (spec,)
    embedder = make_embedder(spec)
    assert isinstance(embedder, OpenAICompatibleEmbedder)
    assert embedder.dim == 256 and embedder._key() == "sk-secret-value"
