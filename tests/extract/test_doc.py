"""Old Word (.doc) through catdoc/antiword, and the many ".doc" files that are something else.

``data/word97.doc`` was made from ``makers.make_docx`` with LibreOffice
(``soffice --headless --convert-to doc``, the "MS Word 97" filter): no Python library
writes the binary Word format, so the file is kept rather than generated.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, UnsupportedFile, doc, extract

from .makers import CHINESE, make_docx, make_rtf

WORD97 = Path(__file__).parent / "data" / "word97.doc"


@pytest.mark.parametrize("tool", ["catdoc", "antiword"])
def test_word97_with_each_tool(tool: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    monkeypatch.setattr(doc, "which", lambda name: shutil.which(name) if name == tool else None)
    text = extract(WORD97).segments[0].text
    assert "The budget grew by ten percent this quarter." in text
    assert CHINESE in text
    assert "Servers" in text and "Merged cell text" in text


def test_without_tools_the_file_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "which", lambda name: None)
    with pytest.raises(UnsupportedFile) as info:
        extract(WORD97)
    assert info.value.reason == "old Word (.doc) file: needs catdoc or antiword (not installed)"


def test_renamed_files_go_to_their_real_reader(tmp_path: Path) -> None:
    docx_as_doc = tmp_path / "report.doc"
    docx_as_doc.write_bytes(make_docx(tmp_path / "report.docx").read_bytes())
    assert "ten percent" in extract(docx_as_doc).segments[0].text
    rtf_as_doc = tmp_path / "letter.doc"
    rtf_as_doc.write_bytes(make_rtf(tmp_path / "letter.rtf").read_bytes())
    assert "Dear Sir" in extract(rtf_as_doc).segments[0].text
    text_as_doc = tmp_path / "notes.doc"
    text_as_doc.write_text("Plain notes saved with the wrong name.", encoding="utf-8")
    assert extract(text_as_doc).segments[0].text == "Plain notes saved with the wrong name."


def test_damaged_word_file(tmp_path: Path) -> None:
    if not (shutil.which("catdoc") or shutil.which("antiword")):
        pytest.skip("neither catdoc nor antiword is installed")
    path = tmp_path / "broken.doc"
    path.write_bytes(WORD97.read_bytes()[:600])
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert not isinstance(info.value, UnsupportedFile)
    assert "Word document" in info.value.reason or info.value.reason == "no text found"
