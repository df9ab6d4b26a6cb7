"""Word documents (.docx).

python-docx gives paragraphs with their style, so a paragraph styled as a heading
becomes the location of the text under it. Tables hold much of the real content of
office documents (budgets, schedules, contact lists), so their cells are read too, row
by row, straight from the XML so merged cells are not repeated. Content controls
(``w:sdt``) are looked into as well; python-docx alone would skip them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .base import ExtractedDocument, ExtractionError, Segment
from .normalize import build_document
from .ooxml_properties import without_dtd
from .zipguard import open_archive

SUFFIXES = frozenset({".docx"})

log = logging.getLogger(__name__)

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC, _T, _TAB, _BR = qn("w:tr"), qn("w:tc"), qn("w:t"), qn("w:tab"), qn("w:br")
_HEADING_PREFIXES = ("heading", "title", "标题", "標題")
MAX_DEPTH = 20  # content controls and tables nest; hostile files nest without end


def _blocks(parent, depth: int = 0) -> Iterator:
    """Paragraph and table elements in reading order, looking inside content controls."""
    if depth > MAX_DEPTH:
        return
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content, depth + 1)


def _cell_text(tc) -> str:
    parts: list[str] = []
    for el in tc.iter(_P, _T, _TAB, _BR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _P:
            if parts:
                parts.append(" ")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _table_text(tbl) -> str:
    rows = []
    for tr in tbl.iterchildren(_TR):
        cells = [_cell_text(tc) for tc in tr.iterchildren(_TC)]
        if any(cells):
            rows.append("\t".join(cells).strip())
    return "\n".join(rows)


def _is_heading(paragraph: Paragraph) -> bool:
    try:
        name = (paragraph.style.name or "").strip().lower() if paragraph.style else ""
    except (KeyError, ValueError, AttributeError):
        return False
    return name.startswith(_HEADING_PREFIXES)


def _segments(document) -> list[Segment]:
    body = document.element.body
    segments: list[Segment] = []
    location: str | None = None
    lines: list[str] = []
    for block in _blocks(body):
        if block.tag == _TBL:
            lines.append(_table_text(block))
            continue
        paragraph = Paragraph(block, document._body)
        text = paragraph.text
        if _is_heading(paragraph) and text.strip():
            segments.append(Segment("\n".join(lines), location=location))
            lines = []
            location = text
        lines.append(text)
    segments.append(Segment("\n".join(lines), location=location))
    return segments


def extract(path: Path) -> ExtractedDocument:
    """Paragraphs and tables, one segment per heading section; title from the properties."""
    with open_archive(path, "Word") as archive:
        source = without_dtd(path, archive, "Word") or str(path)
    try:
        document = docx.Document(source)
        segments = _segments(document)
        try:
            title = document.core_properties.title
        except Exception:  # a broken core-properties part must not lose the body text
            title = None
    except (ExtractionError, MemoryError):
        raise  # out of memory is a size bomb, not damage: the sandbox words it
    except Exception as exc:  # python-docx reports damage as KeyError, ValueError, lxml errors…
        log.debug("python-docx could not read %s: %r", path, exc)
        raise ExtractionError(path, f"damaged Word document ({type(exc).__name__})") from exc
    return build_document(path, segments, title=title)
