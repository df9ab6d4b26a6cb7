"""Why a file could not be read, in the interface's language.

The readers (``extract``, ``indexing``) give their reasons in plain English, and the
catalog keeps them that way (a log or a bug report should read the same everywhere).
This module maps each known reason, fixed or with a detail in it, to a translatable
template, so the Chinese interface does not show "damaged or incomplete PDF" among
Chinese words. A reason it does not know is shown as it is.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("FailureReasons", text)


def _fixed() -> dict[str, str]:
    return {
        "damaged or incomplete PDF": _tr("damaged or incomplete PDF"),
        "encrypted: needs a password": _tr("encrypted: needs a password"),
        "no text found": _tr("no text found"),
        "empty file": _tr("empty file"),
        "could not open the file": _tr("could not open the file"),
        "protected by an unsupported security handler": _tr(
            "protected by an unsupported security handler"
        ),
        "PDF has no pages": _tr("PDF has no pages"),
        "OCR took too long": _tr("OCR took too long"),
        "presentation has no slides": _tr("presentation has no slides"),
        "not a valid RTF file": _tr("not a valid RTF file"),
        "encrypted: Word document needs a password": _tr(
            "encrypted: Word document needs a password"
        ),
        "DRM-protected e-book; cannot be read": _tr("DRM-protected e-book; cannot be read"),
        "damaged picture": _tr("damaged picture"),
        "damaged, or not really a picture": _tr("damaged, or not really a picture"),
        "picture too large to read": _tr("picture too large to read"),
        "picture too small to hold text": _tr("picture too small to hold text"),
        "not an e-mail message (no mail headers)": _tr("not an e-mail message (no mail headers)"),
        "not a mailbox (no messages)": _tr("not a mailbox (no messages)"),
        'not a mailbox (it does not start with a "From " line)': _tr(
            'not a mailbox (it does not start with a "From " line)'
        ),
        "could not start the reader process": _tr("could not start the reader process"),
        "ran out of memory": _tr("ran out of memory"),
        "needs OCR (Tesseract not installed)": _tr("needs OCR (Tesseract not installed)"),
        "reading this file made the indexer stop unexpectedly; it is skipped until it changes": _tr(
            "reading this file made the indexer stop unexpectedly; it is skipped until it changes"
        ),
        "this folder is not there (or is not a folder)": _tr(
            "this folder is not there (or is not a folder)"
        ),
        "could not read the disk (input/output error)": _tr(
            "could not read the disk (input/output error)"
        ),
        "file name is not valid text": _tr("file name is not valid text"),
        "an office lock file, not a document": _tr("an office lock file, not a document"),
        "is a folder, not a file": _tr("is a folder, not a file"),
        "not a regular file (device, pipe or socket)": _tr(
            "not a regular file (device, pipe or socket)"
        ),
        "could not be read": _tr("could not be read"),
    }


# (pattern, template): the pattern's groups fill %1, %2 of the translated template.
def _patterns() -> list[tuple[str, str]]:
    return [
        (r"took longer than (.+) s to read", _tr("took longer than %1 s to read")),
        (r"needed more than (\d+) MB of memory", _tr("needed more than %1 MB of memory")),
        (r"the reader crashed \(signal (\d+)\)", _tr("the reader crashed (signal %1)")),
        (r"the reader crashed \(exit code (.+)\)", _tr("the reader crashed (exit code %1)")),
        (r"too large \((.+) MB; limit (.+) MB\)", _tr("too large (%1 MB; the limit is %2 MB)")),
        (
            r"too large \((.+) MB; the limit is (.+) MB\)",
            _tr("too large (%1 MB; the limit is %2 MB)"),
        ),
        (r"cannot open \((.+)\)", _tr("cannot open (%1)")),
        (r"cannot read \((.+)\)", _tr("cannot read (%1)")),
        (
            r"damaged or unreadable Word document \((.+)\)",
            _tr("damaged or unreadable Word document (%1)"),
        ),
        (r"damaged Word document \((.+)\)", _tr("damaged Word document (%1)")),
        (r"damaged PowerPoint file \((.+)\)", _tr("damaged PowerPoint file (%1)")),
        (r"damaged Excel file \((.+)\)", _tr("damaged Excel file (%1)")),
        (r"damaged RTF file \((.+)\)", _tr("damaged RTF file (%1)")),
        (
            r"damaged (.+) file \((.+) cannot be unpacked\)",
            _tr("damaged %1 file (%2 cannot be unpacked)"),
        ),
        (r"damaged (.+) file \((.+) is missing\)", _tr("damaged %1 file (%2 is missing)")),
        (
            r"damaged (.+) file \((.+) is not valid XML\)",
            _tr("damaged %1 file (%2 is not valid XML)"),
        ),
        (r"damaged (.+) file \(no document body\)", _tr("damaged %1 file (no document body)")),
        (r"encrypted: (.+) file needs a password", _tr("encrypted: %1 file needs a password")),
        (
            r"looks like a zip bomb \((.+)\); not opened",
            _tr("looks like a zip bomb (%1); not opened"),
        ),
        (r"OCR failed: (.+)", _tr("OCR failed: %1")),
        (r"could not open the picture \((.+)\)", _tr("could not open the picture (%1)")),
        (r"damaged picture \((.+)\)", _tr("damaged picture (%1)")),
        (
            r"picture too large to read \((.+) pixels\)",
            _tr("picture too large to read (%1 pixels)"),
        ),
        (r"not a supported file type \((.+)\)", _tr("not a supported file type (%1)")),
        (r"could not start the reader: (.+)", _tr("could not start the reader: %1")),
        (r"could not run (.+) \((.+)\)", _tr("could not run %1 (%2)")),
        (r"attachment (.+) needs OCR", _tr("attachment %1 needs OCR")),
        (r"could not read: (.+)", _tr("could not read: %1")),
    ]


@cache
def _compiled(language_key: str) -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    del language_key  # only part of the cache key: one table per installed language
    return _fixed(), [(re.compile(p), t) for p, t in _patterns()]


def translate_reason(reason: str, language_key: str = "") -> str:
    """``reason`` in the interface language (as it is, when not a known reason)."""
    fixed, patterns = _compiled(language_key or _current_language())
    text = reason.strip()
    if text in fixed:
        return fixed[text]
    for pattern, template in patterns:
        m = pattern.fullmatch(text)
        if m:
            out = template
            for i, group in enumerate(m.groups(), 1):
                out = out.replace(f"%{i}", group)
            return out
    return reason


def _current_language() -> str:
    """A key that changes when another translation is installed."""
    return _tr("damaged or incomplete PDF")
