"""Clean extracted text the same way for every format.

Readers hand back text full of format noise: CRLF line ends, NULs and other control
characters, decomposed accents, runs of blank lines from layout. Cleaning it in one
place means the chunker and the index see one kind of text, and it is where the
promise "no empty segments; a document with no text is an error" is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .base import ExtractedDocument, ExtractionError, Segment

# C0 controls except tab and newline, DEL, C1 controls, BOM/ZWNBSP, non-characters, surrogates.
_JUNK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_TRAILING_SPACE = re.compile(r"[ \t\u3000\xa0]+(?=\n)")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"\s+")

MAX_LOCATION_CHARS = 200


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters and collapse runs of blank lines."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _JUNK.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def clean_line(text: str | None, limit: int = MAX_LOCATION_CHARS) -> str | None:
    """One-line version of ``text`` for titles and locations, or None when it is empty."""
    if not text:
        return None
    line = _SPACES.sub(" ", clean_text(text)).strip()
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line or None


def build_document(
    path: Path,
    segments: Iterable[Segment],
    *,
    title: str | None = None,
    warnings: Iterable[str] = (),
) -> ExtractedDocument:
    """Clean every segment, drop the empty ones, and fail with "no text found" if none is left."""
    kept = []
    for seg in segments:
        text = clean_text(seg.text)
        if text:
            kept.append(Segment(text, seg.page, clean_line(seg.location)))
    if not kept:
        raise ExtractionError(path, "no text found")
    return ExtractedDocument(tuple(kept), title=clean_line(title), warnings=tuple(warnings))
