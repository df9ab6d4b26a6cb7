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


# Writers that striprtf reads as nothing (Tika's testRTFBoldPlain.rtf came out as "no
# text found"); made here, since Tika's files are not in this repository.
_LENIENT_CASES = {
    "text-after-the-outer-group": (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}}\n"
        "\\pard\\plain\\f0\\fs20\\b Animal Hospital\\plain  of Springfield\\par "
        "\\b Hank\\plain  Anna Smith\\par}"
    ),
    "font-table-without-a-group": (
        "{\\rtf1\\ansi\\deff0\\fonttbl\\f0\\fswiss Arial;\\f1\\froman Times;\n"
        "\\pard\\plain\\b Animal Hospital\\plain  of Springfield\\par "
        "\\b Hank\\plain  Anna Smith\\par}"
    ),
    "body-in-a-unicode-destination": (
        "{\\rtf1\\ansi{\\upr{\\info}{\\*\\ud{\\uc1 \\pard\\b Animal Hospital\\plain  of "
        "Springfield\\par \\b Hank\\plain  Anna Smith\\par}}}}"
    ),
}


@pytest.mark.parametrize("case", sorted(_LENIENT_CASES))
def test_lenient_writers_still_give_their_text(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.rtf"
    path.write_text(_LENIENT_CASES[case], encoding="ascii")
    text = " ".join(s.text for s in extract(path).segments)
    assert "Animal Hospital of Springfield" in text
    assert "Hank Anna Smith" in text
    assert "Arial" not in text and "Times" not in text
