"""PowerPoint: slide numbers as pages, titles, notes, tables, groups, Chinese, damage."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract

from .makers import make_pptx


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pptx(tmp_path_factory.mktemp("pptx") / "deck.pptx")


def test_slides_become_pages(deck: Path) -> None:
    doc = extract(deck)
    assert doc.title == "Roadmap deck"
    assert [(s.page, s.location) for s in doc.segments] == [
        (1, "slide 1"),
        (2, "slide 2"),
        (3, "slide 3"),
    ]
    assert doc.segments[0].text == "Product roadmap\nSpring planning meeting"


def test_notes_groups_and_tables_are_read(deck: Path) -> None:
    second, third = extract(deck).segments[1:]
    assert second.text.startswith("Goals\nShip the search feature\nHire two engineers")
    assert "Grouped caption about lighthouses" in second.text
    assert second.text.endswith("Speaker notes: mention the budget overrun.")
    assert third.text == "预算\n项目\t费用\n向量数据库\t1200"


def test_damaged_presentation(tmp_path: Path, deck: Path) -> None:
    broken = tmp_path / "broken.pptx"
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "ppt/presentation.xml":
                dst.writestr(info, src.read(info))
    with pytest.raises(ExtractionError, match="damaged PowerPoint file"):
        extract(broken)
    truncated = tmp_path / "truncated.pptx"
    truncated.write_bytes(deck.read_bytes()[:2000])
    with pytest.raises(ExtractionError, match="damaged or not really a PowerPoint file"):
        extract(truncated)
