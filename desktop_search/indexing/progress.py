"""What indexing is doing, in numbers a status bar can show."""

from __future__ import annotations

from dataclasses import dataclass


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

    @property
    def fraction(self) -> float:
        """Overall completion, reading and embedding weighted equally."""
        parts = []
        if self.files_total:
            parts.append(self.files_done / self.files_total)
        if self.chunks_total:
            parts.append(self.chunks_embedded / self.chunks_total)
        return sum(parts) / len(parts) if parts else 1.0
