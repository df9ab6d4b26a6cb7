"""Walking folders: supported files only, excludes honoured, loops and bad folders survived."""

from __future__ import annotations

import os

from desktop_search.scan.excludes import ExcludeRules
from desktop_search.scan.walker import walk
from desktop_search.settings import DEFAULT_EXCLUDES


def test_walk_skips_excluded_hidden_and_unsupported(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.bin").write_bytes(b"\0\1")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "d.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.md").write_text("x")
    found = sorted(
        os.path.relpath(f.path, tmp_path)
        for f in walk(str(tmp_path), ExcludeRules(DEFAULT_EXCLUDES))
    )
    assert found == ["a.txt", os.path.join("sub", "e.md")]


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "note.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    found = list(walk(str(tmp_path), ExcludeRules(())))
    assert [os.path.basename(f.path) for f in found] == ["note.txt"]


def test_unreadable_folder_is_reported_not_fatal(tmp_path):
    bad = tmp_path / "missing"
    errors = []
    assert list(walk(str(bad), ExcludeRules(()), on_error=lambda p, r: errors.append(r))) == []
    assert errors and "cannot open folder" in errors[0]
