"""Watcher batches and start-up reconciliation bring the catalog in line with the disk.

These drive ``apply_changes`` / ``reconcile`` on a real catalog, with files recorded as
indexed by hand (no models needed): what matters is which files end up pending,
renamed with their content kept, or forgotten.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_search.indexing.changes import apply_changes, reconcile
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.settings import DEFAULT_EXCLUDES
from desktop_search.store.catalog import Catalog, NewChunk
from desktop_search.watch import Changes

EXCLUDES = ExcludeRules(DEFAULT_EXCLUDES)


@pytest.fixture
def catalog(tmp_path):
    cat = Catalog(tmp_path / "catalog.sqlite3")
    yield cat
    cat.close()


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


def _indexed(catalog: Catalog, path: Path, root: Path, text: str | None = None) -> int:
    """Write ``path`` and record it as indexed, with one chunk of content; returns content id."""
    text = text or f"text of {path.name}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    st = path.stat()
    with catalog.transaction():
        catalog.mark_pending(str(path), str(root), st.st_size, st.st_mtime_ns)
        cid = catalog.add_content(
            f"hash-{path}",
            text,
            title=None,
            language="en",
            pages=None,
            chunks=[NewChunk(0, len(text), None, None, "en", text)],
        )
        catalog.set_file_result(str(path), status="indexed", hash=f"hash-{path}", content_id=cid)
    return cid


def _status(catalog: Catalog) -> dict[str, str]:
    return {f.path: f.status for f in catalog.files()}


def test_new_and_edited_files_become_pending_unchanged_ones_do_not(catalog, root):
    _indexed(catalog, root / "same.txt", root)
    _indexed(catalog, root / "edited.txt", root)
    (root / "edited.txt").write_text("a longer, new version of the file")
    (root / "new.md").write_text("# new")
    applied = apply_changes(
        catalog,
        Changes(upserted=frozenset(str(root / n) for n in ("same.txt", "edited.txt", "new.md"))),
        [str(root)],
        EXCLUDES,
    )
    assert applied.marked == 2
    assert _status(catalog) == {
        str(root / "same.txt"): "indexed",
        str(root / "edited.txt"): "pending",
        str(root / "new.md"): "pending",
    }


def test_rename_keeps_content_so_nothing_is_read_or_embedded_again(catalog, root):
    cid = _indexed(catalog, root / "a.txt", root)
    (root / "a.txt").rename(root / "b.txt")
    applied = apply_changes(
        catalog, Changes(moved=((str(root / "a.txt"), str(root / "b.txt")),)), [str(root)], EXCLUDES
    )
    assert applied.moved == 1 and applied.visible
    record = catalog.file(str(root / "b.txt"))
    assert record is not None and record.status == "indexed" and record.content_id == cid
    assert catalog.file(str(root / "a.txt")) is None


def test_folder_rename_moves_every_file_below_it(catalog, root):
    cids = [_indexed(catalog, root / "old" / f"f{i}.txt", root) for i in range(3)]
    _indexed(catalog, root / "older.txt", root)  # a name that merely starts the same
    (root / "old").rename(root / "new")
    applied = apply_changes(
        catalog, Changes(moved=((str(root / "old"), str(root / "new")),)), [str(root)], EXCLUDES
    )
    assert applied.moved == 3
    assert [catalog.file(str(root / "new" / f"f{i}.txt")).content_id for i in range(3)] == cids
    assert str(root / "older.txt") in _status(catalog)


def test_move_to_another_chosen_folder_changes_its_root(catalog, root, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    cid = _indexed(catalog, root / "a.txt", root)
    os.rename(root / "a.txt", other / "a.txt")
    apply_changes(
        catalog,
        Changes(moved=((str(root / "a.txt"), str(other / "a.txt")),)),
        [str(root), str(other)],
        EXCLUDES,
    )
    record = catalog.file(str(other / "a.txt"))
    assert record.root == str(other) and record.content_id == cid


def test_deleted_folder_forgets_everything_below_it(catalog, root):
    for i in range(3):
        _indexed(catalog, root / "trash" / f"f{i}.txt", root)
    _indexed(catalog, root / "keep.txt", root)
    for i in range(3):
        (root / "trash" / f"f{i}.txt").unlink()
    (root / "trash").rmdir()
    applied = apply_changes(
        catalog, Changes(deleted=frozenset({str(root / "trash")})), [str(root)], EXCLUDES
    )
    assert applied.removed == 3
    assert list(_status(catalog)) == [str(root / "keep.txt")]


def test_a_deleted_path_that_is_back_on_disk_is_read_not_forgotten(catalog, root):
    _indexed(catalog, root / "a.txt", root)
    (root / "a.txt").write_text("recreated with other text")
    apply_changes(catalog, Changes(deleted=frozenset({str(root / "a.txt")})), [str(root)], EXCLUDES)
    assert _status(catalog) == {str(root / "a.txt"): "pending"}


def test_a_new_folder_is_walked_skipping_excluded_files(catalog, root):
    (root / "new" / "deep").mkdir(parents=True)
    (root / "new" / "a.txt").write_text("a")
    (root / "new" / "deep" / "b.md").write_text("b")
    (root / "new" / ".hidden.txt").write_text("h")
    (root / "new" / "image.bin").write_bytes(b"\0")
    apply_changes(catalog, Changes(upserted=frozenset({str(root / "new")})), [str(root)], EXCLUDES)
    assert set(_status(catalog)) == {
        str(root / "new" / "a.txt"),
        str(root / "new" / "deep" / "b.md"),
    }


def test_reconcile_finds_what_changed_while_closed_without_dropping_content(catalog, root):
    cid = _indexed(catalog, root / "moved-away.txt", root, "kept text")
    _indexed(catalog, root / "same.txt", root)
    _indexed(catalog, root / "gone.txt", root)
    (root / "moved-away.txt").rename(root / "renamed.txt")
    (root / "gone.txt").unlink()
    (root / "added.txt").write_text("added")
    summary = reconcile(catalog, [str(root)], EXCLUDES)
    assert (summary.new, summary.deleted, summary.unchanged) == (2, 2, 1)
    assert _status(catalog) == {
        str(root / "added.txt"): "pending",
        str(root / "renamed.txt"): "pending",
        str(root / "same.txt"): "indexed",
    }
    # The renamed file's text is still there for the indexer to reuse by its hash.
    assert catalog.content_text(cid, 0, 9) == "kept text"


def test_reconcile_keeps_the_index_of_a_folder_that_is_not_there(catalog, root, tmp_path):
    _indexed(catalog, root / "a.txt", root)
    root.rename(tmp_path / "unplugged")  # as when its drive is not plugged in
    summary = reconcile(catalog, [str(root)], EXCLUDES)
    assert summary.deleted == 0 and str(root / "a.txt") in _status(catalog)
    assert summary.unavailable == ((str(root), "not there (is its drive plugged in?)"),)


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symlinks")
@pytest.mark.parametrize("follow", [False, True])
def test_links_to_files_outside_the_folder_follow_the_setting(catalog, root, tmp_path, follow):
    """The watcher's batches and the start-up scan honour ``follow_links_outside`` alike."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in ("seen-at-start.txt", "linked-later.txt"):
        (outside / name).write_text(f"private text {name}")
    (root / "at-start.txt").symlink_to(outside / "seen-at-start.txt")
    reported: dict[str, str] = {}
    reconcile(catalog, [str(root)], EXCLUDES, on_error=reported.__setitem__, links_outside=follow)
    (root / "later.txt").symlink_to(outside / "linked-later.txt")
    apply_changes(
        catalog,
        Changes(upserted=frozenset({str(root / "later.txt")})),
        [str(root)],
        EXCLUDES,
        on_error=reported.__setitem__,
        links_outside=follow,
    )
    links = {str(root / "at-start.txt"), str(root / "later.txt")}
    if follow:
        assert _status(catalog) == dict.fromkeys(links, "pending") and reported == {}
    else:
        assert set(reported) == links
        assert all("outside the chosen folder" in r for r in reported.values())
        assert _status(catalog) == dict.fromkeys(links, "skipped")  # seen in status --failed


