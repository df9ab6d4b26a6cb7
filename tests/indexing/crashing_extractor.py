"""A test-only extractor that kills the whole process on files named ``crash-me*``.

The worker runs it in-process (``DESKTOP_SEARCH_EXTRACT``), so it stands for a parser
bug that takes the indexer down with it, the case the app must survive.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop_search.extract import ExtractedDocument
from desktop_search.extract import extract as real_extract

CRASH_EXIT_CODE = 7


def extract(path: Path) -> ExtractedDocument:
    """Die on ``crash-me*`` files; read everything else normally."""
    if Path(path).name.startswith("crash-me"):
        os._exit(CRASH_EXIT_CODE)
    return real_extract(path)
