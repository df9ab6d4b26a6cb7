"""Check that the catalog, the keyword index and the saved vector indexes agree.

Used by ``desktop-search-cli check`` and by the crash tests: after any crash, every
search result must point at a real chunk, every chunk at real content, and no chunk
may be stored twice.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop_search.store.catalog import Catalog
from desktop_search.store.passage_bm25 import postings_digest, stored_postings_digest
from desktop_search.store.vectors import VectorIndex


@dataclass(frozen=True, slots=True)
class Problem:
    what: str
    count: int


DAMAGED = "the index database is damaged"
KEYWORDS_MISSING = "the keyword index is missing"
POSTINGS_OUT_OF_STEP = "the keyword postings are out of step with the keyword index"


def check_catalog(catalog: Catalog, vector_folder: Path) -> list[Problem]:
    """Every inconsistency found (empty when healthy)."""
    db = catalog.db
    # First the file itself: on damaged pages every other query may fail or mislead.
    try:
        bad = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        bad = [str(exc)]
    if bad:
        return [Problem(f"{DAMAGED} ({bad[0]})", len(bad))]
    has_terms = db.execute("SELECT 1 FROM sqlite_master WHERE name='chunk_terms'").fetchone()
    queries = {
        "files pointing at missing content": "SELECT count(*) FROM files f WHERE f.content_id "
        "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contents c WHERE c.id = f.content_id)",
        "indexed files without content": "SELECT count(*) FROM files "
        "WHERE status='indexed' AND content_id IS NULL",
        "chunks of missing content": "SELECT count(*) FROM chunks k WHERE NOT EXISTS "
        "(SELECT 1 FROM contents c WHERE c.id = k.content_id)",
        "chunks stored twice": "SELECT count(*) FROM (SELECT content_id, ord FROM chunks "
        "GROUP BY content_id, ord HAVING count(*) > 1)",
        "keyword entries without a chunk": "SELECT count(*) FROM chunk_terms t WHERE NOT EXISTS "
        "(SELECT 1 FROM chunks k WHERE k.id = t.rowid)",
        "chunks missing from the keyword index": "SELECT count(*) FROM chunks k WHERE NOT EXISTS "
        "(SELECT 1 FROM chunk_terms t WHERE t.rowid = k.id)",
        "vectors without a chunk": "SELECT count(*) FROM vectors v WHERE NOT EXISTS "
        "(SELECT 1 FROM chunks k WHERE k.id = v.chunk_id)",
        "vectors of an unknown space": "SELECT count(*) FROM vectors v WHERE NOT EXISTS "
        "(SELECT 1 FROM spaces s WHERE s.id = v.space_id)",
    }
    problems = []
    if not has_terms:
        problems.append(Problem(KEYWORDS_MISSING, 1))
        queries = {k: v for k, v in queries.items() if "chunk_terms" not in v}
    for what, sql in queries.items():
        n = db.execute(sql).fetchone()[0]
        if n:
            problems.append(Problem(what, int(n)))
    if has_terms and not _postings_in_step(db):
        problems.append(Problem(POSTINGS_OUT_OF_STEP, 1))
    for space in catalog.spaces():
        index = VectorIndex(space, vector_folder)
        index.load(catalog)
        stored = catalog.vector_count(space.id)
        if len(index) != stored:
            problems.append(
                Problem(
                    f"space {space.name}: search index has {len(index)} vectors, catalog {stored}",
                    abs(len(index) - stored),
                )
            )
    return problems


def _postings_in_step(db: sqlite3.Connection) -> bool:
    """Do the term postings passages are scored from (``store/passage_bm25.py``) hold
    exactly the keyword table's terms? A catalog without them (schema 3) scores by FTS5."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name='chunk_postings'").fetchone():
        return True
    expected = postings_digest(db.execute("SELECT rowid, terms, exact FROM chunk_terms"))
    stored = stored_postings_digest(
        db.execute("SELECT term, col, block, chunks FROM chunk_postings")
    )
    return expected == stored
