"""Shared fixtures: the real corpus, tmp data homes, and models loaded once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def spaces():
    """The two packaged vector spaces, loaded once for the whole test session."""
    from desktop_search.embed.spaces import make_spaces
    from desktop_search.settings import DEFAULT_SPACES

    return make_spaces(DEFAULT_SPACES)


@pytest.fixture
def make_library(tmp_path, spaces):
    """Open a Library on a fresh data home, sharing the session's loaded models."""
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths

    opened = []

    def factory(home: Path | None = None, **kwargs):
        lib = Library(app_paths(home or tmp_path / "home"), spaces=spaces, **kwargs)
        opened.append(lib)
        return lib

    yield factory
    for lib in opened:
        lib.close()


def copy_files(sources: list[Path], dest: Path) -> Path:
    """Copy ``sources`` into ``dest`` (created), returning ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for src in sources:
        shutil.copy2(src, dest / src.name)
    return dest
