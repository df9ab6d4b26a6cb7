"""Pictures of text: scanned pages saved as PNG, JPEG or TIFF, photos of documents.

Their text can only be read with OCR, which is slow, so without ``ocr=True`` this
reader only checks the picture (that it opens, is not tiny, not absurdly large) and
raises ``NeedsOcr`` for the indexer's second pass. Most pictures in a person's folders
are photos without text, so a picture without text, or any picture when Tesseract is
not installed, is skipped (``UnsupportedFile``) rather than listed as a failure; a
scanned PDF in the same situation does fail, because there the user expects text.
Multi-page TIFFs (fax and scanner output) keep their page numbers; JPEG photos are
turned upright by their EXIF orientation first.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from . import ocr as ocr_engine
from .base import ExtractedDocument, ExtractionError, NeedsOcr, Segment, UnsupportedFile
from .normalize import build_document

SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})

MIN_SIDE = 32  # pixels; icons and thumbnails below this hold no readable text
MIN_PIXELS = 20_000
MAX_IMAGE_PIXELS = 150_000_000  # decoding more would need gigabytes
MAX_FRAMES = 500
NO_TEXT = "a picture without text"
NEEDS_OCR = "picture; needs OCR"


def _open(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise UnsupportedFile(path, "picture too large to read") from exc
    except (UnidentifiedImageError, ValueError, SyntaxError) as exc:
        # Pillow 13 raises ValueError for a truncated header ("Truncated IHDR chunk");
        # its plugins raise SyntaxError for a malformed one.
        raise ExtractionError(path, "damaged, or not really a picture") from exc
    except OSError as exc:
        raise ExtractionError(path, f"could not open the picture ({exc})") from exc
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise UnsupportedFile(path, f"picture too large to read ({width}x{height} pixels)")
    if min(width, height) < MIN_SIDE or width * height < MIN_PIXELS:
        image.close()
        raise UnsupportedFile(path, "picture too small to hold text")
    return image


def _dpi(image: Image.Image) -> float | None:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if isinstance(dpi, tuple) else None
    except (TypeError, ValueError):
        return None
    # 72 and 96 dpi are defaults written by software, not facts about the picture.
    return value if value and 100 <= value <= 1200 else None


def _ocr(path: Path, image: Image.Image, frames: int) -> ExtractedDocument:
    reader = ocr_engine.PageReader(frames)
    segments = []
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), 1):
            if number > MAX_FRAMES or reader.out_of_time:
                break
            upright = ImageOps.exif_transpose(frame) if frames == 1 else frame
            text = reader.read(upright, _dpi(image))
            if text:
                segments.append(Segment(text, page=number if frames > 1 else None))
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's decoders raise all three
        if not segments:
            raise ExtractionError(path, f"damaged picture ({exc})") from exc
        reader.failed += 1
        reader.last_error = "damaged picture"
    if not segments:
        if reader.failed and not reader.done:
            raise ExtractionError(path, f"OCR failed: {reader.last_error}")
        if not reader.done:  # nothing was read in time
            raise ExtractionError(path, "OCR took too long")
        raise UnsupportedFile(path, NO_TEXT)
    try:
        return build_document(path, segments, warnings=reader.warnings())
    except ExtractionError as exc:
        raise UnsupportedFile(path, NO_TEXT) from exc


def extract(path: Path, *, ocr: bool = False) -> ExtractedDocument:
    """Text in the picture by OCR when ``ocr`` is true; otherwise raise NeedsOcr."""
    if not ocr_engine.available():
        raise UnsupportedFile(path, ocr_engine.NOT_INSTALLED)
    image = _open(path)
    try:
        frames = min(getattr(image, "n_frames", 1) or 1, MAX_FRAMES)
        if not ocr:
            raise NeedsOcr(path, NEEDS_OCR, pages=frames)
        return _ocr(path, image, frames)
    finally:
        image.close()
