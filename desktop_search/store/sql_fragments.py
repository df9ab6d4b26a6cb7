"""WHERE fragments over the catalog's tables, apart from ``Catalog`` itself.

The window builds its filters with them before any catalog is open; ``store.catalog``
brings numpy, which the window's first paint does not need (gui/launch.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_search.store.file_status import FileStatus


def file_filter_sql(filters, alias: str = "f") -> tuple[str, list[object]]:
    """A WHERE fragment over ``files`` (always valid SQL) and its arguments, for a
    ``search.filters.SearchFilters`` (folders, suffixes, modified after); indexed files only."""
    clauses = [f"{alias}.status = '{FileStatus.INDEXED.value}'"]
    args: list[object] = []
    if filters is None:
        return clauses[0], args
    if filters.folders:
        parts = []
        for folder in filters.folders:
            folder = folder.rstrip("/\\")
            parts.append(f"({alias}.path = ? OR substr({alias}.path, 1, ?) IN (?, ?))")
            args += [folder, len(folder) + 1, folder + "/", folder + "\\"]
        clauses.append("(" + " OR ".join(parts) + ")")
    if filters.suffixes:
        clauses.append(f"{alias}.suffix IN ({','.join('?' * len(filters.suffixes))})")
        args += [s.lower().lstrip(".") for s in filters.suffixes]
    if filters.modified_after is not None:
        clauses.append(f"{alias}.mtime_ns >= ?")
        args.append(int(filters.modified_after * 1e9))
    return " AND ".join(clauses), args


def embeddable_sql(languages: Iterable[str], alias: str = "k") -> tuple[str, list[object]]:
    """A WHERE fragment over ``chunks`` for the passages a space with ``languages`` embeds.

    Navigation (tables of contents, index pages: ``text/navigation.py``) gets no vector:
    such a passage names every topic, so fusion counts its meaning a fraction anyway, and
    its words still find it; in a library of manuals it is a fifth of all passages (1,122
    of 5,565 in the library of ``benchmarks/library_eval.py``), a fifth of the embedding."""
    langs = sorted(languages)
    marks = ",".join("?" * len(langs)) or "NULL"
    return f"{alias}.language IN ({marks}) AND {alias}.nav = 0", list(langs)
