"""A small real library indexed once per session: Chinese articles and Rust book chapters."""

from __future__ import annotations

import pytest

from tests.conftest import copy_files

RUST_CHAPTERS = [
    "ch04-01-what-is-ownership.html",
    "ch08-03-hash-maps.html",
    "ch09-02-recoverable-errors-with-result.html",
    "ch13-01-closures.html",
    "ch16-01-threads.html",
    "ch16-03-shared-state.html",
]


@pytest.fixture(scope="session")
def indexed(tmp_path_factory, corpus, spaces):
    """A Library over zh/ and six Rust book chapters, fully indexed (keyword + vectors)."""
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths

    root = tmp_path_factory.mktemp("docs")
    copy_files(sorted((corpus / "zh").glob("*.txt")), root / "zh")
    copy_files([corpus / "en" / "rust-book" / c for c in RUST_CHAPTERS], root / "rust")
    lib = Library(app_paths(tmp_path_factory.mktemp("home")), spaces=spaces)
    indexer = lib.indexer()
    indexer.run([str(root)])
    indexer.close()
    lib.root = root
    yield lib
    lib.close()
