"""One account of where indexing is, for every place in the window that shows it.

The status bar, the empty result area, the Folders dialog and Preferences each used to
work out "is it busy? is it done?" from different inputs (the worker's state, its last
progress message, the catalog's file counts) and so contradicted each other: "Up to
date" beside "Indexing your documents…", "Waiting 0" while passages still waited for
their vectors, a Pause button when there was nothing to pause. ``IndexState`` is the
single answer, derived from all three inputs by the rules below; ``IndexStateTracker``
applies the rules about stale messages as inputs arrive. No Qt here: the rules are
tested as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop_search.indexing.messages import IDLE, INDEXING, PAUSED, RESTARTING, STARTING, STOPPED
from desktop_search.indexing.progress import IndexProgress, SpaceCount

# What the person is told indexing is doing: STARTING, RESTARTING, STOPPED, PAUSED (the
# worker's own states, from messages) or one of:
CHECKING = "checking"  # comparing the folders with the index (nothing counted yet)
READING = "reading"  # reading files: keyword search finds them as they are read
EMBEDDING = "embedding"  # learning the meaning of passages, space by space
WAITING = "waiting"  # an embedding service does not answer; it is retried
UP_TO_DATE = "up_to_date"
INCOMPLETE = "incomplete"  # the worker rests, yet the catalog says work is left

WORKING = (CHECKING, READING, EMBEDDING, WAITING)


@dataclass(frozen=True, slots=True)
class LibraryCounts:
    """What the catalog says, read in the background (the truth about what is left)."""

    documents: int = 0
    files_pending: int = 0
    files_failed: int = 0
    spaces: tuple[SpaceCount, ...] = ()

    @property
    def passages_waiting(self) -> int:
        return sum(s.waiting for s in self.spaces)


@dataclass(frozen=True, slots=True)
class IndexState:
    """Everything known about indexing at one moment, and what follows from it."""

    worker: str = STOPPED  # the client's state: starting/indexing/paused/idle/restarting/stopped
    progress: IndexProgress | None = None  # the last progress of the running pass
    counts: LibraryCounts | None = None
    for_battery: bool = False  # paused by the battery rule rather than by the person

    @property
    def phase(self) -> str:
        """What indexing is doing, one of the module's phase names."""
        worker, p = self.worker, self.progress
        if worker in (STARTING, RESTARTING, STOPPED):
            return worker
        if worker == PAUSED:
            return PAUSED
        if worker == INDEXING:
            if p is None or p.phase in ("scanning", "idle", "paused"):
                return CHECKING
            if p.phase in (READING, EMBEDDING, WAITING):
                return p.phase
            return CHECKING
        # idle: done, unless the catalog knows of files or passages still waiting
        c = self.counts
        if c is not None and (c.files_pending or c.passages_waiting):
            return INCOMPLETE
        return UP_TO_DATE

    @property
    def busy(self) -> bool:
        """Indexing is using the computer right now."""
        return self.phase in WORKING

    @property
    def can_pause(self) -> bool:
        """A Pause button makes sense: there is work going on."""
        return self.busy

    @property
    def can_resume(self) -> bool:
        return self.phase == PAUSED

    @property
    def shows_bar(self) -> bool:
        """A progress bar makes sense: there is a known amount of work."""
        p = self.progress
        if p is None:
            return False
        if self.phase == READING:
            return p.files_total > 0
        if self.phase in (EMBEDDING, PAUSED):
            return bool(self.spaces) or p.chunks_total > 0 or p.files_total > 0
        return False

    @property
    def fraction(self) -> float:
        """How much of the known work is done, 0..1."""
        p = self.progress
        if p is None:
            return 1.0 if self.phase == UP_TO_DATE else 0.0
        return replace(p, spaces=self.spaces).fraction

    @property
    def spaces(self) -> tuple[SpaceCount, ...]:
        """Passages per vector space: the newest counts, from the worker or the catalog."""
        if self.progress is not None and self.progress.spaces:
            return self.progress.spaces
        return self.counts.spaces if self.counts is not None else ()

    @property
    def passages_waiting(self) -> int:
        """Passages still without a vector, over all spaces (each space counted apart)."""
        return sum(s.waiting for s in self.spaces)

    @property
    def files_waiting(self) -> int:
        """Files still to be read."""
        p = self.progress
        if self.phase in (READING, PAUSED) and p is not None and p.files_total:
            return max(0, p.files_total - p.files_done)
        return self.counts.files_pending if self.counts is not None else 0

    @property
    def eta_s(self) -> float | None:
        """Time left for all known work, or None when there is no honest estimate.

        While files are still being read nothing is known yet about the embedding that
        follows, which is most of the time: saying "less than a minute left" at the end
        of reading, with 23 minutes of embedding to come, was the lie to avoid.
        """
        p = self.progress
        if p is None or self.phase != EMBEDDING:
            return None
        return p.eta_s


class IndexStateTracker:
    """Builds the current ``IndexState`` from inputs that arrive out of step.

    The worker's state and its progress messages travel separately, and a progress
    message may describe a moment that is already over: "paused" progress after the
    person pressed Resume, "idle" progress of the reading half just before embedding.
    Those are kept for their numbers but not allowed to change what is shown.
    """

    def __init__(self) -> None:
        self.state = IndexState()
        self._active: IndexProgress | None = None  # the last progress of real work
        self.epoch = 0  # counts one per change of the worker's state

    def set_worker(self, worker: str) -> IndexState:
        """The worker's state changed (see ``IndexingClient.state_changed``)."""
        progress, counts = self.state.progress, self.state.counts
        if worker != self.state.worker:
            self.epoch += 1
        if worker == IDLE:
            progress = None  # the pass is over; its numbers are history
            self._active = None
            if counts is not None:
                # What was left before the pass ended is not left now; fresh counts
                # (read after this) say whether anything still is.
                counts = replace(counts, files_pending=0, spaces=())
        elif worker == INDEXING and progress is not None and progress.phase in ("paused",):
            progress = self._active  # resumed: show the work again, not the pause
        elif worker in (STARTING, RESTARTING, STOPPED):
            progress = None
            self._active = None
        self.state = replace(self.state, worker=worker, progress=progress, counts=counts)
        return self.state

    def set_progress(self, progress: IndexProgress) -> IndexState:
        """A progress message from the worker."""
        if progress.phase in (READING, EMBEDDING, WAITING, "scanning"):
            self._active = progress
            shown = progress
        elif progress.phase == "paused":
            # Keep the numbers of the work that paused; the phase comes from the worker.
            shown = self._active or progress
        else:  # "idle": the worker's state says what comes next
            shown = self._active if self.state.worker == INDEXING else None
        self.state = replace(self.state, progress=shown)
        return self.state

    def set_counts(self, counts: LibraryCounts | None, epoch: int | None = None) -> IndexState:
        """New counts from the catalog, read when ``epoch`` was current.

        Counts read before the worker's state last changed describe an earlier moment
        (files pending just before the pass finished) and are not taken.
        """
        if epoch is None or epoch == self.epoch:
            self.state = replace(self.state, counts=counts)
        return self.state

    def set_for_battery(self, for_battery: bool) -> IndexState:
        self.state = replace(self.state, for_battery=for_battery)
        return self.state
