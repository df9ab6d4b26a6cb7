"""A file that ends the indexing process itself is read last, then quarantined; the rest goes on."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop_search.app.library import Library
from desktop_search.indexing.crash_ledger import QUARANTINE_REASON
from desktop_search.paths import app_paths
from tests.indexing.crashing_extractor import CRASH_EXIT_CODE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os._exit semantics")

_RUN = textwrap.dedent(
    """
    import sys
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths
    from tests.indexing.crashing_extractor import extract

    lib = Library(app_paths(sys.argv[1]))
    indexer = lib.indexer(extract=extract)
    try:
        indexer.scan([sys.argv[2]])
        indexer.run(embed=False)
    finally:
        indexer.close()
    """
)


def _run(home, folder) -> int:
    return subprocess.run(
        [sys.executable, "-c", _RUN, str(home), str(folder)], capture_output=True, timeout=300
    ).returncode


def test_a_file_that_kills_the_indexer_twice_is_quarantined(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    # Both are read before the notes (folder order): the case where every run died on
    # the same file and the notes were never indexed.
    (folder / "crash-me-1.txt").write_text("this one takes the process down")
    (folder / "crash-me-2.txt").write_text("so does this one")
    for i in range(5):
        (folder / f"a-note-{i}.txt").write_text(f"note {i} about tomatoes")
    home = tmp_path / "home"

    assert _run(home, folder) == CRASH_EXIT_CODE  # crash-me-2, read first
    assert _run(home, folder) == CRASH_EXIT_CODE  # crash-me-1; crash-me-2 now waits at the end
    assert _run(home, folder) == CRASH_EXIT_CODE  # crash-me-2 again, but after the notes
    with Library(app_paths(home), readonly=True, threads=1) as lib:
        assert lib.catalog.status_counts() == {"indexed": 5, "pending": 2}

    assert _run(home, folder) == CRASH_EXIT_CODE  # crash-me-2 quarantined; crash-me-1 again
    assert _run(home, folder) == 0  # crash-me-1 quarantined: nothing left to stop it
    assert _run(home, folder) == 0
    with Library(app_paths(home), readonly=True, threads=1) as lib:
        failed = {r.name: r.error for r in lib.catalog.files(status="failed")}
        assert lib.catalog.status_counts() == {"indexed": 5, "failed": 2}
    assert failed == {"crash-me-1.txt": QUARANTINE_REASON, "crash-me-2.txt": QUARANTINE_REASON}


def test_files_read_before_one_that_stopped_a_run_are_stored_before_it_is_read(
    make_library, tmp_path, monkeypatch
):
    """If the file read last ends this run too, the notes read before it are not lost.

    The reader runs ahead of the writer; without waiting, the notes still queued when
    the suspect file takes the process down would be read again (and maybe lost again,
    behind the next suspect) at every run until both were quarantined.
    """
    from desktop_search.indexing.crash_ledger import CrashLedger
    from desktop_search.indexing.pipeline import Indexer
    from desktop_search.store.catalog import Catalog

    folder = tmp_path / "docs"
    folder.mkdir()
    suspect = folder / "a-suspect.txt"  # first in folder order, like the crash-me files
    suspect.write_text("it stopped the last run")
    for i in range(5):
        (folder / f"note-{i}.txt").write_text(f"note {i} about tomatoes")
    lib = make_library()
    indexer = lib.indexer()
    indexer.scan([str(folder)])
    CrashLedger(lib.catalog.path.with_name("reading-now")).begin(str(suspect))  # then "died"

    slow_store = Indexer._store

    def store(self, result):  # a busy disk: the writer lags behind the reader
        time.sleep(0.1)
        slow_store(self, result)

    monkeypatch.setattr(Indexer, "_store", store)
    seen_when_suspect_read = {}
    real_extract = indexer.extract

    def extract(path):
        if Path(path) == suspect:
            with Catalog(lib.catalog.path, readonly=True) as cat:
                seen_when_suspect_read.update(cat.status_counts())
        return real_extract(path)

    indexer.extract = extract
    try:
        indexer.run(embed=False)
    finally:
        indexer.close()
    assert seen_when_suspect_read == {"indexed": 5, "pending": 1}
    assert lib.catalog.status_counts() == {"indexed": 6}
