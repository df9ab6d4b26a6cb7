"""Read text from pictures of pages with Tesseract: scanned PDFs, photos and scans.

Scans hold some of the documents people most want to find (contracts, letters,
receipts), but reading them is slow: about 2.5 s of CPU per A4 page at 300 dpi
(measured: ~22-24 pages a minute per core, English or Chinese), and several times that
in wall time on a busy machine; a text layer reads hundreds of pages a second. So OCR
is a second pass: the normal readers raise ``NeedsOcr`` for a scan, the indexer reads
every plain file first, then calls ``extract`` here (or ``extract(path, ocr=True)``)
for the queued scans, at lower priority and with a time limit that grows with the page
count (``time_limit_s``).

Tesseract runs as a command (``tesseract stdin stdout ... tsv``), one process per page,
rather than through a Python binding. Measured: starting it and loading the models
costs 0.14 s (eng) to 0.23 s (chi_sim+eng) of CPU against ~2.5 s of recognition per
page, so a process per page costs under 10 %; in exchange a page that hangs is killed by
its time limit without harming our process, and there is nothing to compile.
OpenMP is switched off (``OMP_THREAD_LIMIT=1``): with its threads Tesseract ran 10-30
times slower on a busy 2-core machine, and the indexer already runs work side by side.
Page segmentation mode 1 detects the page's orientation, so pages scanned sideways or
upside down read correctly at no measurable extra cost.

Chinese (``chi_sim``) and English are read together. Tesseract often puts spaces
between Han characters; they are removed, as are lines of pure scanning noise. Read
with both models, English lines can lose their word spaces ("kumquattree"), so a page
that comes out without any Han character is read again with English alone. Once two
pages in a row were English, the rest of the document is read with English alone
(20-35 % faster than both), going back to both for any page whose English reading looks
doubtful (low mean word confidence: measured 90+ for English pages, ~37 for Chinese).
"""

from __future__ import annotations

import functools
import io
import logging
import math
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .tools import ToolError, run_tool, which

if TYPE_CHECKING:
    from PIL.Image import Image

    from .base import ExtractedDocument

log = logging.getLogger(__name__)

LANGUAGES = ("chi_sim", "eng")  # in Tesseract's order of preference when both match
TESSERACT_ENV = "DESKTOP_SEARCH_TESSERACT"  # path of the program; empty turns OCR off
NOT_INSTALLED = "needs OCR (Tesseract not installed)"

RENDER_DPI = 300  # what Tesseract is trained for; 200 dpi loses small print and Han strokes
MAX_PIXELS = 36_000_000  # larger pages (posters, huge photos) are scaled down first
PAGE_TIMEOUT_S = 120.0  # one page; typical pages take 3-15 s, several times that on a busy machine
PAGE_BUDGET_S = 45.0  # average per further page of one document, so one scan cannot stall
STARTUP_SLACK_S = 30.0  # opening and rendering, on top of the OCR budget
SYMBOL_MIN_CONF = 60.0  # words with no letter or digit below this confidence are noise
ENGLISH_MIN_CONF = 60.0  # below this mean word confidence an English-only reading is doubted
NARROW_AFTER_PAGES = 2  # pages in a row without Han before reading English only

_CJK_CHARS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_CJK = re.compile(f"[{_CJK_CHARS}]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SPACES_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CHARS}])[ \t\u3000]+(?=[{_CJK_CHARS}])")


@dataclass(frozen=True, slots=True)
class Tesseract:
    """An installed Tesseract and the languages it will read with."""

    executable: str
    version: str
    languages: tuple[str, ...]
    orientation: bool  # osd model installed: sideways and upside-down pages are turned

    @property
    def engine_id(self) -> str:
        """What decides the OCR result, for cache keys (the version is left out on purpose)."""
        return "tesseract " + "+".join(self.languages)


@dataclass(frozen=True, slots=True)
class PageText:
    """What Tesseract read on one page image."""

    text: str
    confidence: float  # mean word confidence, 0-100; 0 when no word was found
    words: int


