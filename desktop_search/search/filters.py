"""Narrow a search to folders, file types and a modified-date window.

Filters are applied inside retrieval (as SQL over the catalog and as an id selector
for FAISS), never after a truncated top-k, so a filtered search still finds the best
matches among the documents it allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_search.store.sql_fragments import file_filter_sql


@dataclass(frozen=True, slots=True)
class SearchFilters:
    folders: tuple[str, ...] = ()  # only files at or below these folders
    suffixes: tuple[str, ...] = ()  # lower-case extensions without dots, e.g. ("pdf", "docx")
    modified_after: float | None = None  # Unix time

    @property
    def active(self) -> bool:
        return bool(self.folders or self.suffixes or self.modified_after is not None)

    def file_sql(self, alias: str = "f") -> tuple[str, list[object]]:
        """A WHERE fragment over ``files`` (always valid SQL) and its arguments."""
        return file_filter_sql(self, alias)
