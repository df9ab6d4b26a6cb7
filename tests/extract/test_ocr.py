"""OCR: scanned PDFs and pictures in English and Chinese, deferral, limits, no Tesseract, cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from desktop_search.extract import (
    ExtractionError,
    NeedsOcr,
    UnsupportedFile,
    extract,
    is_supported,
    ocr,
    pdf,
)
from desktop_search.extract.base import ExtractedDocument, Segment
from desktop_search.extract.tools import ToolError
from desktop_search.indexing.ocr_cache import OcrCache

from .makers import CHINESE, CJK_FONT, make_scan_image, make_scan_pdf

RESOURCES = Path("pdf") / "ocrmypdf-resources" / "tests" / "resources"
ENGLISH = ["Distinctive phrase: purple elephants", "negotiate quietly at midnight."]
CHINESE_LINES = [CHINESE, "合同里关于违约金的条款需要仔细阅读。"]


@pytest.fixture(scope="module")
def tesseract() -> ocr.Tesseract:
    found = ocr.find_tesseract()
    if found is None:
        pytest.skip("Tesseract is not installed")
    if not CJK_FONT.is_file():
        pytest.skip(f"no CJK font at {CJK_FONT} to make test scans")
    return found


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(ocr.TESSERACT_ENV, "")
    ocr.find_tesseract.cache_clear()
    yield
    monkeypatch.undo()
    ocr.find_tesseract.cache_clear()


def _flat(doc: ExtractedDocument) -> str:
    return "".join(s.text for s in doc.segments).replace("\n", "").replace(" ", "")


# ------------------------------------------------------------ text shaping, no Tesseract


def _tsv(*words: tuple[int, int, int, float, str]) -> str:
    columns = "level page_num block_num par_num line_num word_num left top width height conf text"
    rows = [columns.replace(" ", "\t")]
    for n, (block, par, line, conf, word) in enumerate(words):
        rows.append(f"5\t1\t{block}\t{par}\t{line}\t{n}\t0\t0\t10\t10\t{conf}\t{word}")
    return "\n".join(rows)


def test_spaces_between_han_characters_are_removed() -> None:
    assert ocr.remove_cjk_spaces("向 量 数 据 库 ， 再 按 语义") == "向量数据库，再按语义"
    assert ocr.remove_cjk_spaces("使用 FAISS 索引") == "使用 FAISS 索引"  # Latin keeps its spaces
    assert ocr.remove_cjk_spaces("two words\n下 一行") == "two words\n下一行"


def test_tsv_lines_paragraphs_and_noise() -> None:
    page = ocr.tsv_to_text(
        _tsv(
            (1, 1, 1, 95, "Hello"), (1, 1, 1, 93, "world"),
            (1, 1, 2, 90, "again"),
            (1, 2, 1, 20, "|"), (1, 2, 1, 30, "~"),  # a line of scanner noise
            (2, 1, 1, 91, "向量"), (2, 1, 1, 92, "数据"), (2, 1, 2, 90, "库"),
            (2, 1, 3, 12, "chapter"),  # a real word with low confidence stays
        )
    )  # fmt: skip
    assert page.text == "Hello world\nagain\n\n向量数据库\nchapter"
    assert page.words == 7  # the noise is not counted
    assert 70 < page.confidence < 90


def test_time_limit_grows_with_pages() -> None:
    assert ocr.budget_s(1) == ocr.PAGE_TIMEOUT_S
    assert ocr.time_limit_s(10) > ocr.budget_s(10) > ocr.budget_s(2)


def test_languages_chosen_page_by_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """English pages are re-read with English alone, then English is tried first."""
    calls = []

    def fake_recognise(image, *, dpi=None, languages=None, timeout_s=0.0) -> ocr.PageText:
        calls.append("+".join(languages))
        if image == "zh":
            return ocr.PageText(CHINESE * 3, 90.0 if "chi_sim" in languages else 37.0, 40)
        return ocr.PageText("an English page " * 10, 92.0, 40)

    monkeypatch.setattr(ocr, "recognise", fake_recognise)
    monkeypatch.setattr(
        ocr, "find_tesseract", lambda: ocr.Tesseract("tesseract", "5", ("chi_sim", "eng"), True)
    )
    reader = ocr.PageReader(5)
    for page in ["en", "en", "en", "zh", "zh"]:
        assert reader.read(page, 300)
    assert calls == [
        "chi_sim+eng", "eng",  # no Han: English alone reads English words better
        "chi_sim+eng", "eng",  # two English pages: from now on English first
        "eng",
        "eng", "chi_sim+eng",  # doubtful as English: back to both
        "chi_sim+eng",
    ]  # fmt: skip


def test_second_reading_out_of_time_keeps_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_recognise(image, *, dpi=None, languages=None, timeout_s=0.0) -> ocr.PageText:
        if languages == ("eng",):
            raise ToolError("took longer than 35 s", timed_out=True)
        return ocr.PageText("Receiptforthe kumquattree", 80.0, 3)

    monkeypatch.setattr(ocr, "recognise", fake_recognise)
    monkeypatch.setattr(
        ocr, "find_tesseract", lambda: ocr.Tesseract("tesseract", "5", ("chi_sim", "eng"), True)
    )
    reader = ocr.PageReader(1)
    assert reader.read("en", 300) == "Receiptforthe kumquattree"
    assert reader.warnings() == []


# ------------------------------------------------------------------ without Tesseract


def test_without_tesseract_scans_fail_and_pictures_are_skipped(
    no_tesseract: None, tmp_path: Path, messy: Path
) -> None:
    assert not ocr.available()
    with pytest.raises(ExtractionError) as info:
        extract(messy / RESOURCES / "skew.pdf")
    assert info.value.reason == "needs OCR (Tesseract not installed)"
    assert not isinstance(info.value, NeedsOcr)
    with pytest.raises(ExtractionError) as info:
        extract(messy / RESOURCES / "skew.pdf", ocr=True)
    assert info.value.reason == "needs OCR (Tesseract not installed)"
    picture = messy / RESOURCES / "typewriter.png"
    assert not is_supported(picture)  # the scanner leaves pictures alone
    with pytest.raises(UnsupportedFile, match="Tesseract not installed"):
        extract(picture, ocr=True)
    # A mostly-text PDF with a few scanned pages is still read, with a warning.
    doc = extract(messy / RESOURCES / "multipage.pdf")
    assert doc.warnings == ("5 of 6 pages have no text layer (scanned?)",)


# --------------------------------------------------------------------- first pass


def test_scanned_pdf_is_deferred_with_its_page_count(tesseract: ocr.Tesseract, tmp_path) -> None:
    path = make_scan_pdf(tmp_path / "scan.pdf", [ENGLISH, CHINESE_LINES, ["three"]])
    with pytest.raises(NeedsOcr) as info:
        extract(path)
    assert info.value.reason == pdf.NEEDS_OCR
    assert info.value.pages == 3


def test_mostly_scanned_pdf_is_deferred(tesseract: ocr.Tesseract, messy: Path) -> None:
    with pytest.raises(NeedsOcr) as info:
        extract(messy / RESOURCES / "multipage.pdf")
    assert info.value.reason == "5 of 6 pages have no text layer; needs OCR"
    assert info.value.pages == 5


def test_pictures_are_deferred_and_tiny_ones_skipped(tesseract: ocr.Tesseract, tmp_path) -> None:
    picture = make_scan_image(tmp_path / "note.png", [ENGLISH])
    assert is_supported(picture)
    with pytest.raises(NeedsOcr) as info:
        extract(picture)
    assert info.value.pages == 1
    from PIL import Image

    Image.new("RGB", (16, 16), "white").save(tmp_path / "icon.png")
    with pytest.raises(UnsupportedFile, match="too small"):
        extract(tmp_path / "icon.png", ocr=True)
    (tmp_path / "fake.jpg").write_bytes(b"not a picture at all" * 10)
    with pytest.raises(ExtractionError, match="not really a picture"):
        extract(tmp_path / "fake.jpg")


# ------------------------------------------------------------------ reading with OCR


def test_scanned_pdf_english_and_chinese_with_pages(tesseract: ocr.Tesseract, tmp_path) -> None:
    path = make_scan_pdf(tmp_path / "scan.pdf", [ENGLISH, CHINESE_LINES])
    doc = extract(path, ocr=True)
    assert [s.page for s in doc.segments] == [1, 2]
    assert "purple elephants" in doc.segments[0].text
    assert "向量数据库" in doc.segments[1].text
    assert "违约金" in doc.segments[1].text
    assert " " not in doc.segments[1].text.replace("\n", "")  # no spaces between Han
    assert doc.warnings == ()


def test_upside_down_chinese_scan(tesseract: ocr.Tesseract, tmp_path) -> None:
    if not tesseract.orientation:
        pytest.skip("Tesseract's orientation model (osd) is not installed")
    path = make_scan_pdf(tmp_path / "upside-down.pdf", [CHINESE_LINES], angle=180)
    assert "向量数据库" in _flat(extract(path, ocr=True))


def test_multi_page_tiff_keeps_page_numbers(tesseract: ocr.Tesseract, tmp_path) -> None:
    path = make_scan_image(tmp_path / "fax.tiff", [["First page says hello"], CHINESE_LINES])
    with pytest.raises(NeedsOcr) as info:
        extract(path)
    assert info.value.pages == 2
    doc = extract(path, ocr=True)
    assert [s.page for s in doc.segments] == [1, 2]
    assert "hello" in doc.segments[0].text
    assert "向量数据库" in _flat(doc)


def test_english_words_keep_their_spaces(tesseract: ocr.Tesseract, tmp_path) -> None:
    # Read with chi_sim+eng, this line came out as "Receiptforthe kumquattree".
    doc = ocr.extract(make_scan_image(tmp_path / "receipt.png", [["Receipt for the kumquat tree"]]))
    assert doc.segments[0].text == "Receipt for the kumquat tree"


def test_jpeg_photo_of_text(tesseract: ocr.Tesseract, tmp_path) -> None:
    doc = ocr.extract(make_scan_image(tmp_path / "photo.jpg", [ENGLISH]))
    assert "purple elephants" in doc.segments[0].text
    assert doc.segments[0].page is None


def test_picture_without_text_is_skipped(tesseract: ocr.Tesseract, tmp_path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), "skyblue")
    ImageDraw.Draw(image).ellipse((200, 100, 400, 300), fill="orange")
    image.save(tmp_path / "sunset.jpg")
    with pytest.raises(UnsupportedFile) as info:
        extract(tmp_path / "sunset.jpg", ocr=True)
    assert info.value.reason == "a picture without text"


def test_page_time_limit_is_reported(
    tesseract: ocr.Tesseract, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_scan_pdf(tmp_path / "scan.pdf", [ENGLISH])
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 0.05)  # the budget of one page, too
    with pytest.raises(ExtractionError) as info:
        extract(path, ocr=True)
    assert info.value.reason.startswith("OCR failed: took longer than")


# ---------------------------------------------------------------- real scanned PDFs


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("skew.pdf", ["LinnSequencer", "composition and performance tool"]),
        ("c02-22.pdf", ["tip-toeing along a path", "kitchen"]),
    ],
)
def test_real_scans(tesseract: ocr.Tesseract, messy: Path, name: str, words: list[str]) -> None:
    doc = extract(messy / RESOURCES / name, ocr=True)
    assert [s.page for s in doc.segments] == [1]
    for word in words:
        assert word in doc.segments[0].text


def test_real_upside_down_page(tesseract: ocr.Tesseract, messy: Path) -> None:
    """Page 3 of cardinal.pdf is scanned upside down; reading it turns it first."""
    if not tesseract.orientation:
        pytest.skip("Tesseract's orientation model (osd) is not installed")
    document = pdfium.PdfDocument(str(messy / RESOURCES / "cardinal.pdf"))
    try:
        image, dpi = pdf.render_page(document[2])
    finally:
        document.close()
    assert "LinnSequencer" in ocr.recognise(image, dpi=dpi, languages=("eng",)).text


# ------------------------------------------------------------------------- the cache


def test_ocr_cache_round_trip(tmp_path: Path) -> None:
    cache = OcrCache(tmp_path / "ocr", engine="tesseract chi_sim+eng")
    digest = "ab" * 20
    doc = ExtractedDocument(
        (Segment("向量数据库", page=1), Segment("page two", page=2, location="x")),
        title="Scan",
        warnings=("OCR failed on 1 of 3 pages (took longer than 60 s)",),
    )
    assert cache.get(digest) is None
    cache.put(digest, doc)
    assert cache.get(digest) == doc
    assert OcrCache(tmp_path / "ocr").get(digest) == doc
    # Read with other languages (the Chinese model installed since): read again.
    assert OcrCache(tmp_path / "ocr", engine="tesseract eng").get(digest) is None
    entry = next((tmp_path / "ocr").rglob("*.json.gz"))
    entry.write_bytes(b"damaged")
    assert cache.get(digest) is None
    assert not entry.exists()
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")


def test_ocr_cache_trim_drops_oldest(tmp_path: Path) -> None:
    import os

    cache = OcrCache(tmp_path)
    for n in range(3):
        cache.put(f"{n:02d}" * 20, ExtractedDocument((Segment("x" * 1000),)))
        entry = next(tmp_path.glob(f"{n:02d}/*.json.gz"))
        os.utime(entry, (1000 + n, 1000 + n))
    assert cache.trim(max_bytes=10**9) == 0
    assert cache.trim(max_bytes=1) == 3
    assert cache.get("00" * 20) is None
