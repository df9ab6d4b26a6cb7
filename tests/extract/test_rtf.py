"""RTF: Western and Chinese code pages, title from the info group."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract

from .makers import CHINESE, make_rtf


def test_western_rtf(tmp_path: Path) -> None:
    doc = extract(make_rtf(tmp_path / "letter.rtf"))
    assert doc.title == "Letter"
    assert doc.segments[0].text == "Dear Sir,\nWe met in Zürich on Monday."


def test_chinese_rtf_code_page_936(tmp_path: Path) -> None:
    doc = extract(make_rtf(tmp_path / "zh.rtf", chinese=True))
    assert doc.title == "Chinese notes"
    assert doc.segments[0].text == f"{CHINESE}\nUnicode: 向量"


def test_raw_gbk_bytes_in_rtf(tmp_path: Path) -> None:
    path = tmp_path / "raw.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 " + "原始字节".encode("gbk") + b"\\par}")
    assert extract(path).segments[0].text == "原始字节"


def test_not_rtf(tmp_path: Path) -> None:
    path = tmp_path / "fake.rtf"
    path.write_text("just text", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "not a valid RTF file"
