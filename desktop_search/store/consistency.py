"""Check that the catalog, the keyword index and the saved vector indexes agree.

Used by ``desktop-search-cli check`` and by the crash tests: after any crash, every
search result must point at a real chunk, every chunk at real content, and no chunk
may be stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_search.store.catalog import Catalog
from desktop_search.store.vectors import VectorIndex


@dataclass(frozen=True, slots=True)
class Problem:
    what: str
    count: int


def check_catalog(catalog: Catalog, vector_folder: Path) -> list[Problem]:
    """Every inconsistency found (empty when healthy)."""
    db = catalog.db
    queries = {
        "database integrity check failed": "SELECT count(*) FROM pragma_integrity_check "
        "WHERE integrity_check != 'ok'",
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
    for what, sql in queries.items():
        n = db.execute(sql).fetchone()[0]
        if n:
            problems.append(Problem(what, int(n)))
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
