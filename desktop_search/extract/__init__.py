"""Turn a document file into text segments, whatever its format.

``extract`` picks the reader by file suffix; each format lives in its own module that
exposes ``SUFFIXES`` and ``extract(path)``, so adding a format is one new module plus
one line in ``_FORMATS``. Readers run in-process here; ``sandbox.SandboxedExtractor``
runs the same code in a child process so a hostile file cannot hang or crash the app.

Scans and pictures need OCR, which is slow, so by default their readers raise
``NeedsOcr`` and the caller reads them later with ``ocr=True`` (``ocr.extract`` is that
second pass, ready to run in the sandbox). Readers whose files may hold scans (PDF,
pictures, mail with attachments) take the ``ocr`` flag; the others only a path.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from . import (
    doc,
    docx,
    epub,
    files,
    html,
    image,
    mail,
    markdown,
    mbox,
    ods,
    odt,
    pdf,
    pptx,
    rtf,
    text,
    xlsx,
    xml,
)
from .base import ExtractedDocument, ExtractionError, NeedsOcr, Segment, UnsupportedFile
from .ocr import available as ocr_available

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ExtractedDocument",
    "ExtractionError",
    "NeedsOcr",
    "Segment",
    "UnsupportedFile",
    "extract",
    "is_supported",
]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024

_FORMATS: tuple[ModuleType, ...] = (
    text,
    markdown,
    pdf,
    docx,
    html,
    epub,
    odt,
    rtf,
    xml,
    pptx,
    xlsx,
    ods,
    mail,
    mbox,
    doc,
    image,
)
# Readers whose files may need OCR; they take ``ocr=``.
_OCR_READERS: frozenset[ModuleType] = frozenset({pdf, image, mail, mbox})

_BY_SUFFIX: dict[str, ModuleType] = {s: m for m in _FORMATS for s in m.SUFFIXES}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def is_supported(path: Path | str) -> bool:
    """True when ``path`` has a suffix one of the readers handles.

    Pictures count only when Tesseract is installed: without OCR they hold no text for
    us, and leaving them out of the catalog means they are picked up as new files once
    it is installed.
    """
    suffix = Path(path).suffix.lower()
    if suffix in image.SUFFIXES:
        return ocr_available()
    return suffix in SUPPORTED_SUFFIXES


def extract(
    path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES, ocr: bool = False
) -> ExtractedDocument:
    """Read ``path`` into segments, or raise ExtractionError / UnsupportedFile with a reason.

    Scans and pictures raise NeedsOcr unless ``ocr`` is true (then they are read, slowly).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _BY_SUFFIX.get(suffix)
    if reader is None:
        raise UnsupportedFile(path, f"not a supported file type ({suffix or 'no extension'})")
    if path.name.startswith("~$"):
        raise UnsupportedFile(path, "an office lock file, not a document")
    files.check_file(path, max_bytes)
    if reader in _OCR_READERS:
        return reader.extract(path, ocr=ocr)
    return reader.extract(path)
