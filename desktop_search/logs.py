"""Send the app's log to a rotating file in the platform's log folder.

Errors a user can act on are shown in the window or on stderr in plain words; the
details (tracebacks, timings) go here, where a bug report can quote them. The log must
never be what stops the app: a log folder that cannot be written (a read-only data
folder, ``--data-dir`` pointing at a file) moves the log to a private temp folder, and a
disk that fills up while logging costs one line on stderr, not a traceback per message.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path

_configured = False
_in_use: Path | None = None
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file log that says once, in plain words, when it cannot write."""

    _complained = False

    def handleError(self, record: logging.LogRecord) -> None:
        # The default prints "--- Logging error ---" and a traceback for every message.
        if not _QuietFileHandler._complained:
            _QuietFileHandler._complained = True
            with contextlib.suppress(Exception):
                exc = sys.exc_info()[1]
                reason = getattr(exc, "strerror", None) or exc
                sys.stderr.write(
                    f"desktop-search: cannot write the log {self.baseFilename} "
                    f"({reason}); going on without it\n"
                )


def _open_handler(log_file: Path, *, shared_parent: bool = False) -> logging.Handler:
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if shared_parent:  # in /tmp: someone else could have made the folder first
        st = os.lstat(log_file.parent)
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            raise PermissionError(f"{log_file.parent} is not private")
    old = os.umask(0o077)  # the log quotes file names: user-only from its first byte
    try:
        return _QuietFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    finally:
        os.umask(old)


def fallback_log_file(name: str) -> Path:
    """Where the log goes when its folder cannot be written: a private temp folder."""
    import getpass

    uid = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
    return Path(tempfile.gettempdir()) / f"desktop-search-{uid}" / name


def setup_logging(log_file: Path, *, level: int = logging.INFO) -> Path | None:
    """Log to ``log_file`` (1 MB x 3 rotations); quiet noisy libraries.

    Returns the file actually used (``log_file``, or a temp one when that cannot be
    written), or None when no file could be opened (then warnings go to stderr).
    """
    global _configured
    if _configured:
        return None
    handler: logging.Handler | None = None
    used: Path | None = None
    for candidate in (log_file, fallback_log_file(log_file.name)):
        try:
            handler = _open_handler(candidate, shared_parent=candidate != log_file)
        except OSError:
            continue
        used = candidate
        break
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(_FORMAT))
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
    global _in_use
    _in_use = used
    if used is not None and used != log_file:
        logging.getLogger(__name__).warning("cannot write %s; logging to %s", log_file, used)
    return used


def log_file_in_use() -> Path | None:
    """The file this process logs to (it may be the temp fallback), once set up."""
    return _in_use
