"""What this machine last wrote into one team collection, per path (its own SQLite file).

A team library's writer compares the catalog with this ledger to send Milvus only what
changed, and records each file only once Milvus has it (``synchronous=FULL``), so a
crash between the two never leaves a file recorded but missing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_LEDGER_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS synced (
    path TEXT PRIMARY KEY,
    sig  TEXT NOT NULL,
    ids  BLOB NOT NULL          -- int64 row ids written for this path
);
"""


@dataclass(frozen=True, slots=True)
class SyncedFile:
    """One file as last written into the collection: its signature (what it was then)
    and the row ids written for it."""

    signature: str
    row_ids: np.ndarray  # int64


class Ledger:
    """What this machine last wrote into one collection, per path."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # a recorded file must really be in Milvus
        self.db.executescript(_LEDGER_SQL)

    def close(self) -> None:
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def entries(self) -> dict[str, SyncedFile]:
        """Every path recorded, with what was written for it."""
        return {
            p: SyncedFile(sig, np.frombuffer(ids, dtype=np.int64))
            for p, sig, ids in self.db.execute("SELECT path, sig, ids FROM synced")
        }

    def record(self, items: Sequence[tuple[str, str, Sequence[int]]]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT OR REPLACE INTO synced(path, sig, ids) VALUES (?, ?, ?)",
                [(p, sig, np.asarray(ids, dtype=np.int64).tobytes()) for p, sig, ids in items],
            )

    def forget(self, paths: Sequence[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM synced WHERE path=?", [(p,) for p in paths])

    def clear(self) -> None:
        self.db.execute("DELETE FROM synced")

    def row_count(self) -> int:
        return sum(len(entry.row_ids) for entry in self.entries().values())