def test_a_change_to_a_file_still_waiting_to_be_read_asks_for_a_pass(catalog, root):
    """A file left pending (it changed while being read) is read at its next event."""
    note = root / "note.txt"
    note.write_text("being written")
    st = note.stat()
    with catalog.transaction():  # as the indexer leaves it: pending, with today's stamp
        catalog.mark_pending(str(note), str(root), st.st_size, st.st_mtime_ns, note="changed")
    applied = apply_changes(
        catalog, Changes(upserted=frozenset({str(note)})), [str(root)], EXCLUDES
    )
    assert applied.marked == 1


def test_an_empty_mount_point_keeps_its_index(catalog, root):
    """The folder is there but empty, as a mount point is while its drive is out."""
    _indexed(catalog, root / "a.txt", root)
    _indexed(catalog, root / "sub" / "b.txt", root)
    (root / "a.txt").unlink()
    (root / "sub" / "b.txt").unlink()
    (root / "sub").rmdir()
    summary = reconcile(catalog, [str(root)], EXCLUDES)
    assert summary.deleted == 0 and len(_status(catalog)) == 2
    assert summary.unavailable[0][0] == str(root)
    # Once something is there again, it is scanned as usual.
    (root / "c.txt").write_text("back")
    summary = reconcile(catalog, [str(root)], EXCLUDES)
    assert summary.unavailable == () and summary.deleted == 2 and summary.new == 1


def test_a_folder_that_was_a_mounted_drive_and_is_not_now_keeps_its_index(
    catalog, root, monkeypatch
):
    from desktop_search.indexing import changes

    _indexed(catalog, root / "a.txt", root)
    monkeypatch.setattr(changes, "on_own_file_system", lambda folder: True)
    assert reconcile(catalog, [str(root)], EXCLUDES).unavailable == ()  # the drive, mounted
    # Unmounted: the bare mount point, on its parent's file system, holding a stray file.
    (root / "a.txt").unlink()
    (root / "stray.txt").write_text("left on the mount point")
    from desktop_search.scan import availability

    monkeypatch.setattr(availability, "on_own_file_system", lambda folder: False)
    summary = reconcile(catalog, [str(root)], EXCLUDES)
    assert summary.unavailable == ((str(root), "its drive is not mounted"),)
    assert _status(catalog) == {str(root / "a.txt"): "indexed"}
