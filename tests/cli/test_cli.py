"""The command line as a user meets it: index, search, status, forget, check, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from desktop_search.cli.main import main
from tests.conftest import copy_files


@pytest.fixture
def home(tmp_path):
    return str(tmp_path / "home")


@pytest.fixture
def folder(tmp_path, corpus):
    return copy_files(
        [
            corpus / "en" / "rust-book" / "ch16-01-threads.html",
            corpus / "zh" / "向量表征与向量数据库.txt",
        ],
        tmp_path / "docs",
    )


def test_index_search_status_forget(home, folder, capsys, monkeypatch):
    assert main(["--data-dir", home, "index", "--no-embed", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "2 indexed" in err

    assert (
        main(["--data-dir", home, "search", "spawn a thread", "--mode", "keyword", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["hits"][0]["name"] == "ch16-01-threads.html"
    assert out["hits"][0]["passages"][0]["snippet"]["highlights"]

    assert main(["--data-dir", home, "search", "向量数据库", "--mode", "keyword", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 向量表征与向量数据库.txt")
    assert "[向量数据库]" in out  # not a tty: matches shown in brackets

    assert main(["--data-dir", home, "status"]) == 0
    out = capsys.readouterr().out
    assert f"folder {folder}: 2 indexed" in out

    assert main(["--data-dir", home, "check"]) == 0
    assert "consistent" in capsys.readouterr().out

    assert main(["--data-dir", home, "forget", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", home, "search", "thread", "--mode", "keyword"]) == 1
    assert "nothing is indexed yet" in capsys.readouterr().err  # every folder forgotten


def test_index_with_no_argument_keeps_an_unplugged_folder(home, folder, tmp_path, capsys):
    """`index` with no folder rescans the chosen ones; one whose drive is out is kept."""
    assert main(["--data-dir", home, "index", "--no-embed", str(folder)]) == 0
    folder.rename(tmp_path / "elsewhere")  # the drive is unplugged
    capsys.readouterr()
    assert main(["--data-dir", home, "index", "--no-embed"]) == 0
    err = capsys.readouterr().err
    assert "0 deleted" in err and "its index is kept" in err and "plugged in" in err
    assert main(["--data-dir", home, "status"]) == 0
    assert "2 indexed, 0 pending, 0 unreadable, 0 skipped (not available: not there" in (
        capsys.readouterr().out
    )
    assert main(["--data-dir", home, "search", "向量数据库", "--mode", "keyword"]) == 0
    assert "向量表征与向量数据库.txt" in capsys.readouterr().out


def test_index_with_vectors_then_semantic_search(home, folder, capsys):
    assert main(["--data-dir", home, "index", str(folder)]) == 0
    capsys.readouterr()
    assert (
        main(
            ["--data-dir", home, "search", "run code in parallel", "--mode", "semantic", "-k", "1"]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("1. ch16-01-threads.html")


def test_missing_folder_is_one_line_error(home, tmp_path, capsys):
    assert main(["--data-dir", home, "index", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"desktop-search-cli: no such folder: {tmp_path / 'nope'}"


def test_unreadable_index_is_one_line_error_no_traceback(tmp_path):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "catalog.sqlite3").write_bytes(b"this is not a database" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop_search.cli.main", "--data-dir", str(home), "search", "x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "cannot open the index" in proc.stderr


def test_forget_unknown_folder(home, tmp_path, capsys):
    assert main(["--data-dir", home, "forget", str(tmp_path)]) == 1
    assert "not an indexed folder" in capsys.readouterr().err


@pytest.mark.skipif(
    hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0,
    reason="root can write to read-only folders",
)
def test_read_only_data_folder_is_reported_plainly(tmp_path, folder, capsys):
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    try:
        assert main(["--data-dir", str(home), "index", str(folder)]) == 1
        assert "read-only" in capsys.readouterr().err
    finally:
        home.chmod(0o700)


def test_storage_problem_words():
    import errno
    import sqlite3

    from desktop_search.store.catalog import storage_problem

    assert "disk is full" in storage_problem(OSError(errno.ENOSPC, "No space left on device"))
    assert "disk is full" in storage_problem(sqlite3.OperationalError("database or disk is full"))
    assert "read-only" in storage_problem(
        sqlite3.OperationalError("attempt to write a readonly database")
    )
    assert storage_problem(ValueError("other")) is None


def test_check_finds_keyword_postings_out_of_step_and_repairs_them(home, folder, capsys):
    """Passages are scored from term postings kept beside the keyword table; a lost row
    (a bug, a hand edit) would score passages wrongly without a word. ``check`` says so,
    and ``check --repair`` remakes them."""
    import sqlite3

    from desktop_search.paths import app_paths

    assert main(["--data-dir", home, "index", "--no-embed", str(folder)]) == 0
    db = sqlite3.connect(app_paths(home).catalog)
    with db:
        db.execute(
            "DELETE FROM chunk_postings WHERE term = (SELECT term FROM chunk_postings LIMIT 1)"
        )
    db.close()
    capsys.readouterr()
    assert main(["--data-dir", home, "check"]) == 1
    out = capsys.readouterr().out
    assert "keyword postings are out of step" in out
    assert "check --repair" in out
    assert main(["--data-dir", home, "check", "--repair"]) == 0
    assert "index is consistent" in capsys.readouterr().out
    assert main(["--data-dir", home, "check"]) == 0
