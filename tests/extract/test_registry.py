"""The dispatcher: suffix routing, file-level checks, and the per-format module contract."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import desktop_search.extract as ex
from desktop_search.extract import (
    SUPPORTED_SUFFIXES,
    ExtractionError,
    UnsupportedFile,
    extract,
    is_supported,
)


def test_every_format_module_keeps_the_contract() -> None:
    for module in ex._FORMATS:
        assert module.__doc__ and len(module.__doc__) > 80, module.__name__
        assert callable(module.extract) and module.extract.__doc__
        assert module.SUFFIXES and all(
            s.startswith(".") and s == s.lower() for s in module.SUFFIXES
        )
    all_suffixes = [s for m in ex._FORMATS for s in m.SUFFIXES]
    assert len(all_suffixes) == len(set(all_suffixes)), "a suffix is claimed by two readers"
    assert set(all_suffixes) == SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    "name",
    [
        "a.txt", "B.PDF", "c.Docx", "d.md", "e.html", "f.epub", "g.odt", "h.rtf", "i.py",
        "j.pptx", "k.XLSX", "l.ods", "m.eml", "n.mbox", "o.doc",
    ],
)  # fmt: skip
def test_supported_suffixes_case_insensitive(name: str) -> None:
    assert is_supported(name)
    assert is_supported(Path("/some/dir") / name)


@pytest.mark.parametrize("name", ["a.exe", "b.bmp", "c", ".bashrc", "d.tar.gz", "e.xls"])
def test_unknown_suffix_is_unsupported(tmp_path: Path, name: str) -> None:
    assert not is_supported(name)
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(UnsupportedFile):
        extract(path)


def test_upper_case_suffix_is_read(tmp_path: Path) -> None:
    path = tmp_path / "NOTES.TXT"
    path.write_text("hello world", encoding="utf-8")
    assert extract(path).segments[0].text == "hello world"


def test_zero_byte_file(tmp_path: Path) -> None:
    for name in ("empty.txt", "empty.pdf", "empty.docx"):
        (tmp_path / name).touch()
        with pytest.raises(ExtractionError) as info:
            extract(tmp_path / name)
        assert info.value.reason == "empty file"
        assert not isinstance(info.value, UnsupportedFile)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    with pytest.raises(ExtractionError) as info:
        extract(path, max_bytes=1024 * 1024)
    assert info.value.reason == "too large (3.0 MB; limit 1.0 MB)"
    assert extract(path, max_bytes=4 * 1024 * 1024).text_length == 3 * 1024 * 1024


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(tmp_path / "gone.txt")
    assert info.value.reason == "file not found (moved or deleted?)"
    assert info.value.path == str(tmp_path / "gone.txt")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ExtractionError) as info:
            extract(path)
        assert info.value.reason == "permission denied"
    finally:
        path.chmod(0o600)


def test_folder_and_fifo_named_like_documents(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()
    with pytest.raises(UnsupportedFile, match="folder"):
        extract(folder)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.txt"
        os.mkfifo(fifo)
        with pytest.raises(UnsupportedFile, match="not a regular file"):
            extract(fifo)  # must not block waiting for a writer


def test_office_lock_file_skipped(tmp_path: Path) -> None:
    path = tmp_path / "~$report.docx"
    path.write_bytes(b"\x05user  " * 20)
    with pytest.raises(UnsupportedFile, match="lock file"):
        extract(path)


def test_error_reason_and_path_survive() -> None:
    err = ExtractionError("/x/y.pdf", "damaged or incomplete PDF")
    assert err.reason == "damaged or incomplete PDF" and err.path == "/x/y.pdf"
    assert "damaged" in str(err)
