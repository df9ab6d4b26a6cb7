"""PDF documents, page by page.

pdfium (Chrome's PDF engine, through pypdfium2) reads the text layer: it copes with
the CJK fonts and odd encodings that pure-Python readers turn into mojibake, and it
decrypts files whose user password is empty. pypdf is the second opinion: it is tried
when pdfium cannot load a file at all, and it tells an encrypted file from a merely
broken one there. Page numbers are kept (1-based) so a hit can open the right page. A
PDF whose pages hold only images is a scan; it is reported as needing OCR rather than
silently indexed as empty.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .base import ExtractedDocument, ExtractionError, Segment
from .normalize import build_document

SUFFIXES = frozenset({".pdf"})

log = logging.getLogger(__name__)

NEEDS_PASSWORD = "encrypted: needs a password"
DAMAGED = "damaged or incomplete PDF"
NEEDS_OCR = "no text layer (scanned?); needs OCR"

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


def _with_pdfium(path: Path, doc: pdfium.PdfDocument) -> ExtractedDocument:
    segments: list[Segment] = []
    image_only = 0
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
                    image_only += 1
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
    if not any(s.text.strip() for s in segments):
        if n_pages == 0:
            raise ExtractionError(path, "PDF has no pages")
        if image_only:
            raise ExtractionError(path, NEEDS_OCR)
        if failed:
            raise ExtractionError(path, DAMAGED)
        raise ExtractionError(path, "no text found")
    if image_only:
        warnings.append(f"{image_only} of {n_pages} pages have no text layer (scanned?)")
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


def extract(path: Path) -> ExtractedDocument:
    """Text of every page with its 1-based page number; title from the metadata."""
    try:
        doc = _load_pdfium(path)
    except pdfium.PdfiumError:
        return _with_pypdf(path)
    try:
        return _with_pdfium(path, doc)
    finally:
        doc.close()
