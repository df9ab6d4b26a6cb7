"""Turn a document file into text segments, whatever its format.

``extract`` picks the reader by file suffix; each format lives in its own module that
exposes ``SUFFIXES`` and ``extract(path)``, so adding a format is one new module plus
one line in ``_FORMATS``. Readers run in-process here; ``sandbox.SandboxedExtractor``
runs the same code in a child process so a hostile file cannot hang or crash the app.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from . import docx, epub, files, html, markdown, odt, pdf, rtf, text, xml
from .base import ExtractedDocument, ExtractionError, Segment, UnsupportedFile

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ExtractedDocument",
    "ExtractionError",
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
)

_BY_SUFFIX: dict[str, ModuleType] = {s: m for m in _FORMATS for s in m.SUFFIXES}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def is_supported(path: Path | str) -> bool:
    """True when ``path`` has a suffix one of the readers handles."""
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def extract(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ExtractedDocument:
    """Read ``path`` into segments, or raise ExtractionError / UnsupportedFile with a reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _BY_SUFFIX.get(suffix)
    if reader is None:
        raise UnsupportedFile(path, f"not a supported file type ({suffix or 'no extension'})")
    if path.name.startswith("~$"):
        raise UnsupportedFile(path, "an office lock file, not a document")
    files.check_file(path, max_bytes)
    return reader.extract(path)
