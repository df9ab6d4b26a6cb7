"""EPUB: chapters in reading order with their table-of-contents titles."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, extract

from .makers import CHINESE, make_epub


def _rewrite(
    src: Path, dst: Path, *, drop: tuple[str, ...] = (), add: dict[str, str] | None = None
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in drop:
                zout.writestr(info, zin.read(info.filename))
        for name, text in (add or {}).items():
            zout.writestr(name, text)
    return dst


def test_generated_epub(tmp_path: Path) -> None:
    doc = extract(make_epub(tmp_path / "book.epub"))
    assert doc.title == "A Test Book"
    assert [(s.location, s.text) for s in doc.segments] == [
        ("Chapter One", "Chapter One\nIt was a bright cold day in April."),
        ("第二章", f"第二章\n{CHINESE}"),
    ]


def test_epub_without_container_falls_back(tmp_path: Path) -> None:
    book = make_epub(tmp_path / "book.epub")
    broken = _rewrite(book, tmp_path / "broken.epub", drop=("META-INF/container.xml",))
    doc = extract(broken)
    assert [s.location for s in doc.segments] == ["Chapter One", "第二章"]


def test_drm_protected(tmp_path: Path) -> None:
    book = make_epub(tmp_path / "book.epub")
    with zipfile.ZipFile(book) as zf:
        chapter = next(n for n in zf.namelist() if n.endswith("ch1.xhtml"))
    encryption = f"""<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
  xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
 <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
  <enc:CipherData><enc:CipherReference URI="{chapter}"/></enc:CipherData></enc:EncryptedData>
</encryption>"""
    drm = _rewrite(book, tmp_path / "drm.epub", add={"META-INF/encryption.xml": encryption})
    with pytest.raises(ExtractionError) as info:
        extract(drm)
    assert info.value.reason == "DRM-protected e-book; cannot be read"


def test_bad_xml_package(tmp_path: Path) -> None:
    book = make_epub(tmp_path / "book.epub")
    bad = _rewrite(
        book, tmp_path / "bad.epub", drop=("META-INF/container.xml",),
        add={"META-INF/container.xml": "<container><rootfiles"},
    )  # fmt: skip
    with pytest.raises(ExtractionError) as info:
        extract(bad)
    assert "not valid XML" in info.value.reason


def test_epub_zip_bomb(tmp_path: Path) -> None:
    book = make_epub(tmp_path / "book.epub")
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("pad.bin", "w") as out:
        for _ in range(120):
            out.write(bytes(1024 * 1024))
    with pytest.raises(ExtractionError) as info:
        extract(book)
    assert info.value.reason.startswith("looks like a zip bomb")
