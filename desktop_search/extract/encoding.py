"""Turn the bytes of a text file into text without being told the encoding.

People's folders hold files from every era and locale: UTF-8, UTF-16 from Windows
tools, GBK/GB18030 from Chinese Windows, Big5, Shift_JIS, Latin-1. Decoding them
all as UTF-8 would put mojibake in the index. The order of evidence is: a byte order
mark, then valid UTF-8 (by far the most common and unambiguous), then an encoding the
file declares (HTML ``<meta charset>``), then charset-normalizer's statistical guess.
A legacy encoding that does not decode the file cleanly is widened to the superset
Windows actually wrote (GB2312 -> GB18030, Shift_JIS -> CP932, ...), so characters
outside the old standard still come out right. Bytes that look like no text at all
raise ``NotText``.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Longest prefix handed to the statistical detector; the whole file is then decoded.
DETECT_SAMPLE_BYTES = 1024 * 1024
# Share of characters that may be control/unassigned/replacement before we call it binary.
MAX_JUNK_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encoding as labelled -> encodings to try strictly, in order; the last one is
# used with replacement characters when none decodes cleanly. The label itself comes
# first for CJK (so GB2312 text decodes exactly as GB2312), the Windows superset first
# where the label's extra range is only C1 control codes (Latin-1 -> CP1252).
_WIDER = {
    "gb2312": ("gb2312", "gbk", "gb18030"),
    "gbk": ("gbk", "gb18030"),
    "hz": ("hz", "gb18030"),
    "big5": ("big5", "cp950", "big5hkscs"),
    "cp950": ("cp950", "big5hkscs"),
    "shift_jis": ("shift_jis", "cp932"),
    "shift_jis_2004": ("cp932", "shift_jis_2004"),
    "euc_jp": ("euc_jp", "euc_jis_2004"),
    "euc_kr": ("euc_kr", "cp949"),
    "ascii": ("utf_8",),
    "latin_1": ("cp1252", "latin_1"),
    "iso8859_9": ("cp1254", "iso8859_9"),
    "tis_620": ("tis_620", "cp874"),
    "iso8859_11": ("iso8859_11", "cp874"),
}
# Labels seen in the wild that Python does not know.
_ALIASES = {
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "x-euc-jp": "euc_jp",
    "x-gbk": "gbk",
    "x-euc-tw": "euc_tw",
    "windows-31j": "cp932",
    "x-mac-roman": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
    "unicode": "utf-16",
}
# ISO-2022 encodings are 7-bit, so they pass as UTF-8; their escape sequences give them away.
_ISO2022 = (
    (b"\x1b$)C", "iso2022_kr"),
    (b"\x1b$B", "iso2022_jp"),
    (b"\x1b$@", "iso2022_jp"),
    (b"\x1b$A", "iso2022_jp_2"),
    (b"\x1b$(D", "iso2022_jp_2"),
)


class NotText(ValueError):
    """The bytes do not decode to plausible text in any encoding we tried."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for an encoding label, or None if Python has none."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    name = name.replace("-", "_")
    return {"iso8859_1": "latin_1", "iso_8859_1": "latin_1"}.get(name, name)


def _decode_strictly_as(data: bytes, codec: str) -> tuple[str, str] | None:
    """Decode with ``codec`` or a superset of it, only if one fits without errors."""
    for candidate in _WIDER.get(codec, (codec,)):
        text = _strict(data, candidate)
        if text is not None:
            return text, candidate
    return None


def _decode_as(data: bytes, codec: str) -> tuple[str, str]:
    """Decode with ``codec`` or, if it does not fit cleanly, its widest superset."""
    found = _decode_strictly_as(data, codec)
    if found is not None:
        return found
    widest = _WIDER.get(codec, (codec,))[-1]
    return data.decode(widest, errors="replace"), widest


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_or_32_without_bom(sample: bytes) -> str | None:
    """Guess UTF-16/32 from the pattern of zero bytes that mostly-ASCII text leaves."""
    n = len(sample) - len(sample) % 4
    if n < 8:
        return None
    s = sample[:n]
    zeros = [s[i::4].count(0) / (n // 4) for i in range(4)]
    if zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.1:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] < 0.1:
        return "utf-32-be"
    even = s[0::2].count(0) / (n // 2)
    odd = s[1::2].count(0) / (n // 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _utf8(data: bytes) -> str | None:
    """Strict UTF-8, tolerating only a multi-byte character cut off at the very end."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    return text + ("\ufffd" if decoder.getstate()[0] else "")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    sample = data
    if len(sample) > DETECT_SAMPLE_BYTES:
        sample = sample[:DETECT_SAMPLE_BYTES]
        cut = sample.rfind(b"\n")
        if cut > DETECT_SAMPLE_BYTES // 2:
            sample = sample[: cut + 1]
    best = charset_normalizer.from_bytes(sample).best()
    return None if best is None else codec_name(best.encoding)


def junk_count(text: str, sample_chars: int = 65536) -> tuple[int, int]:
    """(characters no real text would contain, characters looked at) in a prefix of ``text``."""
    sample = text[:sample_chars]
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\x0c":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cn", "Cs", "Co"):
            bad += 1
    return bad, len(sample)


def decode_text(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` using its BOM, UTF-8, the ``declared`` encoding or a detected one."""
    found = _bom(data)
    if found is not None:
        encoding, skip = found
        return _checked(data[skip:].decode(encoding, errors="replace"), encoding)

    head = data[:65536]
    if b"\x00" in head:
        wide = _utf16_or_32_without_bom(head)
        if wide is None:
            raise NotText("binary file, not text")
        return _checked(data.decode(wide, errors="replace"), wide)

    if b"\x1b" in head:
        for marker, codec in _ISO2022:
            if marker in head and (text := _strict(data, codec)) is not None:
                return _checked(text, codec)

    text = _utf8(data)
    if text is not None:
        return _checked(text, "utf-8")

    declared_codec = codec_name(declared)
    if declared_codec is not None and declared_codec != "utf_8":
        found = _decode_strictly_as(data, declared_codec)
        if found is not None:
            return _checked(*found)

    encoding = _detect(data) or declared_codec
    if encoding is None:
        raise NotText("binary file, not text")
    try:
        text, used = _decode_as(data, encoding)
    except LookupError as exc:  # the detector named a codec this Python lacks
        raise NotText(f"unknown text encoding {encoding}") from exc
    return _checked(text, used)


def _checked(text: str, encoding: str) -> Decoded:
    bad, looked_at = junk_count(text)
    if bad > 3 and bad > MAX_JUNK_SHARE * looked_at:
        raise NotText("binary file, not text")
    return Decoded(text, encoding)
