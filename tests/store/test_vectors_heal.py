"""A lost or damaged FAISS file is rebuilt from the catalog, also after the log was trimmed."""

from __future__ import annotations

import numpy as np
import pytest

from desktop_search.store.catalog import Catalog, NewChunk
from desktop_search.store.vectors import VectorIndex


def _saved_space(tmp_path):
    """A catalog with 3 vectors whose index was saved and whose log was then trimmed."""
    cat = Catalog(tmp_path / "c.db")
    space = cat.ensure_space("s", "m", 4, ["en"])
    with cat.transaction():
        cat.add_content(
            "h",
            "abc " * 50,
            title=None,
            language="en",
            pages=None,
            chunks=[NewChunk(i * 10, i * 10 + 8, None, None, "en", "abc") for i in range(3)],
        )
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks ORDER BY id")]
    cat.add_vectors(space.id, ids, np.eye(4, dtype=np.float32)[:3])
    index = VectorIndex(space, tmp_path / "v")
    index.load(cat)
    index.save()
    cat.prune_vector_log(space.id, index.seq)
    assert cat.db.execute("SELECT count(*) FROM vector_log").fetchone()[0] == 0
    return cat, space, ids


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: f.unlink(),
        lambda f: f.write_bytes(b"\0" * 100),
        lambda f: f.write_bytes(f.read_bytes()[:-40] + f.read_bytes()[-16:]),  # same trailer
    ],
    ids=["missing", "zeroed", "cut-in-the-middle"],
)
def test_a_damaged_file_after_the_log_was_trimmed_is_rebuilt(tmp_path, damage):
    cat, space, ids = _saved_space(tmp_path)
    damage(tmp_path / "v" / f"space-{space.id}.faiss")
    again = VectorIndex(space, tmp_path / "v")
    again.load(cat)  # was: RecursionError
    assert len(again) == 3
    assert again.search(np.array([0, 1, 0, 0], dtype=np.float32), 1).ids[0] == ids[1]
    # ... and it can be saved and read back, the log position still right.
    again.save()
    third = VectorIndex(space, tmp_path / "v")
    third.load(cat)
    assert len(third) == 3 and third.seq == again.seq


def test_the_log_position_survives_trimming(tmp_path):
    cat, _space, _ids = _saved_space(tmp_path)
    assert cat.last_log_seq() == 3  # not 0 once the log is empty


def test_a_reader_rebuilds_from_a_read_only_catalog(tmp_path):
    cat, space, _ids = _saved_space(tmp_path)
    cat.close()
    for f in (tmp_path / "v").iterdir():
        f.unlink()
    reader = Catalog(tmp_path / "c.db", readonly=True)
    index = VectorIndex(space, tmp_path / "v")
    index.load(reader)
    assert len(index) == 3
