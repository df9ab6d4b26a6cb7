"""Shared fixtures for the extractor tests: where the shared corpus is, and generated files."""

from __future__ import annotations

from pathlib import Path

import pytest

# /work/main/tests/extract/conftest.py -> /work/main/../shared/corpus
CORPUS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared test corpus; tests that need it are skipped when it is not there."""
    if not (CORPUS / "README.md").is_file():
        pytest.skip(f"shared test corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def messy(corpus: Path) -> Path:
    return corpus / "messy"
