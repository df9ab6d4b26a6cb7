"""E-mail saved as files (.eml): who wrote it, when, about what, and its attachments.

The standard library parses the message (``email`` with the modern policy decodes
encoded headers and file names, Chinese ones included). The text searched is a header
block (subject, sender, recipients, date) followed by the body: the text/plain part
when there is one, else the HTML part through the HTML reader's parser. Bodies are
decoded with the charset they declare, widened the way ``encoding`` does (mail labelled
GB2312 is usually GBK), so Chinese mail does not turn into replacement characters.

Attachments are read by the reader for their type and added as segments of the mail
with location "attachment <name>", rather than as documents of their own: the catalog
and the GUI know files on disk, and the file a person can open for a hit inside an
attachment is the mail that carries it. Pictures are left out (signature logos and
inline images would flood the index with OCR noise). A scanned attachment makes the
whole mail ``NeedsOcr`` when OCR is deferred. ``mbox`` reuses ``message_text``.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
import time
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from pathlib import Path

from . import files, scratch
from .base import ExtractedDocument, ExtractionError, NeedsOcr, Segment, UnsupportedFile
from .encoding import NotText, decode_text
from .html import parse_html
from .normalize import build_document, clean_line

SUFFIXES = frozenset({".eml"})

log = logging.getLogger(__name__)

MAX_ATTACHMENTS = 50  # per file (an mbox shares one allowance across its messages)
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
ATTACHMENT_BUDGET_S = 20.0  # time for reading attachments of one file, when OCR is deferred
MAX_DEPTH = 3  # mail forwarded as an attachment of mail forwarded as an attachment of ...
_HEADERS = (("Subject", "subject"), ("From", "from"), ("To", "to"), ("Cc", "cc"), ("Date", "date"))
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


@dataclass
class MailText:
    """What has been read from one file of mail so far; ``mbox`` adds many messages."""

    ocr: bool
    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # page images in attachments that need OCR (when it is deferred)
    ocr_attachments: list[str] = field(default_factory=list)
    attachments: int = 0
    started: float = field(default_factory=time.monotonic)
    out_of_time: bool = False


def parse(data: bytes) -> EmailMessage:
    """The message in ``data`` (never raises: damage becomes defects in the message)."""
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def header(msg: Message, name: str) -> str:
    """One header decoded to text ("" when missing)."""
    try:
        value = msg.get(name)
    except Exception:  # the header parser can fail on malformed values: use the raw text
        value = next((v for k, v in msg.raw_items() if k.lower() == name), "")
    return " ".join(str(value or "").split())


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload:
        return ""
    try:
        return decode_text(payload, declared=part.get_content_charset()).text
    except NotText:
        return payload.decode("utf-8", "replace")


def _body(msg: EmailMessage) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # a malformed structure: read what is there
        part = None
    if part is None:
        if msg.get_content_maintype() == "text" and not msg.is_attachment():
            part = msg
        else:
            return ""
    text = _decoded(part)
    if part.get_content_subtype() == "html":
        return "\n".join(s.text for s in parse_html(text).segments)
    return text


def _safe_name(name: str) -> str:
    stem_and_suffix = _UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return stem_and_suffix[-120:] or "attachment"


def _read_attachment(out: MailText, name: str, data: bytes, max_depth_left: int) -> None:
    from . import extract as extract_any  # the registry imports this module
    from . import image, is_supported

    suffix = Path(name).suffix.lower()
    if suffix in image.SUFFIXES or not is_supported(name):
        return
    if len(data) > MAX_ATTACHMENT_BYTES:
        out.warnings.append(f"attachment {name}: too large to read")
        return
    where = f"attachment {name}"
    if suffix in SUFFIXES and max_depth_left > 0:  # forwarded mail saved as an .eml file
        message_text(out, parse(data), location=where, depth_left=max_depth_left - 1)
        return
    # Not a plain temp folder: a reader killed here would leave the copy behind (scratch).
    with scratch.scratch_folder("mail") as folder:
        copy = folder / _safe_name(name)
        copy.write_bytes(data)
        try:
            doc = extract_any(copy, max_bytes=MAX_ATTACHMENT_BYTES, ocr=out.ocr)
        except NeedsOcr as exc:
            out.ocr_pages += exc.pages
            out.ocr_attachments.append(name)
            return
        except UnsupportedFile:
            return
        except ExtractionError as exc:
            out.warnings.append(f"{where}: {exc.reason}")
            return
    for seg in doc.segments:
        detail = ", ".join(x for x in (f"page {seg.page}" if seg.page else "", seg.location) if x)
        out.segments.append(Segment(seg.text, location=f"{where} ({detail})" if detail else where))


def _attachments(out: MailText, msg: EmailMessage, depth_left: int) -> None:
    try:
        parts = list(msg.iter_attachments())
    except Exception:  # malformed multipart structure
        return
    for number, part in enumerate(parts, 1):
        if out.attachments >= MAX_ATTACHMENTS or out.out_of_time:
            return
        if not out.ocr and time.monotonic() - out.started > ATTACHMENT_BUDGET_S:
            out.out_of_time = True
            out.warnings.append("some attachments were not read (time limit)")
            return
        out.attachments += 1
        try:
            if part.get_content_type() == "message/rfc822":
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) and inner else inner
                if isinstance(inner, EmailMessage) and depth_left > 0:
                    subject = header(inner, "subject") or f"message {number}"
                    where = f"attachment {subject}"
                    message_text(out, inner, location=where, depth_left=depth_left - 1)
                continue
            name = part.get_filename() or f"attachment {number}"
            data = part.get_payload(decode=True)
        except Exception as exc:  # undecodable part: skip it, keep the mail
            log.debug("attachment %d: %r", number, exc)
            continue
        if isinstance(data, bytes) and data:
            _read_attachment(out, " ".join(name.split()), data, depth_left)


def message_text(
    out: MailText, msg: EmailMessage, *, location: str | None = None, depth_left: int = MAX_DEPTH
) -> None:
    """Add the header block and body of ``msg`` as one segment, then its attachments."""
    lines = [f"{label}: {value}" for label, key in _HEADERS if (value := header(msg, key))]
    body = _body(msg)
    out.segments.append(Segment("\n".join(lines) + "\n\n" + body, location=location))
    _attachments(out, msg, depth_left)


def finish(path: Path, out: MailText, *, title: str | None = None) -> ExtractedDocument:
    """The document, or NeedsOcr when an attachment waits for OCR."""
    if out.ocr_pages and not out.ocr:
        names = ", ".join(out.ocr_attachments[:3])
        # One page more than the scans have: the rest of the mail is read again too.
        raise NeedsOcr(path, f"attachment {names} needs OCR", pages=out.ocr_pages + 1)
    return build_document(path, out.segments, title=title, warnings=out.warnings)


def extract(path: Path, *, ocr: bool = False) -> ExtractedDocument:
    """Headers and body of the mail, then its attachments' text; title from the subject."""
    data = files.read_bytes(path)
    if not data.strip():
        raise ExtractionError(path, "empty file")
    msg = parse(data)
    if not any(msg.get(key) for _, key in _HEADERS) and not msg.get("message-id"):
        raise ExtractionError(path, "not an e-mail message (no mail headers)")
    out = MailText(ocr=ocr)
    message_text(out, msg)
    return finish(path, out, title=clean_line(header(msg, "subject")))
