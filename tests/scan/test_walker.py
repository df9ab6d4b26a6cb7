"""Walking folders: supported files only, excludes honoured, loops and bad folders survived."""

from __future__ import annotations

import os

import pytest

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


def _walk_reporting(root, **kwargs):
    errors: dict[str, str] = {}
    found = [
        os.path.basename(f.path)
        for f in walk(str(root), ExcludeRules(()), on_error=errors.__setitem__, **kwargs)
    ]
    return sorted(found), {os.path.basename(p): r for p, r in errors.items()}


def test_nothing_is_left_out_in_silence(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("someone else's file")
    root = tmp_path / "docs"
    root.mkdir()
    (root / "ok.txt").write_text("x")
    os.mkfifo(root / "pipe.txt")
    os.symlink(outside, root / "passwd.txt")
    os.symlink(root / "ok.txt", root / "inside-link.txt")
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    os.symlink(root / "loop-b.txt", root / "loop-a.txt")
    os.symlink(root / "loop-a.txt", root / "loop-b.txt")
    (root / "deep").mkdir()
    found, errors = _walk_reporting(root)
    assert found == ["inside-link.txt", "ok.txt"]
    assert errors["pipe.txt"] == "not a regular file (device, pipe or socket)"
    assert "outside the chosen folder" in errors["passwd.txt"]
    assert errors["dangling.txt"] == "a link to a file that is not there"
    assert "cannot look at it" in errors["loop-a.txt"]

    # A setting lets a person follow links out of the folder on purpose.
    found, errors = _walk_reporting(root, links_outside=True)
    assert "passwd.txt" in found and "passwd.txt" not in errors


def test_undecodable_names_are_reported_with_a_printable_path(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "w") as fh:
        fh.write("x")
    found, errors = _walk_reporting(tmp_path)
    assert found == []
    assert errors == {"caf\\xe9.txt": "file name is not valid text"}


def test_a_folder_that_cannot_be_opened_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "secret.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):  # chmod 000 does not stop root, who runs CI containers
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, errors = _walk_reporting(tmp_path)
    assert found == ["a.txt"]
    assert errors == {"locked": "cannot open folder (Permission denied)"}


@pytest.mark.skipif(os.name == "nt", reason="folder descriptors, PATH_MAX")
def test_a_path_longer_than_the_system_allows_is_reported(tmp_path):
    """Folders can nest past PATH_MAX (made one level at a time); what is below is named."""
    (tmp_path / "near.txt").write_text("x")
    level = "d" * 200
    here = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(25):  # 25 x 201 characters: past Linux's 4,096
            os.mkdir(level, dir_fd=here)
            deeper = os.open(level, os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = deeper
        fd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=here)
        os.write(fd, b"deep")
        os.close(fd)
    finally:
        os.close(here)
    found, errors = _walk_reporting(tmp_path)
    assert found == ["near.txt"]
    assert list(errors.values()) == ["cannot open folder (File name too long)"]
