"""Excel workbooks (.xlsx, .xlsm): the text and numbers in every sheet's cells.

openpyxl in read-only mode streams each sheet's XML instead of building the whole
workbook in memory, which matters for the multi-megabyte sheets people keep. Formulas
are read as the values Excel last computed and saved (``data_only``), since that is
what the person saw. The zip-bomb guard checks the archive first; ``sheets`` caps how
many cells of a huge sheet are indexed. Old binary ``.xls`` files are not read here.

Strict Open XML workbooks (Excel's "Strict Open XML Spreadsheet") use other namespace
names for the same elements; openpyxl finds no sheets in them, so they are read through
a copy with the usual names (``_transitional``).
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from pathlib import Path
from typing import IO

from .base import ExtractedDocument, ExtractionError
from .normalize import build_document
from .sheets import Book, cell_text
from .zipguard import open_archive, read_member

SUFFIXES = frozenset({".xlsx", ".xlsm"})

log = logging.getLogger(__name__)

_STRICT = {  # ISO 29500 Strict namespace -> the transitional one openpyxl knows
    b"http://purl.oclc.org/ooxml/spreadsheetml/main": (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/main": (
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
    ),
}


def _transitional(path: Path, archive: zipfile.ZipFile) -> IO[bytes] | None:
    """A transitional copy of a Strict Open XML workbook (in memory), or None if not strict."""
    rels = (
        read_member(path, archive, "_rels/.rels", "Excel")
        if "_rels/.rels" in archive.namelist()
        else b""
    )
    if b"purl.oclc.org/ooxml" not in rels:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            data = read_member(path, archive, info.filename, "Excel")
            if info.filename.endswith((".xml", ".rels")):
                for strict, usual in _STRICT.items():
                    data = data.replace(strict, usual)
            copy.writestr(info.filename, data)
    out.seek(0)
    return out


def extract(path: Path) -> ExtractedDocument:
    """Cell text of each sheet, one segment per sheet ("sheet <name>"); title from properties."""
    import openpyxl  # imported here: it loads numpy, a quarter of a second

    with open_archive(path, "Excel") as archive:
        source: Path | IO[bytes] = _transitional(path, archive) or path
    book = Book()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and the like
            workbook = openpyxl.load_workbook(
                source, read_only=True, data_only=True, keep_links=False
            )
            try:
                sheets = workbook.worksheets
                for sheet in sheets:
                    if book.full:
                        book.warnings.append("the remaining sheets were not read")
                        break
                    book.start_sheet(sheet.title)
                    for row in sheet.iter_rows(values_only=True):
                        if not book.add_row(cell_text(v) for v in row):
                            break
                    book.end_sheet()
                title = workbook.properties.title if workbook.properties else None
            finally:
                workbook.close()
    except (ExtractionError, MemoryError):
        raise  # out of memory is a size bomb, not damage: the sandbox words it
    except Exception as exc:  # openpyxl reports damage as KeyError, ValueError, zip errors…
        log.debug("openpyxl could not read %s: %r", path, exc)
        raise ExtractionError(path, f"damaged Excel file ({type(exc).__name__})") from exc
    return build_document(path, book.segments, title=title, warnings=book.warnings)
