"""OpenDocument spreadsheets (.ods), as written by LibreOffice Calc and WPS.

The sheets live in ``content.xml`` inside the zip. It is streamed (``iterparse``) and
each row dropped once read, because a spreadsheet's XML can be hundreds of megabytes;
odfpy would build the whole tree in memory. Calc writes the empty rest of a sheet as
one row "repeated 1048000 times": repeats are never expanded (an empty repeat is just
skipped, a repeated non-empty row or cell is read once, like the text it holds). Cell
text comes from its paragraphs, as formatted for display (dates, currencies). The
zip-bomb guard and the caps in ``sheets`` apply.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from . import odf
from .base import ExtractedDocument, ExtractionError
from .normalize import build_document
from .sheets import Book
from .zipguard import iter_xml, open_archive, read_xml

SUFFIXES = frozenset({".ods", ".ots"})

KIND = "OpenDocument spreadsheet"
_TEXT, _TABLE, _OFFICE, _DC = odf.TEXT, odf.TABLE, odf.OFFICE, odf.DC

_SHEET, _ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
_NAME = f"{{{_TABLE}}}name"
_P, _S, _TAB, _LINE_BREAK = (
    f"{{{_TEXT}}}p",
    f"{{{_TEXT}}}s",
    f"{{{_TEXT}}}tab",
    f"{{{_TEXT}}}line-break",
)
_ANNOTATION = f"{{{_OFFICE}}}annotation"


def _paragraph_text(p: ET.Element) -> str:
    parts: list[str] = []
    stack: list[tuple[ET.Element, bool]] = [(p, False)]
    while stack:  # iterative: hostile files nest deeply
        el, leaving = stack.pop()
        if leaving:
            if el.tail and el is not p:
                parts.append(el.tail)
            continue
        if el.tag == _ANNOTATION:  # comments are not the cell's text
            if el.tail:
                parts.append(el.tail)
            continue
        if el.tag in (_S, _TAB, _LINE_BREAK):
            parts.append(" ")
        elif el.text:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(parts)


def _cell_text(cell: ET.Element) -> str:
    paragraphs = [_paragraph_text(p) for p in cell.iter(_P)]
    return " ".join(" ".join(paragraphs).split())


def _read_sheets(path: Path, archive: zipfile.ZipFile, book: Book) -> None:
    parents: list[ET.Element] = []
    depth = 0  # nesting of sheets: a subtable inside a cell is part of that cell's text
    reading = False  # inside a top-level sheet that is being read (not capped)
    row: list[str] = []
    for event, el in iter_xml(path, archive, "content.xml", KIND):
        if event == "start":
            parents.append(el)
            if el.tag == _SHEET:
                depth += 1
                if depth == 1 and book.full:  # stop parsing: the rest would only be skipped
                    book.warnings.append("the remaining sheets were not read")
                    return
                if depth == 1:
                    book.start_sheet(el.get(_NAME) or str(book.sheets + 1))
                    reading = True
            continue
        parents.pop()
        tag = el.tag
        if tag == _SHEET:
            depth -= 1
            if depth == 0 and reading:
                book.end_sheet()
                reading = False
        elif depth == 1 and reading and tag == _CELL:
            row.append(_cell_text(el))
        elif depth == 1 and reading and tag == _ROW:
            reading = book.add_row(row)
            if not reading:
                book.end_sheet()
            row = []
        if parents and ((tag == _ROW and depth == 1) or (tag == _SHEET and depth == 0)):
            # Drop what was read, so memory stays flat however long the sheet is.
            parents[-1].remove(el)


def extract(path: Path) -> ExtractedDocument:
    """Cell text of each sheet, one segment per sheet ("sheet <name>"); title from meta.xml."""
    book = Book()
    title = None
    with open_archive(path, KIND) as archive:
        names = set(archive.namelist())
        if "content.xml" not in names:
            raise ExtractionError(path, f"damaged {KIND} file (content.xml is missing)")
        _read_sheets(path, archive, book)
        if "meta.xml" in names:
            try:
                meta = read_xml(path, archive, "meta.xml", KIND)
            except ExtractionError:  # metadata is optional; the cells matter
                book.warnings.append("document properties (meta.xml) are damaged")
            else:
                title_el = meta.find(f".//{{{_DC}}}title")
                title = "".join(title_el.itertext()) if title_el is not None else None
    return build_document(path, book.segments, title=title, warnings=book.warnings)
