"""One big file cannot blow up the indexing process: windows, a text cap, a bounded read-ahead."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_search.extract.base import ExtractedDocument, Segment
from desktop_search.indexing.reading import read_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource module")

_MEASURE = textwrap.dedent(
    """
    import resource, sys
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lib = Library(app_paths(sys.argv[1]))
    indexer = lib.indexer()  # the real sandbox: extraction memory is not counted here
    try:
        indexer.run([sys.argv[2]], embed=False)  # warm: models, tokenizer, sandbox
        baseline = peak_mb()
        indexer.run([sys.argv[3]], embed=False)
        print(baseline, peak_mb())
    finally:
        indexer.close()
    rec = lib.catalog.files(status="indexed")
    print(len(rec), lib.catalog.chunk_count())
    """
)


def test_peak_memory_for_a_long_one_line_text_stays_bounded(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text("a small file about tomatoes\n")
    big = tmp_path / "big"
    big.mkdir()
    # 8 MB, no line break: tokenized whole this held ~110 bytes a character (880 MB).
    phrase = "lorem ipsum dolor sit amet consectetur adipiscing "
    (big / "big.txt").write_text(phrase * (8_000_000 // len(phrase)))
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tmp_path / "home"), str(small), str(big)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    peaks, counts = proc.stdout.strip().splitlines()[-2:]
    baseline, peak = map(float, peaks.split())
    files, chunks = map(int, counts.split())
    assert files == 2 and chunks > 1000  # the big file was indexed, all of it
    assert peak - baseline <= 500, f"peak {peak:.0f} MB over a baseline of {baseline:.0f} MB"


def test_text_past_the_cap_is_left_out_and_the_status_says_so(tmp_path):
    f = tmp_path / "log.txt"
    f.write_text("x")
    long_text = "A line of a very long log file.\n" * 10_000

    def extract(path: Path) -> ExtractedDocument:
        return ExtractedDocument((Segment(long_text), Segment("the second part")))

    r = read_file(
        str(f),
        extract=extract,
        token_spans=lambda t: [(m, m + 1) for m in range(0, len(t), 4)],
        max_tokens=254,
        max_bytes=1 << 30,
        content_known=lambda h: False,
        max_text_chars=50_000,
    )
    assert r.status == "indexed"
    assert len(r.text) == 50_000
    assert r.error == "truncated: only the first 50,000 characters of text are indexed"
    assert r.chunks[-1].end <= 50_000
