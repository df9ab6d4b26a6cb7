"""Peak memory of indexing one huge file: the indexer process and the extraction sandbox.

Why: a 20 MB one-line text file once took the indexing process to 3.2 GB (a tokenizer
holds ~110 bytes per character of its input), 50 MB to 6 GB, and an 800 KB .odt holding
19 MB of text to 5.8 GB, outside the sandbox's memory limit. Issue 17 asks for at most
500 MB above the indexer's baseline for any single file. Each case runs
``desktop-search-cli index --no-embed`` on a folder holding only that file, in a fresh
data folder, under ``/usr/bin/time -v`` (its "Maximum resident set size" is the largest
process of the tree: the indexer or the sandbox child); a tiny file gives the baseline.
A second run of the same case in one process reports the indexer's own peak
(``RUSAGE_SELF``) apart from the sandbox's (``RUSAGE_CHILDREN``).

    /work/main/.venv/bin/python benchmarks/big_file_memory.py [--cases tiny,text20,...]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/desktop-search-bench/big-files")
PHRASE = "lorem ipsum dolor sit amet consectetur adipiscing"
CASES = ("tiny", "text20", "text50", "text200", "odt-bomb")


def _one_line(path: Path, megabytes: int) -> None:
    """``yes PHRASE | head -c N | tr -d '\\n'``: one line, no sentence ends."""
    want = megabytes * 1_000_000
    unit = (PHRASE + "\n").encode()
    with open(path, "wb") as fh:
        written = 0
        block = unit * (1_000_000 // len(unit))
        while written < want:
            piece = block[: want - written]
            fh.write(piece.replace(b"\n", b""))
            written += len(piece)


def _odt_bomb(path: Path) -> None:
    """An ~850 KB .odt holding 19 MB of text (compression ratio under the zip guard's)."""
    rng = random.Random(1)
    words = [*PHRASE.split(), "elit"]
    paras, size = [], 0
    while size < 19_000_000:
        p = " ".join(words) if rng.random() < 0.7 else " ".join(rng.sample(words, 8))
        paras.append(f"<text:p>{p}</text:p>")
        size += len(p)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text>" + "".join(paras) + "</office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED, 9)


def ensure_case(name: str) -> Path:
    folder = WORK / name
    if folder.is_dir() and any(folder.iterdir()):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    if name == "tiny":
        (folder / "a.txt").write_text("a small file about tomatoes\n")
    elif name.startswith("text"):
        _one_line(folder / "big.txt", int(name[4:]))
    elif name == "odt-bomb":
        _odt_bomb(folder / "bomb.odt")
    return folder


_SPLIT = textwrap.dedent(
    """
    import resource, sys
    from desktop_search.app.library import Library
    from desktop_search.paths import app_paths
    lib = Library(app_paths(sys.argv[1]))
    indexer = lib.indexer()
    try:
        indexer.run([sys.argv[2]], embed=False)
    finally:
        indexer.close()
    mb = lambda who: resource.getrusage(who).ru_maxrss / 1024
    print(f"{mb(resource.RUSAGE_SELF):.0f} {mb(resource.RUSAGE_CHILDREN):.0f}")
    """
)


def measure(name: str) -> dict[str, str]:
    folder = ensure_case(name)
    size = sum(f.stat().st_size for f in folder.iterdir())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    home = WORK / f"home-{name}"
    shutil.rmtree(home, ignore_errors=True)
    cli = [sys.executable, "-m", "desktop_search.cli.main", "--data-dir", str(home)]
    timed = subprocess.run(
        ["/usr/bin/time", "-v", *cli, "index", "--no-embed", str(folder)],
        capture_output=True,
        text=True,
        env=env,
    )
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timed.stderr)
    status = subprocess.run([*cli, "status", "--failed"], capture_output=True, text=True, env=env)
    note = re.search(r"^  .+?: (.+)$", status.stdout, re.MULTILINE)  # the file's reason
    shutil.rmtree(home, ignore_errors=True)
    split = subprocess.run(
        [sys.executable, "-c", _SPLIT, str(home), str(folder)],
        capture_output=True,
        text=True,
        env=env,
    )
    shutil.rmtree(home, ignore_errors=True)
    own, child = ([*split.stdout.split(), "?", "?"])[:2]
    return {
        "case": name,
        "file": f"{size / 1e6:.1f} MB",
        "tree peak": f"{int(peak.group(1)) / 1024:.0f} MB" if peak else "?",
        "indexer": f"{own} MB",
        "sandbox": f"{child} MB",
        "outcome": note.group(1) if note else "indexed",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"CPU: {cpu}; {os.cpu_count()} cores; Python {platform.python_version()}")
    rows = [measure(name) for name in args.cases.split(",")]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(row[c] for c in cols) + " |")


if __name__ == "__main__":
    main()
