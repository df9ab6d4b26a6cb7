"""The SQLite catalog: which files exist, what they contain, which vectors are made.

It is the single source of truth (WAL mode, one writer, many readers). Content is
stored once per distinct byte hash, so a moved or copied file reuses its chunks and
vectors instead of being extracted and embedded again. Every write that must be
all-or-nothing (a document with its chunks and keyword terms; a batch of vectors with
their log entries) happens in one transaction, so a crash at any moment leaves a
consistent catalog.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from desktop_search.store.chunk_map import ChunkDocuments, ChunkMap
from desktop_search.store.file_status import FileStamp, FileStatus
from desktop_search.store.passage_bm25 import (
    BLOCK_BITS,
    POSTINGS_TABLE,
    KeywordStats,
    TermPostings,
    decode_postings,
    posting_keys,
    posting_rows,
    without_chunks,
)
from desktop_search.store.sql_fragments import embeddable_sql, file_filter_sql

log = logging.getLogger(__name__)

SCHEMA_VERSION = 4
# Versions whose tables this version reads as they are (a read-only connection cannot
# migrate; the indexing worker does that when it opens the catalog for writing).
# 1 -> 2: ``vectors`` became a rowid table. As WITHOUT ROWID, a 512-d float16 vector (1 kB)
# no longer fit in its B-tree page and spilled to an overflow page of its own: 3x the disk.
# 2 -> 3: exact word forms beside the stemmed terms, navigation chunks marked, a hash of
# each content's text (one result per text); keyword columns re-made from the stored text,
# no re-reading or re-embedding.
# 3 -> 4: each term's chunks and counts per document (``chunk_postings``,
# store/passage_bm25.py), made from the keyword columns. A version-3 catalog is read as it
# is (passages scored by FTS5).
READABLE_VERSIONS = frozenset({3, SCHEMA_VERSION})
_VECTORS_V2 = """
CREATE TABLE vectors_v2 (
    space_id  INTEGER NOT NULL REFERENCES spaces(id),
    chunk_id  INTEGER NOT NULL,
    vec       BLOB NOT NULL,
    PRIMARY KEY (space_id, chunk_id)
);
INSERT INTO vectors_v2(space_id, chunk_id, vec) SELECT space_id, chunk_id, vec FROM vectors;
DROP TABLE vectors;
ALTER TABLE vectors_v2 RENAME TO vectors;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
"""
_V3_COLUMNS = (("contents", "text_hash", "TEXT"), ("chunks", "nav", "INTEGER NOT NULL DEFAULT 0"))
_KEYWORD_TABLE = "CREATE VIRTUAL TABLE chunk_terms USING fts5(terms, exact, tokenize = 'unicode61')"


def _id_list(joined: str | None) -> np.ndarray:
    """Integers from a ``group_concat`` (parsed in C: 25,000 ids in 1 ms, not 6)."""
    if not joined:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(joined, dtype=np.int64, sep=",")


def text_hash(text: str) -> str:
    """Hash of a document's text with whitespace normalised: copies and re-encodings of one
    document (UTF-8 and GB18030, say) have different bytes but one text."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=16).hexdigest()


def _schema() -> str:
    return resources.files("desktop_search.store").joinpath("schema.sql").read_text("utf-8")


class CatalogError(Exception):
    """The catalog cannot be used; ``reason`` is for the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def storage_problem(exc: BaseException) -> str | None:
    """Plain words for storage failures a user can fix (disk full, read-only folder), else None."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno is not None:
        import errno

        if exc.errno == errno.ENOSPC:
            return "the disk is full: free some space and try again"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"the data folder is read-only or not yours ({exc.filename or exc})"
    if "disk is full" in text or "database or disk is full" in text:
        return "the disk is full: free some space and try again"
    if "readonly database" in text or "read-only" in text:
        return "the data folder is read-only: choose another with --data-dir"
    return None


@dataclass(frozen=True, slots=True)
class FileRecord:
    path: str
    root: str
    name: str
    suffix: str
    size: int
    mtime_ns: int
    hash: str | None
    content_id: int | None
    status: FileStatus
    error: str | None
    indexed_at: float | None

    @classmethod
    def from_row(cls, row: Sequence) -> FileRecord:
        values = list(row)
        values[8] = FileStatus(values[8])
        return cls(*values)


@dataclass(frozen=True, slots=True)
class NewChunk:
    """A chunk ready to store: offsets into the content text and its keyword terms."""

    start: int
    end: int
    page: int | None
    location: str | None
    language: str
    terms: str
    exact: str = ""  # unstemmed words (text/analyzer.py chunk_keywords)
    nav: bool = False  # table of contents / index (text/navigation.py)


@dataclass(frozen=True, slots=True)
class ChunkRow:
    id: int
    content_id: int
    start: int
    end: int
    page: int | None
    location: str | None
    language: str
    text: str
    nav: bool = False


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A file holding a document's text, as a search result shows it."""

    path: str
    name: str
    suffix: str
    mtime_ns: int
    size: int
    title: str | None
    language: str
    text_hash: str | None


@dataclass(frozen=True, slots=True)
class SpaceRow:
    id: int
    name: str
    model_id: str
    dim: int
    languages: frozenset[str]


@dataclass(frozen=True, slots=True)
class PassageToEmbed:
    """A passage that has no vector yet in a space: its chunk id and its text."""

    chunk_id: int
    text: str


