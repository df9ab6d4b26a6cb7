"""Run one team sync (no models needed) so a test can SIGKILL it part-way."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_search.indexing.progress import IndexProgress
from desktop_search.store.catalog import Catalog
from desktop_search.store.team_ledger import Ledger
from desktop_search.team.target import connect, parse_target
from desktop_search.team.writer import TeamWriter


def _report(p: IndexProgress) -> None:
    # One line per batch written, so the test can kill between (or inside) writes on purpose
    # instead of guessing with a timer (a slow CI machine had not started writing yet).
    if p.phase == "uploading":
        print(f"wrote {p.files_done} {p.files_total}", flush=True)


def main(catalog: str, ledger: str, target: str) -> None:
    t = parse_target(target)
    cat = Catalog(Path(catalog), readonly=True)
    writer = TeamWriter(
        connect(t), t, cat, Ledger(Path(ledger)), cat.spaces(), batch_rows=1, on_progress=_report
    )
    print("syncing", flush=True)
    s = writer.sync()
    print(f"done {s.files_written} {s.files_removed} {s.reconciled}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
