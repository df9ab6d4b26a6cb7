"""A DTD in docProps/core.xml costs at most the title, never the Word or PowerPoint body."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop_search.extract import extract

from .makers import make_docx, make_pptx

_LAUGHS = (
    '<!DOCTYPE cp:coreProperties [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "]>"
)
_DTDS = {
    "undefined-entity": (
        b'<!DOCTYPE cp:coreProperties SYSTEM "x.dtd">',
        b"&undefined; ",
    ),
    "entity-bomb": (_LAUGHS.encode(), b"&h; "),
    "broken-dtd": (b"<!DOCTYPE cp:coreProperties [<!ELEMENT >]>", b""),
    "external-entity": (
        b'<!DOCTYPE cp:coreProperties [<!ENTITY t SYSTEM "file:///etc/passwd">]>',
        b"&t; ",
    ),
}


def _with_dtd(src: Path, dst: Path, case: str) -> Path:
    dtd, in_title = _DTDS[case]
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
        for info in a.infolist():
            data = a.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"?>", b"?>" + dtd, 1).replace(
                    b"<dc:title>", b"<dc:title>" + in_title, 1
                )
            b.writestr(info, data)
    return dst


@pytest.mark.parametrize("case", sorted(_DTDS))
@pytest.mark.parametrize(
    ("maker", "suffix"),
    [(make_docx, "docx"), (make_pptx, "pptx")],
    ids=["docx", "pptx"],
)
def test_the_body_survives_a_dtd_in_the_properties(tmp_path, maker, suffix, case):
    src = maker(tmp_path / f"plain.{suffix}")
    plain = " ".join(s.text for s in extract(src).segments)
    assert plain.strip()
    doc = extract(_with_dtd(src, tmp_path / f"{case}.{suffix}", case))
    assert " ".join(s.text for s in doc.segments) == plain
    assert "root:" not in (doc.title or "")  # nothing read from /etc/passwd