@dataclass(frozen=True, slots=True, eq=False)
class ScoredChunks:
    """Chunks and their scores (higher is better): a keyword match or a vector search,
    as arrays, which is what the search's own scoring works on."""

    ids: np.ndarray  # int64 chunk ids
    scores: np.ndarray  # float, one per id

    @classmethod
    def of(cls, ids: Iterable[int], scores: Iterable[float]) -> ScoredChunks:
        return cls(np.fromiter(ids, dtype=np.int64), np.fromiter(scores, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.ids)

    def pairs(self) -> list[tuple[int, float]]:
        """(chunk id, score) in this order, for fusion's candidate lists."""
        return list(zip(self.ids.tolist(), self.scores.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class VectorCount:
    """A space's passages: those with a vector, and all that should have one."""

    embedded: int
    total: int


@dataclass(frozen=True, slots=True)
class SpaceVectors:
    """Every vector of a space, for a rebuild: ids ascending, float32 rows, the log
    position they reflect."""

    ids: np.ndarray
    vectors: np.ndarray
    seq: int


@dataclass(frozen=True, slots=True)
class VectorChanges:
    """What a copy of a space's index must replay to catch up with the vector log.

    Only each chunk's final state is given, so replaying twice does no harm: remove every
    ``touched`` chunk, then add ``added`` with ``vectors``.
    """

    touched: list[int]  # chunks whose vector was added or removed since, ascending
    added: list[int]  # those of them that have a vector now, ascending
    vectors: np.ndarray  # float32, one row per ``added``
    seq: int  # the log position the copy reaches by replaying these

    @property
    def count(self) -> int:
        """How many changes (removals and additions) this is."""
        return len(self.touched) + len(self.added)


_FILE_COLUMNS = (
    "path, root, name, suffix, size, mtime_ns, hash, content_id, status, error, indexed_at"
)


class Catalog:
    """One connection to the catalog database."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                self.db = self._open_readonly()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self._create_or_check()
        except sqlite3.DatabaseError as exc:
            raise CatalogError(
                self.path, f"the index database is damaged or unreadable ({exc})"
            ) from exc
        if not readonly:
            with contextlib.suppress(OSError):
                self.path.chmod(0o600)

    # -- lifecycle ----------------------------------------------------------------
    def _open_readonly(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise CatalogError(self.path, "no index yet: run index first")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            self.db = db
            self._check_version()
            return db
        except sqlite3.OperationalError as exc:
            db.close()
            if self.path.with_name(self.path.name + "-wal").exists() and os.access(
                self.path.parent, os.W_OK
            ):
                raise  # a writer is about: reading the file alone could miss its changes
            log.info("catalog %s opened as immutable (%s)", self.path, exc)
        # A read-only folder (or disk): SQLite cannot create the shared-memory file that
        # WAL readers need. Nobody can write there either, so read the file as it is.
        db = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?mode=ro&immutable=1",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        self.db = db
        self._check_version()
        return db

    def _create_or_check(self) -> None:
        schema = _schema()
        lost_keywords = self._table_exists("chunks") and not self._table_exists("chunk_terms")
        lost_postings = self._table_exists("chunks") and not self._table_exists("chunk_postings")
        # executescript commits on its own, so the script carries its own transaction.
        self.db.executescript("BEGIN IMMEDIATE;" + schema + "COMMIT;")
        with self.transaction():
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        if self._check_version(migrating=True) == 1:
            started = time.monotonic()
            self.db.executescript("BEGIN IMMEDIATE;" + _VECTORS_V2 + "COMMIT;")
            log.info("catalog schema 1 -> 2 in %.1f s", time.monotonic() - started)
        if self._check_version(migrating=True) == 2:
            started = time.monotonic()
            with self.transaction():
                for table, column, declaration in _V3_COLUMNS:
                    have = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
                    if column not in have:
                        self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
                self._refill_keywords()
                self.db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
            log.info("catalog schema 2 -> 3 in %.1f s", time.monotonic() - started)
        if self._check_version(migrating=True) == 3:
            lost_postings = False
            started = time.monotonic()
            with self.transaction():
                self._refill_postings()
                self.db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
            log.info("catalog schema 3 -> 4 in %.1f s", time.monotonic() - started)
        self.db.execute("CREATE INDEX IF NOT EXISTS contents_text ON contents(text_hash)")
        self._check_version(exact=True)
        self._remark_navigation_if_rules_changed()
        if lost_keywords:
            log.warning("catalog %s: the keyword index was missing; rebuilding it", self.path)
            self.rebuild_keyword_index()
        elif lost_postings:
            log.warning("catalog %s: the term postings were missing; making them", self.path)
            with self.transaction():
                self._refill_postings()

    def _table_exists(self, name: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone()
            is not None
        )

    def rebuild_keyword_index(self) -> int:
        """Make the keyword (FTS) table afresh from the chunks' stored text; returns chunks done.

        For a table that was lost or damaged. Terms come from ``chunk_keywords``, as when the
        file was read, so the rebuilt index matches one made by reading everything again
        (without reading anything). One transaction: all or nothing.
        """
        with self.transaction():
            return self._refill_keywords()

    def rebuild_postings(self) -> None:
        """Make the term postings afresh from the keyword table (``check --repair``, when
        ``check`` found them out of step). One transaction: all or nothing."""
        with self.transaction():
            self._refill_postings()

    def _check_version(self, *, exact: bool = False, migrating: bool = False) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else None
        if migrating and version in (1, 2, 3):
            return version
        if self.readonly and version in (1, 2):
            raise CatalogError(
                self.path, "the index is being upgraded by the indexer; try again in a moment"
            )
        if version != SCHEMA_VERSION and (exact or version not in READABLE_VERSIONS):
            raise CatalogError(
                self.path,
                f"the index was made by another version of the app (schema {version}, "
                f"this version uses {SCHEMA_VERSION}); remove it to re-index",
            )
        return version

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- meta ---------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    def delete_meta(self, key: str) -> None:
        self.db.execute("DELETE FROM meta WHERE key=?", (key,))

    def meta_keys(self, prefix: str) -> list[str]:
        """Every meta key starting with ``prefix``."""
        rows = self.db.execute(
            "SELECT key FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return [k for (k,) in rows]

    def folder_was_mounted(self, root: str) -> bool:
        """Was the chosen folder on a file system of its own (a drive) when last scanned?"""
        return self.get_meta(f"mounted:{root}") == "1"

    def note_folder_mounted(self, root: str, mounted: bool) -> None:
        self.set_meta(f"mounted:{root}", "1" if mounted else "0")

    # -- files --------------------------------------------------------------------
    def file(self, path: str) -> FileRecord | None:
        row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE path=?", (path,)).fetchone()
        return FileRecord.from_row(row) if row else None

    def files(self, *, root: str | None = None, status: str | None = None) -> list[FileRecord]:
        sql = f"SELECT {_FILE_COLUMNS} FROM files WHERE 1=1"
        args: list[object] = []
        if root is not None:
            sql += " AND root=?"
            args.append(root)
        if status is not None:
            sql += " AND status=?"
            args.append(status)
        return [FileRecord.from_row(r) for r in self.db.execute(sql + " ORDER BY path", args)]

    def file_stamps(self, root: str) -> dict[str, FileStamp]:
        """path -> size, mtime and status of every file known under ``root``."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, status FROM files WHERE root=?", (root,)
        )
        return {p: FileStamp(s, m, FileStatus(st)) for p, s, m, st in rows}

    def roots(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT root FROM files ORDER BY root")]

    def mark_pending(
        self, path: str, root: str, size: int, mtime_ns: int, *, note: str | None = None
    ) -> None:
        """Record that ``path`` (new or changed on disk) needs reading; ``note`` says why."""
        p = Path(path)
        self.db.execute(
            "INSERT INTO files(path, root, name, suffix, size, mtime_ns, status, error) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) "
            "ON CONFLICT(path) DO UPDATE SET root=excluded.root, size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, status='pending', error=excluded.error",
            (path, root, p.name, p.suffix.lower().lstrip("."), size, mtime_ns, note),
        )

    def record_skipped(self, path: str, root: str, reason: str) -> None:
        """Record something the scan found but could not take (an unreadable folder, a pipe).

        It then has an outcome a person can see (``status --failed``, the folder's
        counts) instead of existing only in the log. The next scan forgets it when the
        problem is gone.
        """
        p = Path(path)
        self.db.execute(
            "INSERT INTO files(path, root, name, suffix, size, mtime_ns, status, error) "
            "VALUES (?, ?, ?, ?, 0, 0, 'skipped', ?) "
            "ON CONFLICT(path) DO UPDATE SET root=excluded.root, size=0, mtime_ns=0, "
            "status='skipped', error=excluded.error, content_id=NULL, hash=NULL",
            (path, root, p.name, p.suffix.lower().lstrip("."), reason),
        )

    def pending_paths(self, limit: int | None = None) -> list[str]:
        """Files waiting to be read, newest first: the documents a person is working on now
        are the ones searched for soonest (and in a new folder of both languages, the
        order of the folder walk would leave one language for last)."""
        sql = "SELECT path FROM files WHERE status='pending'"
        if limit:  # "is anything waiting?": no order needed
            sql += f" LIMIT {int(limit)}"
        else:
            sql += " ORDER BY mtime_ns DESC, id"
        return [r[0] for r in self.db.execute(sql)]

    def set_file_result(
        self,
        path: str,
        *,
        status: str,
        hash: str | None = None,
        content_id: int | None = None,
        error: str | None = None,
        size: int | None = None,
        mtime_ns: int | None = None,
    ) -> None:
        """Record the outcome of reading a file."""
        self.db.execute(
            "UPDATE files SET status=?, hash=?, content_id=?, error=?, indexed_at=?, "
            "size=COALESCE(?, size), mtime_ns=COALESCE(?, mtime_ns) WHERE path=?",
            (status, hash, content_id, error, time.time(), size, mtime_ns, path),
        )

    def move_file(self, old: str, new: str, root: str) -> bool:
        """Rename a file's record in place (its content and vectors stay); False if unknown."""
        p = Path(new)
        self.db.execute("DELETE FROM files WHERE path=?", (new,))
        cur = self.db.execute(
            "UPDATE files SET path=?, root=?, name=?, suffix=? WHERE path=?",
            (new, root, p.name, p.suffix.lower().lstrip("."), old),
        )
        return cur.rowcount > 0

    def remove_files(self, paths: Iterable[str]) -> int:
        n = 0
        for path in paths:
            n += self.db.execute("DELETE FROM files WHERE path=?", (path,)).rowcount
        return n

    def remove_tree(self, folder: str) -> int:
        """Forget every file at or below ``folder``."""
        folder = folder.rstrip("/\\")
        cur = self.db.execute(
            "DELETE FROM files WHERE path=? OR substr(path, 1, ?) IN (?, ?)",
            (folder, len(folder) + 1, folder + "/", folder + "\\"),
        )
        return cur.rowcount

    # -- contents and chunks ------------------------------------------------------
    def content_id_for_hash(self, hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM contents WHERE hash=?", (hash,)).fetchone()
        return row[0] if row else None

    def add_content(
        self,
        hash: str,
        text: str,
        *,
        title: str | None,
        language: str,
        pages: int | None,
        chunks: Sequence[NewChunk],
    ) -> int:
        """Store a document's text, chunks and keyword terms (caller holds the transaction)."""
        cur = self.db.execute(
            "INSERT INTO contents(hash, text, title, language, pages, text_hash) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (hash, text, title, language, pages, text_hash(text)),
        )
        content_id = int(cur.lastrowid)
        stored: list[tuple[int, str, str]] = []
        for ord_, ch in enumerate(chunks):
            cur = self.db.execute(
                "INSERT INTO chunks(content_id, ord, start, end, page, location, language, nav) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (content_id, ord_, ch.start, ch.end, ch.page, ch.location, ch.language, ch.nav),
            )
            self.db.execute(
                "INSERT INTO chunk_terms(rowid, terms, exact) VALUES (?, ?, ?)",
                (cur.lastrowid, ch.terms, ch.exact),
            )
            stored.append((int(cur.lastrowid), ch.terms, ch.exact))
        self._add_postings(stored)
        return content_id

    def _add_postings(self, chunks: Sequence[tuple[int, str, str]]) -> None:
        # A block's row grows by its new chunks (a blob read as text keeps its bytes).
        self.db.executemany(
            "INSERT INTO chunk_postings(term, col, block, chunks) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (term, col, block) DO UPDATE SET "
            "chunks = CAST(chunks || excluded.chunks AS BLOB)",
            posting_rows(chunks),
        )

    def _refill_postings(self) -> None:
        """``chunk_postings`` anew from the keyword table (caller holds the transaction),
        a block of chunk ids at a time."""
        self.db.execute("DROP TABLE IF EXISTS chunk_postings")
        self.db.execute(POSTINGS_TABLE)
        (last,) = self.db.execute("SELECT max(rowid) FROM chunk_terms").fetchone()
        for block in range(((last or 0) >> BLOCK_BITS) + 1):
            rows = self.db.execute(
                "SELECT rowid, terms, exact FROM chunk_terms WHERE rowid >= ? AND rowid < ?",
                (block << BLOCK_BITS, (block + 1) << BLOCK_BITS),
            ).fetchall()
            self._add_postings(rows)

    def _refill_keywords(self) -> int:
        """Keyword table, navigation marks and text hashes anew from the stored text (caller
        holds the transaction): after a schema change, or when the table was lost."""
        from desktop_search.text.analyzer import chunk_keywords
        from desktop_search.text.navigation import is_navigation

        self.db.execute("DROP TABLE IF EXISTS chunk_terms")
        self.db.execute(_KEYWORD_TABLE)
        self.db.execute("DROP TABLE IF EXISTS chunk_postings")
        self.db.execute(POSTINGS_TABLE)
        done = 0
        content_ids = [r[0] for r in self.db.execute("SELECT id FROM contents ORDER BY id")]
        for content_id in content_ids:  # one document's text in memory at a time
            text, title = self.db.execute(
                "SELECT text, title FROM contents WHERE id=?", (content_id,)
            ).fetchone()
            self.db.execute(
                "UPDATE contents SET text_hash=? WHERE id=?", (text_hash(text), content_id)
            )
            # The title goes with the first chunk when the body does not hold it (reading.py).
            title = title if title and title not in text[:2000] else None
            rows = self.db.execute(
                "SELECT id, start, end FROM chunks WHERE content_id=? ORDER BY ord", (content_id,)
            ).fetchall()
            made: list[tuple[int, str, str]] = []
            for n, (chunk_id, start, end) in enumerate(rows):
                body = text[start:end]
                terms, exact = chunk_keywords(body, title if n == 0 else None)
                self.db.execute(
                    "INSERT INTO chunk_terms(rowid, terms, exact) VALUES (?, ?, ?)",
                    (chunk_id, terms, exact),
                )
                made.append((chunk_id, terms, exact))
                self.db.execute(
                    "UPDATE chunks SET nav=? WHERE id=?", (int(is_navigation(body)), chunk_id)
                )
            self._add_postings(made)
            done += len(rows)
        return done

    def _remark_navigation_if_rules_changed(self) -> None:
        """Mark every stored passage again when ``text/navigation.py``'s rules changed since
        they were marked (no file is read again)."""
        from desktop_search.text.navigation import RULE_VERSION, is_navigation

        if self.get_meta("navigation_rule") == str(RULE_VERSION):
            return
        started = time.monotonic()
        changed = 0
        with self.transaction():
            content_ids = [r[0] for r in self.db.execute("SELECT id FROM contents ORDER BY id")]
            for content_id in content_ids:  # one document's text in memory at a time
                (text,) = self.db.execute(
                    "SELECT text FROM contents WHERE id=?", (content_id,)
                ).fetchone()
                for chunk_id, start, end, nav in self.db.execute(
                    "SELECT id, start, end, nav FROM chunks WHERE content_id=?", (content_id,)
                ).fetchall():
                    now = int(is_navigation(text[start:end]))
                    if now != nav:
                        self.db.execute("UPDATE chunks SET nav=? WHERE id=?", (now, chunk_id))
                        changed += 1
            self.set_meta("navigation_rule", str(RULE_VERSION))
        log.info(
            "navigation marks made anew (rules %s): %d passages changed in %.1f s",
            RULE_VERSION,
            changed,
            time.monotonic() - started,
        )

    def collect_orphans(self) -> int:
        """Delete contents no file points at, with their chunks, terms and vectors."""
        orphans = [
            r[0]
            for r in self.db.execute(
                "SELECT c.id FROM contents c WHERE NOT EXISTS "
                "(SELECT 1 FROM files f WHERE f.content_id = c.id)"
            )
        ]
        for content_id in orphans:
            chunk_ids = [
                r[0]
                for r in self.db.execute("SELECT id FROM chunks WHERE content_id=?", (content_id,))
            ]
            self._delete_chunks(chunk_ids)
            self.db.execute("DELETE FROM contents WHERE id=?", (content_id,))
        return len(orphans)

    def _delete_chunks(self, chunk_ids: Sequence[int]) -> None:
        self._forget_postings(chunk_ids)
        # By (space, chunk), the primary key: a lookup by chunk alone scans every vector
        # (13 ms a chunk at 66k vectors; hours to forget a big folder at 1M).
        space_ids = [r[0] for r in self.db.execute("SELECT id FROM spaces")]
        for chunk_id in chunk_ids:
            for space_id in space_ids:
                deleted = self.db.execute(
                    "DELETE FROM vectors WHERE space_id=? AND chunk_id=?", (space_id, chunk_id)
                ).rowcount
                if deleted:
                    self.db.execute(
                        "INSERT INTO vector_log(space_id, chunk_id, op) VALUES (?, ?, 'del')",
                        (space_id, chunk_id),
                    )
            self.db.execute("DELETE FROM chunk_terms WHERE rowid=?", (chunk_id,))
            self.db.execute("DELETE FROM chunks WHERE id=?", (chunk_id,))

    def _forget_postings(self, chunk_ids: Sequence[int]) -> None:
        """Take these chunks out of ``chunk_postings`` (before their terms are deleted):
        each row holding any of them is read, filtered and written back."""
        chunks = list(
            self._rows_for(
                "SELECT rowid, terms, exact FROM chunk_terms WHERE rowid IN ({marks})", chunk_ids
            )
        )
        gone = np.array([c for c, _, _ in chunks], dtype=np.int64)
        for key in posting_keys(chunks):
            row = self.db.execute(
                "SELECT chunks FROM chunk_postings WHERE term=? AND col=? AND block=?", key
            ).fetchone()
            left = without_chunks(row[0], gone) if row else b""
            if left:
                self.db.execute(
                    "UPDATE chunk_postings SET chunks=? WHERE term=? AND col=? AND block=?",
                    (left, *key),
                )
            else:
                self.db.execute(
                    "DELETE FROM chunk_postings WHERE term=? AND col=? AND block=?", key
                )

    def chunks(self, chunk_ids: Sequence[int]) -> dict[int, ChunkRow]:
        """Chunk rows with their text, by id."""
        out: dict[int, ChunkRow] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            for row in self.db.execute(
                "SELECT k.id, k.content_id, k.start, k.end, k.page, k.location, k.language, "
                "substr(c.text, k.start + 1, k.end - k.start), k.nav "
                f"FROM chunks k JOIN contents c ON c.id = k.content_id WHERE k.id IN ({marks})",
                part,
            ):
                out[row[0]] = ChunkRow(*row[:8], nav=bool(row[8]))
        return out

    def content_text(self, content_id: int, start: int, end: int) -> str:
        row = self.db.execute(
            "SELECT substr(text, ?, ?) FROM contents WHERE id=?",
            (max(0, start) + 1, max(0, end - max(0, start)), content_id),
        ).fetchone()
        return row[0] if row else ""

    def _counts(self) -> tuple[int, int]:
        """(documents, passages), cached until another connection writes."""
        (version,) = self.db.execute("PRAGMA data_version").fetchone()
        cached = getattr(self, "_counts_cache", None)
        if cached is None or cached[0] != version or not self.readonly:
            docs = self.db.execute("SELECT count(*) FROM contents").fetchone()[0]
            passages = self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            cached = (version, docs, passages)
            self._counts_cache = cached
        return cached[1], cached[2]

    def document_count(self) -> int:
        """Distinct document texts in the index."""
        return self._counts()[0]

    def average_passages(self) -> float:
        """Mean passages per document (for length normalisation)."""
        docs, passages = self._counts()
        return passages / docs if docs else 1.0

    def _rows_for(self, sql: str, ids: Sequence[int], *before: object) -> Iterator[tuple]:
        """Rows of ``sql`` (holding one ``{marks}`` for an IN list) for ``ids``, in parts
        that stay under SQLite's limit on bound parameters."""
        ids = list(ids)
        for i in range(0, len(ids), 900):
            part = ids[i : i + 900]
            yield from self.db.execute(
                sql.format(marks=",".join("?" * len(part))), (*before, *part)
            )

    def passage_counts(self, content_ids: Sequence[int]) -> dict[int, int]:
        """content id -> number of passages (from the chunk map: counting in SQL took
        3-4 ms for a query's 600 documents at 100k passages)."""
        counts = self.chunk_map().passage_counts()
        ids = np.asarray(content_ids, dtype=np.int64)
        ids = ids[(ids >= 0) & (ids < len(counts))]
        ids = ids[counts[ids] > 0]
        return dict(zip(ids.tolist(), counts[ids].tolist(), strict=True))

    def document_files(self, content_id: int, filters=None) -> list[DocumentFile]:
        """Files holding ``content_id`` (and every other content with the same text), under
        ``filters`` (a SearchFilters), the document itself first, then by path."""
        where, args = file_filter_sql(filters, "f") if filters is not None else ("1", [])
        row = self.db.execute("SELECT text_hash FROM contents WHERE id=?", (content_id,)).fetchone()
        same = "c.text_hash = ?" if row and row[0] else "c.id = ?"
        rows = self.db.execute(
            "SELECT f.path, f.name, f.suffix, f.mtime_ns, f.size, c.title, c.language, "
            # INDEXED BY: without statistics SQLite would walk every indexed file by its
            # status (55 ms a result at 5,000 files) instead of the few with this text.
            "c.text_hash FROM contents c JOIN files f INDEXED BY files_content "
            f"ON f.content_id = c.id WHERE {same} AND {where} ORDER BY c.id != ?, f.path",
            [row[0] if row and row[0] else content_id, *args, content_id],
        ).fetchall()
        return [DocumentFile(*r) for r in rows]

    def files_named(self, needle: str, filters=None, limit: int = 20) -> list[DocumentFile]:
        """Indexed files whose name holds ``needle`` (lower case), shortest name first."""
        where, args = file_filter_sql(filters, "f")
        rows = self.db.execute(
            "SELECT f.path, f.name, f.suffix, f.mtime_ns, f.size, c.title, c.language, "
            "c.text_hash FROM files f JOIN contents c ON c.id = f.content_id "
            f"WHERE instr(lower(f.name), ?) > 0 AND {where} ORDER BY length(f.name) LIMIT ?",
            [needle, *args, limit],
        ).fetchall()
        return [DocumentFile(*r) for r in rows]

    def content_languages(self, content_ids: Sequence[int]) -> dict[int, str]:
        """content id -> the document's language (its passages may differ).

        Through the covering index where there is one: the table's rows hold the whole
        text before the language (600 documents: 8 ms, through the index 1 ms)."""
        if self._has_language_index():
            sql = "SELECT id, language FROM contents INDEXED BY contents_language"
        else:
            sql = "SELECT id, language FROM contents"
        return dict(self._rows_for(sql + " WHERE id IN ({marks})", content_ids))

    def _has_language_index(self) -> bool:
        known = getattr(self, "_language_index", None)
        if known is None:  # made by any writer of this version; a reader may predate it
            known = self._table_exists("contents_language")
            if known or not self.readonly:
                self._language_index = known
        return known

    def _version(self) -> tuple[int, int]:
        """Changes when this or another connection has written."""
        (version,) = self.db.execute("PRAGMA data_version").fetchone()
        return version, self.db.total_changes

    def _per_version(self, name: str, read):
        """``read()``, kept until this or another connection writes (every search asks)."""
        version = self._version()
        cached = getattr(self, name, None)
        if cached is None or cached[0] != version:
            cached = (version, read())
            setattr(self, name, cached)
        return cached[1]

    def chunk_map(self) -> ChunkMap:
        """Every chunk's document and navigation mark, read again after any write."""
        return self._per_version("_chunk_map_cache", self._read_chunk_map)

    def _read_chunk_map(self) -> ChunkMap:
        ids, contents, nav, languages = self.db.execute(
            "SELECT group_concat(id), group_concat(content_id), group_concat(nav), "
            "group_concat(language, char(31)) FROM chunks"
        ).fetchone()
        return ChunkMap.build(
            _id_list(ids),
            _id_list(contents),
            _id_list(nav),
            languages.split(chr(31)) if languages else [],
        )

    def indexed_contents(self) -> np.ndarray:
        """Content ids with a file indexed (read-only; read again after any write: every
        search asks, and at 5,000 files the query took 5-10 ms)."""
        return self._per_version("_indexed_contents_cache", self._read_indexed_contents)

    def _read_indexed_contents(self) -> np.ndarray:
        (joined,) = self.db.execute(
            "SELECT group_concat(content_id) FROM (SELECT DISTINCT content_id FROM files "
            "WHERE content_id IS NOT NULL AND status = ?)",
            (FileStatus.INDEXED.value,),
        ).fetchone()
        ids = _id_list(joined)
        ids.flags.writeable = False
        return ids

    def indexed_chunks(self) -> np.ndarray:
        """A read-only mask over chunk ids: the chunks of documents with a file indexed
        (what an unfiltered search may return; making it was 1-2 ms of every query at
        100k passages)."""

        def read() -> np.ndarray:
            mask = self.chunk_map().chunks_of(self.indexed_contents())
            mask.flags.writeable = False
            return mask

        return self._per_version("_indexed_chunks_cache", read)

    def restricted_chunk_ids(
        self,
        filters,
        phrases: Sequence[tuple[str | None, str]],
        excluded: Sequence[str],
    ) -> np.ndarray:
        """Ids of the chunks of documents with a file under ``filters`` (a SearchFilters)
        that hold every phrase (its FTS5 expression, if any, and its lower-case text, which
        the chunk's text must contain as written), in documents matching none of the
        ``excluded`` FTS5 expressions."""
        file_where, args = file_filter_sql(filters, "f")
        clauses = [f"k.content_id IN (SELECT f.content_id FROM files f WHERE {file_where})"]
        for expr, text in phrases:
            if expr:
                clauses.append("k.id IN (SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?)")
                args.append(expr)
            clauses.append("instr(lower(substr(c.text, k.start + 1, k.end - k.start)), ?) > 0")
            args.append(text)
        for expr in excluded:
            clauses.append(
                "k.content_id NOT IN (SELECT k2.content_id FROM chunks k2 WHERE k2.id IN "
                "(SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?))"
            )
            args.append(expr)
        rows = self.db.execute(
            "SELECT k.id FROM chunks k JOIN contents c ON c.id = k.content_id WHERE "
            + " AND ".join(clauses),
            args,
        ).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def matching_chunks(self, expr: str, limit: int | None = None) -> np.ndarray:
        """Ids of the chunks whose keyword columns match the FTS5 expression ``expr`` (at most
        ``limit`` of them, in id order)."""
        (joined,) = self.db.execute(
            "SELECT group_concat(rowid) FROM (SELECT rowid FROM chunk_terms "
            "WHERE chunk_terms MATCH ? LIMIT ?)",
            (expr, -1 if limit is None else limit),
        ).fetchone()
        return _id_list(joined)

    def keyword_stats(self) -> KeywordStats | None:
        """Passage count, mean length and each passage's length as FTS5's bm25() reads
        them, read again after any write; None when the term postings are not stored
        (a version-3 catalog: passages are then scored by FTS5)."""
        return self._per_version("_keyword_stats_cache", self._read_keyword_stats)

    def _read_keyword_stats(self) -> KeywordStats | None:
        if self.get_meta("schema_version") != "4" or not self._table_exists("chunk_postings"):
            return None
        averages = self.db.execute("SELECT block FROM chunk_terms_data WHERE id = 1").fetchone()
        ids, sizes = self.db.execute(
            "SELECT group_concat(id), CAST(group_concat(sz, '') AS BLOB) FROM chunk_terms_docsize"
        ).fetchone()
        if averages is None or not ids:
            return KeywordStats(0, np.zeros(0), np.zeros(0, dtype=bool))
        return KeywordStats.build(averages[0], _id_list(ids), sizes, 2)

    def postings(self, term: str, column: int) -> TermPostings:
        """The chunks holding one keyword token in one column, and its count in each
        (``chunk_postings``, store/passage_bm25.py)."""
        # The blobs joined in SQL (a blob read as text keeps its bytes; cast back, they are
        # the same bytes): 3x faster than through hex() at 5,000 rows.
        (joined,) = self.db.execute(
            "SELECT CAST(group_concat(chunks, '') AS BLOB) FROM chunk_postings "
            "WHERE term=? AND col=?",
            (term, column),
        ).fetchone()
        return decode_postings(joined or b"")

    def keyword_scores(self, expr: str, weights: tuple[float, float]) -> ScoredChunks:
        """Every chunk matching ``expr`` with its BM25 score (higher is better); the
        weights are those of the terms and exact columns."""
        bm25 = f"bm25(chunk_terms, {float(weights[0])}, {float(weights[1])})"
        rows = self.db.execute(
            f"SELECT rowid, -{bm25} FROM chunk_terms WHERE chunk_terms MATCH ?", (expr,)
        ).fetchall()
        return ScoredChunks.of((r[0] for r in rows), (r[1] for r in rows))

    def chunk_documents(self, chunk_ids: Sequence[int]) -> ChunkDocuments:
        """The document and language of each of ``chunk_ids`` that still exists (from the
        chunk map)."""
        return self.chunk_map().documents(chunk_ids)

    def navigation_chunks(self, chunk_ids: Sequence[int]) -> set[int]:
        """Those of ``chunk_ids`` that are tables of contents, index pages and the like."""
        chunks = self.chunk_map()
        ids = np.asarray(chunk_ids, dtype=np.int64)
        ids = ids[(ids >= 0) & (ids < len(chunks.content))]
        return set(ids[(chunks.content[ids] >= 0) & chunks.nav[ids]].tolist())

    # -- vector spaces --------------------------------------------------------------
    def spaces(self) -> list[SpaceRow]:
        return [
            SpaceRow(i, n, m, d, frozenset(filter(None, lang.split(","))))
            for i, n, m, d, lang in self.db.execute(
                "SELECT id, name, model_id, dim, languages FROM spaces ORDER BY id"
            )
        ]

    def ensure_space(
        self, name: str, model_id: str, dim: int, languages: Iterable[str]
    ) -> SpaceRow:
        """The space row for ``name``; a different model or languages starts the space afresh."""
        langs = ",".join(sorted(set(languages)))
        row = self.db.execute(
            "SELECT id, model_id, dim, languages FROM spaces WHERE name=?", (name,)
        ).fetchone()
        if row and (row[1], row[2], row[3]) == (model_id, dim, langs):
            return SpaceRow(row[0], name, model_id, dim, frozenset(langs.split(",")))
        with self.transaction():
            if row:
                self._drop_space_rows(row[0])
            cur = self.db.execute(
                "INSERT INTO spaces(name, model_id, dim, languages, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, model_id, dim, langs, time.time()),
            )
        return SpaceRow(int(cur.lastrowid), name, model_id, dim, frozenset(langs.split(",")))

    def drop_space(self, name: str) -> None:
        row = self.db.execute("SELECT id FROM spaces WHERE name=?", (name,)).fetchone()
        if row:
            with self.transaction():
                self._drop_space_rows(row[0])

    def _drop_space_rows(self, space_id: int) -> None:
        self.db.execute("DELETE FROM vectors WHERE space_id=?", (space_id,))
        self.db.execute("DELETE FROM vector_log WHERE space_id=?", (space_id,))
        self.db.execute("DELETE FROM spaces WHERE id=?", (space_id,))

    def chunks_needing_vectors(
        self, space: SpaceRow, limit: int, *, after_id: int = 0
    ) -> list[PassageToEmbed]:
        """Passages the space embeds (``embeddable_sql``) that have no vector yet, in id order."""
        where, args = embeddable_sql(space.languages)
        return [
            PassageToEmbed(chunk_id, text)
            for chunk_id, text in self.db.execute(
                "SELECT k.id, substr(c.text, k.start + 1, k.end - k.start) "
                "FROM chunks k JOIN contents c ON c.id = k.content_id "
                f"WHERE k.id > ? AND {where} AND NOT EXISTS "
                "(SELECT 1 FROM vectors v WHERE v.space_id=? AND v.chunk_id=k.id) "
                "ORDER BY k.id LIMIT ?",
                (after_id, *args, space.id, limit),
            )
        ]

    def count_needing_vectors(self, space: SpaceRow) -> VectorCount:
        """Passages the space embeds: those with a vector, and all of them (a vector made
        before its passage was marked navigation is kept, but not counted)."""
        where, args = embeddable_sql(space.languages)
        total = self.db.execute(f"SELECT count(*) FROM chunks k WHERE {where}", args).fetchone()[0]
        done = self.db.execute(
            "SELECT count(*) FROM vectors v JOIN chunks k ON k.id = v.chunk_id "
            f"WHERE v.space_id=? AND {where}",
            (space.id, *args),
        ).fetchone()[0]
        return VectorCount(done, total)

    def add_vectors(self, space_id: int, chunk_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Store vectors (as float16) and log them; chunks deleted meanwhile are skipped."""
        half = np.asarray(vectors, dtype=np.float16)
        with self.transaction():
            for chunk_id, vec in zip(chunk_ids, half, strict=True):
                if not self.db.execute("SELECT 1 FROM chunks WHERE id=?", (chunk_id,)).fetchone():
                    continue
                self.db.execute(
                    "INSERT OR REPLACE INTO vectors(space_id, chunk_id, vec) VALUES (?, ?, ?)",
                    (space_id, chunk_id, vec.tobytes()),
                )
                self.db.execute(
                    "INSERT INTO vector_log(space_id, chunk_id, op) VALUES (?, ?, 'add')",
                    (space_id, chunk_id),
                )

    def all_vectors(self, space: SpaceRow) -> SpaceVectors:
        """The whole space with the last log seq, for a rebuild."""
        seq = self.last_log_seq()
        rows = self.db.execute(
            "SELECT chunk_id, vec FROM vectors WHERE space_id=? ORDER BY chunk_id", (space.id,)
        ).fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        if not rows:
            return SpaceVectors(ids, np.zeros((0, space.dim), dtype=np.float32), seq)
        vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
        return SpaceVectors(ids, vecs.reshape(len(rows), space.dim).astype(np.float32), seq)

    def last_log_seq(self) -> int:
        """The newest vector log position, also when pruning has emptied the log."""
        # Pruning deletes the entries a saved index covers, so max(seq) alone falls back
        # to 0 and an index built now would look older than the pruned log (and be
        # rebuilt for ever). The AUTOINCREMENT counter and the pruning marks remember.
        row = self.db.execute(
            "SELECT max(coalesce((SELECT max(seq) FROM vector_log), 0), "
            "coalesce((SELECT max(CAST(value AS INTEGER)) FROM meta "
            "WHERE key LIKE 'vector_log_pruned_to:%'), 0))"
        ).fetchone()
        seq = int(row[0] or 0)
        with contextlib.suppress(sqlite3.Error):  # no sqlite_sequence before the first insert
            counter = self.db.execute(
                "SELECT seq FROM sqlite_sequence WHERE name='vector_log'"
            ).fetchone()
            if counter and counter[0]:
                seq = max(seq, int(counter[0]))
        return seq

    def vector_changes(self, space: SpaceRow, after_seq: int) -> VectorChanges:
        """The changes to replay on a copy of ``space`` that reflects the log up to
        ``after_seq`` (each chunk's final state only, so replaying is idempotent)."""
        rows = self.db.execute(
            "SELECT seq, chunk_id, op FROM vector_log WHERE space_id=? AND seq>? ORDER BY seq",
            (space.id, after_seq),
        ).fetchall()
        new_seq = max([after_seq, *(r[0] for r in rows)])
        touched = {chunk_id for _, chunk_id, _ in rows}
        if not touched:
            return VectorChanges([], [], np.zeros((0, space.dim), dtype=np.float32), new_seq)
        ids = sorted(touched)
        present: dict[int, bytes] = dict(
            self._rows_for(
                "SELECT chunk_id, vec FROM vectors WHERE space_id=? AND chunk_id IN ({marks})",
                ids,
                space.id,
            )
        )
        added = sorted(present)
        vecs = (
            np.frombuffer(b"".join(present[i] for i in added), dtype=np.float16)
            .reshape(len(added), space.dim)
            .astype(np.float32)
            if added
            else np.zeros((0, space.dim), dtype=np.float32)
        )
        return VectorChanges(ids, added, vecs, new_seq)

    def vector_count(self, space_id: int) -> int:
        return self.db.execute(
            "SELECT count(*) FROM vectors WHERE space_id=?", (space_id,)
        ).fetchone()[0]

    def prune_vector_log(self, space_id: int, up_to_seq: int) -> None:
        """Drop a space's log entries that its saved index already reflects."""
        with self.transaction():
            self.db.execute(
                "DELETE FROM vector_log WHERE space_id=? AND seq<=?", (space_id, up_to_seq)
            )
            self.set_meta(f"vector_log_pruned_to:{space_id}", str(up_to_seq))

    def log_pruned_to(self, space_id: int) -> int:
        return int(self.get_meta(f"vector_log_pruned_to:{space_id}") or 0)

    # -- status ---------------------------------------------------------------------
    def language_counts(self) -> dict[str, int]:
        """Passages per language, library-wide."""
        return dict(self.db.execute("SELECT language, count(*) FROM chunks GROUP BY language"))

    def status_counts(self, root: str | None = None) -> dict[str, int]:
        sql = "SELECT status, count(*) FROM files"
        args: tuple = ()
        if root is not None:
            sql += " WHERE root=?"
            args = (root,)
        return dict(self.db.execute(sql + " GROUP BY status", args).fetchall())

    def chunk_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM chunks").fetchone()[0]
