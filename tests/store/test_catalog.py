"""The catalog refuses what it cannot trust and never loses consistency."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_search.store.catalog import Catalog, CatalogError, NewChunk
from desktop_search.store.vectors import VectorIndex


def _content(cat: Catalog, hash_: str, n_chunks: int = 2) -> int:
    with cat.transaction():
        return cat.add_content(
            hash_,
            "abc " * 50,
            title=None,
            language="en",
            pages=None,
            chunks=[NewChunk(i * 10, i * 10 + 8, None, None, "en", "abc") for i in range(n_chunks)],
        )


def test_version_mismatch_is_reported(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    cat.set_meta("schema_version", "999")
    cat.close()
    with pytest.raises(CatalogError, match="another version"):
        Catalog(tmp_path / "c.db")


def test_garbage_file_is_reported(tmp_path):
    (tmp_path / "c.db").write_bytes(b"garbage" * 1000)
    with pytest.raises(CatalogError, match="damaged"):
        Catalog(tmp_path / "c.db")


def test_failed_transaction_leaves_nothing(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    with pytest.raises(RuntimeError), cat.transaction():
        cat.add_content(
            "h",
            "text",
            title=None,
            language="en",
            pages=None,
            chunks=[NewChunk(0, 4, None, None, "en", "text")],
        )
        raise RuntimeError("crash in the middle")
    assert cat.chunk_count() == 0
    assert cat.content_id_for_hash("h") is None


def test_orphans_take_chunks_terms_and_vectors_with_them(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    cid = _content(cat, "h1")
    space = cat.ensure_space("s", "m", 4, ["en"])
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid,))]
    cat.add_vectors(space.id, ids, np.eye(4, dtype=np.float32)[: len(ids)])
    with cat.transaction():
        assert cat.collect_orphans() == 1
    assert cat.chunk_count() == 0
    assert cat.vector_count(space.id) == 0
    assert cat.db.execute("SELECT count(*) FROM chunk_terms").fetchone()[0] == 0


def test_vector_index_follows_the_log_and_rebuilds_when_damaged(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    space = cat.ensure_space("s", "m", 4, ["en"])
    cid = _content(cat, "h1", n_chunks=3)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid,))]
    cat.add_vectors(space.id, ids, np.eye(4, dtype=np.float32)[:3])
    index = VectorIndex(space, tmp_path / "v")
    index.load(cat)
    assert len(index) == 3
    index.save()
    cat.prune_vector_log(space.id, index.seq)

    # A later change reaches a fresh reader through the log.
    cid2 = _content(cat, "h2", n_chunks=1)
    new_id = cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid2,)).fetchone()[0]
    cat.add_vectors(space.id, [new_id], np.array([[0, 0, 0, 1]], dtype=np.float32))
    reader = VectorIndex(space, tmp_path / "v")
    reader.load(cat)
    assert len(reader) == 4
    assert reader.search(np.array([0, 0, 0, 1], dtype=np.float32), 1)[0][0] == new_id

    # A damaged file is rebuilt from the catalog, not trusted, never a crash.
    (tmp_path / "v" / f"space-{space.id}.faiss").write_bytes(b"\0" * 100)
    again = VectorIndex(space, tmp_path / "v")
    again.load(cat)
    assert len(again) == 4


def test_model_change_starts_the_space_afresh(tmp_path):
    cat = Catalog(tmp_path / "c.db")
    space = cat.ensure_space("s", "model-a", 4, ["en"])
    cid = _content(cat, "h1", n_chunks=1)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid,))]
    cat.add_vectors(space.id, ids, np.eye(4, dtype=np.float32)[:1])
    other = cat.ensure_space("s", "model-b", 8, ["en"])
    assert other.id != space.id
    assert cat.vector_count(space.id) == 0
    assert cat.chunks_needing_vectors(other, 10)[0][0] == ids[0]
