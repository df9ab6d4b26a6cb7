"""Where the app keeps its own files: data (catalog, vectors), config, logs, cache.

Everything comes from platformdirs so the app behaves like a native citizen on each OS.
``DESKTOP_SEARCH_HOME`` moves all of it under one folder (tests, portable installs);
``--data-dir`` on the CLI does the same for one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "desktop-search"
HOME_ENV = "DESKTOP_SEARCH_HOME"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The app's own folders; created with user-only permissions on first use."""

    data: Path
    config: Path
    log: Path
    cache: Path
    home: Path | None = None  # the one folder holding all four (--data-dir), if any

    @property
    def catalog(self) -> Path:
        return self.data / "catalog.sqlite3"

    @property
    def vectors(self) -> Path:
        return self.data / "vectors"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def indexer_lock(self) -> Path:
        """Held by the running indexer process (``file_lock.hold``) for its whole life."""
        return self.data / "indexer.lock"

    @property
    def log_file(self) -> Path:
        return self.log / "desktop-search.log"

    def ensure(self) -> AppPaths:
        """Create the folders, user-only (0700: documents' text lives here), whoever made them.

        Also sets the process's umask to keep group and others out, so every file the
        app writes from here on (the catalog's -wal and -shm files, logs, temp files) is
        0600 from its first byte rather than chmod-ed afterwards.
        """
        os.umask(os.umask(0o077) | 0o077)
        folders = [self.data, self.config, self.log, self.cache, self.vectors]
        if self.home is not None:
            folders.insert(0, self.home)
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(OSError):  # not ours, or a read-only disk: leave it
                if folder.stat().st_mode & 0o077:
                    folder.chmod(0o700)
        return self


def add_location_arguments(parser: argparse.ArgumentParser, version: str) -> None:
    """``--version`` and ``--data-dir``, the same for the window and the command line."""
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the index and settings here instead of the platform's data folder "
        f"(also: ${HOME_ENV})",
    )


def app_paths(home: Path | str | None = None) -> AppPaths:
    """Paths under ``home`` if given (or $DESKTOP_SEARCH_HOME), else the platform's folders."""
    root = home or os.environ.get(HOME_ENV)
    if root:
        base = Path(root).expanduser().resolve()
        return AppPaths(base / "data", base / "config", base / "log", base / "cache", base)
    return AppPaths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
