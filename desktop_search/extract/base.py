"""The one interface every format extractor implements.

An extractor turns a file into text segments that remember where they came from
(page, slide, heading), so a search hit can say "page 12" and open the document there.
Extractors raise ``ExtractionError`` with a plain reason a user can act on; anything
else they raise is treated as a bug in the extractor and logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text from one place in a document."""

    text: str
    page: int | None = None  # 1-based page (PDF) or slide number; None when the format has none
    location: str | None = None  # human words for where it is: a heading, "sheet Budget", ...


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """What an extractor found in one file."""

    segments: tuple[Segment, ...]
    title: str | None = None  # document title from metadata, when the format has one
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text_length(self) -> int:
        return sum(len(s.text) for s in self.segments)

    def capped(self, max_chars: int | None) -> ExtractedDocument:
        """At most ``max_chars`` of text (whole segments, then part of one), noting the cut.

        Text past the cap is left out rather than held: an 800 KB .odt can unpack to
        19 MB of text and a log file to hundreds, and every later step holds a multiple
        of it. Idempotent: a capped document is returned as it is.
        """
        if not max_chars or self.text_length <= max_chars:
            return self
        kept: list[Segment] = []
        room = max_chars
        for seg in self.segments:
            if room <= 0:
                break
            if len(seg.text) > room:
                seg = Segment(seg.text[:room], seg.page, seg.location)
            kept.append(seg)
            room -= len(seg.text)
        note = truncation_note(max_chars)
        return ExtractedDocument(tuple(kept), title=self.title, warnings=(*self.warnings, note))


def truncation_note(max_chars: int) -> str:
    """What a file's status says when only its first ``max_chars`` of text were indexed."""
    size = (
        f"{max_chars / 1_000_000:g} MB" if max_chars >= 1_000_000 else f"{max_chars:,} characters"
    )
    return f"truncated: only the first {size} of text are indexed"


class ExtractionError(Exception):
    """A file could not be read; ``reason`` is shown to the user as-is."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class UnsupportedFile(ExtractionError):
    """Not a document we index (binary, unknown type): skipped, not failed."""


class NeedsOcr(ExtractionError):
    """The text is only in images (a scan, a photo): read it again with ``ocr=True``, later.

    ``pages`` is how many page images need OCR, so the caller can size time limits and
    show how much OCR work is queued.
    """

    def __init__(self, path: Path | str, reason: str, *, pages: int = 1) -> None:
        super().__init__(path, reason)
        self.pages = max(1, pages)
