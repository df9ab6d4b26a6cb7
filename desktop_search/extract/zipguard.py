"""Open the zip container of DOCX, EPUB, ODT, PPTX, XLSX and ODS files without trusting it.

These formats are zip archives, and a zip can declare gigabytes of content in a few
kilobytes (a "zip bomb"); reading it would exhaust memory or disk. The sizes the
archive declares are checked before anything is decompressed; Python's zipfile never
inflates a member past its declared size, so the check holds even if the archive lies.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .base import ExtractionError
from .files import os_error_reason

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office binary / encrypted Office files
MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 1024 * MB  # sum of declared uncompressed sizes
MAX_MEMBER_BYTES = 512 * MB
MAX_RATIO = 100  # uncompressed / compressed, for members big enough to matter
RATIO_MIN_BYTES = 20 * MB


def _bomb(path: Path, detail: str) -> ExtractionError:
    return ExtractionError(path, f"looks like a zip bomb ({detail}); not opened")


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Raise ExtractionError if the archive's declared sizes or ratios look like a bomb."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _bomb(path, f"{len(infos)} files inside")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise _bomb(path, f"{info.filename} unpacks to {info.file_size // MB} MB")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _bomb(path, f"{info.filename} is compressed {ratio}:1")
    if total > MAX_TOTAL_BYTES:
        raise _bomb(path, f"unpacks to {total // MB} MB")


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(magic)) == magic
    except OSError:
        return False


def open_archive(path: Path, kind: str) -> zipfile.ZipFile:
    """The checked zip archive at ``path``; ``kind`` names the format in error messages."""
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as exc:
        if _starts_with(path, OLE_MAGIC):
            reason = f"password-protected, or an old binary file renamed to {kind}"
        else:
            reason = f"damaged or not really a {kind} file"
        raise ExtractionError(path, reason) from exc
    try:
        check_archive(path, archive)
    except BaseException:
        archive.close()
        raise
    return archive


def read_member(path: Path, archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """Bytes of one member; damage inside the archive becomes a plain ExtractionError."""
    try:
        return archive.read(name)
    except KeyError as exc:
        raise ExtractionError(path, f"damaged {kind} file ({name} is missing)") from exc
    except RuntimeError as exc:  # zipfile's "File ... is encrypted, password required"
        raise ExtractionError(path, f"encrypted: {kind} file needs a password") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise ExtractionError(path, f"damaged {kind} file ({name} cannot be unpacked)") from exc
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc


def read_xml(path: Path, archive: zipfile.ZipFile, name: str, kind: str) -> ET.Element:
    """One member parsed as XML (expat refuses entity bombs); bad XML is a plain error."""
    data = read_member(path, archive, name, kind)
    try:
        return ET.fromstring(data)
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: bogus encoding=
        raise ExtractionError(path, f"damaged {kind} file ({name} is not valid XML)") from exc


def iter_xml(
    path: Path, archive: zipfile.ZipFile, name: str, kind: str
) -> Iterator[tuple[str, ET.Element]]:
    """("start" | "end", element) events of one member, streamed: for members too big to load."""
    try:
        with archive.open(name) as stream:
            yield from ET.iterparse(stream, events=("start", "end"))
    except KeyError as exc:
        raise ExtractionError(path, f"damaged {kind} file ({name} is missing)") from exc
    except RuntimeError as exc:  # zipfile's "File ... is encrypted, password required"
        raise ExtractionError(path, f"encrypted: {kind} file needs a password") from exc
    except (ET.ParseError, LookupError) as exc:
        raise ExtractionError(path, f"damaged {kind} file ({name} is not valid XML)") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise ExtractionError(path, f"damaged {kind} file ({name} cannot be unpacked)") from exc
    except OSError as exc:
        raise ExtractionError(path, os_error_reason(exc)) from exc
