"""A test-only extractor that takes a while per file, so a test can quit mid-pass."""

from __future__ import annotations

import time
from pathlib import Path

from desktop_search.extract import ExtractedDocument
from desktop_search.extract import extract as real_extract

DELAY_S = 0.3


def extract(path: Path) -> ExtractedDocument:
    """Read ``path`` normally, after a pause (a slow PDF, a busy disk)."""
    time.sleep(DELAY_S)
    return real_extract(path)
