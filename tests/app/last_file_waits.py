"""A test-only extractor: the last file of a pass waits until some passage has a vector.

It tells whether the indexer embeds while it is still reading: if embedding came only
after the whole read, the wait runs out and the marker file says so.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from desktop_search.extract import ExtractedDocument
from desktop_search.extract import extract as real_extract

FILES_ENV = "DS_TEST_FILES"  # how many files the pass reads
CATALOG_ENV = "DS_TEST_CATALOG"
MARKER_ENV = "DS_TEST_MARKER"  # written "vectors" or "none" when the last file is read
WAIT_S = 60.0

_reads = 0


def _vectors(catalog: str) -> int:
    with sqlite3.connect(f"file:{catalog}?mode=ro", uri=True, timeout=5) as db:
        return db.execute("SELECT count(*) FROM vectors").fetchone()[0]


def extract(path: Path) -> ExtractedDocument:
    global _reads
    _reads += 1
    if _reads == int(os.environ[FILES_ENV]):
        deadline = time.monotonic() + WAIT_S
        seen = False
        while not seen and time.monotonic() < deadline:
            seen = _vectors(os.environ[CATALOG_ENV]) > 0
            time.sleep(0.1)
        Path(os.environ[MARKER_ENV]).write_text("vectors" if seen else "none")
    return real_extract(path)
