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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "FailureReasons"

# Reasons without a detail in them, as the readers write them.
_FIXED = (
    QT_TRANSLATE_NOOP("FailureReasons", "damaged or incomplete PDF"),
    QT_TRANSLATE_NOOP("FailureReasons", "encrypted: needs a password"),
    QT_TRANSLATE_NOOP("FailureReasons", "no text found"),
    QT_TRANSLATE_NOOP("FailureReasons", "empty file"),
    QT_TRANSLATE_NOOP("FailureReasons", "could not open the file"),
    QT_TRANSLATE_NOOP("FailureReasons", "protected by an unsupported security handler"),
    QT_TRANSLATE_NOOP("FailureReasons", "PDF has no pages"),
    QT_TRANSLATE_NOOP("FailureReasons", "OCR took too long"),
    QT_TRANSLATE_NOOP("FailureReasons", "presentation has no slides"),
    QT_TRANSLATE_NOOP("FailureReasons", "not a valid RTF file"),
    QT_TRANSLATE_NOOP("FailureReasons", "encrypted: Word document needs a password"),
    QT_TRANSLATE_NOOP("FailureReasons", "DRM-protected e-book; cannot be read"),
    QT_TRANSLATE_NOOP("FailureReasons", "damaged picture"),
    QT_TRANSLATE_NOOP("FailureReasons", "damaged, or not really a picture"),
    QT_TRANSLATE_NOOP("FailureReasons", "picture too large to read"),
    QT_TRANSLATE_NOOP("FailureReasons", "picture too small to hold text"),
    QT_TRANSLATE_NOOP("FailureReasons", "not an e-mail message (no mail headers)"),
    QT_TRANSLATE_NOOP("FailureReasons", "not a mailbox (no messages)"),
    QT_TRANSLATE_NOOP("FailureReasons", 'not a mailbox (it does not start with a "From " line)'),
    QT_TRANSLATE_NOOP("FailureReasons", "could not start the reader process"),
    QT_TRANSLATE_NOOP("FailureReasons", "ran out of memory"),
    QT_TRANSLATE_NOOP("FailureReasons", "needs OCR (Tesseract not installed)"),
    QT_TRANSLATE_NOOP(
        "FailureReasons",
        "reading this file made the indexer stop unexpectedly; it is skipped until it changes",
    ),
    QT_TRANSLATE_NOOP("FailureReasons", "this folder is not there (or is not a folder)"),
    # Why a chosen folder keeps its index instead of being scanned (scan/availability.py).
    QT_TRANSLATE_NOOP("FailureReasons", "not there (is its drive plugged in?)"),
    QT_TRANSLATE_NOOP("FailureReasons", "empty, as if its drive were not mounted"),
    QT_TRANSLATE_NOOP("FailureReasons", "its drive is not mounted"),
    QT_TRANSLATE_NOOP("FailureReasons", "could not read the disk (input/output error)"),
    QT_TRANSLATE_NOOP("FailureReasons", "file name is not valid text"),
    QT_TRANSLATE_NOOP("FailureReasons", "an office lock file, not a document"),
    QT_TRANSLATE_NOOP("FailureReasons", "is a folder, not a file"),
    QT_TRANSLATE_NOOP("FailureReasons", "not a regular file (device, pipe or socket)"),
    QT_TRANSLATE_NOOP("FailureReasons", "could not be read"),
)

