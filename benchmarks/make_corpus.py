"""Generate a benchmark corpus of realistic size and mix from the real shared documents.

Indexing speed depends on the mix: PDF and DOCX cost more to read than plain text,
Chinese chunks go to the multilingual space only, and real folders hold many small
notes, some long reports and a few exact copies. ``/work/shared/corpus`` has the right
*text* (the Rust book, Python docs, Chinese articles and LibreOffice help, TeX Live
manuals) but too few files, so this cuts it into thousands of varied documents in
nested folders: .txt, .md, .html, .docx (python-docx) and .pdf (page ranges cut from
the real TeX Live PDFs with pypdfium2, so their text layers and CJK fonts are real).
The output is seeded: the same arguments give the same files on any machine.

    /work/venv/bin/python benchmarks/make_corpus.py [--files 3000] [--out DIR] [--seed 1]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = Path("/tmp/desktop-search-bench/corpus")

FORMAT_SHARES = {"txt": 0.25, "md": 0.22, "html": 0.20, "docx": 0.20, "pdf": 0.13}
CHINESE_SHARE = 0.35
COPY_SHARE = 0.03  # exact duplicates elsewhere in the tree, as real folders have

EN_FOLDERS = (
    "notes",
    "work/reports",
    "work/specs",
    "projects/rust",
    "projects/python",
    "reading",
    "archive/2021",
    "archive/2022",
    "drafts",
    "meetings",
)
ZH_FOLDERS = ("笔记", "工作/报告", "资料/向量数据库", "学习/LaTeX", "归档/2023", "会议记录")

_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Pools:
    """Paragraphs of real text by language, in source order (runs of them read coherently)."""

    en: list[str]
    zh: list[str]
    pdfs: list[tuple[Path, str, int]]  # (real PDF, language, pages)


def _paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n|\n(?=[#*\-\d])", text)
    return [p.strip() for p in parts if len(p.strip()) >= 40]


def _is_chinese(text: str) -> bool:
    return len(_HAN.findall(text[:400])) > 20


def collect_pools(corpus: Path = SHARED) -> Pools:
    """Read the shared corpus once through the product's own extractors."""
    from desktop_search.extract import extract

    sources = [
        *sorted((corpus / "en/rust-book").glob("*.html")),
        *sorted((corpus / "messy/html/python-docs").rglob("*.html")),
        *sorted((corpus / "messy/html/libreoffice-help-zh-cn").rglob("*.html")),
        *sorted((corpus / "messy/md").rglob("*.md")),
        *sorted((corpus / "zh").glob("*.txt")),
    ]
    en: list[str] = []
    zh: list[str] = []
    for path in sources:
        try:
            doc = extract(path)
        except Exception:
            continue
        for seg in doc.segments:
            for p in _paragraphs(seg.text):
                (zh if _is_chinese(p) else en).append(p)
    pdfs = []
    for path in sorted((corpus / "messy/pdf/texlive").glob("*.pdf")):
        doc = extract(path)
        lang = "zh" if "zh" in path.name or "ctex" in path.name else "en"
        pdfs.append((path, lang, max(s.page or 1 for s in doc.segments)))
        # Their pages also feed the text documents: most of the Chinese text is here.
        for seg in doc.segments:
            page = re.sub(r"\s*\n\s*", "" if lang == "zh" else " ", seg.text).strip()
            if len(page) >= 40:
                (zh if _is_chinese(page) else en).append(page)
    return Pools(en, zh, pdfs)


def _length(rng: random.Random) -> int:
    """Paragraphs per document: many short notes, a long tail of long documents."""
    return max(1, min(250, int(rng.lognormvariate(1.9, 1.0))))


def _run(rng: random.Random, pool: list[str], n: int) -> list[str]:
    start = rng.randrange(0, max(1, len(pool) - n))
    return pool[start : start + n]


def _title(paragraphs: list[str], zh: bool) -> str:
    first = paragraphs[0]
    if zh:
        return re.sub(r"[^\w]", "", first)[:14] or "文档"
    words = re.findall(r"[A-Za-z][A-Za-z0-9]+", first)[:6]
    return " ".join(words) or "Document"


