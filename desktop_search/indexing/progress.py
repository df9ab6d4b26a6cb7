"""What indexing is doing, in numbers a status bar can show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpaceCount:
    """One vector space's passages: with a vector, and all it should have (catalog-wide).

    Spaces are counted apart because one passage may need a vector in each: adding
    them up overstated the work (the issue's "4,789 passages" for 2,906 Chinese + English).
    """

    name: str
    embedded: int
    total: int
    languages: tuple[str, ...] = ()

    @property
    def waiting(self) -> int:
        return max(0, self.total - self.embedded)


@dataclass(frozen=True, slots=True)
class IndexProgress:
    # "scanning" | "reading" | "embedding" | "waiting" (for a service) | "idle" | "paused"
    phase: str
    files_total: int = 0  # files to read in this run
    files_done: int = 0
    files_failed: int = 0
    chunks_total: int = 0  # chunk vectors to make in this run (all spaces)
    chunks_embedded: int = 0
    current: str | None = None  # file being read
    eta_s: float | None = None
    chunks_per_s: float = 0.0
    elapsed_s: float = 0.0
    spaces: tuple[SpaceCount, ...] = ()  # per space, catalog-wide (empty: not counted yet)

    @property
    def fraction(self) -> float:
        """Overall completion, reading and embedding weighted equally."""
        parts = []
        if self.files_total:
            parts.append(self.files_done / self.files_total)
        if self.spaces:
            embedded = sum(s.embedded for s in self.spaces)
            total = sum(s.total for s in self.spaces)
            if total:
                parts.append(embedded / total)
        elif self.chunks_total:
            parts.append(self.chunks_embedded / self.chunks_total)
        return sum(parts) / len(parts) if parts else 1.0