# (pattern, template): the pattern's groups fill %1, %2 of the translated template.
_PATTERNS = (
    (
        r"took longer than (.+) s to read",
        QT_TRANSLATE_NOOP("FailureReasons", "took longer than %1 s to read"),
    ),
    (
        r"needed more than (\d+) MB of memory",
        QT_TRANSLATE_NOOP("FailureReasons", "needed more than %1 MB of memory"),
    ),
    (
        r"the reader crashed \(signal (\d+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "the reader crashed (signal %1)"),
    ),
    (
        r"the reader crashed \(exit code (.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "the reader crashed (exit code %1)"),
    ),
    (
        r"too large \((.+) MB; limit (.+) MB\)",
        QT_TRANSLATE_NOOP("FailureReasons", "too large (%1 MB; the limit is %2 MB)"),
    ),
    (
        r"too large \((.+) MB; the limit is (.+) MB\)",
        QT_TRANSLATE_NOOP("FailureReasons", "too large (%1 MB; the limit is %2 MB)"),
    ),
    (r"cannot open \((.+)\)", QT_TRANSLATE_NOOP("FailureReasons", "cannot open (%1)")),
    (r"cannot read \((.+)\)", QT_TRANSLATE_NOOP("FailureReasons", "cannot read (%1)")),
    (
        r"damaged or unreadable Word document \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged or unreadable Word document (%1)"),
    ),
    (
        r"damaged Word document \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged Word document (%1)"),
    ),
    (
        r"damaged PowerPoint file \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged PowerPoint file (%1)"),
    ),
    (
        r"damaged Excel file \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged Excel file (%1)"),
    ),
    (r"damaged RTF file \((.+)\)", QT_TRANSLATE_NOOP("FailureReasons", "damaged RTF file (%1)")),
    (
        r"damaged (.+) file \((.+) cannot be unpacked\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged %1 file (%2 cannot be unpacked)"),
    ),
    (
        r"damaged (.+) file \((.+) is missing\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged %1 file (%2 is missing)"),
    ),
    (
        r"damaged (.+) file \((.+) is not valid XML\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged %1 file (%2 is not valid XML)"),
    ),
    (
        r"damaged (.+) file \(no document body\)",
        QT_TRANSLATE_NOOP("FailureReasons", "damaged %1 file (no document body)"),
    ),
    (
        r"encrypted: (.+) file needs a password",
        QT_TRANSLATE_NOOP("FailureReasons", "encrypted: %1 file needs a password"),
    ),
    (
        r"looks like a zip bomb \((.+)\); not opened",
        QT_TRANSLATE_NOOP("FailureReasons", "looks like a zip bomb (%1); not opened"),
    ),
    (r"OCR failed: (.+)", QT_TRANSLATE_NOOP("FailureReasons", "OCR failed: %1")),
    (
        r"could not open the picture \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "could not open the picture (%1)"),
    ),
    (r"damaged picture \((.+)\)", QT_TRANSLATE_NOOP("FailureReasons", "damaged picture (%1)")),
    (
        r"picture too large to read \((.+) pixels\)",
        QT_TRANSLATE_NOOP("FailureReasons", "picture too large to read (%1 pixels)"),
    ),
    (
        r"not a supported file type \((.+)\)",
        QT_TRANSLATE_NOOP("FailureReasons", "not a supported file type (%1)"),
    ),
    (
        r"could not start the reader: (.+)",
        QT_TRANSLATE_NOOP("FailureReasons", "could not start the reader: %1"),
    ),
    (r"could not run (.+) \((.+)\)", QT_TRANSLATE_NOOP("FailureReasons", "could not run %1 (%2)")),
    (r"attachment (.+) needs OCR", QT_TRANSLATE_NOOP("FailureReasons", "attachment %1 needs OCR")),
    (r"could not read: (.+)", QT_TRANSLATE_NOOP("FailureReasons", "could not read: %1")),
)


@cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), template) for pattern, template in _PATTERNS]


def translate_reason(reason: str) -> str:
    """``reason`` in the interface language (as it is, when not a known reason)."""
    text = reason.strip()
    if text in _FIXED:
        return QCoreApplication.translate(CONTEXT, text)
    for pattern, template in _compiled():
        m = pattern.fullmatch(text)
        if m:
            out = QCoreApplication.translate(CONTEXT, template)
            for i, group in enumerate(m.groups(), 1):
                out = out.replace(f"%{i}", group)
            return out
    return reason
