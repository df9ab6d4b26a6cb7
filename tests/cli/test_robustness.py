"""What a user meets when things around the index go wrong: plain words, never a traceback."""

from __future__ import annotations

import os
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


def test_every_file_ends_with_an_outcome_a_person_can_see(tmp_path, capsys):
    home = str(tmp_path / "home")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fine.txt").write_text("tomatoes need water")
    os.mkfifo(docs / "pipe.txt")
    (tmp_path / "secret.txt").write_text("not yours")
    os.symlink(tmp_path / "secret.txt", docs / "secret-link.txt")
    with open(docs / "sparse.txt", "wb") as fh:  # 300 MB on paper, nothing on disk
        fh.truncate(300 * 1024 * 1024)
    with open(os.fsencode(docs) + b"/caf\xe9.txt", "w") as fh:
        fh.write("x")
    (docs / "\x1b]0;pwned\x07.txt").write_text("")  # an empty file with an escape in its name

    assert main(["--data-dir", home, "index", "--no-embed", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "1 indexed, 1 unreadable, 4 skipped" in err
    assert "pipe.txt: not a regular file" in err
    assert "secret-link.txt: a link to a file outside the chosen folder" in err
    assert "caf\\xe9.txt: file name is not valid text" in err

    assert main(["--data-dir", home, "status", "--failed"]) == 0
    out = capsys.readouterr().out
    assert f"folder {docs}: 1 indexed, 0 pending, 1 unreadable, 4 skipped" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07.txt: empty file" in out
    assert "sparse.txt: too large (300 MB; the limit is 200 MB)" in out
    for name in ("pipe.txt", "secret-link.txt", "caf\\xe9.txt"):
        assert f"{docs / name}: " in out

    # Fixed problems are forgotten at the next scan; lasting ones stay listed once.
    (docs / "pipe.txt").unlink()
    assert main(["--data-dir", home, "index", "--no-embed"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", home, "status", "--failed"]) == 0
    out = capsys.readouterr().out
    assert "pipe.txt" not in out and out.count("secret-link.txt") == 1


def test_a_file_written_to_while_being_read_says_so(tmp_path, make_library):
    from desktop_search.extract import extract as real_extract
    from desktop_search.indexing.pipeline import CHANGED_NOTE

    docs = tmp_path / "docs"
    docs.mkdir()
    log_file = docs / "growing.txt"
    log_file.write_text("first line\n")

    def extract(path: Path):
        doc = real_extract(path)
        with open(path, "a") as fh:  # a program appends meanwhile
            fh.write("another line\n")
        os.utime(path, ns=(1, 10**18))
        return doc

    lib = make_library()
    indexer = lib.indexer(extract=extract)
    try:
        indexer.run([str(docs)], embed=False)
    finally:
        indexer.close()
    record = lib.catalog.file(str(log_file))
    assert (record.status, record.error) == ("pending", CHANGED_NOTE)


@pytest.mark.parametrize("where", ["file", "/dev/null", "/proc/self"])
def test_a_data_dir_that_cannot_hold_an_index_is_one_plain_line(tmp_path, where):
    if where == "file":
        where = str(tmp_path / "a-file")
        Path(where).write_text("x")
    elif not Path(where).exists():
        pytest.skip(f"no {where} here")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("x")
    for args in (["search", "x"], ["status"], ["check"], ["index", "--no-embed", str(docs)]):
        proc = _cli("--data-dir", where, *args)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        line = proc.stderr.strip()
        assert "\n" not in line and line.startswith("desktop-search-cli: "), line


def test_a_missing_index_is_not_called_damaged_and_nothing_is_created(tmp_path, capsys):
    home = tmp_path / "never-indexed"
    for args in (["search", "x"], ["status"], ["check"]):
        assert main(["--data-dir", str(home), *args]) == 1
        err = capsys.readouterr().err
        assert "no index yet: run `desktop-search-cli index FOLDER` first" in err
    assert main(["--data-dir", str(home), "forget", str(tmp_path)]) == 1
    assert "not an indexed folder" in capsys.readouterr().err
    assert not home.exists()


def _read_only_mount_works(path: Path) -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount --bind {path} {path} && "
         f"mount -o remount,ro,bind {path} && ! touch {path}/probe"],
        capture_output=True,
    )  # fmt: skip
    return probe.returncode == 0


def test_a_read_only_data_folder_still_searches(tmp_path):
    """Search and status on a read-only disk (root ignores chmod, so a read-only mount)."""
    import shutil

    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("tomatoes need water every day")
    assert _cli("--data-dir", str(home), "index", "--no-embed", str(docs)).returncode == 0
    shutil.rmtree(home / "log")  # and the log folder is not there: nowhere to log to
    if os.geteuid() != 0:
        for p in home.rglob("*"):
            p.chmod(0o500 if p.is_dir() else 0o400)
        home.chmod(0o500)
        prefix: list[str] = []
    elif shutil.which("unshare") and _read_only_mount_works(home):
        prefix = ["unshare", "-m", "sh", "-c",
                  f'mount --bind {home} {home} && mount -o remount,ro,bind {home} && exec "$@"',
                  "sh"]  # fmt: skip
    else:
        pytest.skip("cannot make a read-only folder here")
    try:
        for args in (["search", "tomatoes", "--mode", "keyword"], ["status"], ["check"]):
            proc = subprocess.run(
                [*prefix, sys.executable, "-m", "desktop_search.cli.main", "--data-dir",
                 str(home), *args],
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert proc.returncode == 0, proc.stderr
            assert "Traceback" not in proc.stderr and "Logging error" not in proc.stderr
            if args[0] == "search":
                assert "a.txt" in proc.stdout
    finally:
        for p in [home, *home.rglob("*")]:
            p.chmod(0o700)


def _small_index(tmp_path, capsys) -> Path:
    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(30):
        (docs / f"note-{i}.txt").write_text(f"Note {i}: the tomatoes need water. " * 40)
    assert main(["--data-dir", str(home), "index", "--no-embed", str(docs)]) == 0
    capsys.readouterr()
    return home


def test_check_on_a_damaged_catalog_says_what_to_do(tmp_path, capsys):
    home = _small_index(tmp_path, capsys)
    catalog = home / "data" / "catalog.sqlite3"
    import sqlite3

    db = sqlite3.connect(catalog)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    db.close()
    assert catalog.stat().st_size > 8 * 4096
    with open(catalog, "r+b") as fh:  # scribble over pages 3-6, keep the header
        fh.seek(2 * 4096)
        fh.write(os.urandom(4 * 4096))
    assert main(["--data-dir", str(home), "check"]) == 1
    captured = capsys.readouterr()
    assert "unexpected error" not in captured.out + captured.err
    assert "problem: the index database is damaged" in captured.out
    assert f"to repair: move {catalog} aside and run `desktop-search-cli index`" in captured.out


def test_a_scribbled_row_is_called_damage_not_an_unexpected_error(tmp_path, capsys):
    """Page damage inside a row reads back as text that is not UTF-8."""
    home = _small_index(tmp_path, capsys)
    import sqlite3

    db = sqlite3.connect(home / "data" / "catalog.sqlite3")
    with db:
        db.execute("UPDATE files SET path = CAST(path || X'ff' AS TEXT) WHERE id = 1")
    db.close()
    assert main(["--data-dir", str(home), "index", "--no-embed"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error" not in err
    assert "the index database is damaged: `desktop-search-cli check` says what to do" in err


def test_a_deleted_keyword_table_is_named_then_rebuilt_by_index(tmp_path, capsys):
    import sqlite3

    home = _small_index(tmp_path, capsys)
    db = sqlite3.connect(home / "data" / "catalog.sqlite3")
    db.execute("DROP TABLE chunk_terms")
    db.commit()
    db.close()
    search = ["--data-dir", str(home), "search", "tomatoes", "--mode", "keyword"]
    assert main(search) == 1
    err = capsys.readouterr().err
    assert "no such table" not in err
    assert "run `desktop-search-cli index` to repair it" in err
    assert main(["--data-dir", str(home), "check"]) == 1
    assert "problem: the keyword index is missing" in capsys.readouterr().out
    assert main(["--data-dir", str(home), "index"]) == 0
    capsys.readouterr()
    assert main(search) == 0
    assert "note-" in capsys.readouterr().out
    assert main(["--data-dir", str(home), "check"]) == 0


def test_search_words_with_a_dash_exclude_and_odd_bytes_are_plain(tmp_path, capsys):
    from desktop_search.cli.main import _search_words_first

    assert _search_words_first(["--data-dir", "d", "search", "-gene"]) == [
        "--data-dir", "d", "search", "--", "-gene"
    ]  # fmt: skip
    assert _search_words_first(["search", "protein", "-gene", "-k", "3", "--json"]) == [
        "search", "-k", "3", "--json", "--", "protein", "-gene"
    ]  # fmt: skip
    assert _search_words_first(["index", "search"]) == ["index", "search"]

    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("protein folding and the gene")
    (docs / "b.txt").write_text("protein folding without it")
    assert main(["--data-dir", str(home), "index", "--no-embed", str(docs)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(home), "search", "protein", "-gene", "--mode", "keyword"]) == 0
    out = capsys.readouterr().out
    assert "b.txt" in out and "a.txt" not in out
    assert main(["--data-dir", str(home), "search", "-gene", "--mode", "keyword"]) == 0
    capsys.readouterr()

    undecodable = os.fsdecode(b"\xff\xfe")  # what Python makes of such argv bytes
    assert main(["--data-dir", str(home), "search", undecodable]) == 1
    err = capsys.readouterr().err
    assert "surrogates" not in err and "the query is not readable text" in err
    empty_home = tmp_path / "empty-home"
    assert main(["--data-dir", str(empty_home), "index", "--no-embed", str(tmp_path / "none")]) != 0
    (tmp_path / "nothing").mkdir()
    assert (
        main(["--data-dir", str(empty_home), "index", "--no-embed", str(tmp_path / "nothing")]) == 0
    )
    capsys.readouterr()
    assert main(["--data-dir", str(empty_home), "search", "hello"]) == 1  # not "No document…"
    assert "nothing is indexed yet" in capsys.readouterr().err
    for empty in ("", "   "):  # said to be unreadable text (is the terminal UTF-8?) before
        assert main(["--data-dir", str(home), "search", empty]) == 1
        assert "the query is empty" in capsys.readouterr().err
    assert (
        main(["--data-dir", str(home), "search", "protein" + undecodable, "--mode", "keyword"]) == 0
    )
    assert "a.txt" in capsys.readouterr().out


def test_data_files_are_user_only_from_the_first_write(tmp_path, make_library):
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    lib = make_library(home)
    with lib.catalog.transaction():
        lib.catalog.set_meta("probe", "1")
    lib.catalog.db.execute("SELECT count(*) FROM files").fetchone()
    for p in [home, *home.rglob("*")]:
        mode = p.stat().st_mode & 0o777
        assert mode == (0o700 if p.is_dir() else 0o600), f"{p} is {oct(mode)}"
    assert (home / "data" / "catalog.sqlite3-wal").exists()


def test_temp_files_of_a_killed_save_are_removed_at_the_next_start(tmp_path, make_library):
    lib = make_library()
    vectors = lib.paths.vectors
    old = vectors / ".space-1.faiss-k1ll3d"
    old.write_bytes(b"half an index")
    os.utime(old, (1, 1))
    fresh = vectors / ".space-2.faiss-w0rking"  # another process saving right now
    fresh.write_bytes(b"being written")
    lib.indexer(extract=lambda p: None).close()
    assert not old.exists() and fresh.exists()
