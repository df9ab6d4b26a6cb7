"""A result's passages in their surrounding text, for the preview pane (no Qt here).

A snippet in the list is two lines; deciding whether a document is the right one often
needs the paragraph around it. The text around each passage is read from the catalog,
passages whose surroundings overlap share one section, and the query's words are
marked as in the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_search.search.hits import DocumentHit, Passage
from desktop_search.search.snippets import highlight_spans

if TYPE_CHECKING:  # the preview reads through a catalog opened on its thread
    from desktop_search.store.catalog import Catalog

CONTEXT_CHARS = 700  # before and after each passage
OPENING_CHARS = 1400  # of a document found by its file name alone
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of the document around one or more matching passages, ready to show."""

    page: int | None
    location: str | None
    text: str
    passages: tuple[tuple[int, int], ...]  # within ``text``; the best passage first
    marks: tuple[tuple[int, int], ...]  # the query's words, within ``text``
    clipped_start: bool
    clipped_end: bool


def _tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n"))


def read_sections(
    catalog: Catalog, hit: DocumentHit, query: str, phrases: tuple[str, ...] = ()
) -> list[Section]:
    """The passages of ``hit`` with ``CONTEXT_CHARS`` around them, best first.

    Passages whose surroundings overlap share one section, so no text is shown twice.
    A team library's document is not in this catalog: its passages show on their own.
    """
    if hit.library != "local":
        return [
            Section(
                p.page,
                p.location,
                p.snippet.text,
                ((0, len(p.snippet.text)),),
                tuple(highlight_spans(p.snippet.text, query, phrases=phrases)),
                p.snippet.clipped_start,
                p.snippet.clipped_end,
            )
            for p in hit.passages
        ]
    groups: list[list[Passage]] = []
    for p in sorted(hit.passages, key=lambda p: p.start):
        if groups and p.start - CONTEXT_CHARS <= max(q.end for q in groups[-1]) + CONTEXT_CHARS:
            groups[-1].append(p)
        else:
            groups.append([p])
    rank = {p.chunk_id: i for i, p in enumerate(hit.passages)}  # hit.passages is best first
    groups.sort(key=lambda g: min(rank[p.chunk_id] for p in g))
    sections = []
    for group in groups:
        group.sort(key=lambda p: rank[p.chunk_id])
        first, last = min(p.start for p in group), max(p.end for p in group)
        content = group[0].content_id
        start = max(0, first - CONTEXT_CHARS)
        before = catalog.content_text(content, start, first)
        middle = catalog.content_text(content, first, last)
        after = catalog.content_text(content, last, last + CONTEXT_CHARS)
        clipped_start = start > 0
        if clipped_start and "\n" in before[: len(before) // 2]:
            before = before[before.index("\n") + 1 :]  # start at a line, not mid-word
        clipped_end = len(after) >= CONTEXT_CHARS
        if clipped_end and "\n" in after[len(after) // 2 :]:
            after = after[: after.rindex("\n")]
        # Only the surroundings are tidied, so passage offsets inside ``middle`` stay exact.
        before, after = _tidy(before), _tidy(after)
        text = before + middle + after
        base = len(before) - first
        ordered = tuple((base + p.start, base + p.end) for p in group)
        best = group[0]
        sections.append(
            Section(
                best.page,
                best.location,
                text,
                ordered,
                tuple(highlight_spans(text, query, phrases=phrases)),
                clipped_start,
                clipped_end,
            )
        )
    return sections


def read_opening(catalog: Catalog, hit: DocumentHit) -> list[Section]:
    """The beginning of a document found by its file name alone (no passage matched), so
    the preview shows what the file holds rather than only why it is listed."""
    if hit.library != "local":
        return []  # its text is on the team's server
    record = catalog.file(hit.path)
    if record is None or record.content_id is None:
        return []
    text = catalog.content_text(record.content_id, 0, OPENING_CHARS + 1)
    clipped = len(text) > OPENING_CHARS
    text = text[:OPENING_CHARS]
    if clipped and "\n" in text[len(text) // 2 :]:
        text = text[: text.rindex("\n")]  # end at a line, not mid-word
    text = _tidy(text).strip()
    return [Section(None, None, text, (), (), False, clipped)] if text else []
