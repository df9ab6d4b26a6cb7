"""Rich Text Format (.rtf), as saved by WordPad, TextEdit and older Word.

striprtf removes the control words. RTF stores non-ASCII text as bytes in the code
page the file declares (``\\ansicpg936`` for Simplified Chinese Windows, 1252 for
Western), so the file is decoded with that code page: striprtf then turns ``\\'hh``
escapes and ``\\uN`` characters into the right text.
"""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from . import files
from .base import ExtractedDocument, ExtractionError, Segment
from .encoding import codec_name
from .normalize import build_document

SUFFIXES = frozenset({".rtf"})

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_TITLE = re.compile(r"\{\\title\s?((?:[^{}\\]|\\[^{}])*)\}")


def _codec(data: bytes) -> str:
    m = _CODEPAGE.search(data[:4096])
    name = codec_name(f"cp{m.group(1).decode()}") if m else None
    return name or "cp1252"


def extract(path: Path) -> ExtractedDocument:
    """The document's text as one segment; title from the RTF info group."""
    data = files.read_bytes(path)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise ExtractionError(path, "not a valid RTF file")
    codec = _codec(data)
    source = data.decode(codec, errors="replace")
    try:
        text = rtf_to_text(source, encoding=codec, errors="replace")
    except (ValueError, LookupError, IndexError, OverflowError) as exc:
        raise ExtractionError(path, f"damaged RTF file ({type(exc).__name__})") from exc
    title = None
    m = _TITLE.search(source)
    if m:
        try:
            title = rtf_to_text("{\\rtf1 " + m.group(1) + "}", encoding=codec, errors="replace")
        except (ValueError, LookupError, IndexError, OverflowError):
            title = None
    return build_document(path, [Segment(text)], title=title)
