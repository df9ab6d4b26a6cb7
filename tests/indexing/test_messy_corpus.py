"""Indexing hundreds of real broken, encrypted, scanned and oddly encoded files never crashes.

Every file ends indexed, skipped or failed with a reason, and the good files beside the
bad ones are found by search.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop_search.store.consistency import check_catalog


@pytest.fixture(scope="module")
def messy_library(tmp_path_factory, corpus, spaces):
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths

    root = tmp_path_factory.mktemp("messy")
    shutil.copytree(corpus / "messy", root / "messy", symlinks=True)
    hostile = root / "messy" / "hostile"
    hostile.mkdir()
    (hostile / "zero.txt").write_bytes(b"")
    (hostile / "binary.txt").write_bytes(os.urandom(4096) + b"\0" * 100)
    (hostile / "huge.txt").write_bytes(b"a" * (3 * 1024 * 1024))
    (hostile / "not-a.pdf").write_text("this is not a PDF at all")
    os.symlink(hostile, hostile / "loop")
    (hostile / "good-note.md").write_text("The zeppelin hangar keeps its lanterns lit at night.\n")
    lib = Library(app_paths(tmp_path_factory.mktemp("home")), spaces=spaces)
    lib.change_settings(lambda s: s.__class__(max_file_mb=2, ocr=False))  # OCR: test_ocr_pass
    indexer = lib.indexer()
    indexer.run([str(root)], embed=False)
    indexer.close()
    lib.root = root / "messy"
    yield lib
    lib.close()


def test_every_file_has_an_outcome(messy_library):
    counts = messy_library.catalog.status_counts()
    assert counts.get("pending", 0) == 0
    assert counts["indexed"] > 300
    for rec in messy_library.catalog.files():
        if rec.status in ("failed", "skipped"):
            assert rec.error, f"{rec.path} has no reason"
    assert check_catalog(messy_library.catalog, messy_library.paths.vectors) == []


@pytest.mark.parametrize(
    ("relative", "status", "reason"),
    [
        ("hostile/zero.txt", "failed", "empty"),
        ("hostile/binary.txt", ("failed", "skipped"), "binary"),
        ("hostile/huge.txt", "skipped", "too large"),
        ("hostile/not-a.pdf", "failed", "PDF"),
        ("pdf/derived-broken/lshort-zh-cn.aes256-userpw-user123.pdf", "failed", "password"),
        ("pdf/ocrmypdf-resources/tests/resources/skew.pdf", "failed", "OCR"),
    ],
)
def test_bad_files_have_plain_reasons(messy_library, relative, status, reason):
    rec = messy_library.catalog.file(str(messy_library.root / relative))
    assert rec is not None
    assert rec.status in ((status,) if isinstance(status, str) else status)
    assert reason.lower() in (rec.error or "").lower()


def test_good_files_beside_bad_ones_are_found(messy_library):
    hits = messy_library.engine.search("zeppelin lanterns", mode="keyword").hits
    assert hits[0].name == "good-note.md"
    hits = messy_library.engine.search("LaTeX", mode="keyword", k=50).hits
    assert any(Path(h.path).suffix == ".pdf" for h in hits)


def test_chinese_legacy_encodings_are_searchable(messy_library):
    folder = messy_library.root / "txt-encodings"
    gb = sorted(p for p in folder.rglob("*") if p.is_file() and p.parent.name.lower() == "gb2312")
    assert gb, "corpus has GB2312 files"
    rec = messy_library.catalog.file(str(gb[0]))
    assert rec.status == "indexed"


def test_legacy_encoded_pages_are_searchable_in_their_language(messy_library):
    # A GB2312 page's title, typed in Chinese, finds that page.
    hits = messy_library.engine.search("温哥华", mode="keyword", k=20).hits
    assert any("GB2312" in h.path for h in hits)
