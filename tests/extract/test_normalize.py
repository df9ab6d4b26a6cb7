"""Text cleaning shared by all readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_search.extract.base import ExtractionError, Segment
from desktop_search.extract.normalize import build_document, clean_line, clean_text


def test_clean_text_line_ends_controls_and_blank_runs() -> None:
    raw = "a\r\nb\rc\x00d\x07e\x1b\x85f\u2028g\n\n\n\n  \n\t\nh  \n\ufeffi\ufffe"
    assert clean_text(raw) == "a\nb\ncde\nf\ng\n\nh\ni"


def test_clean_text_keeps_tabs_and_indentation() -> None:
    assert clean_text("def f():\n\treturn 1\n    pass") == "def f():\n\treturn 1\n    pass"


def test_clean_text_is_nfc() -> None:
    assert clean_text("Cafe\u0301") == "Café"


def test_clean_line() -> None:
    assert clean_line("  Intro \n duction ") == "Intro duction"
    assert clean_line("\x00 ") is None
    assert clean_line(None) is None
    assert len(clean_line("x" * 500) or "") == 200


def test_build_document_drops_empty_segments() -> None:
    doc = build_document(
        Path("a.txt"),
        [Segment(" \n\x00", page=1), Segment("text", page=2, location=" H \n1 ")],
        title="  T ",
    )
    assert doc.segments == (Segment("text", page=2, location="H 1"),)
    assert doc.title == "T"


def test_build_document_without_text_fails() -> None:
    with pytest.raises(ExtractionError) as info:
        build_document(Path("a.txt"), [Segment("\n\n\t")])
    assert info.value.reason == "no text found"
