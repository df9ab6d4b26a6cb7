"""Sentence spans in English and Chinese text, as character offsets.

Chunks end on sentence boundaries so a snippet reads as whole sentences. Chinese
sentences end with 。！？； and need no following space; English ones end with . ! ?
followed by space; a blank line always ends a sentence.
"""

from __future__ import annotations

import re

# A sentence ends after terminal punctuation (plus closing quotes/brackets) and the
# whitespace that follows it, or at a line break.
_BOUNDARY = re.compile(
    r"""(?:[。！？；!?]+[」』”’"')）\]]*\s*)"""  # Chinese/any-script terminators: no space needed
    r"""|(?:\.+[”’"')\]]*\s+)"""  # English full stop needs following space
    r"""|(?:[;:]\s*\n\s*)"""
    r"""|(?:\n\s*)""",
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; together they cover ``text`` exactly."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if end > start:
            spans.append((start, end))
            start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def last_boundary(text: str, lo: int, hi: int) -> int | None:
    """The last sentence end in ``text[lo:hi]`` (an offset), or None when there is none."""
    end = None
    for m in _BOUNDARY.finditer(text, lo, hi):
        if m.end() < hi:  # a boundary touching ``hi`` may go on past it
            end = m.end()
    return end
