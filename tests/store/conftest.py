"""A library with one fast stand-in model (``word_hash``): what is embedded, and when."""

from __future__ import annotations

import pytest

from desktop_search.app.library import Library
from desktop_search.embed.spaces import Space
from desktop_search.paths import app_paths
from desktop_search.settings import Settings, SpaceSpec
from tests.store.word_hash import WordHashEmbedder


@pytest.fixture
def library(tmp_path):
    embedder = WordHashEmbedder()
    spec = SpaceSpec(name="words", model="test", languages=("en", "zh"))
    lib = Library(
        app_paths(tmp_path / "home"),
        settings=Settings(spaces=(spec,)),
        spaces=[Space(spec, embedder)],
    )
    yield lib, embedder
    lib.close()
