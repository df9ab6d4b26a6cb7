"""OpenDocument text: headings, spaces, tables, and real LibreOffice files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract

from .makers import CHINESE, make_odt


def test_generated_odt(tmp_path: Path) -> None:
    doc = extract(make_odt(tmp_path / "notes.odt"))
    assert doc.title == "Meeting notes"
    assert [(s.location, s.text) for s in doc.segments] == [
        ("Attendees", "Attendees\nAlice and   Bob\tcame."),
        ("决定", f"决定\n{CHINESE}\nItem\tCost\nCoffee\t12"),
    ]


def test_libreoffice_files(messy: Path) -> None:
    lorem = extract(
        messy / "pdf" / "py-pdf-sample-files" / "002-trivial-libre-office-writer" / "source.odt"
    )
    assert lorem.segments[0].text.startswith("Lorem ipsum dolor sit amet")
    tagged = extract(messy / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / "tagged.odt")
    assert [s.location for s in tagged.segments] == [None, "Heading", "Page 2 Heading"]
    assert "Cell 1\tCell 2\nCell 3\tCell 4" in tagged.segments[1].text
    assert tagged.segments[0].text.count("Table of Contents") == 1  # not the index template
    assert tagged.warnings == ("document properties (meta.xml) are damaged",)


def test_missing_content(tmp_path: Path) -> None:
    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "damaged OpenDocument file (content.xml is missing)"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    content = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><d>&a9;</d>'
    path = tmp_path / "laughs.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.xml", content)
    with pytest.raises(ExtractionError) as info:
        extract(path)  # expat refuses the entity amplification instead of expanding it
    assert info.value.reason == "damaged OpenDocument file (content.xml is not valid XML)"
