"""The messages between the app and its background indexing worker process.

Indexing runs in its own process (a parser that crashes or holds the GIL must not
freeze or kill the window). The two sides talk over one ``multiprocessing``
connection: commands go in, events come out, each a small frozen dataclass that
pickles in microseconds. This module is the whole protocol; neither side sends
anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_search.indexing.progress import IndexProgress
from desktop_search.settings import Settings

# Worker states, as the app shows them. The app adds "restarting" and "stopped" itself.
STARTING = "starting"
INDEXING = "indexing"
PAUSED = "paused"
IDLE = "idle"
RESTARTING = "restarting"
STOPPED = "stopped"


# -- commands: app -> worker ---------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AddFolder:
    """Search this folder too: save it in the settings, watch it, index it."""

    path: str


@dataclass(frozen=True, slots=True)
class RemoveFolder:
    """Stop searching this folder: drop it from settings, watching and the index."""

    path: str


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop using the CPU for indexing until ``Resume`` (watching keeps recording changes)."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Carry on after ``Pause``."""


@dataclass(frozen=True, slots=True)
class Rescan:
    """Re-read the settings and compare every folder with the index."""


@dataclass(frozen=True, slots=True)
class ChangeSettings:
    """Change these settings (name, value) in the file the worker owns; the worker applies
    them to what is saved now, so its own changes (folders) and the window's both stay."""

    changes: tuple[tuple[str, object], ...]

    @classmethod
    def of(cls, **changes: object) -> ChangeSettings:
        return cls(tuple(changes.items()))


@dataclass(frozen=True, slots=True)
class DropSpaces:
    """The person removed these vector spaces: delete their vectors (catalog rows and saved
    index files) and stop embedding into them. ``SpacesDropped`` says when it is done."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Shutdown:
    """Finish the current step, save, and exit."""


Command = (
    AddFolder | RemoveFolder | Pause | Resume | Rescan | ChangeSettings | DropSpaces | Shutdown
)


# -- events: worker -> app -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Progress:
    """How far indexing is (sent a few times a second at most)."""

    progress: IndexProgress


@dataclass(frozen=True, slots=True)
class FileFailed:
    """A file (or folder) could not be indexed; ``reason`` is plain words for the user."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IndexChanged:
    """New keyword or vector data, or removed files, are committed: re-run the search."""


@dataclass(frozen=True, slots=True)
class StateChanged:
    """The worker is now ``state`` (one of STARTING, INDEXING, PAUSED, IDLE)."""

    state: str


@dataclass(frozen=True, slots=True)
class SettingsChanged:
    """The settings as the worker saved them, after a change (the window shows these)."""

    settings: Settings


@dataclass(frozen=True, slots=True)
class SpacesDropped:
    """The vectors of these spaces are gone (``DropSpaces`` done); the window restarts the
    indexer on the models now in the settings."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Error:
    """Something went wrong beyond one file; ``fatal`` means restarting will not help."""

    message: str
    fatal: bool = False


Event = (
    Progress | FileFailed | IndexChanged | StateChanged | SettingsChanged | SpacesDropped | Error
)


# -- start-up ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What the worker process needs to start; given once, when it is spawned."""

    home: str | None = None  # data home (None: $DESKTOP_SEARCH_HOME or the platform folders)
    extract: str | None = None  # "module:function" to extract in-process instead of sandboxed
    polling: bool = False  # watch folders by polling instead of native events
    quiet_s: float = 0.4  # how long a burst of changes must be quiet before indexing it
    progress_interval_s: float = 0.2  # at most this often a Progress event
    save_interval_s: float = 120.0  # at most this often the FAISS caches are rewritten
    release_after_s: float = 120.0  # idle this long: unload the models (reloaded on demand)