@functools.cache
def find_tesseract() -> Tesseract | None:
    """The installed Tesseract with Chinese and/or English, or None (cached per process)."""
    configured = os.environ.get(TESSERACT_ENV)
    if configured is not None and not configured.strip():
        return None
    executable = configured or which("tesseract")
    if not executable:
        return None
    try:
        version_out = run_tool([executable, "--version"], timeout_s=20)
        langs_out = run_tool([executable, "--list-langs"], timeout_s=20)
    except ToolError as exc:
        log.warning("Tesseract at %s does not run: %s", executable, exc.reason)
        return None
    first = version_out.decode("utf-8", "replace").strip().splitlines()[:1]
    version = first[0].split()[-1] if first and first[0].split() else "unknown"
    installed = {
        line.strip()
        for line in langs_out.decode("utf-8", "replace").splitlines()[1:]
        if line.strip()
    }
    languages = tuple(lang for lang in LANGUAGES if lang in installed)
    if not languages:
        log.warning("Tesseract has neither Chinese nor English models; OCR is off")
        return None
    return Tesseract(executable, version, languages, "osd" in installed)


def available() -> bool:
    """True when Tesseract is installed with Chinese or English."""
    return find_tesseract() is not None


def engine_id() -> str | None:
    """Identity of the OCR engine and languages, for caching results; None without OCR."""
    tesseract = find_tesseract()
    return tesseract.engine_id if tesseract else None


def budget_s(pages: int) -> float:
    """Seconds of OCR one document of ``pages`` page images may use."""
    return PAGE_TIMEOUT_S + PAGE_BUDGET_S * max(0, pages - 1)


def time_limit_s(pages: int) -> float:
    """Time limit for a whole OCR extraction of ``pages`` page images (for the sandbox)."""
    return STARTUP_SLACK_S + budget_s(pages)


def remove_cjk_spaces(text: str) -> str:
    """Drop the spaces OCR puts between Chinese characters ("向 量" -> "向量")."""
    return _SPACES_BETWEEN_CJK.sub("", text)


def _join(parts: list[str], separator: str) -> str:
    out = parts[0]
    for part in parts[1:]:
        if _CJK.match(out[-1]) and _CJK.match(part[0]):
            out += part
        else:
            out += separator + part
    return out


