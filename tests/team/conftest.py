"""One milvus-lite server per test module, reached over gRPC like a real Milvus server."""

from __future__ import annotations

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")


@pytest.fixture(scope="module")
def milvus_uri(tmp_path_factory):
    """``http://127.0.0.1:PORT`` of an in-process milvus-lite server (subprocesses can use it)."""
    from milvus_lite.server_manager import server_manager_instance

    path = str(tmp_path_factory.mktemp("milvus") / "team.db")
    uri = server_manager_instance.start_and_get_uri(path)
    assert uri, "milvus-lite did not start"
    yield uri
    server_manager_instance.release_server(path)
