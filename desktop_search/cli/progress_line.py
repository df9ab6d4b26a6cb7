"""One self-updating progress line on stderr while indexing."""

from __future__ import annotations

import sys
import time

from desktop_search.indexing.progress import IndexProgress


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"


def describe(p: IndexProgress) -> str:
    """A short human summary of progress."""
    parts = [p.phase]
    if p.files_total:
        parts.append(f"files {p.files_done}/{p.files_total}")
    if p.files_failed:
        parts.append(f"{p.files_failed} unreadable")
    if p.chunks_total:
        # no pace until a model is past its first batch (which loads it): "(0/s)" misled
        pace = f" ({p.chunks_per_s:.0f}/s)" if p.chunks_per_s >= 0.5 else ""
        parts.append(f"vectors {p.chunks_embedded}/{p.chunks_total}{pace}")
    if p.eta_s:
        parts.append(f"~{format_duration(p.eta_s)} left")
    return " · ".join(parts)


class ProgressLine:
    """Rewrites one stderr line at most ``hz`` times a second (plain lines when not a tty)."""

    def __init__(self, *, hz: float = 4.0, stream=sys.stderr) -> None:
        self.stream = stream
        self.interval = 1.0 / hz
        self.tty = stream.isatty()
        self._last = 0.0
        self._width = 0

    def __call__(self, p: IndexProgress) -> None:
        now = time.monotonic()
        final = p.phase == "idle"
        if not final and now - self._last < (self.interval if self.tty else 5.0):
            return
        self._last = now
        line = describe(p)
        if self.tty:
            pad = max(0, self._width - len(line))
            self.stream.write("\r" + line + " " * pad + ("\n" if final else ""))
            self._width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
