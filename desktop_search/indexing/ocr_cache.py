"""Remember OCR results by the file's content hash, so a scan is never read twice.

OCR costs 5-15 s a page. The catalog already skips unchanged files, but the same
bytes come back in ways it cannot see: a folder removed and added again, a catalog
rebuilt after damage, a scan copied or restored from a backup, a file whose first
reading stopped half-way. This cache outlives all of those. It is a folder of small
gzip'd JSON files named by the BLAKE2b-160 hex digest the catalog uses for content
(``reading.file_hash``), in 256 subfolders; each entry records the OCR engine and
languages, so installing the Chinese model makes scans read before it count as
misses. Entries are written atomically (temp file, rename) and a damaged one is
treated as missing. ``trim`` keeps the folder under a size, dropping the oldest.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import re
import tempfile
from pathlib import Path

from desktop_search.extract.base import ExtractedDocument, Segment

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_DIGEST = re.compile(r"^[0-9a-f]{16,128}$")


class OcrCache:
    """OCR results on disk, keyed by content hash."""

    def __init__(self, folder: Path | str, *, engine: str | None = None) -> None:
        """``engine`` (``ocr.engine_id()``) must match for an entry to count; None: any."""
        self.folder = Path(folder)
        self.engine = engine

    def _entry(self, digest: str) -> Path:
        if not _DIGEST.match(digest):
            raise ValueError(f"not a content hash: {digest!r}")
        return self.folder / digest[:2] / f"{digest}.json.gz"

    def get(self, digest: str) -> ExtractedDocument | None:
        """The cached result for these bytes, made by this cache's engine, or None."""
        entry = self._entry(digest)
        try:
            with gzip.open(entry, "rt", encoding="utf-8") as f:
                data = json.load(f)
            if data.get("version") != FORMAT_VERSION:
                return None
            if self.engine is not None and data.get("engine") != self.engine:
                return None
            segments = tuple(
                Segment(str(text), page if isinstance(page, int) else None, location)
                for text, page, location in data["segments"]
            )
            doc = ExtractedDocument(
                segments, title=data.get("title"), warnings=tuple(data.get("warnings", ()))
            )
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            log.warning("damaged OCR cache entry %s (%s); reading the file again", entry, exc)
            with contextlib.suppress(OSError):
                entry.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used entries survive trim()
        return doc

    def put(self, digest: str, doc: ExtractedDocument) -> None:
        """Store ``doc`` as the OCR result for these bytes; failure to write is only logged."""
        entry = self._entry(digest)
        data = {
            "version": FORMAT_VERSION,
            "engine": self.engine,
            "title": doc.title,
            "warnings": list(doc.warnings),
            "segments": [[s.text, s.page, s.location] for s in doc.segments],
        }
        try:
            entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json.gz")
            try:
                with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as gz:
                    gz.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
                os.replace(tmp, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:  # a full disk must not fail the indexing of the file
            log.warning("could not save OCR result for %s: %s", digest, exc)

    def trim(self, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
        """Delete the least recently used entries until the cache fits; returns how many."""
        entries = []
        for path in self.folder.glob("*/*.json.gz"):
            with contextlib.suppress(OSError):
                st = path.stat()
                entries.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                removed += 1
        return removed
