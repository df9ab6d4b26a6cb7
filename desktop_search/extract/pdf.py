"""PDF documents, page by page.

pdfium (Chrome's PDF engine, through pypdfium2) reads the text layer: it copes with
the CJK fonts and odd encodings that pure-Python readers turn into mojibake, and it
decrypts files whose user password is empty. pypdf is the second opinion: it is tried
when pdfium cannot load a file at all, and it tells an encrypted file from a merely
broken one there. Page numbers are kept (1-based) so a hit can open the right page.

A page that holds only images is a scan. OCR is slow, so by default such a PDF raises
``NeedsOcr`` (when most of its pages are scans) for the indexer to read later with
``ocr=True``: then those pages are rendered by pdfium and read by Tesseract (see
``ocr``). A PDF with only a few image pages (figures, a signed last page) is indexed
from its text layer at once, with a warning. Without Tesseract a scan fails with a
reason that says so, rather than being silently indexed as empty.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import ocr as ocr_engine
from .base import ExtractedDocument, ExtractionError, NeedsOcr, Segment
from .normalize import build_document

if TYPE_CHECKING:
    from PIL.Image import Image

SUFFIXES = frozenset({".pdf"})

log = logging.getLogger(__name__)

NEEDS_PASSWORD = "encrypted: needs a password"
DAMAGED = "damaged or incomplete PDF"
NEEDS_OCR = "no text layer (scanned?); needs OCR"
OCR_NO_TEXT = "scanned, but OCR found no text"
MIN_SCAN_DPI = 200
MAX_SCAN_DPI = 400

# pdfium marks a hyphen it removed at a line break with U+FFFE; private-use code points
# are symbol-font glyphs (bullets, arrows) with no meaning in text.
_PDFIUM_NOISE = {0xFFFE: None, **{cp: None for cp in range(0xE000, 0xF900)}}


def _load_pdfium(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(path, NEEDS_PASSWORD) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionError(path, "protected by an unsupported security handler") from exc
        if code == pdfium_c.FPDF_ERR_FILE:
            raise ExtractionError(path, "could not open the file") from exc
        raise  # format errors: the caller tries pypdf


def _page_has_images(page: pdfium.PdfPage) -> bool:
    objects = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4)
    return next(iter(objects), None) is not None


def _title(metadata: dict[str, str]) -> str | None:
    title = (metadata.get("Title") or "").strip()
    return title or None


def scan_dpi(page: pdfium.PdfPage) -> float:
    """Resolution to render a scanned page at for OCR: its scan's own, or 300 dpi.

    Measured: resampling a 200 dpi scan to 300 dpi made Tesseract misread Chinese
    characters (数 as 效) that it read correctly at 200; scans below 200 dpi read better
    at a whole multiple of their resolution, as small print gains pixels.
    """
    best = (0, 0.0)
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        try:
            meta = obj.get_metadata()
        except pdfium.PdfiumError:
            continue
        pixels = meta.width * meta.height
        dpi = math.sqrt(max(0.0, meta.horizontal_dpi * meta.vertical_dpi))  # rotation-proof
        if pixels > best[0] and dpi > 0:
            best = (pixels, dpi)
    native = best[1]
    if not native:
        return ocr_engine.RENDER_DPI
    if native < MIN_SCAN_DPI:
        native *= math.ceil(ocr_engine.RENDER_DPI / native)
    return min(max(native, MIN_SCAN_DPI), MAX_SCAN_DPI)


def render_page(page: pdfium.PdfPage, dpi: float = ocr_engine.RENDER_DPI) -> tuple[Image, float]:
    """The page as a grey PIL image for OCR, and the resolution it was rendered at."""
    width, height = page.get_size()
    scale = dpi / 72
    pixels = width * scale * height * scale
    if pixels > ocr_engine.MAX_PIXELS:  # posters: render smaller rather than scale later
        scale *= math.sqrt(ocr_engine.MAX_PIXELS / pixels)
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil(), scale * 72


def _ocr_pages(
    path: Path, doc: pdfium.PdfDocument, indices: list[int]
) -> tuple[list[Segment], list[str]]:
    reader = ocr_engine.PageReader(len(indices))
    segments = []
    for index in indices:
        if reader.out_of_time:
            break
        try:
            page = doc[index]
            try:
                image, dpi = render_page(page, scan_dpi(page))
            finally:
                page.close()
        except pdfium.PdfiumError:
            reader.failed += 1
            reader.last_error = "page could not be rendered"
            continue
        text = reader.read(image, dpi)
        if text:
            segments.append(Segment(text, page=index + 1))
    if not segments and not reader.done:
        if reader.failed:
            raise ExtractionError(path, f"OCR failed: {reader.last_error}")
        raise ExtractionError(path, "OCR took too long")
    return segments, reader.warnings()


def _with_pdfium(path: Path, doc: pdfium.PdfDocument, *, ocr: bool) -> ExtractedDocument:
    segments: list[Segment] = []
    image_only: list[int] = []
    failed = 0
    n_pages = len(doc)
    for index in range(n_pages):
        try:
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range(errors="replace").translate(_PDFIUM_NOISE)
                finally:
                    textpage.close()
                if text.strip():
                    segments.append(Segment(text, page=index + 1))
                elif _page_has_images(page):
                    image_only.append(index)
            finally:
                page.close()
        except pdfium.PdfiumError:
            failed += 1
    try:
        title = _title(doc.get_metadata_dict(skip_empty=True))
    except pdfium.PdfiumError:
        title = None
    warnings = []
    if failed:
        warnings.append(f"{failed} of {n_pages} pages could not be read")
    has_text = any(s.text.strip() for s in segments)
    if n_pages == 0:
        raise ExtractionError(path, "PDF has no pages")
    if image_only and ocr_engine.available():
        mostly_scanned = len(image_only) >= len(segments)
        if ocr:
            found, ocr_warnings = _ocr_pages(path, doc, image_only)
            segments = sorted([*segments, *found], key=lambda s: s.page or 0)
            warnings.extend(ocr_warnings)
            if not segments:
                raise ExtractionError(path, OCR_NO_TEXT)
            return build_document(path, segments, title=title, warnings=warnings)
        if mostly_scanned:
            reason = NEEDS_OCR
            if has_text:
                reason = f"{len(image_only)} of {n_pages} pages have no text layer; needs OCR"
            raise NeedsOcr(path, reason, pages=len(image_only))
    if not has_text:
        if image_only:  # with Tesseract, NeedsOcr or the OCR result came above
            raise ExtractionError(path, ocr_engine.NOT_INSTALLED)
        if failed:
            raise ExtractionError(path, DAMAGED)
        raise ExtractionError(path, "no text found")
    if image_only:
        warnings.append(f"{len(image_only)} of {n_pages} pages have no text layer (scanned?)")
    return build_document(path, segments, title=title, warnings=warnings)


def _with_pypdf(path: Path) -> ExtractedDocument:
    """Second attempt for files pdfium will not load: pypdf is more forgiving of bad xrefs."""
    import pypdf  # imported here: only broken files need it
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ExtractionError(path, NEEDS_PASSWORD)
            except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
                raise ExtractionError(path, NEEDS_PASSWORD) from exc
        segments = []
        pages = reader.pages
        for index in range(len(pages)):
            try:
                text = pages[index].extract_text()
            except Exception:  # pypdf's per-page failures are many and undocumented
                continue
            if text and text.strip():
                segments.append(Segment(text, page=index + 1))
        title = reader.metadata.title if reader.metadata else None
    except ExtractionError:
        raise
    except FileNotDecryptedError as exc:
        raise ExtractionError(path, NEEDS_PASSWORD) from exc
    except Exception as exc:  # anything pypdf raises on a file pdfium also refused
        log.debug("pypdf could not read %s: %r", path, exc)
        raise ExtractionError(path, DAMAGED) from exc
    if not segments:
        raise ExtractionError(path, DAMAGED)
    return build_document(
        path,
        segments,
        title=title if isinstance(title, str) else None,
        warnings=["damaged PDF: read with the fallback reader; some text may be missing"],
    )


def extract(path: Path, *, ocr: bool = False) -> ExtractedDocument:
    """Text of every page with its 1-based page number; title from the metadata.

    Scanned pages raise NeedsOcr, unless ``ocr`` is true: then they are read with OCR.
    """
    try:
        doc = _load_pdfium(path)
    except pdfium.PdfiumError:
        return _with_pypdf(path)
    try:
        return _with_pdfium(path, doc, ocr=ocr)
    finally:
        doc.close()
