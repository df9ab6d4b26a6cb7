"""The OCR pass: scans and pictures are read after every other file, and never twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_search.extract import ocr
from tests.extract.makers import CJK_FONT, make_scan_image, make_scan_pdf

pytestmark = pytest.mark.skipif(
    not ocr.available() or not CJK_FONT.is_file(), reason="needs Tesseract and a CJK font"
)


def _index(lib, root):
    indexer = lib.indexer()
    order = []
    original = indexer._store

    def store(result):
        order.append(Path(result.path).name)
        original(result)

    indexer._store = store
    try:
        indexer.scan([str(root)])
        indexer.run(embed=False)
    finally:
        indexer.close()
    return order


def test_scans_are_read_last_and_cached(make_library, tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    make_scan_pdf(root / "a-scan.pdf", [["The walrus signed the lease."], ["向量数据库"]])
    make_scan_image(root / "b-photo.png", [["Receipt for the kumquat tree"]])
    (root / "c-note.txt").write_text("plain note about lanterns", encoding="utf-8")
    lib = make_library()
    order = _index(lib, root)
    assert order[0] == "c-note.txt" and sorted(order[1:]) == ["a-scan.pdf", "b-photo.png"]
    rec = lib.catalog.file(str(root / "a-scan.pdf"))
    assert rec.status == "indexed", rec.error
    hits = lib.engine.search("walrus lease", mode="keyword").hits
    assert hits and hits[0].name == "a-scan.pdf" and hits[0].page == 1
    assert lib.engine.search("向量数据库", mode="keyword").hits[0].name == "a-scan.pdf"
    assert lib.engine.search("kumquat", mode="keyword").hits[0].name == "b-photo.png"
    # The same bytes under a new catalog (folder forgotten and added again): no OCR.
    lib.forget_folder(str(root))
    calls = []
    real = ocr.recognise
    try:
        ocr.recognise = lambda *a, **k: calls.append(1) or real(*a, **k)
        _index(lib, root)
    finally:
        ocr.recognise = real
    assert lib.catalog.file(str(root / "a-scan.pdf")).status == "indexed"
    assert calls == []