def _has_word_character(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def tsv_to_text(tsv: str) -> PageText:
    """Text of Tesseract's TSV output: lines, blank lines between paragraphs, noise dropped."""
    lines: dict[tuple[int, ...], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5":  # level 5 = one word
            continue
        word = cols[11].strip()
        try:
            confidence = float(cols[10])
            key = tuple(int(c) for c in cols[1:5])  # page, block, paragraph, line
        except ValueError:
            continue
        if not word or (confidence < SYMBOL_MIN_CONF and not _has_word_character(word)):
            continue
        lines.setdefault(key, []).append(word)
        confidences.append(confidence)
    paragraphs: list[list[str]] = []
    last: tuple[int, ...] | None = None
    for key, words in lines.items():  # Tesseract writes words in reading order
        line = _join(words, " ")
        if not _has_word_character(line):
            continue
        if key[:3] != last:
            paragraphs.append([])
            last = key[:3]
        paragraphs[-1].append(line)
    text = remove_cjk_spaces("\n\n".join(_join(p, "\n") for p in paragraphs))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(text, mean, len(confidences))


def prepare_image(image: Image, dpi: float | None) -> tuple[Image, float | None]:
    """Grey image on white (transparency flattened), scaled down past MAX_PIXELS."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        image = white
    gray = image if image.mode == "L" else image.convert("L")
    width, height = gray.size
    if width * height > MAX_PIXELS:
        factor = math.sqrt(MAX_PIXELS / (width * height))
        size = (max(1, int(width * factor)), max(1, int(height * factor)))
        gray = gray.resize(size, PILImage.Resampling.BILINEAR, reducing_gap=2.0)
        dpi = dpi * factor if dpi else None
    return gray, dpi


def recognise(
    image: Image,
    *,
    dpi: float | None = None,
    languages: tuple[str, ...] | None = None,
    timeout_s: float = PAGE_TIMEOUT_S,
) -> PageText:
    """Text on one page image; ToolError when Tesseract is missing, fails or overruns."""
    tesseract = find_tesseract()
    if tesseract is None:
        raise ToolError(NOT_INSTALLED)
    gray, dpi = prepare_image(image, dpi)
    buffer = io.BytesIO()
    gray.save(buffer, format="PPM")  # binary PGM: no compression work, Leptonica reads it
    args = [
        tesseract.executable, "stdin", "stdout",
        "-l", "+".join(languages or tesseract.languages),
        "--psm", "1" if tesseract.orientation else "3",
    ]  # fmt: skip
    if dpi and dpi >= 50:
        args += ["--dpi", str(round(dpi))]
    args.append("tsv")
    output = run_tool(
        args, input=buffer.getvalue(), timeout_s=timeout_s, env={"OMP_THREAD_LIMIT": "1"}
    )
    return tsv_to_text(output.decode("utf-8", "replace"))


class PageReader:
    """Reads the page images of one document in order, within its time budget."""

    def __init__(self, pages: int, *, budget: float | None = None) -> None:
        """``pages`` page images will be offered; the budget defaults to ``budget_s(pages)``."""
        self.total = max(1, pages)
        self.deadline = time.monotonic() + (budget if budget is not None else budget_s(pages))
        self.done = 0
        self.failed = 0
        self.last_error: str | None = None
        tesseract = find_tesseract()
        self.languages = tesseract.languages if tesseract else ()
        self._latin_pages = 0
        self._english_only = False

    @property
    def remaining_s(self) -> float:
        return self.deadline - time.monotonic()

    @property
    def out_of_time(self) -> bool:
        return self.remaining_s <= 0

    def read(self, image: Image, dpi: float | None) -> str | None:
        """Text of the page, or None when it failed or the budget is spent (see warnings)."""
        if self.out_of_time:
            return None
        try:
            result = self._recognise(image, dpi)
        except ToolError as exc:
            self.failed += 1
            self.last_error = exc.reason
            log.info("OCR of a page failed: %s", exc.reason)
            return None
        self.done += 1
        return result.text

    def _recognise(self, image: Image, dpi: float | None) -> PageText:
        def read(languages: tuple[str, ...]) -> PageText:
            timeout = max(0.01, min(PAGE_TIMEOUT_S, self.remaining_s))
            return recognise(image, dpi=dpi, languages=languages, timeout_s=timeout)

        if self._english_only:
            result = read(("eng",))
            if result.words == 0 or result.confidence >= ENGLISH_MIN_CONF:
                return result
            self._english_only = False  # not English after all: read it with both
            self._latin_pages = 0
        result = read(self.languages)
        if not ("chi_sim" in self.languages and "eng" in self.languages):
            return result
        if result.words and not _HAN.search(result.text):
            # Read with the Chinese model too, English words can lose their spaces
            # ("kumquattree"): English alone reads them right.
            try:
                english = read(("eng",))
            except ToolError:  # out of time for the second reading: keep the first
                english = None
            if english and english.words and english.confidence >= result.confidence - 10:
                result = english
            self._latin_pages = self._latin_pages + 1 if result.words >= 20 else 0
        else:
            self._latin_pages = 0
        self._english_only = self._latin_pages >= NARROW_AFTER_PAGES
        return result

    def warnings(self) -> list[str]:
        """Plain words about pages that were not read."""
        out = []
        if self.failed:
            out.append(f"OCR failed on {self.failed} of {self.total} pages ({self.last_error})")
        unread = self.total - self.done - self.failed
        if unread > 0:
            out.append(f"OCR stopped after {self.done} of {self.total} pages (time limit)")
        return out


def extract(path: Path | str, *, max_bytes: int | None = None) -> ExtractedDocument:
    """Like ``desktop_search.extract.extract``, but reading scans and images with OCR (slow)."""
    from . import DEFAULT_MAX_BYTES
    from . import extract as extract_any

    return extract_any(Path(path), max_bytes=max_bytes or DEFAULT_MAX_BYTES, ocr=True)
