"""A space past its switch size moves to the compact IVF index without losing what search needs.

The threshold is forced low so a few thousand vectors exercise the switch: the compact
index must find what exact search finds, honour deletions and ``allowed``, survive a
save/load, rebuild a damaged file, and keep answering while a switch is being built.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop_search.store import vectors
from desktop_search.store.catalog import Catalog, NewChunk, SpaceRow
from desktop_search.store.vectors import SWITCH_ENV, VectorIndex, switch_threshold

DIM = 64
DOCS = 30
PER_DOC = 100  # 3,000 vectors


def clustered(n: int, seed: int, centres: np.ndarray) -> np.ndarray:
    """Mixtures of a few topic centres plus noise, normalised: neighbourhoods like real text."""
    rng = np.random.default_rng(seed)
    w = rng.dirichlet([0.5, 0.5, 0.5], n).astype(np.float32)
    x = sum(w[:, i : i + 1] * centres[rng.integers(0, len(centres), n)] for i in range(3))
    x = x + 0.08 * rng.standard_normal((n, DIM), dtype=np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def centres() -> np.ndarray:
    c = np.random.default_rng(7).standard_normal((40, DIM)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def _add_doc(cat: Catalog, space: SpaceRow, n: int, vectors: np.ndarray, name: str) -> list[int]:
    """One file with ``n`` chunks and their vectors; returns the chunk ids."""
    with cat.transaction():
        content = cat.add_content(
            name,
            "x" * (n * 10),
            title=None,
            language="en",
            pages=None,
            chunks=[NewChunk(i * 10, i * 10 + 9, None, None, "en", "x") for i in range(n)],
        )
        cat.mark_pending(f"/docs/{name}", "/docs", 1, 1)
        cat.set_file_result(f"/docs/{name}", status="indexed", hash=name, content_id=content)
    ids = [r[0] for r in cat.db.execute("SELECT id FROM chunks WHERE content_id=?", (content,))]
    cat.add_vectors(space.id, ids, vectors)
    return ids


@pytest.fixture(autouse=True)
def approximate(monkeypatch):
    """Probe a few lists, as at full scale, instead of all of them (tiny spaces would)."""
    monkeypatch.setattr(vectors, "_SCAN_TARGET", 300)


@pytest.fixture
def library(tmp_path, centres):
    """A catalog of DOCS files x PER_DOC chunks with clustered vectors."""
    cat = Catalog(tmp_path / "c.db")
    space = cat.ensure_space("s", "m", DIM, ["en"])
    data = clustered(DOCS * PER_DOC, 1, centres)
    docs = {}
    for d in range(DOCS):
        name = f"doc{d}"
        docs[name] = _add_doc(cat, space, PER_DOC, data[d * PER_DOC : (d + 1) * PER_DOC], name)
    yield cat, space, docs
    cat.close()


def _index(cat, space, folder, **kwargs) -> VectorIndex:
    index = VectorIndex(space, folder, **kwargs)
    index.load(cat)
    return index


def _recall(a: VectorIndex, b: VectorIndex, queries: np.ndarray, k: int = 10, **kw) -> float:
    hits = 0
    for q in queries:
        want = set(a.search(q, k, **kw).ids.tolist())
        got = set(b.search(q, k, **kw).ids.tolist())
        hits += len(want & got)
    return hits / (k * len(queries))


def test_switched_index_finds_what_exact_search_finds(library, tmp_path, centres):
    cat, space, _ = library
    exact = _index(cat, space, tmp_path / "flat", switch_at=10**9)
    compact = _index(cat, space, tmp_path / "ivf", switch_at=1000, background=False)
    assert exact.kind == "flat"
    assert compact.kind == "ivf-sq8"
    assert len(compact) == len(exact) == DOCS * PER_DOC
    probe = compact._vectors.nprobe
    assert probe < compact._vectors.index.nlist / 3  # approximate, not a disguised full scan
    queries = clustered(50, 2, centres)
    assert _recall(exact, compact, queries) >= 0.9
    # Scores are cosines, close to the exact ones despite 8-bit storage.
    q = queries[0]
    (best_id, best), *_ = exact.search(q, 1).pairs()
    got = dict(compact.search(q, 20).pairs())
    assert best_id in got
    assert got[best_id] == pytest.approx(best, abs=0.02)


def test_deleted_vectors_are_never_returned(library, tmp_path, centres):
    cat, space, docs = library
    compact = _index(cat, space, tmp_path / "ivf", switch_at=1000, background=False)
    gone = set(docs["doc3"]) | set(docs["doc4"])
    with cat.transaction():
        cat.remove_files(["/docs/doc3", "/docs/doc4"])
        cat.collect_orphans()
    compact.refresh(cat)
    assert len(compact) == (DOCS - 2) * PER_DOC
    assert compact.kind == "ivf-sq8"
    for q in clustered(30, 3, centres):
        assert not gone & set(compact.search(q, 50).ids.tolist())
    # A deleted vector's own query finds its nearest living neighbours instead.
    exact = _index(cat, space, tmp_path / "flat", switch_at=10**9)
    assert _recall(exact, compact, clustered(30, 4, centres)) >= 0.9


def test_replaced_vector_is_found_under_its_new_value(library, tmp_path, centres):
    cat, space, docs = library
    compact = _index(cat, space, tmp_path / "ivf", switch_at=1000, background=False)
    chunk = docs["doc0"][0]
    new = clustered(1, 99, centres)  # a re-embedded chunk: somewhere else in the space
    assert chunk not in compact.search(new[0], 10).ids
    cat.add_vectors(space.id, [chunk], new)
    compact.refresh(cat)
    assert len(compact) == DOCS * PER_DOC
    (top, score), *_ = compact.search(new[0], 1).pairs()
    assert top == chunk
    assert score == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize("docs_allowed", [1, 10])
def test_allowed_restricts_and_stays_accurate(library, tmp_path, centres, docs_allowed):
    cat, space, docs = library
    compact = _index(cat, space, tmp_path / "ivf", switch_at=1000, background=False)
    exact = _index(cat, space, tmp_path / "flat", switch_at=10**9)
    allowed = {i for d in range(docs_allowed) for i in docs[f"doc{d}"]}
    queries = clustered(20, 5, centres)
    for q in queries:
        found = compact.search(q, 10, allowed=allowed)
        assert len(found) == 10
        assert set(found.ids.tolist()) <= allowed
    assert _recall(exact, compact, queries, allowed=allowed) >= 0.9
    assert len(compact.search(queries[0], 10, allowed=set())) == 0


def test_compact_index_saves_loads_and_rebuilds_when_damaged(library, tmp_path, centres):
    cat, space, _ = library
    folder = tmp_path / "v"
    compact = _index(cat, space, folder, switch_at=1000, background=False)
    compact.save()
    stamp = json.loads((folder / f"space-{space.id}.json").read_text())
    assert stamp["kind"] == "ivf-sq8"
    assert stamp["count"] == DOCS * PER_DOC
    q = clustered(1, 6, centres)[0]

    again = _index(cat, space, folder, switch_at=1000, background=False)
    assert again.kind == "ivf-sq8"
    assert again.search(q, 10).pairs() == compact.search(q, 10).pairs()

    data = (folder / f"space-{space.id}.faiss").read_bytes()
    (folder / f"space-{space.id}.faiss").write_bytes(data[: len(data) // 2])
    rebuilt = _index(cat, space, folder, switch_at=1000, background=False)
    assert rebuilt.kind == "ivf-sq8"
    assert len(rebuilt) == DOCS * PER_DOC

    # A file that is whole but not the one its stamp describes is not trusted either.
    rebuilt.save()
    (folder / f"space-{space.id}.faiss").write_bytes(data)
    mismatched = _index(cat, space, folder, switch_at=1000, background=False)
    assert len(mismatched) == DOCS * PER_DOC


def test_switch_happens_in_the_background_while_search_goes_on(library, tmp_path, centres):
    cat, space, _ = library
    index = _index(cat, space, tmp_path / "v", switch_at=DOCS * PER_DOC)
    assert index.kind == "flat"
    q = clustered(1, 8, centres)[0]
    before = index.search(q, 10)

    _add_doc(cat, space, PER_DOC, clustered(PER_DOC, 9, centres), "late")
    index.refresh(cat)  # past the threshold: a compact index is built beside this one
    assert len(index) == (DOCS + 1) * PER_DOC
    assert len(index.search(q, 10))  # still answering, whatever the build's progress
    _add_doc(cat, space, PER_DOC, clustered(PER_DOC, 10, centres), "later")
    assert index.wait_for_build(timeout=60)
    index.refresh(cat)
    assert index.kind == "ivf-sq8"
    assert len(index) == cat.vector_count(space.id) == (DOCS + 2) * PER_DOC
    overlap = set(before.ids.tolist()) & set(index.search(q, 10).ids.tolist())
    assert len(overlap) >= 8


def test_shrinking_far_below_the_threshold_returns_to_exact_search(library, tmp_path):
    cat, space, _ = library
    index = _index(cat, space, tmp_path / "v", switch_at=2000, background=False)
    assert index.kind == "ivf-sq8"
    with cat.transaction():
        cat.remove_files([f"/docs/doc{d}" for d in range(25)])
        cat.collect_orphans()
    index.refresh(cat)
    assert len(index) == 5 * PER_DOC
    assert index.kind == "flat"


def test_save_waits_for_a_background_build(library, tmp_path):
    cat, space, _ = library
    folder = tmp_path / "v"
    small = VectorIndex(space, folder, switch_at=10**9)
    small.load(cat)
    small.save()  # a flat copy on disk, as an earlier run would leave it
    index = _index(cat, space, folder, switch_at=1000)  # load, replay, start the switch
    index.save()
    stamp = json.loads((folder / f"space-{space.id}.json").read_text())
    assert stamp["kind"] == "ivf-sq8"


def test_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(SWITCH_ENV, "1234")
    assert switch_threshold() == 1234
    monkeypatch.setenv(SWITCH_ENV, "lots")
    assert switch_threshold() > 1000


def test_reader_behind_a_trimmed_log_loads_the_saved_copy(library, tmp_path, centres, monkeypatch):
    cat, space, _ = library
    folder = tmp_path / "v"
    reader = _index(cat, space, folder, switch_at=1000, background=False)
    _add_doc(cat, space, PER_DOC, clustered(PER_DOC, 11, centres), "new")
    writer = _index(cat, space, folder, switch_at=1000, background=False)
    writer.save()
    cat.prune_vector_log(space.id, writer.seq)

    def no_rebuild(*args, **kwargs):
        raise AssertionError("rebuilt from the catalog instead of reading the saved copy")

    monkeypatch.setattr(VectorIndex, "_build", no_rebuild)
    reader.refresh(cat)
    assert len(reader) == (DOCS + 1) * PER_DOC
    assert reader.seq == writer.seq
