"""A test-only extractor that takes a while per file, so a test can quit mid-pass."""

from __future__ import annotations

import os
import time
from pathlib import Path

from desktop_search.extract import ExtractedDocument
from desktop_search.extract import extract as real_extract

DELAY_S = 0.3


def extract(path: Path) -> ExtractedDocument:
    """Read ``path`` normally, after a pause (a slow PDF, a busy disk)."""
    time.sleep(DELAY_S)
    return real_extract(path)


STUCK_S = 3.0  # longer than the worker waits for its indexer thread when told to stop
READING_NOTE_ENV = "DESKTOP_SEARCH_TEST_READING_NOTE"  # a file this writes on starting a read


def extract_stuck(path: Path) -> ExtractedDocument:
    """Note that ``path`` is being read (in the file named by READING_NOTE_ENV), then take
    STUCK_S over it: a file the app is asked to quit in the middle of."""
    note = os.environ.get(READING_NOTE_ENV)
    if note:
        Path(note).write_text(str(path), encoding="utf-8")
    time.sleep(STUCK_S)
    return real_extract(path)
