"""OpenDocument text (.odt), as written by LibreOffice and WPS.

An ODT is a zip with the body in ``content.xml``. It is parsed with the standard
library rather than odfpy: odfpy builds a heavy object tree and has no notion of
hostile input, while a plain walk over the XML needs a few lines and the zip-bomb
guard covers what is inflated. Headings (``text:h``) become locations; tables, lists,
sections and text boxes are read in document order; tracked deletions and comments
are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import odf
from .base import ExtractedDocument, ExtractionError, Segment
from .normalize import build_document
from .zipguard import open_archive, read_xml

SUFFIXES = frozenset({".odt", ".ott"})

KIND = "OpenDocument"
_TEXT, _TABLE, _OFFICE, _DC = odf.TEXT, odf.TABLE, odf.OFFICE, odf.DC

_H, _P = f"{{{_TEXT}}}h", f"{{{_TEXT}}}p"
_SPACES, _TAB, _LINE_BREAK = f"{{{_TEXT}}}s", f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"
_CELL, _ROW = f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}table-row"
_SKIP = frozenset(
    {
        f"{{{_TEXT}}}tracked-changes",
        f"{{{_TEXT}}}note-citation",
        f"{{{_OFFICE}}}annotation",
        f"{{{_OFFICE}}}annotation-end",
        f"{{{_TEXT}}}sequence-decls",
        f"{{{_TEXT}}}variable-decls",
        f"{{{_TEXT}}}user-field-decls",
    }
)
MAX_SPACES = 1000


def _segments(body: ET.Element) -> list[Segment]:
    segments: list[Segment] = []
    parts: list[str] = []
    location: str | None = None
    heading_from: int | None = None
    in_cell = 0  # paragraphs inside a table cell end with a space, not a line break
    # Iterative walk (hostile files nest deeply); "leave" entries emit what follows an element.
    stack: list[tuple[ET.Element, bool]] = [(body, False)]
    while stack:
        el, leaving = stack.pop()
        if leaving:
            if el.tag == _H and heading_from is not None:
                heading = "".join(parts[heading_from:]).strip()
                location = heading or location
                heading_from = None
            if el.tag in (_H, _P):
                parts.append(" " if in_cell else "\n")
            elif el.tag == _ROW:
                parts.append("\n")
            elif el.tag == _CELL:
                in_cell -= 1
                if parts and parts[-1] == " ":
                    parts.pop()
                parts.append("\t")
            if el.tail and el is not body:
                parts.append(el.tail)
            continue
        if el.tag in _SKIP or el.tag.endswith("-source"):  # index templates, not text
            if el.tail:
                parts.append(el.tail)
            continue
        if el.tag == _SPACES:
            try:
                count = int(el.get(f"{{{_TEXT}}}c", "1"))
            except ValueError:
                count = 1
            parts.append(" " * max(1, min(count, MAX_SPACES)))
        elif el.tag == _TAB:
            parts.append("\t")
        elif el.tag == _LINE_BREAK:
            parts.append("\n")
        elif el.tag == _CELL:
            in_cell += 1
        elif el.tag == _H:
            segments.append(Segment("".join(parts), location=location))
            parts = []
            heading_from = 0
        if el.text and el.tag not in (_SPACES, _TAB, _LINE_BREAK):
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    segments.append(Segment("".join(parts), location=location))
    return segments


def extract(path: Path) -> ExtractedDocument:
    """Body text in document order, one segment per heading section; title from meta.xml."""
    with open_archive(path, KIND) as archive:
        content = read_xml(path, archive, "content.xml", KIND)
        title = None
        warnings = []
        if "meta.xml" in archive.namelist():
            try:
                meta = read_xml(path, archive, "meta.xml", KIND)
            except ExtractionError:  # metadata is optional; the text matters
                warnings.append("document properties (meta.xml) are damaged")
            else:
                title_el = meta.find(f".//{{{_DC}}}title")
                title = "".join(title_el.itertext()) if title_el is not None else None
    body = content.find(f"{{{_OFFICE}}}body")
    if body is None:
        raise ExtractionError(path, f"damaged {KIND} file (no document body)")
    return build_document(path, _segments(body), title=title, warnings=warnings)
