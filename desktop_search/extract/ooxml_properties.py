"""Office documents whose properties part carries a DTD: keep the document, lose at most its title.

Open XML forbids DTDs, but a crafted or odd writer puts one in ``docProps/core.xml``
(the author, title and dates). python-docx and python-pptx parse that part when they
open the package, and an entity they will not expand (an XML bomb, an undefined or
external entity) makes the whole document unreadable, although the text lives
elsewhere. ``without_dtd`` gives a copy whose properties part is rebuilt from its plain
title, so the body can be read.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import IO

from .zipguard import read_member

CORE = "docProps/core.xml"
_TITLE = re.compile(rb"<dc:title>([^<&]*)</dc:title>")
_CORE_TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">{title}</cp:coreProperties>'
)


def without_dtd(path: Path, archive: zipfile.ZipFile, kind: str) -> IO[bytes] | None:
    """An in-memory copy with a DTD-free properties part, or None when it has no DTD."""
    if CORE not in archive.namelist():
        return None
    core = read_member(path, archive, CORE, kind)
    if b"<!DOCTYPE" not in core[:4096].upper():
        return None
    m = _TITLE.search(core)
    title = m.group(1).decode("utf-8", "replace").strip() if m else ""
    clean = _CORE_TEMPLATE.format(
        title=f"<dc:title>{html.escape(title, quote=False)}</dc:title>" if title else ""
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            if info.filename == CORE:
                copy.writestr(info.filename, clean.encode("utf-8"))
            else:
                copy.writestr(info.filename, read_member(path, archive, info.filename, kind))
    out.seek(0)
    return out
