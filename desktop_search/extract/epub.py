"""E-books (.epub).

An EPUB is a zip of XHTML chapters listed, in reading order, by an OPF package file.
The chapters are read in spine order with the HTML reader, and each chapter's title
from the book's table of contents becomes the location of its text. The zip is read
directly (not through ebooklib) so the zip-bomb guard covers every byte inflated and
a damaged book fails with a plain reason. DRM-encrypted chapters are reported, not
indexed as noise.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag

from .base import ExtractedDocument, ExtractionError, Segment
from .encoding import NotText, decode_text
from .html import declared_encoding, parse_html
from .normalize import build_document, clean_line
from .zipguard import open_archive, read_member, read_xml

SUFFIXES = frozenset({".epub"})

KIND = "EPUB"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
}
_HTML_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")
# Font obfuscation is not DRM: only fonts are scrambled and the text is readable.
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")


def _xml(path: Path, archive: zipfile.ZipFile, name: str) -> ET.Element:
    return read_xml(path, archive, name, KIND)


def _resolve(base_dir: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base_dir, unquote(urldefrag(href)[0])))


def _encrypted_members(path: Path, archive: zipfile.ZipFile) -> set[str]:
    if "META-INF/encryption.xml" not in archive.namelist():
        return set()
    root = _xml(path, archive, "META-INF/encryption.xml")
    names = set()
    for data in root.iter(f"{{{_NS['enc']}}}EncryptedData"):
        method = data.find("enc:EncryptionMethod", _NS)
        if method is not None and method.get("Algorithm") in _FONT_OBFUSCATION:
            continue
        ref = data.find(".//enc:CipherReference", _NS)
        if ref is not None and ref.get("URI"):
            names.add(_resolve("", ref.get("URI", "")))
    return names


def _toc_titles(
    path: Path, archive: zipfile.ZipFile, toc_name: str | None, nav_name: str | None
) -> dict[str, str]:
    """Map chapter file -> its first title in the table of contents (EPUB 3 nav or NCX)."""
    titles: dict[str, str] = {}
    if nav_name and nav_name in archive.namelist():
        nav_dir = posixpath.dirname(nav_name)
        for a in _xml(path, archive, nav_name).iter(f"{{{_NS['xhtml']}}}a"):
            label = clean_line("".join(a.itertext()))
            if label and a.get("href"):
                titles.setdefault(_resolve(nav_dir, a.get("href", "")), label)
    if toc_name and toc_name in archive.namelist():
        toc_dir = posixpath.dirname(toc_name)
        for point in _xml(path, archive, toc_name).iter(f"{{{_NS['ncx']}}}navPoint"):
            text = point.find("ncx:navLabel/ncx:text", _NS)
            content = point.find("ncx:content", _NS)
            if text is not None and content is not None and content.get("src"):
                label = clean_line("".join(text.itertext()))
                if label:
                    titles.setdefault(_resolve(toc_dir, content.get("src", "")), label)
    return titles


def _package(path: Path, archive: zipfile.ZipFile) -> tuple[str | None, list[str], dict[str, str]]:
    """(title, chapter file names in reading order, TOC titles) from the OPF package."""
    names = set(archive.namelist())
    opf_name = None
    if "META-INF/container.xml" in names:
        rootfile = _xml(path, archive, "META-INF/container.xml").find(".//c:rootfile", _NS)
        if rootfile is not None:
            opf_name = rootfile.get("full-path")
    if not opf_name or opf_name not in names:
        opf_name = next((n for n in sorted(names) if n.lower().endswith(".opf")), None)
    if opf_name is None:  # no package at all: read whatever chapters are there
        chapters = sorted(n for n in names if n.lower().endswith((".xhtml", ".html", ".htm")))
        return None, chapters, {}
    opf = _xml(path, archive, opf_name)
    base = posixpath.dirname(opf_name)
    title_el = opf.find(".//dc:title", _NS)
    title = "".join(title_el.itertext()) if title_el is not None else None
    manifest: dict[str | None, tuple[str, str]] = {}
    nav_name = None
    for item in opf.iterfind(".//opf:manifest/opf:item", _NS):
        href = item.get("href")
        if not href:
            continue
        full = _resolve(base, href)
        manifest[item.get("id")] = (full, item.get("media-type", ""))
        if "nav" in (item.get("properties") or "").split():
            nav_name = full
    spine = opf.find(".//opf:spine", _NS)
    chapters: list[str] = []
    toc_name = None
    if spine is not None:
        toc_name = manifest.get(spine.get("toc"), (None, ""))[0]
        for ref in spine.iterfind("opf:itemref", _NS):
            full, media = manifest.get(ref.get("idref"), (None, ""))
            if full and media in _HTML_TYPES and full != nav_name and full not in chapters:
                chapters.append(full)
    return title, chapters, _toc_titles(path, archive, toc_name, nav_name)


def extract(path: Path) -> ExtractedDocument:
    """Chapters in reading order, each located by its table-of-contents title."""
    with open_archive(path, KIND) as archive:
        title, chapters, toc = _package(path, archive)
        encrypted = _encrypted_members(path, archive)
        if encrypted and any(c in encrypted for c in chapters):
            raise ExtractionError(path, "DRM-protected e-book; cannot be read")
        segments: list[Segment] = []
        warnings: list[str] = []
        names = set(archive.namelist())
        for chapter in chapters:
            if chapter not in names:
                warnings.append(f"chapter {chapter} is missing")
                continue
            data = read_member(path, archive, chapter, KIND)
            try:
                markup = decode_text(data, declared=declared_encoding(data)).text
            except NotText:
                warnings.append(f"chapter {chapter} is not text")
                continue
            page = parse_html(markup)
            chapter_title = toc.get(chapter)
            for seg in page.segments:
                segments.append(Segment(seg.text, location=chapter_title or seg.location))
    return build_document(path, segments, title=title, warnings=warnings)
