"""What the catalog says about the library: folder health, unreadable files, counts.

Plain reads, no Qt: the window runs them off its GUI thread (``gui/catalog_reader.py``)
and they are tested as plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from desktop_search.indexing.index_state import LibraryCounts
from desktop_search.indexing.progress import SpaceCount
from desktop_search.scan.availability import unavailable_reason
from desktop_search.store.file_status import FileStatus

if TYPE_CHECKING:  # the window reads through a catalog it opens on a thread, later
    from desktop_search.store.catalog import Catalog

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FolderHealth:
    folder: str
    indexed: int
    pending: int
    failed: int
    skipped: int
    last_change: float | None  # when a file under it was last (re)read, Unix time
    # Why it is not scanned now (unplugged, unmounted): its index is kept. None: it is there.
    unavailable: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class LibraryStats:
    documents: int
    pending: int
    failed: int


@dataclass(frozen=True, slots=True)
class SpaceProgress:
    """How far one vector space has got, as the catalog records it."""

    name: str
    model_id: str
    dim: int
    embedded: int  # passages with a vector in this space
    total: int  # passages in the languages the space serves


def read_space_progress(catalog: Catalog) -> dict[str, SpaceProgress]:
    """Each vector space in the catalog and how many of its passages have vectors."""
    out = {}
    for row in catalog.spaces():
        count = catalog.count_needing_vectors(row)
        out[row.name] = SpaceProgress(row.name, row.model_id, row.dim, count.embedded, count.total)
    return out


def read_folder_health(catalog: Catalog, folders: Sequence[str]) -> list[FolderHealth]:
    """Counts per status and the last change seen, for each folder."""
    out = []
    for folder in folders:
        counts = catalog.status_counts(folder)
        stamps = [r.indexed_at for r in catalog.files(root=folder) if r.indexed_at]
        out.append(
            FolderHealth(
                folder,
                counts.get(FileStatus.INDEXED, 0),
                counts.get(FileStatus.PENDING, 0),
                counts.get(FileStatus.FAILED, 0),
                counts.get(FileStatus.SKIPPED, 0),
                max(stamps) if stamps else None,
                unavailable_reason(
                    folder,
                    files_known=sum(counts.values()),
                    was_mounted=catalog.folder_was_mounted(folder),
                ),
            )
        )
    return out


SUBFOLDER_DEPTH = 2  # levels below a chosen folder offered in the folder filter
SUBFOLDER_LIMIT = 40  # per chosen folder, so the drop-down stays a list one can read


def read_subfolders(catalog: Catalog, folders: Sequence[str]) -> dict[str, list[str]]:
    """Per chosen folder, its subfolders (two levels) that hold indexed files, sorted.

    The folder filter offered only the chosen top folders; a person thinks in the
    folders inside them ("Documents/taxes"), so those are offered too.
    """
    out: dict[str, list[str]] = {}
    for root in folders:
        found: set[str] = set()
        base = root.rstrip("/\\")
        for record in catalog.files(root=root, status=FileStatus.INDEXED):
            rel = record.path[len(base) + 1 :] if record.path.startswith(base) else ""
            parts = rel.replace("\\", "/").split("/")[:-1]  # the folders above the file
            for depth in range(1, min(len(parts), SUBFOLDER_DEPTH) + 1):
                if not parts[depth - 1].startswith("."):
                    found.add(base + "/" + "/".join(parts[:depth]))
        out[root] = sorted(found, key=str.casefold)[:SUBFOLDER_LIMIT]
    return out


def read_failures(catalog: Catalog) -> list[Failure]:
    """Files that could not be read or were skipped (too large, a pipe...), with the reason."""
    rows = [*catalog.files(status=FileStatus.FAILED), *catalog.files(status=FileStatus.SKIPPED)]
    return [Failure(r.path, r.error or "") for r in sorted(rows, key=lambda r: r.path)]


def read_counts(catalog: Catalog) -> LibraryCounts:
    """Documents, files still to read or failed, and passages per space (for IndexState)."""
    counts = catalog.status_counts()
    spaces = []
    for row in catalog.spaces():
        count = catalog.count_needing_vectors(row)
        spaces.append(
            SpaceCount(row.name, count.embedded, count.total, tuple(sorted(row.languages)))
        )
    return LibraryCounts(
        counts.get(FileStatus.INDEXED, 0),
        counts.get(FileStatus.PENDING, 0),
        counts.get(FileStatus.FAILED, 0),
        tuple(spaces),
    )


def read_stats(catalog: Catalog) -> LibraryStats:
    counts = catalog.status_counts()
    return LibraryStats(
        counts.get(FileStatus.INDEXED, 0),
        counts.get(FileStatus.PENDING, 0),
        counts.get(FileStatus.FAILED, 0),
    )
