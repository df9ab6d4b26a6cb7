"""Fuzzing: random and mutated files of every format either read or fail plainly.

Every reader must return a document or raise ExtractionError, nothing else, and never
hang. Zip-based formats are also fuzzed from the inside (mutated XML, re-zipped), where
the parsers, not the zip layer, meet the damage. PDFs go through the sandbox because
pdfium is native code; the rest run in-process so a Python bug shows as a failure.

Each test has a time bound (``FUZZ_TIME_S``, pytest-timeout) besides its example count,
so the CI run stays short and a reader that starts to hang fails instead of stalling it.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_search.extract import ExtractionError, NeedsOcr, extract
from desktop_search.extract.base import ExtractedDocument, Segment
from desktop_search.extract.sandbox import SandboxedExtractor

from .makers import (
    make_docx,
    make_eml,
    make_epub,
    make_ods,
    make_odt,
    make_pptx,
    make_rtf,
    make_strict_xlsx,
    make_xlsx,
)

FUZZ_TIME_S = int(os.environ.get("EXTRACT_FUZZ_TIME_S", "300"))  # per test, at most
pytestmark = pytest.mark.timeout(FUZZ_TIME_S)

# EXTRACT_FUZZ_EXAMPLES=2000 for a longer hunt by hand; 50 keeps the suite quick.
FUZZ = settings(
    max_examples=int(os.environ.get("EXTRACT_FUZZ_EXAMPLES", "50")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_SCRATCH = Path(tempfile.mkdtemp(prefix="extract-fuzz-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
_counter = iter(range(10**9))


def _write(data: bytes, suffix: str) -> Path:
    path = _SCRATCH / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    return path


def _mutate(seed: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    data = bytearray(seed)
    for position, value in edits:
        data[position % len(data)] = value
    return bytes(data[:cut] if cut else data)


def mutations(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with some bytes overwritten and perhaps cut short."""
    edits = st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), max_size=30)
    cut = st.none() | st.integers(1, len(seed))
    return st.builds(_mutate, st.just(seed), edits, cut)


def _check_direct(data: bytes, suffix: str) -> None:
    path = _write(data, suffix)
    try:
        doc = extract(path)
    except NeedsOcr as exc:  # pictures and scans: read later, by the OCR pass
        assert exc.reason and exc.pages >= 1
    except ExtractionError as exc:
        assert exc.reason
    else:
        assert doc.segments and all(s.text.strip() for s in doc.segments)
    finally:
        path.unlink()


def _rezip_with(seed_zip: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed_zip)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, content if info.filename == member else zin.read(info))
    return out.getvalue()


def _seed(maker: Callable[[Path], Path], suffix: str) -> bytes:
    return maker(_SCRATCH / f"seed{suffix}").read_bytes()


def _member(data: bytes, suffix: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(suffix)


DOCX = _seed(make_docx, ".docx")
EPUB = _seed(make_epub, ".epub")
ODT = _seed(make_odt, ".odt")
RTF = make_rtf(_SCRATCH / "seed.rtf", chinese=True).read_bytes()
PPTX = _seed(make_pptx, ".pptx")
XLSX = _seed(make_xlsx, ".xlsx")
STRICT_XLSX = _seed(make_strict_xlsx, ".xlsx")
ODS = _seed(make_ods, ".ods")
EML = make_eml(_SCRATCH / "seed.eml", attachments={"r.docx": DOCX}).read_bytes()
ZIP_SEEDS = [
    (DOCX, ".docx"),
    (EPUB, ".epub"),
    (ODT, ".odt"),
    (PPTX, ".pptx"),
    (XLSX, ".xlsx"),
    (STRICT_XLSX, ".xlsx"),
    (ODS, ".ods"),
]
EPUB_CHAPTER = next(
    n for n in zipfile.ZipFile(io.BytesIO(EPUB)).namelist() if n.endswith("ch1.xhtml")
)
MARKDOWN = b"# Title\n\nSome [link](http://x) and **bold**.\n\n```\ncode\n```\nSub\n---\ntext\n"
HTML = (
    b"<html><head><title>T</title><meta charset='utf-8'></head><body><nav>n</nav>"
    b"<main><h1>H</h1><p>para <b>bold</b></p><pre>  code</pre><table><tr><td>1</td>"
    b"</tr></table></main></body></html>"
)


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from([".txt", ".md", ".csv", ".py"]))
def test_fuzz_text_random(data: bytes, suffix: str) -> None:
    _check_direct(data, suffix)


@FUZZ
@given(mutations("中文 text\n第二行\r\n".encode("gb18030") * 20 + MARKDOWN))
def test_fuzz_text_mutated(data: bytes) -> None:
    _check_direct(data, ".md")


@FUZZ
@given(st.binary(max_size=4096) | mutations(HTML))
def test_fuzz_html(data: bytes) -> None:
    _check_direct(data, ".html")


@FUZZ
@given(st.binary(max_size=2048) | mutations(RTF))
def test_fuzz_rtf(data: bytes) -> None:
    _check_direct(data, ".rtf")


@FUZZ
@given(st.binary(max_size=4096) | mutations(EML), st.sampled_from([".eml", ".mbox"]))
def test_fuzz_mail(data: bytes, suffix: str) -> None:
    _check_direct(b"From someone\n" + data if suffix == ".mbox" else data, suffix)


