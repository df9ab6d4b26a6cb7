"""What a user meets when things around the index go wrong: plain words, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_search.cli.main import main
from tests.conftest import copy_files


def _cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop_search.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def folder(tmp_path, corpus):
    return copy_files(
        [
            corpus / "en" / "rust-book" / "ch16-01-threads.html",
            corpus / "zh" / "向量表征与向量数据库.txt",
        ],
        tmp_path / "docs",
    )


def test_removing_every_faiss_file_leaves_search_check_and_index_working(tmp_path, folder, capsys):
    home = str(tmp_path / "home")
    assert main(["--data-dir", home, "index", str(folder)]) == 0
    vectors = Path(home) / "data" / "vectors"
    assert list(vectors.glob("*.faiss"))
    for f in vectors.iterdir():
        f.unlink()
    capsys.readouterr()
    args = ["--data-dir", home, "search", "run code in parallel", "--mode", "semantic", "-k", "1"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("1. ch16-01-threads.html")
    assert main(["--data-dir", home, "check"]) == 0
    assert "consistent" in capsys.readouterr().out
    assert main(["--data-dir", home, "index"]) == 0
    assert list(vectors.glob("*.faiss")), "the index run writes the lost files again"
    capsys.readouterr()
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("1. ch16-01-threads.html")
