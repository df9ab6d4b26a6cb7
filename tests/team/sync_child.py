"""Run one team sync (no models needed) so a test can SIGKILL it part-way."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_search.store.catalog import Catalog
from desktop_search.team.target import connect, parse_target
from desktop_search.team.writer import Ledger, TeamWriter


def main(catalog: str, ledger: str, target: str) -> None:
    t = parse_target(target)
    cat = Catalog(Path(catalog), readonly=True)
    writer = TeamWriter(connect(t), t, cat, Ledger(Path(ledger)), cat.spaces(), batch_rows=1)
    print("syncing", flush=True)
    s = writer.sync()
    print(f"done {s.files_written} {s.files_removed} {s.reconciled}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
