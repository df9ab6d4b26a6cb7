"""XML documents (feeds, DocBook, saved pages): the text between the tags.

Real folders hold pages saved as ``.xml`` and RSS/Atom feeds; their text is worth
finding. The XML prolog's declared encoding is honoured, and the tolerant HTML parser
reads the markup, so a malformed file still yields its text and nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

from . import files, html
from .base import ExtractedDocument, ExtractionError
from .normalize import build_document

SUFFIXES = frozenset({".xml", ".rss", ".atom"})


def extract(path: Path) -> ExtractedDocument:
    """Text content of the XML file, title from its <title> element if any."""
    data = files.read_bytes(path)
    if not data:
        raise ExtractionError(path, "empty file")
    page = html.parse_html(html.decode_markup(path, data))
    return build_document(path, page.segments, title=page.title)
