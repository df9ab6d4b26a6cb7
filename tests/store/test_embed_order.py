"""Useful first (issue 21): the newest file is embedded first, every document's first
passages come before anyone's later ones, and navigation pages are not embedded at all."""

from __future__ import annotations

import os
from pathlib import Path

from desktop_search.app.library import Library

DAY_NS = 86_400 * 10**9


def _write(path: Path, text: str, days_old: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = 1_700_000_000 * 10**9 - days_old * DAY_NS
    os.utime(path, ns=(stamp, stamp))


def _sentences(topic: str, n: int) -> str:
    return " ".join(f"Part {i} of the {topic} story goes on for a while here." for i in range(n))


def _embed_in_batches_of_one(lib: Library, docs: Path) -> None:
    indexer = lib.indexer(extract=None)
    indexer.embed_batch = 1
    try:
        indexer.run([str(docs)], embed=False)  # as the app's worker: read all, then embed
        indexer.run(embed=True)
    finally:
        indexer.close()


def test_the_newest_file_is_embedded_first(library, tmp_path):
    lib, embedder = library
    docs = tmp_path / "docs"
    _write(docs / "a-old.txt", "The old minutes of the rowing club meeting.", days_old=300)
    _write(docs / "b-older.txt", "The older minutes of the chess club meeting.", days_old=900)
    _write(docs / "z-today.txt", "The report I saved a minute ago about the budget.", days_old=0)

    _embed_in_batches_of_one(lib, docs)

    assert [t.split()[1] for t in embedder.encoded] == ["report", "old", "older"]


def test_every_document_gets_its_first_passages_before_any_later_one(library, tmp_path):
    lib, embedder = library
    docs = tmp_path / "docs"
    _write(docs / "long-new.txt", _sentences("river", 12), days_old=1)
    _write(docs / "short-old.txt", "A short note about the garden fence.", days_old=50)

    _embed_in_batches_of_one(lib, docs)

    garden = next(n for n, t in enumerate(embedder.encoded) if "garden" in t)
    assert len(embedder.encoded) > 3  # the long file has several passages
    assert garden <= 2, "the old short note waited behind the new long file's passages"


def test_a_table_of_contents_is_not_embedded_and_not_waited_for(library, tmp_path):
    """Navigation has no vector (its words still find it) and is not counted as work
    left: "all passages learnt" must come true."""
    lib, embedder = library
    embedder.max_tokens = 400  # the whole table is one passage
    docs = tmp_path / "docs"
    toc = "\n".join(f"{n}. Chapter about topic {n} . . . . . . . . {n * 7}" for n in range(1, 9))
    _write(docs / "manual-contents.txt", toc, days_old=0)
    _write(docs / "old-note.txt", "An old note on how to sharpen a kitchen knife.", days_old=400)

    _embed_in_batches_of_one(lib, docs)

    assert any("knife" in t for t in embedder.encoded)
    assert not any("Chapter about topic" in t for t in embedder.encoded)
    for space in lib.catalog.spaces():
        count = lib.catalog.count_needing_vectors(space)
        assert count.embedded == count.total
        assert not lib.catalog.chunks_needing_vectors(space, 10)
    hits = lib.engine.search("Chapter about topic", k=5, mode="keyword").hits
    assert [h.name for h in hits][:1] == ["manual-contents.txt"]
