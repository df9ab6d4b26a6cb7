"""Rich Text Format (.rtf), as saved by WordPad, TextEdit and older Word.

striprtf removes the control words. RTF stores non-ASCII text as bytes in the code
page the file declares (``\\ansicpg936`` for Simplified Chinese Windows, 1252 for
Western), so the file is decoded with that code page: striprtf then turns ``\\'hh``
escapes and ``\\uN`` characters into the right text.

striprtf follows Word strictly, and some writers do not: text after the outer group
has closed, a font table outside a group of its own, or the body inside a ``\\upr``
destination all come out of it as nothing. When it finds no text, a tolerant reader
(``_tolerant_text``) tries again: it skips only groups that never hold body text and
ignores unbalanced braces.
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


_TOKEN = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.DOTALL,
)
# Groups that hold no body text (tables of fonts and colours, metadata, pictures...).
_NOT_TEXT = frozenset(
    "fonttbl colortbl stylesheet info pict object objdata themedata datastore latentstyles "
    "listtable listoverridetable rsidtbl generator xmlnstbl filetbl revtbl pgptbl "
    "colorschememapping fldinst bkmkstart bkmkend author operator title company "
    "falt panose fontemb fontfile".split()
)
_TABLE_WORDS = frozenset({"fonttbl", "colortbl", "stylesheet"})  # may come without a group
_BODY_STARTS = frozenset({"pard", "plain", "sectd", "par"})
_UNICODE_BODY = frozenset({"ud", "upr"})
_BREAKS = {"par": "\n", "line": "\n", "row": "\n", "cell": "\t", "tab": "\t", "sect": "\n\n"}


def _tolerant_text(source: str, codec: str) -> str:
    """Text of an RTF file that striprtf reads as empty (see the module docstring)."""
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (a GBK character is two)
    stack: list[tuple[bool, int]] = []
    skipping = False  # inside a group that holds no text
    in_table = False  # after a table word outside a group of its own, until the body
    uc = 1
    to_skip = 0  # characters after \uN that stand in for it
    group_start = False
    starred = False

    def flush() -> None:
        if pending:
            out.append(pending.decode(codec, errors="replace"))
            pending.clear()

    for m in _TOKEN.finditer(source):
        word, arg, hexed, symbol, brace, text = m.groups()
        if hexed is None:
            flush()
        if brace == "{":
            stack.append((skipping, uc))
            group_start = True
            continue
        if brace == "}":
            if stack:
                skipping, uc = stack.pop()
            in_table = False if not stack else in_table
            group_start = False
            continue
        first, group_start = group_start, False
        if symbol == "*":
            starred = True  # an optional destination: skipped unless it is \\ud (Unicode body)
            continue
        if starred:
            starred = False
            if word not in _UNICODE_BODY:
                skipping = True
        if word is not None:
            if word in _NOT_TEXT and (first or word not in _TABLE_WORDS):
                skipping = skipping or first or word not in _TABLE_WORDS
            elif word in _TABLE_WORDS:
                in_table = True
            elif word in _BODY_STARTS:
                in_table = False
            if skipping or in_table:
                continue
            if word == "uc" and arg is not None:
                uc = int(arg)
            elif word == "u" and arg is not None:
                out.append(chr(int(arg) % 0x10000))
                to_skip = uc
            elif word in _BREAKS:
                out.append(_BREAKS[word])
            continue
        if skipping or in_table:
            continue
        if hexed is not None:
            if to_skip:
                to_skip -= 1
            else:
                pending.append(int(hexed, 16))
        elif symbol is not None:
            if symbol in "\\{}":
                out.append(symbol)
            elif symbol == "~":
                out.append("\u00a0")
            to_skip = 0
        elif text is not None:
            if to_skip:
                dropped = min(to_skip, len(text))
                text, to_skip = text[dropped:], to_skip - dropped
            out.append(text)
    flush()
    return "".join(out)


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
    if not text.strip():
        text = _tolerant_text(source, codec)
    title = None
    m = _TITLE.search(source)
    if m:
        try:
            title = rtf_to_text("{\\rtf1 " + m.group(1) + "}", encoding=codec, errors="replace")
        except (ValueError, LookupError, IndexError, OverflowError):
            title = None
    return build_document(path, [Segment(text)], title=title)
