"""File names and document text made safe to print on a terminal.

A file may be called ``$'\\e]0;X\\a.txt'``: printed raw, that name retitles the terminal
window, and other escape sequences can move the cursor, hide text or, on some
terminals, worse. Everything the CLI prints that came from disk goes through ``safe``.
"""

from __future__ import annotations

import unicodedata

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def safe(text: str) -> str:
    """``text`` with control and format characters (ESC, BEL, bidi overrides) escaped."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif unicodedata.category(ch) in ("Zs",):  # odd spaces are harmless
            out.append(ch)
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)
