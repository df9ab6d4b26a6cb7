"""Print what the extractors make of some files: ``python -m desktop_search.extract FILE...``.

A debugging aid: one line per file with segments, characters, pages and title, or the
reason it failed; ``--show`` prints the segments too, ``--sandbox`` reads each file in
the sandboxed child process exactly as the indexer does, ``--ocr`` reads scans and
pictures with Tesseract (the indexer's second pass) instead of reporting them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import extract, ocr
from .base import ExtractedDocument, ExtractionError, UnsupportedFile
from .sandbox import SandboxedExtractor


def _summary(doc: ExtractedDocument) -> str:
    pages = sorted({s.page for s in doc.segments if s.page is not None})
    parts = [f"{len(doc.segments)} segments", f"{doc.text_length} chars"]
    if pages:
        parts.append(f"pages {pages[0]}-{pages[-1]} ({len(pages)} with text)")
    if doc.title:
        parts.append(f"title {doc.title!r}")
    if doc.warnings:
        parts.append("warnings: " + "; ".join(doc.warnings))
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Summarise the extraction of each file named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m desktop_search.extract")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every segment's text")
    parser.add_argument("--sandbox", action="store_true", help="extract in a child process")
    parser.add_argument("--timeout", type=float, default=None, help="seconds (with --sandbox)")
    parser.add_argument("--ocr", action="store_true", help="read scans and pictures with OCR")
    args = parser.parse_args(argv)
    failures = 0
    sandbox = SandboxedExtractor() if args.sandbox else None
    try:
        for path in args.files:
            started = time.perf_counter()
            try:
                if sandbox is not None:
                    timeout = args.timeout or (ocr.time_limit_s(50) if args.ocr else 60.0)
                    doc = sandbox.extract(path, timeout_s=timeout, ocr=args.ocr)
                else:
                    doc = extract(path, ocr=args.ocr)
            except UnsupportedFile as exc:
                print(f"{path}: skipped: {exc.reason}")
                continue
            except ExtractionError as exc:
                failures += 1
                print(f"{path}: FAILED: {exc.reason}")
                continue
            elapsed = time.perf_counter() - started
            print(f"{path}: {_summary(doc)} [{elapsed:.2f} s]")
            if args.show:
                for seg in doc.segments:
                    where = ", ".join(
                        x for x in (f"page {seg.page}" if seg.page else "", seg.location) if x
                    )
                    print(f"--- {where or 'segment'} ---\n{seg.text}")
    finally:
        if sandbox is not None:
            sandbox.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
