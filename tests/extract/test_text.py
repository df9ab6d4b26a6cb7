"""Plain text and source files."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, UnsupportedFile, extract


def test_gbk_chinese_text_file(corpus: Path) -> None:
    gbk = extract(corpus / "zh" / "走进向量的世界-gbk编码.txt")
    utf8 = extract(corpus / "zh" / "走进向量的世界.txt")
    assert gbk.segments == utf8.segments
    assert "向量" in gbk.segments[0].text
    assert gbk.warnings == ()


def test_all_chinese_articles(corpus: Path) -> None:
    for path in sorted((corpus / "zh").glob("*.txt")):
        doc = extract(path)
        assert len(doc.segments) == 1 and doc.segments[0].page is None
        assert doc.text_length > 1000
        assert "\r" not in doc.segments[0].text


def test_source_code_keeps_indentation(tmp_path: Path) -> None:
    path = tmp_path / "tool.py"
    path.write_text('def main():\n    """Say hi."""\n    print("你好")\n', encoding="utf-8")
    assert extract(path).segments[0].text == 'def main():\n    """Say hi."""\n    print("你好")'


def test_utf16_windows_notes(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("会议记录\r\nMeeting notes\r\n".encode("utf-16"))  # BOM + UTF-16-LE
    assert extract(path).segments[0].text == "会议记录\nMeeting notes"


@pytest.mark.parametrize("suffix", [".txt", ".csv", ".json", ".py", ".log"])
def test_binary_with_text_suffix_is_skipped(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"renamed{suffix}"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40)
    with pytest.raises(UnsupportedFile) as info:
        extract(path)
    assert info.value.reason == "binary file, not text"


def test_whitespace_only_file_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n\n   \t\n", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "no text found"


def test_undecodable_bytes_warn(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Zürich und Köln, ".encode("cp1252") * 50 + "中文".encode())
    doc = extract(path)
    assert "Zürich" in doc.segments[0].text
