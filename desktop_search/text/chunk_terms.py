"""The keyword terms stored for one chunk, in one place.

Reading a file computes them for new chunks, and the catalog computes them again when
its keyword index has to be rebuilt from the stored text (a lost FTS table), so both
must agree: the chunk's words, plus on a document's first chunk its title's words when
the title (often only in the metadata) is not already in the opening text.
"""

from __future__ import annotations

from desktop_search.text.analyzer import index_text

_TITLE_IN_TEXT_CHARS = 2000  # a title found this early in the body is not added again


def chunk_terms(text: str, start: int, end: int, *, title: str | None, first: bool) -> str:
    """Terms for the chunk ``text[start:end]`` of a document whose full text is ``text``."""
    body = index_text(text[start:end])
    if first and title and title not in text[:_TITLE_IN_TEXT_CHARS]:
        title_terms = index_text(title)
        if title_terms:
            return f"{title_terms} {body}"
    return body
