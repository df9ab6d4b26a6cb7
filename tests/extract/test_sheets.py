"""Spreadsheets (XLSX via openpyxl, ODS streamed): sheets as locations, values, caps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract, sheets

from .makers import CHINESE, make_ods, make_xlsx


@pytest.mark.parametrize("maker", [make_xlsx, make_ods], ids=["xlsx", "ods"])
def test_sheets_and_cells(tmp_path: Path, maker) -> None:
    path = maker(tmp_path / f"book.{maker.__name__[5:]}")
    doc = extract(path)
    assert doc.title == "Budget 2024"
    assert [s.location for s in doc.segments] == ["sheet Budget", "sheet 中文"]
    budget, chinese = (s.text for s in doc.segments)
    assert budget.startswith("Item\tCost")
    assert "Servers\t1200" in budget
    assert chinese.splitlines()[0] == f"第1行\t{CHINESE}"
    assert doc.warnings == ()


def test_xlsx_values_read_as_shown(tmp_path: Path) -> None:
    budget = extract(make_xlsx(tmp_path / "book.xlsx")).segments[0].text
    assert budget.splitlines() == [
        "Item\tCost\tDue",
        "Servers\t1200\t2024-03-01",
        "Coffee\t12.5",
        "far away cell",
    ]


@pytest.mark.parametrize("maker", [make_xlsx, make_ods], ids=["xlsx", "ods"])
def test_huge_sheet_is_capped(tmp_path: Path, maker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_CELLS_PER_SHEET", 20)
    doc = extract(maker(tmp_path / f"big.{maker.__name__[5:]}", rows=50))
    chinese = doc.segments[1].text.splitlines()
    assert len(chinese) == 10
    assert doc.warnings == ("sheet 中文: only the first 10 rows were read",)


def test_cell_text() -> None:
    assert sheets.cell_text(3.0) == "3"
    assert sheets.cell_text(0.1) == "0.1"
    assert sheets.cell_text(True) == "TRUE"
    assert sheets.cell_text(dt.datetime(2024, 1, 2, 3, 4)) == "2024-01-02 03:04:00"
    assert sheets.cell_text("  two\n lines ") == "two lines"
    assert sheets.cell_text(None) == ""


def test_damaged_workbooks(tmp_path: Path) -> None:
    for name in ("bad.xlsx", "bad.ods"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 not really a zip")
        with pytest.raises(ExtractionError, match="damaged or not really"):
            extract(tmp_path / name)


@pytest.mark.parametrize("maker", [make_xlsx, make_ods], ids=["xlsx", "ods"])
def test_huge_workbook_is_capped(tmp_path: Path, maker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_CELLS_PER_BOOK", 4)
    doc = extract(maker(tmp_path / f"big.{maker.__name__[5:]}"))
    assert [s.location for s in doc.segments] == ["sheet Budget"]
    assert doc.warnings[-1] == "the remaining sheets were not read"


def test_strict_open_xml_workbook(tmp_path: Path) -> None:
    """Tika's testEXCEL.strict.xlsx came out as "no text found"."""
    from .makers import make_strict_xlsx

    doc = extract(make_strict_xlsx(tmp_path / "strict.xlsx"))
    assert doc.title == "Budget 2024"
    assert [s.location for s in doc.segments] == ["sheet Budget", "sheet 中文"]
    assert "Servers\t1200\t2024-03-01" in doc.segments[0].text
    assert CHINESE in doc.segments[1].text
