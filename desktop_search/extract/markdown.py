"""Markdown notes and READMEs.

Markdown is text, but its headings are the natural "where" of a search hit, so each
section becomes a segment whose location is its heading. Only the markup that would
pollute the index cheaply is stripped: link targets, image URLs, reference
definitions, comments, ``**`` and heading hashes. Code blocks stay as they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import ExtractedDocument, Segment
from .normalize import build_document, clean_line
from .text import read_text

SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$")
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.IGNORECASE)

# Spans are bounded ({1,500}) so a long line full of unclosed brackets stays linear.
_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\((?:[^()\n]|\([^()\n]{0,500}\)){0,2000}\)")
_REF_LINK = re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,500}\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]{1,500}\]:[ \t]+\S.*$")
_TAG = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|div|p|br|hr|img|sub|sup|kbd|center|font|details|summary"
    r"|picture|source|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6])\b[^>\n]{0,500}>",
    re.IGNORECASE,
)
_BOLD = re.compile(r"\*\*(?=\S)([^\n]{1,500}?)(?<=\S)\*\*")
_QUOTE = re.compile(r"^ {0,3}> ?", re.MULTILINE)


def _drop_comments(text: str) -> str:
    """Remove ``<!-- ... -->`` in one pass (a regex would go quadratic on unclosed ones)."""
    out = []
    pos = 0
    while (start := text.find("<!--", pos)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _strip_inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _BOLD.sub(r"\1", text)
    return _QUOTE.sub("", text)


def _front_matter(lines: list[str]) -> tuple[str | None, int]:
    """Title from YAML front matter and the number of lines it takes (0 if none)."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    title = None
    for i, line in enumerate(lines[1:80], start=1):
        if _FRONT_MATTER_END.match(line):
            return title, i + 1
        m = _FRONT_TITLE.match(line)
        if m:
            title = m.group(1).strip("'\"")
    return None, 0


def sections(text: str) -> tuple[str | None, list[Segment]]:
    """Split Markdown into (title, one segment per heading section)."""
    text = _drop_comments(text)
    lines = text.splitlines()
    title, skip = _front_matter(lines)
    segments: list[Segment] = []
    location: str | None = None
    prose: list[str] = []  # lines of the current section outside code
    out: list[str] = []  # finished lines of the current section
    fence: str | None = None

    def flush_prose() -> None:
        if prose:
            out.append(_strip_inline("\n".join(prose)))
            prose.clear()

    def new_section(heading: str) -> None:
        nonlocal location, title
        flush_prose()
        segments.append(Segment("\n".join(out), location=location))
        out.clear()
        location = clean_line(_strip_inline(heading))
        if location:
            out.append(location)

    for line in lines[skip:]:
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        m = _FENCE.match(line)
        if m:
            flush_prose()
            fence = m.group(1)[0] * 3
            out.append(line)
            continue
        m = _ATX.match(line)
        if m:
            if title is None and len(m.group(1)) == 1:
                title = m.group(2)
            new_section(m.group(2) or "")
            continue
        if _SETEXT.match(line) and prose and prose[-1].strip():
            heading = prose.pop()
            if title is None and line.strip().startswith("="):
                title = heading.strip()
            new_section(heading)
            continue
        if _REF_DEF.match(line):
            continue
        prose.append(line)
    flush_prose()
    segments.append(Segment("\n".join(out), location=location))
    return clean_line(_strip_inline(title)) if title else None, segments


def extract(path: Path) -> ExtractedDocument:
    """One segment per heading section, located by the heading's text."""
    decoded = read_text(path)
    title, segments = sections(decoded.text)
    return build_document(path, segments, title=title)
