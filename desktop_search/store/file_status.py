"""What the catalog records of a file: its status and stamp (a light module, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FileStatus(StrEnum):
    """What became of a file; the catalog stores the value (and compares equal to it)."""

    PENDING = "pending"  # waiting to be read: new, changed, or changed while it was read
    INDEXED = "indexed"  # its text (and keywords) are stored; vectors may still be missing
    FAILED = "failed"  # could not be read; ``error`` says why in plain words
    SKIPPED = "skipped"  # not read on purpose (too large, a kind of file not read)
    # Outcomes of one reading that are never stored:
    GONE = "gone"  # deleted before it was read
    NEEDS_OCR = "needs-ocr"  # a scan or picture, read again by the OCR pass


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What the catalog last saw of a file on disk, and what became of it."""

    size: int
    mtime_ns: int
    status: FileStatus
