"""Compare what is on disk with what the catalog knows, to do only the work needed.

Size and mtime decide whether a file must be read again; the content hash (checked
when reading) decides whether it must be embedded again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_search.scan.walker import DiskFile
from desktop_search.store.file_status import FileStamp, FileStatus


@dataclass(frozen=True, slots=True)
class ScanDiff:
    new: tuple[DiskFile, ...]
    changed: tuple[DiskFile, ...]
    deleted: tuple[str, ...]
    unchanged: int


def diff(known: Mapping[str, FileStamp], on_disk: Iterable[DiskFile]) -> ScanDiff:
    """What to read (new, changed, or never finished) and what to forget (gone from disk)."""
    new: list[DiskFile] = []
    changed: list[DiskFile] = []
    seen: set[str] = set()
    unchanged = 0
    for f in on_disk:
        seen.add(f.path)
        stamp = known.get(f.path)
        if stamp is None:
            new.append(f)
        elif (stamp.size, stamp.mtime_ns) != (
            f.size,
            f.mtime_ns,
        ) or stamp.status == FileStatus.PENDING:
            changed.append(f)
        else:
            unchanged += 1
    deleted = tuple(sorted(p for p in known if p not in seen))
    return ScanDiff(tuple(new), tuple(changed), deleted, unchanged)
