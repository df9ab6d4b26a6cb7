"""Word documents: headings as locations, tables, title, zip bombs and impostors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract

from .makers import CHINESE, make_docx, make_zip_bomb_docx


def test_generated_docx(tmp_path: Path) -> None:
    doc = extract(make_docx(tmp_path / "report.docx"))
    assert doc.title == "Quarterly report"
    assert [s.location for s in doc.segments] == ["Introduction", "Numbers"]
    intro, numbers = (s.text for s in doc.segments)
    assert intro == f"Introduction\nThe budget grew by ten percent this quarter.\n{CHINESE}"
    assert "Item\tCost\tOwner\nServers\t1200\tAlice" in numbers
    assert numbers.count("Merged cell text") == 1  # a merged cell is read once
    assert numbers.endswith("Closing words.")


def test_corpus_docx_files(messy: Path) -> None:
    files = sorted((messy / "docx").rglob("*.docx"))
    assert len(files) > 40
    ok = 0
    for path in files:
        try:
            doc = extract(path)
        except ExtractionError as exc:
            assert exc.reason == "no text found", (path.name, exc.reason)
            continue
        ok += 1
        assert all(s.text.strip() for s in doc.segments)
    assert ok > 25


def test_corpus_table_document(messy: Path) -> None:
    path = next((messy / "docx").rglob("tbl-cell-access.docx"))
    text = "\n".join(s.text for s in extract(path).segments)
    assert text.startswith("1\t2\t3\n4\t5\t6\n7\t8\t9")
    path = next((messy / "docx").rglob("par-known-paragraphs.docx"))
    assert [s.location for s in extract(path).segments] == ["Heading Paragraph"]


def test_zip_bomb(tmp_path: Path) -> None:
    path = make_zip_bomb_docx(tmp_path / "bomb.docx")
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason.startswith("looks like a zip bomb")


def test_renamed_old_doc_or_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "password-protected, or an old binary file renamed to Word"


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "damaged or not really a Word file"


def test_zip_without_word_parts(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason.startswith("damaged Word document")


def test_truncated_docx(tmp_path: Path) -> None:
    full = make_docx(tmp_path / "full.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(ExtractionError):
        extract(path)


def test_a_size_bomb_is_not_called_damaged(tmp_path: Path, monkeypatch) -> None:
    """Out of memory used to read "damaged Word document (MemoryError)"; the sandbox words it."""
    import docx as python_docx

    from desktop_search.extract import docx as reader

    path = make_docx(tmp_path / "big.docx")

    def bomb(*_args, **_kwargs):
        raise MemoryError()

    monkeypatch.setattr(python_docx, "Document", bomb)
    with pytest.raises(MemoryError):
        reader.extract(path)
