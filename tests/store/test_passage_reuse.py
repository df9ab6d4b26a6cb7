"""A passage repeated across files is embedded once, yet both files are found by meaning,
and deleting one of them keeps the other findable (issue 21, "never embed the same text
twice").

A small word-hashing embedder stands in for the model: it counts what it is asked to
encode, and texts sharing words get close vectors, so a search by meaning behaves.
"""

from __future__ import annotations

from pathlib import Path

from desktop_search.app.library import Library

BOILERPLATE = (
    "Camping permits are checked at the ranger station before every trip into the "
    "wilderness area, and each group must carry a bear canister for its food."
)
SPRING = "\n\nIn spring we left on a Friday, walked along the river and slept beside the lake."
AUTUMN = "\n\nIn autumn the leaves had turned, it rained twice and the trail was muddy all week."
RISOTTO = "Stir the risotto slowly and add the warm stock a ladle at a time until it is creamy."


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _index(lib: Library, folder: Path) -> None:
    indexer = lib.indexer(extract=None)
    try:
        indexer.run([str(folder)])
    finally:
        indexer.close()


def _found_by_meaning(lib: Library, query: str) -> set[str]:
    lib.release_engine()  # as a new search process would see the index
    hits = lib.engine.search(query, mode="semantic", k=10).hits
    return {Path(h.path).name for h in hits}


def test_a_repeated_passage_is_embedded_once_and_found_in_both_files(library, tmp_path):
    lib, embedder = library
    docs = tmp_path / "docs"
    _write(docs / "spring-trip.txt", BOILERPLATE + SPRING)
    _write(docs / "autumn" / "trip-notes.txt", BOILERPLATE + AUTUMN)
    _write(docs / "recipes.txt", RISOTTO)

    _index(lib, docs)

    assert embedder.encoded.count(BOILERPLATE) == 1
    found = _found_by_meaning(lib, "do we need a bear canister and a permit for camping")
    assert {"spring-trip.txt", "trip-notes.txt"} <= found


def test_a_passage_already_embedded_is_not_embedded_again_for_a_new_file(library, tmp_path):
    lib, embedder = library
    docs = tmp_path / "docs"
    _write(docs / "one.txt", BOILERPLATE + SPRING)
    _index(lib, docs)
    before = len(embedder.encoded)
    _write(docs / "two.txt", BOILERPLATE + AUTUMN)  # added a day later
    _index(lib, docs)

    assert embedder.encoded[before:].count(BOILERPLATE) == 0
    assert any("leaves had turned" in t for t in embedder.encoded[before:])
    assert "two.txt" in _found_by_meaning(lib, "bear canister camping permit ranger")


def test_deleting_one_copy_keeps_the_other_findable_by_meaning(library, tmp_path):
    lib, embedder = library
    docs = tmp_path / "docs"
    _write(docs / "spring-trip.txt", BOILERPLATE + SPRING)
    _write(docs / "trip-notes.txt", BOILERPLATE + AUTUMN)
    _write(docs / "recipes.txt", RISOTTO)
    _index(lib, docs)
    assert embedder.encoded.count(BOILERPLATE) == 1

    (docs / "spring-trip.txt").unlink()
    _index(lib, docs)

    found = _found_by_meaning(lib, "bear canister camping permit ranger station")
    assert "trip-notes.txt" in found
    assert "spring-trip.txt" not in found