def _slug(title: str) -> str:
    return re.sub(r"[^\w]+", "-", title).strip("-")[:48] or "doc"


def _write_txt(path: Path, title: str, paragraphs: list[str]) -> None:
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _write_md(path: Path, title: str, paragraphs: list[str]) -> None:
    out = [f"# {title}", ""]
    for i, p in enumerate(paragraphs):
        if i and i % 5 == 0:
            out += [f"## {_title([p], _is_chinese(p))}", ""]
        out += [p, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def _write_html(path: Path, title: str, paragraphs: list[str]) -> None:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font:14px sans-serif}}</style>"
        "<script>var nav = 'not content';</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/docs'>Docs</a></nav>"
        f"<h1>{html.escape(title)}</h1>\n{body}\n<footer>generated</footer></body></html>",
        encoding="utf-8",
    )


def _write_docx(path: Path, title: str, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for i, p in enumerate(paragraphs):
        if i and i % 6 == 0:
            document.add_heading(_title([p], _is_chinese(p)), level=2)
        document.add_paragraph(p)
    document.save(str(path))


def _write_pdf(path: Path, source: Path, first: int, count: int) -> None:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(source)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, list(range(first, first + count)))
    out.save(str(path))
    out.close()
    src.close()


def make_corpus(out: Path, files: int = 3000, seed: int = 1, pools: Pools | None = None) -> dict:
    """Write ``files`` documents under ``out`` (emptied first); returns a summary."""
    rng = random.Random(seed)
    pools = pools or collect_pools()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    formats = list(FORMAT_SHARES)
    weights = list(FORMAT_SHARES.values())
    written: list[Path] = []
    counts: Counter[str] = Counter()
    names: set[Path] = set()
    for i in range(files):
        if written and rng.random() < COPY_SHARE:
            original = rng.choice(written)
            folder = out / rng.choice(EN_FOLDERS + ZH_FOLDERS) / "copies"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{i:05d}-{original.name}"
            shutil.copyfile(original, target)
            counts["copy"] += 1
            continue
        fmt = rng.choices(formats, weights)[0]
        zh = rng.random() < CHINESE_SHARE
        folder = out / rng.choice(ZH_FOLDERS if zh else EN_FOLDERS)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "pdf":
            candidates = [p for p in pools.pdfs if (p[1] == "zh") == zh] or pools.pdfs
            source, _lang, pages = rng.choice(candidates)
            count = min(pages, max(1, int(rng.lognormvariate(1.2, 0.9))))
            first = rng.randrange(0, pages - count + 1)
            path = folder / f"{source.stem}-p{first + 1}-{first + count}-{i:05d}.pdf"
            _write_pdf(path, source, first, count)
        else:
            paragraphs = _run(rng, pools.zh if zh else pools.en, _length(rng))
            title = _title(paragraphs, zh)
            path = folder / f"{_slug(title)}-{i:05d}.{fmt}"
            while path in names:
                path = path.with_stem(path.stem + "x")
            {"txt": _write_txt, "md": _write_md, "html": _write_html, "docx": _write_docx}[fmt](
                path, title, paragraphs
            )
        names.add(path)
        written.append(path)
        counts[f"{fmt}-{'zh' if zh else 'en'}"] += 1
    total_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    summary = {
        "files": files,
        "seed": seed,
        "bytes": total_bytes,
        "by_kind": dict(sorted(counts.items())),
    }
    (out.parent / f"{out.name}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def ensure_corpus(out: Path, files: int, seed: int = 1) -> Path:
    """The corpus at ``out``, generated unless one with the same arguments is already there."""
    stamp = out.parent / f"{out.name}.json"
    try:
        meta = json.loads(stamp.read_text())
        if meta["files"] == files and meta["seed"] == seed and out.is_dir():
            return out
    except (OSError, ValueError, KeyError):
        pass
    make_corpus(out, files, seed)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    summary = make_corpus(args.out, args.files, args.seed)
    print(
        f"{args.out}: {summary['files']} files, {summary['bytes'] / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.0f} s"
    )
    print(f"{'kind':<10} {'files':>6}")
    for kind, n in summary["by_kind"].items():
        print(f"{kind:<10} {n:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
