"""Excel workbooks (.xlsx, .xlsm): the text and numbers in every sheet's cells.

openpyxl in read-only mode streams each sheet's XML instead of building the whole
workbook in memory, which matters for the multi-megabyte sheets people keep. Formulas
are read as the values Excel last computed and saved (``data_only``), since that is
what the person saw. The zip-bomb guard checks the archive first; ``sheets`` caps how
many cells of a huge sheet are indexed. Old binary ``.xls`` files are not read here.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from .base import ExtractedDocument, ExtractionError
from .normalize import build_document
from .sheets import Book, cell_text
from .zipguard import open_archive

SUFFIXES = frozenset({".xlsx", ".xlsm"})

log = logging.getLogger(__name__)


def extract(path: Path) -> ExtractedDocument:
    """Cell text of each sheet, one segment per sheet ("sheet <name>"); title from properties."""
    import openpyxl  # imported here: it loads numpy, a quarter of a second

    open_archive(path, "Excel").close()
    book = Book()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and the like
            workbook = openpyxl.load_workbook(
                path, read_only=True, data_only=True, keep_links=False
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
