"""Mailboxes in mbox format (.mbox): many mails in one file, as Thunderbird and Takeout save them.

Each message becomes a segment (located by its subject) read exactly like a single
``.eml`` file by ``mail``, attachments included, sharing one allowance of attachments
and time for the whole box. The file is split into messages while streaming it line
by line, so a large mailbox is never held in memory at once; it is opened read-only
(``mailbox.mbox`` opens for writing when it can, and a search tool must never hold a
person's mail open for writing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from . import mail
from .base import ExtractedDocument, ExtractionError
from .files import os_error_reason

SUFFIXES = frozenset({".mbox", ".mbx"})

MAX_MESSAGES = 20_000
MAX_MESSAGE_BYTES = 50 * 1024 * 1024
_ESCAPED_FROM = re.compile(rb"^>(>*From )")  # mboxrd quoting of body lines


def _messages(path: Path) -> Iterator[bytes]:
    """The raw bytes of each message, in order (the "From " separator lines left out)."""
    current: list[bytes] = []
    size = 0
    previous_blank = True
    try:
        with open(path, "rb") as stream:
            for line in stream:
                if line.startswith(b"From ") and previous_blank:
                    if current:
                        yield b"".join(current)
                    current, size = [], 0
                elif size <= MAX_MESSAGE_BYTES:  # past that, the rest of a message is dropped
                    line = _ESCAPED_FROM.sub(rb"\1", line)
                    current.append(line)
                    size += len(line)
                previous_blank = not line.strip()
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
    if current:
        yield b"".join(current)


def extract(path: Path, *, ocr: bool = False) -> ExtractedDocument:
    """Every message (headers, body, attachments), one segment each, located by subject."""
    try:
        with open(path, "rb") as stream:
            start = stream.read(5)
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
    if start != b"From ":
        raise ExtractionError(path, 'not a mailbox (it does not start with a "From " line)')
    out = mail.MailText(ocr=ocr)
    count = 0
    for data in _messages(path):
        count += 1
        if count > MAX_MESSAGES:
            out.warnings.append(f"only the first {MAX_MESSAGES} messages were read")
            break
        msg = mail.parse(data)
        subject = mail.header(msg, "subject")
        mail.message_text(out, msg, location=subject or f"message {count}")
    if count == 0:
        raise ExtractionError(path, "not a mailbox (no messages)")
    return mail.finish(path, out)
