"""Narrow a search to folders, file types and a modified-date window.

Filters are applied inside retrieval (as SQL over the catalog and as an id selector
for FAISS), never after a truncated top-k, so a filtered search still finds the best
matches among the documents it allows.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        clauses = [f"{alias}.status = 'indexed'"]
        args: list[object] = []
        if self.folders:
            parts = []
            for folder in self.folders:
                folder = folder.rstrip("/\\")
                parts.append(f"({alias}.path = ? OR substr({alias}.path, 1, ?) IN (?, ?))")
                args += [folder, len(folder) + 1, folder + "/", folder + "\\"]
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.suffixes:
            clauses.append(f"{alias}.suffix IN ({','.join('?' * len(self.suffixes))})")
            args += [s.lower().lstrip(".") for s in self.suffixes]
        if self.modified_after is not None:
            clauses.append(f"{alias}.mtime_ns >= ?")
            args.append(int(self.modified_after * 1e9))
        return " AND ".join(clauses), args
