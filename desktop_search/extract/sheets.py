"""What the spreadsheet readers (XLSX, ODS) share: turning rows of cells into text, capped.

A spreadsheet can hold a million rows of numbers: indexing them all would take minutes,
fill the index with digits nobody searches for, and run past the reader's time limit.
So each sheet is read row by row (never loaded whole) and stops after a number of
non-empty cells, with a warning that says where it stopped; a whole workbook has a
cap too. Cells of a row are joined by tabs, rows by lines; one segment per sheet with
"sheet <name>" as its location.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .base import Segment

MAX_CELLS_PER_SHEET = 50_000
MAX_CELLS_PER_BOOK = 200_000
MAX_EMPTY_ROWS = 10_000  # empty rows in a row before the rest of the sheet is given up
MAX_SHEETS = 500


def cell_text(value: object) -> str:
    """A cell value as a person would read it: 1200.0 -> "1200", dates without 00:00:00."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split())


@dataclass
class Book:
    """Collects the sheets of one workbook, row by row, within the caps."""

    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: int = 0
    sheets: int = 0
    _name: str = ""
    _lines: list[str] = field(default_factory=list)
    _sheet_cells: int = 0
    _empty_run: int = 0
    _cut: bool = False

    @property
    def full(self) -> bool:
        """True when no further sheet should be read."""
        return self.cells >= MAX_CELLS_PER_BOOK or self.sheets >= MAX_SHEETS

    def start_sheet(self, name: str) -> None:
        """Begin the sheet ``name``."""
        self.sheets += 1
        self._name = name
        self._lines, self._sheet_cells, self._empty_run, self._cut = [], 0, 0, False

    def add_row(self, texts: Iterable[str]) -> bool:
        """Add one row of cell texts ("" for empty); False once the rest should be skipped."""
        kept = [t for t in texts if t]
        if not kept:
            self._empty_run += 1
            return self._empty_run <= MAX_EMPTY_ROWS
        self._empty_run = 0
        if self._sheet_cells >= MAX_CELLS_PER_SHEET or self.cells >= MAX_CELLS_PER_BOOK:
            self._cut = True
            return False
        self._lines.append("\t".join(kept))
        self._sheet_cells += len(kept)
        self.cells += len(kept)
        return True

    def end_sheet(self) -> None:
        """Finish the current sheet as one segment."""
        if self._cut:
            self.warnings.append(
                f"sheet {self._name}: only the first {len(self._lines)} rows were read"
            )
        self.segments.append(Segment("\n".join(self._lines), location=f"sheet {self._name}"))
        self._lines = []