@FUZZ
@given(
    st.sampled_from(ZIP_SEEDS).flatmap(lambda seed: st.tuples(mutations(seed[0]), st.just(seed[1])))
)
def test_fuzz_zip_containers(case: tuple[bytes, str]) -> None:
    _check_direct(*case)


XML_MEMBERS = [
    (DOCX, "word/document.xml", ".docx"),
    (ODT, "content.xml", ".odt"),
    (EPUB, "META-INF/container.xml", ".epub"),
    (EPUB, EPUB_CHAPTER, ".epub"),
    (PPTX, "ppt/slides/slide2.xml", ".pptx"),
    (XLSX, "xl/worksheets/sheet1.xml", ".xlsx"),
    (XLSX, "xl/workbook.xml", ".xlsx"),
    (STRICT_XLSX, "xl/worksheets/sheet1.xml", ".xlsx"),
    (ODS, "content.xml", ".ods"),
    # Properties: a broken or DTD-laden core.xml must cost the title, not the document.
    (DOCX, "docProps/core.xml", ".docx"),
    (PPTX, "docProps/core.xml", ".pptx"),
    (XLSX, "docProps/core.xml", ".xlsx"),
    (ODT, "meta.xml", ".odt"),
]


def _member_mutations(seed: tuple[bytes, str, str]) -> st.SearchStrategy:
    zipped, member, suffix = seed
    content = mutations(_member(zipped, member))
    return st.tuples(st.just(zipped), st.just(member), content, st.just(suffix))


@FUZZ
@given(st.sampled_from(XML_MEMBERS).flatmap(_member_mutations))
def test_fuzz_xml_inside_zip(case: tuple[bytes, str, bytes, str]) -> None:
    seed, member, content, suffix = case
    _check_direct(_rezip_with(seed, member, content), suffix)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxedExtractor]:
    with SandboxedExtractor() as box:
        yield box


@pytest.fixture(scope="module")
def pdf_seed(messy: Path) -> bytes:
    return (
        messy / "pdf" / "py-pdf-sample-files" / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"
    ).read_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_pdf_in_sandbox(
    sandbox: SandboxedExtractor, pdf_seed: bytes, data: st.DataObject
) -> None:
    blob = data.draw(st.binary(max_size=4096) | mutations(pdf_seed))
    path = _write(blob, ".pdf")
    try:
        sandbox.extract(path, timeout_s=30)
    except ExtractionError as exc:
        # A Python exception in our code shows up as "could not read: ..."; a native crash
        # would be pdfium's bug, contained by the sandbox as designed.
        assert not exc.reason.startswith("could not read"), exc.reason
        assert not exc.reason.startswith("took longer"), exc.reason
    finally:
        path.unlink()


XML_DOC = (
    b'<?xml version="1.0" encoding="utf-8"?><rss><channel><title>Feed</title><item>'
    b"<title>Item</title><description>text &amp; more</description></item></channel></rss>"
)


@FUZZ
@given(st.binary(max_size=4096) | mutations(XML_DOC), st.sampled_from([".xml", ".rss"]))
def test_fuzz_xml(data: bytes, suffix: str) -> None:
    _check_direct(data, suffix)


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (120, 40), 255)
    ImageDraw.Draw(image).text((5, 10), "Hello", fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


PNG = _png()


@FUZZ
@given(st.binary(max_size=2048) | mutations(PNG))
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x00IHDR")  # Pillow 13: ValueError, not OSError
def test_fuzz_image(data: bytes) -> None:
    _check_direct(data, ".png")


@FUZZ
@given(st.text(alphabet=st.sampled_from("{}\\*'abcu0123456789 ;-\n"), max_size=400))
def test_fuzz_tolerant_rtf_reader(source: str) -> None:
    """The fallback RTF reader meets what striprtf gave up on: it must never raise."""
    from desktop_search.extract.rtf import _tolerant_text

    assert isinstance(_tolerant_text("{\\rtf1 " + source, "cp936"), str)


@FUZZ
@given(
    st.lists(st.text(max_size=300), min_size=1, max_size=5),
    st.integers(min_value=0, max_value=2000),
)
def test_fuzz_text_cap(texts: list[str], cap: int) -> None:
    doc = ExtractedDocument(tuple(Segment(t) for t in texts))
    capped = doc.capped(cap)
    assert capped.text_length <= (cap or doc.text_length)
    joined = "".join(s.text for s in capped.segments)
    assert "".join(texts).startswith(joined)
    assert (capped is doc) == (not cap or doc.text_length <= cap)


@pytest.fixture(scope="module")
def word97(tmp_path_factory) -> bytes:
    return (Path(__file__).parent / "data" / "word97.doc").read_bytes()


@FUZZ
@given(data=st.data())
def test_fuzz_old_word_in_sandbox(
    sandbox: SandboxedExtractor, word97: bytes, data: st.DataObject
) -> None:
    """catdoc and antiword are native programs: mutated .doc files go through the sandbox."""
    blob = data.draw(st.binary(max_size=4096) | mutations(word97))
    path = _write(blob, ".doc")
    try:
        sandbox.extract(path, timeout_s=30)
    except ExtractionError as exc:
        assert not exc.reason.startswith("could not read"), exc.reason
    finally:
        path.unlink()
