"""Killing the indexer (SIGKILL) at any moment never corrupts the index, and work resumes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from desktop_search.app.library import Library
from desktop_search.indexing.crash_ledger import QUARANTINE_REASON
from desktop_search.paths import app_paths
from desktop_search.store.consistency import check_catalog

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 20


def _make_folder(root: Path, corpus: Path) -> int:
    """Forty-odd small and medium documents in English and Chinese."""
    root.mkdir(parents=True)
    n = 0
    for src in sorted((corpus / "zh").glob("*.txt")):
        (root / src.name).write_bytes(src.read_bytes())
        n += 1
    rust = sorted((corpus / "en" / "rust-book").glob("*.html"))[:6]
    for src in rust:
        (root / src.name).write_bytes(src.read_bytes())
        n += 1
    for i in range(30):
        (root / f"note-{i:02d}.md").write_text(
            f"# Note {i}\nMeeting {i} decided to water the tomatoes every {i % 7 + 1} days.\n"
        )
        n += 1
    return n


def _index_cmd(home: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "desktop_search.cli.main",
        "--data-dir",
        str(home),
        "index",
        str(folder),
    ]


def test_sigkill_at_random_points_leaves_a_consistent_index(tmp_path, corpus):
    folder = tmp_path / "docs"
    n_files = _make_folder(folder, corpus)
    home = tmp_path / "home"
    rng = random.Random(7)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kills = 0
    stopped_on: Counter[str] = Counter()
    for _ in range(KILLS):
        proc = subprocess.Popen(
            _index_cmd(home, folder),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        time.sleep(rng.uniform(0.5, 6.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=60)
        reading = home / "data" / "reading-now"  # the file in hand when it was killed
        if reading.exists() and reading.read_text("utf-8", "replace").strip():
            stopped_on[reading.read_text("utf-8", "replace").strip()] += 1
        if not app_paths(home).catalog.exists():
            continue  # killed before it made its index: nothing to check yet
        with Library(app_paths(home), readonly=True, threads=1) as lib:
            problems = check_catalog(lib.catalog, lib.paths.vectors)
            assert problems == [], problems
            # Every search result points at a real file and chunk.
            for hit in lib.engine.search("tomatoes", k=50, mode="keyword").hits:
                assert Path(hit.path).exists()
    assert kills >= KILLS // 2, "the indexer finished too fast to be killed mid-way"

    # A last, uninterrupted run completes the work: every file exactly once.
    done = subprocess.run(
        _index_cmd(home, folder), capture_output=True, text=True, timeout=600, env=env
    )
    assert done.returncode == 0, done.stderr
    with Library(app_paths(home), readonly=True, threads=1) as lib:
        # A file the kills twice landed on while it was being read is taken for one that
        # stops the indexer (the crash ledger cannot tell a kill from a crash): it is
        # skipped with that reason, visibly. Every other file is indexed.
        twice = {path for path, n in stopped_on.items() if n >= 2}
        quarantined = {f.path for f in lib.catalog.files(status="failed")}
        assert quarantined <= twice
        assert all(f.error == QUARANTINE_REASON for f in lib.catalog.files(status="failed"))
        assert lib.catalog.status_counts() == {
            "indexed": n_files - len(quarantined),
            **({"failed": len(quarantined)} if quarantined else {}),
        }
        assert check_catalog(lib.catalog, lib.paths.vectors) == []
        dup = lib.catalog.db.execute(
            "SELECT count(*) FROM (SELECT hash FROM contents GROUP BY hash HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dup == 0
        for space in lib.catalog.spaces():
            count = lib.catalog.count_needing_vectors(space)
            assert count.embedded == count.total
        hits = lib.engine.search("how often are the plants watered", k=3, mode="semantic").hits
        assert hits and hits[0].name.startswith("note-")
