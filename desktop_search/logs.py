"""Send the app's log to a rotating file in the platform's log folder.

Errors a user can act on are shown in the window or on stderr in plain words; the
details (tracebacks, timings) go here, where a bug report can quote them.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_configured = False


def setup_logging(log_file: Path, *, level: int = logging.INFO) -> None:
    """Log to ``log_file`` (1 MB x 3 rotations); quiet noisy libraries."""
    global _configured
    if _configured:
        return
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("jieba", "sentence_transformers", "transformers", "urllib3", "httpx", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Libraries must not print progress bars or reach for the network on their own.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    _configured = True
