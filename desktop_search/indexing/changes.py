"""Bring the catalog in line with what changed on disk, so the next indexer run does the work.

Two sources of change meet here: live batches from the watcher (``apply_changes``)
and the reconciliation scan at start-up that finds what changed while the app was
closed (``reconcile``). Both only record facts in the catalog: new or changed files
become ``pending`` (the indexer reads them), deleted files and folders are forgotten,
and a rename moves the file's record, so its text and vectors go with it and nothing
is extracted or embedded again.

Neither collects orphaned contents: a file moved between two chosen folders (or
renamed while the app was closed) shows up as a delete plus a new file, and the new
file, when read, finds its bytes' content still in the catalog and reuses it. The
caller drops orphaned contents later, once no file is pending (the worker does it
when idle).

Disk access (stat, walking a folder) happens outside the write transactions, which
stay short so the indexer writing through another connection never waits long.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from desktop_search.extract import is_supported
from desktop_search.scan.availability import on_own_file_system, unavailable_reason
from desktop_search.scan.diff import diff
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.scan.walker import DiskFile, walk
from desktop_search.store.catalog import Catalog, FileStatus
from desktop_search.watch.changes import Changes, is_under

log = logging.getLogger(__name__)

ErrorCallback = Callable[[str, str], None]
_WRITE_BATCH = 500  # files per transaction when marking many


@dataclass(frozen=True, slots=True)
class ScanSummary:
    new: int
    changed: int
    deleted: int
    unchanged: int
    # Chosen folders left as the index knows them, each with why (unplugged, unmounted).
    unavailable: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Applied:
    """What applying a batch did to the catalog."""

    marked: int = 0  # files marked pending (to read)
    removed: int = 0  # file records forgotten
    moved: int = 0  # file records renamed in place (text and vectors kept)

    @property
    def visible(self) -> bool:
        """True when search results change before any file is read."""
        return bool(self.removed or self.moved)


def root_of(path: str, roots: Iterable[str]) -> str | None:
    """The chosen folder ``path`` is in (the innermost when folders nest), or None."""
    best = None
    for root in roots:
        if is_under(path, root) and (best is None or len(root) > len(best)):
            best = root
    return best


def _tracked(path: str, root: str | None, excludes: ExcludeRules, *, is_dir: bool) -> bool:
    if root is None or excludes.path_excluded(path, root):
        return False
    return is_dir or is_supported(path)


def _on_disk(
    path: str,
    roots: Sequence[str],
    excludes: ExcludeRules,
    on_error: ErrorCallback | None,
    links_outside: bool = False,
) -> list[tuple[DiskFile, str]] | None:
    """The documents at ``path`` (a file, or all below a folder) with their root; None if gone."""
    root = root_of(path, roots)
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("cannot look at %s: %s", path, exc)
        return []
    if stat.S_ISDIR(st.st_mode):
        if not _tracked(path, root, excludes, is_dir=True):
            return []
        files = walk(path, excludes, on_error=on_error, links_outside=links_outside)
        return [(f, root) for f in files]  # type: ignore[misc]
    if not _tracked(path, root, excludes, is_dir=False):
        return []
    try:
        st = os.stat(path)  # a symlinked file counts as its target, as in the walker
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return []
    if root is not None and not links_outside and os.path.islink(path):
        target = os.path.realpath(path)
        if not is_under(target, os.path.realpath(root)):
            if on_error:
                on_error(path, "a link to a file outside the chosen folder (not followed)")
            return []
    return [(DiskFile(path, st.st_size, st.st_mtime_ns), root)]  # type: ignore[list-item]


def _known_below(catalog: Catalog, folder: str) -> list[str]:
    """Paths the catalog holds strictly below ``folder``."""
    found: list[str] = []
    for root in catalog.roots():
        if is_under(folder, root) or is_under(root, folder):
            found += [p for p in catalog.file_stamps(root) if p != folder and is_under(p, folder)]
    return found


def apply_changes(
    catalog: Catalog,
    changes: Changes,
    roots: Sequence[str],
    excludes: ExcludeRules,
    *,
    on_error: ErrorCallback | None = None,
    links_outside: bool = False,
) -> Applied:
    """Record a watcher batch in the catalog: moves, then deletions, then files to read.

    ``links_outside`` is the ``follow_links_outside`` setting, as in ``reconcile``.
    """
    roots = [os.path.realpath(r) for r in roots]
    marked = removed = moved = 0
    to_read: list[str] = list(changes.upserted)
    if changes.moved:
        with catalog.transaction():
            for old, new in changes.moved:
                m, r, reread = _move(catalog, old, new, roots, excludes)
                moved += m
                removed += r
                to_read += reread
    gone = [p for p in changes.deleted if not os.path.lexists(p)]
    to_read += [p for p in changes.deleted if os.path.lexists(p)]  # it came back
    if gone:
        with catalog.transaction():
            for path in gone:
                removed += catalog.remove_tree(path)
    problems: dict[str, str] = {}

    def note(path: str, reason: str) -> None:
        problems[path] = reason  # recorded below, as the start-up scan does
        if on_error:
            on_error(path, reason)

    found: list[tuple[DiskFile, str]] = []
    vanished: list[str] = []
    for path in dict.fromkeys(to_read):
        files = _on_disk(path, roots, excludes, note, links_outside)
        if files is None:
            vanished.append(path)
        else:
            found += files
    if vanished:
        with catalog.transaction():
            for path in vanished:
                removed += catalog.remove_tree(path)
    marked = _mark(catalog, found)
    if problems:
        with catalog.transaction():
            for path, reason in problems.items():
                root = root_of(path, roots)
                if root is not None:
                    catalog.record_skipped(path, root, reason)
    if marked or removed or moved:
        log.info("changes applied: %d to read, %d removed, %d moved", marked, removed, moved)
    return Applied(marked, removed, moved)


def _move(
    catalog: Catalog, old: str, new: str, roots: Sequence[str], excludes: ExcludeRules
) -> tuple[int, int, list[str]]:
    """Rename records from ``old`` to ``new`` (a file or a folder): (moved, removed, to read)."""
    new_root = root_of(new, roots)
    if catalog.file(old) is not None:
        if not _tracked(new, new_root, excludes, is_dir=False):
            return 0, catalog.remove_files([old]), []
        catalog.move_file(old, new, new_root)  # type: ignore[arg-type]
        return 1, 0, []
    children = _known_below(catalog, old)
    if not children:
        return 0, 0, [new]  # nothing known there (a file never indexed): read what is there
    if not _tracked(new, new_root, excludes, is_dir=True):
        return 0, catalog.remove_tree(old), []
    catalog.remove_tree(new)  # a folder can only be renamed onto an empty one
    moved = removed = 0
    for path in children:
        target = new + path[len(old) :]
        if _tracked(target, new_root, excludes, is_dir=False):
            moved += catalog.move_file(path, target, new_root)  # type: ignore[arg-type]
        else:
            removed += catalog.remove_files([path])
    return moved, removed, []


def _mark(catalog: Catalog, found: Sequence[tuple[DiskFile, str]]) -> int:
    """Mark pending the files whose size or mtime differ from what the catalog knows."""
    marked = 0
    for i in range(0, len(found), _WRITE_BATCH):
        with catalog.transaction():
            for f, root in found[i : i + _WRITE_BATCH]:
                record = catalog.file(f.path)
                if record is not None and (record.size, record.mtime_ns) == (f.size, f.mtime_ns):
                    if record.status == FileStatus.PENDING:
                        # Still to read (it changed while being read, say): a pass is due
                        # now, not at the next change elsewhere.
                        marked += 1
                    continue  # unchanged (a failed file is not retried until it changes)
                catalog.mark_pending(f.path, root, f.size, f.mtime_ns)
                marked += 1
    return marked


def reconcile(
    catalog: Catalog,
    roots: Sequence[str],
    excludes: ExcludeRules,
    *,
    on_error: ErrorCallback | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    links_outside: bool = False,
) -> ScanSummary:
    """Compare each chosen folder with the catalog: new and changed files become pending,
    deleted ones are forgotten. The one scan of the app, the CLI and eval.

    A folder that is not there or looks unmounted (``scan/availability.py``) is left as
    the index knows it, so its index survives until its drive comes back.
    """
    totals = [0, 0, 0, 0]
    unavailable: list[tuple[str, str]] = []
    for root in (os.path.realpath(r) for r in roots):
        if should_stop():
            break
        known = catalog.file_stamps(root)
        reason = unavailable_reason(
            root, files_known=len(known), was_mounted=catalog.folder_was_mounted(root)
        )
        if reason is not None:
            log.warning("%s is %s; keeping what the index knows about it", root, reason)
            unavailable.append((root, reason))
            continue
        problems: dict[str, str] = {}

        def note(path: str, reason: str, problems: dict[str, str] = problems) -> None:
            problems[path] = reason  # recorded, so the file has a visible outcome
            if on_error:
                on_error(path, reason)

        found = diff(known, walk(root, excludes, on_error=note, links_outside=links_outside))
        deleted = [p for p in found.deleted if p not in problems]
        changed = [*found.new, *found.changed]
        mounted = on_own_file_system(root)
        for i in range(0, max(len(changed), 1), _WRITE_BATCH):
            with catalog.transaction():
                for f in changed[i : i + _WRITE_BATCH]:
                    catalog.mark_pending(f.path, root, f.size, f.mtime_ns)
                if i == 0:
                    catalog.remove_files(deleted)
                    for path, reason in problems.items():
                        catalog.record_skipped(path, root, reason)
                    catalog.note_folder_mounted(root, mounted)
        totals[0] += len(found.new)
        totals[1] += len(found.changed)
        totals[2] += len(deleted)
        totals[3] += found.unchanged
    return ScanSummary(*totals, unavailable=tuple(unavailable))
