"""Turn one file into stored text: hash, extract (sandboxed), chunk, analyse keywords.

This runs off the writer thread: it only reads files and the catalog, and hands back
a ``ReadResult`` the writer stores in one transaction.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_search.chunk import chunk_segments
from desktop_search.chunk.chunker import TokenSpans
from desktop_search.extract.base import (
    ExtractedDocument,
    ExtractionError,
    NeedsOcr,
    UnsupportedFile,
)
from desktop_search.indexing.ocr_cache import OcrCache
from desktop_search.store.catalog import FileStatus, NewChunk
from desktop_search.text.analyzer import chunk_keywords
from desktop_search.text.language import detect_language
from desktop_search.text.navigation import is_navigation

Extract = Callable[[Path], ExtractedDocument]


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The outcome of reading one file; exactly one of the optional groups is set."""

    path: str
    size: int
    mtime_ns: int
    hash: str | None = None
    known_content: bool = False  # same bytes already in the catalog: reuse them
    text: str | None = None
    title: str | None = None
    language: str = "en"
    pages: int | None = None
    chunks: tuple[NewChunk, ...] = ()
    # or "failed", "skipped", "gone", "needs-ocr" (never stored), "pending" (changed meanwhile)
    status: str = "indexed"
    error: str | None = None
    ocr_pages: int = 0  # with "needs-ocr": page images waiting for the OCR pass


def file_hash(path: str) -> str:
    """BLAKE2b of the file's bytes: the identity of its content."""
    h = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_file(
    path: str,
    *,
    extract: Extract,
    token_spans: TokenSpans,
    max_tokens: int,
    max_bytes: int,
    content_known: Callable[[str], bool],
    ocr_cache: OcrCache | None = None,
    ocr: bool = False,
    max_text_chars: int | None = None,
) -> ReadResult:
    """Everything the catalog needs to know about ``path`` now.

    A scan or picture comes back as status "needs-ocr" unless its OCR result is cached;
    with ``ocr`` (``extract`` then reads with OCR) the result is added to the cache.
    Text past ``max_text_chars`` is left out; the result's ``error`` then says so.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ReadResult(path, 0, 0, status=FileStatus.GONE)
    except OSError as exc:
        return ReadResult(
            path, 0, 0, status=FileStatus.FAILED, error=f"cannot open ({exc.strerror})"
        )
    size, mtime = st.st_size, st.st_mtime_ns
    if size == 0:
        return ReadResult(path, size, mtime, status=FileStatus.FAILED, error="empty file")
    if size > max_bytes:
        limit_mb = max_bytes // (1024 * 1024)
        return ReadResult(
            path,
            size,
            mtime,
            status=FileStatus.SKIPPED,
            error=f"too large ({size / 1048576:.0f} MB; the limit is {limit_mb} MB)",
        )
    try:
        digest = file_hash(path)
    except FileNotFoundError:
        return ReadResult(path, size, mtime, status=FileStatus.GONE)
    except OSError as exc:
        return ReadResult(
            path, size, mtime, status=FileStatus.FAILED, error=f"cannot read ({exc.strerror})"
        )
    if content_known(digest):
        return ReadResult(path, size, mtime, hash=digest, known_content=True)
    try:
        doc = extract(Path(path))
    except NeedsOcr as exc:
        doc = ocr_cache.get(digest) if ocr_cache is not None else None
        if doc is None:
            return ReadResult(
                path, size, mtime, hash=digest, status=FileStatus.NEEDS_OCR, error=exc.reason,
                ocr_pages=exc.pages,
            )  # fmt: skip
    except UnsupportedFile as exc:
        return ReadResult(
            path, size, mtime, hash=digest, status=FileStatus.SKIPPED, error=exc.reason
        )
    except ExtractionError as exc:
        return ReadResult(
            path, size, mtime, hash=digest, status=FileStatus.FAILED, error=exc.reason
        )
    else:
        if ocr and ocr_cache is not None:
            ocr_cache.put(digest, doc)
    try:
        after = os.stat(path)
    except OSError:
        after = st
    if (after.st_size, after.st_mtime_ns) != (size, mtime):
        # Written to while we read it: what we have may be half old, half new. The newer
        # stamp makes the writer keep it pending (with a note) to be read again.
        return ReadResult(path, after.st_size, after.st_mtime_ns, status=FileStatus.PENDING)
    doc = doc.capped(max_text_chars)
    note = next((w for w in doc.warnings if w.startswith("truncated")), None)
    text, chunks = chunk_segments(doc.segments, token_spans, max_tokens=max_tokens)
    if not chunks:
        return ReadResult(
            path, size, mtime, hash=digest, status=FileStatus.FAILED, error="no text found"
        )
    doc_language = detect_language(text[:20000])
    # The title (from metadata, often absent from the body) is findable by keyword
    # through the first chunk's terms.
    title = doc.title if doc.title and doc.title not in text[:2000] else None
    new_chunks = tuple(
        _new_chunk(c, text[c.start : c.end], title if n == 0 else None)
        for n, c in enumerate(chunks)
    )
    pages = max((s.page or 0 for s in doc.segments), default=0) or None
    return ReadResult(
        path,
        size,
        mtime,
        hash=digest,
        text=text,
        title=doc.title,
        language=doc_language,
        pages=pages,
        chunks=new_chunks,
        error=note,  # with status "indexed": a note (truncated), not a failure
    )


def _new_chunk(chunk, body: str, title: str | None) -> NewChunk:
    terms, exact = chunk_keywords(body, title)
    return NewChunk(
        chunk.start,
        chunk.end,
        chunk.page,
        chunk.location,
        detect_language(body),
        terms,
        exact,
        is_navigation(body),
    )
