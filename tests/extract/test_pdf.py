"""PDF: Chinese text with page numbers, encryption, scans, damage."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop_search.extract import ExtractionError, NeedsOcr, extract, ocr
from desktop_search.extract.base import ExtractedDocument

HAN = re.compile(r"[\u4e00-\u9fff]")


def _pages(doc: ExtractedDocument) -> list[int]:
    return [s.page for s in doc.segments if s.page is not None]


def _page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _check_pages(doc: ExtractedDocument, path: Path) -> None:
    pages = _pages(doc)
    assert len(pages) == len(doc.segments), "every PDF segment has a page"
    assert pages == sorted(set(pages)), "one segment per page, in order"
    assert pages[0] >= 1 and pages[-1] <= _page_count(path)


def test_lshort_chinese_text_and_pages(messy: Path) -> None:
    path = messy / "pdf" / "texlive" / "lshort-zh-cn.pdf"
    doc = extract(path)
    _check_pages(doc, path)
    assert doc.title == "The Short Introduction to LaTeX2e (Chinese Simplified)"
    by_page = {s.page: s.text for s in doc.segments}
    assert by_page[1].startswith("一份（不太）简短的 LATEX 2ε 介绍")
    assert by_page[3].startswith("中文版致谢")
    assert by_page[44].startswith("32 第三章 文档元素")  # printed page 32 is the 44th sheet
    assert sum(len(HAN.findall(t)) for t in by_page.values()) > 40_000
    assert 130 <= len(doc.segments) <= 139
    assert max(by_page) == 139


def test_install_guide_chinese_text_and_pages(messy: Path) -> None:
    path = messy / "pdf" / "texlive" / "install-latex-guide-zh-cn.pdf"
    doc = extract(path)
    _check_pages(doc, path)
    by_page = {s.page: s.text for s in doc.segments}
    assert len(by_page) == 56
    assert by_page[1].startswith("一份简短的关于 LATEX 安装的介绍")
    assert by_page[2].startswith("前言")
    assert by_page[41].startswith("5 使用编辑器 40")
    # The running header carries the printed page number, one less than the sheet number.
    headers = 0
    for page, text in by_page.items():
        first = text.split("\n", 1)[0].split()
        if page > 4 and first and first[-1].isdigit():
            headers += int(first[-1]) == page - 1 or int(first[0]) == page - 1
    assert headers > 20
    assert sum(len(HAN.findall(t)) for t in by_page.values()) > 12_000


def test_all_chinese_texlive_pdfs(messy: Path) -> None:
    for name in ("ctex-faq.pdf", "latex-notes-zh-cn.pdf", "texlive-zh-cn.pdf"):
        doc = extract(messy / "pdf" / "texlive" / name)
        assert len(HAN.findall(doc.segments[len(doc.segments) // 2].text)) > 50, name


def test_soft_hyphens_and_private_glyphs_removed(messy: Path) -> None:
    doc = extract(messy / "pdf" / "texlive" / "xcolor.pdf")
    text = "".join(s.text for s in doc.segments)
    assert "\ufffe" not in text and not re.search(r"[\ue000-\uf8ff]", text)
    assert "expressions" in text  # "expres-\nsions" joined
    assert "\r" not in text


def test_password_protected(messy: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "derived-broken" / "lshort-zh-cn.aes256-userpw-user123.pdf")
    assert info.value.reason == "encrypted: needs a password"


@pytest.mark.parametrize("name", ["rc4-40.pdf", "rc4-128.pdf", "aes-128.pdf", "aes-256-r6.pdf"])
def test_pdfminer_encrypted_samples(messy: Path, name: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "pdfminer-samples" / "encryption" / name)
    assert info.value.reason == "encrypted: needs a password"


def test_owner_password_only_is_read(messy: Path) -> None:
    doc = extract(messy / "pdf" / "derived-broken" / "ctex.aes256-ownerpw-only-noextract.pdf")
    assert doc.title == "CTeX 宏集手册"
    assert len(doc.segments) == 175
    assert "CTEX 宏集" in doc.segments[2].text


@pytest.mark.parametrize(
    "name",
    [
        "ctex.truncated50.pdf",
        "lshort-zh-cn.truncated50.pdf",
        "multipage.truncated50.pdf",
        "pdflatex-4-pages.truncated50.pdf",
    ],
)
def test_truncated(messy: Path, name: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "derived-broken" / name)
    assert info.value.reason == "damaged or incomplete PDF"


def test_invalid_pdf(messy: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / "invalid.pdf")
    assert info.value.reason == "damaged or incomplete PDF"


@pytest.mark.parametrize(
    "name", ["skew.pdf", "cardinal.pdf", "linn.pdf", "c02-22.pdf", "enormous.pdf", "hugemono.pdf"]
)
def test_scanned_needs_ocr(messy: Path, name: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / name)
    if ocr.available():  # deferred to the OCR pass (tests/extract/test_ocr.py)
        assert isinstance(info.value, NeedsOcr)
        assert info.value.reason == "no text layer (scanned?); needs OCR"
    else:
        assert info.value.reason == "needs OCR (Tesseract not installed)"


def test_partly_scanned_warns(messy: Path, tmp_path: Path) -> None:
    """A PDF with a few image-only pages (figures) is read from its text layer at once."""
    source = pdfium.PdfDocument(
        str(messy / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / "multipage.pdf")
    )
    text_pdf = pdfium.PdfDocument(str(messy / "pdf" / "texlive" / "lshort-zh-cn.pdf"))
    merged = pdfium.PdfDocument.new()
    try:
        merged.import_pages(text_pdf, [0, 1, 2, 3])
        merged.import_pages(source, [1])  # an image-only page
        merged.save(str(tmp_path / "mixed.pdf"))
    finally:
        for d in (merged, text_pdf, source):
            d.close()
    doc = extract(tmp_path / "mixed.pdf")
    assert _pages(doc) == [1, 2, 3, 4]
    assert doc.warnings == ("1 of 5 pages have no text layer (scanned?)",)


def test_blank_pdf_has_no_text(messy: Path) -> None:
    with pytest.raises(ExtractionError) as info:
        extract(messy / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / "blank.pdf")
    assert info.value.reason == "no text found"


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("this is plain text, not a PDF", encoding="utf-8")
    with pytest.raises(ExtractionError) as info:
        extract(path)
    assert info.value.reason == "damaged or incomplete PDF"


def test_every_corpus_pdf_reads_or_fails_plainly(messy: Path) -> None:
    """No PDF in the corpus makes the reader raise anything but ExtractionError."""
    ok = 0
    for path in sorted((messy / "pdf").rglob("*.pdf")):
        try:
            doc = extract(path)
        except ExtractionError as exc:
            assert exc.reason and "Error" not in exc.reason, (path, exc.reason)
            continue
        ok += 1
        assert all(s.text.strip() and s.page for s in doc.segments)
    assert ok > 70
