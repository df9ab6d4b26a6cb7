"""Old Word documents (.doc, Word 97-2003), read with catdoc or antiword.

No maintained Python library reads the binary Word format, but two small, long-lived
command-line readers do, both packaged by Linux distributions. catdoc is tried first:
its output keeps table cells apart with tabs and has no layout padding; antiword is the
fallback, and its error messages say plainly when a file is encrypted. Both get a time
limit (``tools``). Many ".doc" files are not Word binaries at all (RTF, HTML or a
.docx renamed by some program), so the first bytes decide which reader gets the file.
Without either program the file is skipped with a reason that says what to install.
"""

from __future__ import annotations

from pathlib import Path

from . import docx, html, rtf, text
from .base import ExtractedDocument, ExtractionError, Segment, UnsupportedFile
from .files import os_error_reason
from .normalize import build_document
from .tools import ToolError, run_tool, which
from .zipguard import OLE_MAGIC

SUFFIXES = frozenset({".doc"})

TIMEOUT_S = 60.0
NOT_INSTALLED = "old Word (.doc) file: needs catdoc or antiword (not installed)"


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(512)
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc


def _commands(path: Path) -> list[list[str]]:
    commands = []
    if catdoc := which("catdoc"):
        commands.append([catdoc, "-d", "utf-8", "-w", str(path)])
    if antiword := which("antiword"):
        commands.append([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)])
    return commands


def _word_binary(path: Path) -> ExtractedDocument:
    commands = _commands(path)
    if not commands:
        raise UnsupportedFile(path, NOT_INSTALLED)
    reasons = []
    for command in commands:
        try:
            output = run_tool(command, timeout_s=TIMEOUT_S, env={"LC_ALL": "C.UTF-8"})
        except ToolError as exc:
            reasons.append(exc.reason.replace(str(path), "the file"))
            continue
        words = output.decode("utf-8", "replace")
        if words.strip():
            return build_document(path, [Segment(words)])
    if any("encrypted" in r.lower() for r in reasons):
        raise ExtractionError(path, "encrypted: Word document needs a password")
    if reasons:
        raise ExtractionError(path, f"damaged or unreadable Word document ({reasons[-1]})")
    raise ExtractionError(path, "no text found")


def extract(path: Path) -> ExtractedDocument:
    """Text of the document (no pages or headings: the tools do not report them)."""
    head = _head(path)
    if head.startswith(OLE_MAGIC):
        return _word_binary(path)
    if head.startswith(b"{\\rtf"):
        return rtf.extract(path)
    if head.startswith(b"PK\x03\x04"):
        return docx.extract(path)
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return html.extract(path)
    return text.extract(path)  # some programs save plain text as .doc; binary is skipped
