"""Recoll on the real library: the keyword tool desktop-search is measured against.

Why: issue 16 asks that the document you remember comes first, as it does with every
keyword tool. This builds a Recoll configuration over the six library folders of
``/work/shared/corpus`` (see ``/work/shared/eval/library/README.md``), indexes them
(timed) and runs query TSVs (``query <TAB> expected path suffix <TAB> kind``, ``#``
lines are comments), printing top-1 / top-3 per kind. A hit counts when its path ends
with the expected suffix (after ``/``), so ``zh/a.txt`` matches ``.../corpus/zh/a.txt``.

Recoll settings are its defaults (English stemming, CJK indexed as character bigrams,
``cjkngramlen = 2``) except what is needed to index these folders: ``topdirs`` (the six
folders) and ``defaultcharset = UTF-8`` (plain-text files carry no charset and the
machine's locale may be C). Two query modes are run: ``and`` is ``recollq QUERY`` (its
query language: every word required, as a known-item lookup is typed) and ``any`` is
``recollq -o QUERY`` (the GUI's "any term" simple search, the fair mode for questions).

    nice -n 10 /work/main/.venv/bin/python benchmarks/recoll_library.py
    nice -n 10 /work/main/.venv/bin/python benchmarks/recoll_library.py my-queries.tsv --modes any
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import cpu_model  # noqa: E402

CORPUS = Path("/work/shared/corpus")
FOLDERS = (
    "zh",
    "en/rust-book",
    "messy/pdf/texlive",
    "messy/html/python-docs",
    "messy/html/libreoffice-help-zh-cn",
    "messy/md",
)
DEFAULT_TSVS = (
    Path("/work/shared/eval/library/known-item-dev.tsv"),
    ROOT / "benchmarks/library/questions-dev.tsv",
    ROOT / "benchmarks/library/questions-test.tsv",
)
MODES = {"and": [], "any": ["-o"]}


def recoll_version() -> str:
    """The installed recollcmd package version (recollindex has no --version)."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "recollcmd"], capture_output=True, text=True
    )
    return out.stdout.strip() or "unknown"


def write_config(conf: Path, corpus: Path) -> None:
    """A fresh Recoll config dir indexing only the library folders."""
    if conf.exists():
        shutil.rmtree(conf)
    conf.mkdir(parents=True)
    topdirs = " ".join(str(corpus / f) for f in FOLDERS)
    (conf / "recoll.conf").write_text(
        f"topdirs = {topdirs}\ndefaultcharset = UTF-8\nloglevel = 2\n", encoding="utf-8"
    )


def env() -> dict[str, str]:
    """A UTF-8 locale so recollq prints and reads non-ASCII paths and queries."""
    e = dict(os.environ)
    e.setdefault("LANG", "C.UTF-8")
    e["LC_ALL"] = "C.UTF-8"
    return e


def index(conf: Path) -> float:
    """Build the index from scratch; return wall seconds."""
    t0 = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(conf)], check=True, env=env(), capture_output=True)
    return time.perf_counter() - t0


def doc_count(conf: Path) -> str:
    """Documents Recoll stored (from its idxstatus file; directories count too)."""
    try:
        for line in (conf / "idxstatus.txt").read_text().splitlines():
            if line.startswith("dbtotdocs"):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "?"


def search(conf: Path, query: str, mode: str, k: int = 3) -> list[str]:
    """Top-k result paths for one query."""
    cmd = ["recollq", "-c", str(conf), "-b", "-n", str(k), *MODES[mode], query]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env())
    paths = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if line.startswith("file://"):
            paths.append(urllib.parse.unquote(line[len("file://") :]))
    return paths[:k]


def matches(path: str, suffix: str) -> bool:
    """A hit counts if its path ends with the expected suffix (at a path boundary)."""
    return path == suffix or path.endswith("/" + suffix.lstrip("/"))


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "all"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tsv", nargs="*", type=Path, default=list(DEFAULT_TSVS))
    ap.add_argument("--conf", type=Path, default=Path("/tmp/recoll-library-conf"))
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--modes", default="and,any", help="comma list of: and, any")
    ap.add_argument("--no-index", action="store_true", help="reuse an existing index in --conf")
    ap.add_argument("--misses", action="store_true", help="print each top-1 miss")
    args = ap.parse_args()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Recoll {recoll_version()} (recollcmd), CPU: {cpu_model()},"
        f" {os.cpu_count()} cores, load {load}"
    )
    if not args.no_index:
        write_config(args.conf, args.corpus)
        secs = index(args.conf)
        print(
            f"indexed {len(FOLDERS)} folders in {secs:.1f} s: {doc_count(args.conf)} index entries"
            f" (files and folders; config {args.conf})"
        )
    modes = [m for m in args.modes.split(",") if m]
    for tsv in args.tsv:
        rows = read_tsv(tsv)
        print(f"\n{tsv} ({len(rows)} queries)")
        print(
            f"{'kind':<12} {'n':>4}  "
            + "  ".join(f"{m + ' top-1':>10} {m + ' top-3':>10}" for m in modes)
        )
        table: dict[str, dict[str, list[tuple[bool, bool]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for query, suffix, kind in rows:
            for mode in modes:
                hits = search(args.conf, query, mode)
                top1 = bool(hits) and matches(hits[0], suffix)
                top3 = any(matches(h, suffix) for h in hits)
                table[mode][kind].append((top1, top3))
                table[mode]["ALL"].append((top1, top3))
                if args.misses and not top1:
                    got = hits[0].replace(str(args.corpus) + "/", "") if hits else "-"
                    print(f"  miss [{mode}] {kind}: {query!r} -> {got} (want {suffix})")
        kinds = [*sorted(k for k in table[modes[0]] if k != "ALL"), "ALL"]
        for kind in kinds:
            cells = []
            for mode in modes:
                res = table[mode][kind]
                top1 = sum(a for a, _ in res) / len(res)
                top3 = sum(b for _, b in res) / len(res)
                cells.append(f"{top1:>10.3f} {top3:>10.3f}")
            print(f"{kind:<12} {len(table[modes[0]][kind]):>4}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
