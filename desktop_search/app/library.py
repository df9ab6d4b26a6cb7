"""The user's document library: settings, catalog, vector spaces, indexer and search, wired once.

The CLI, the background worker and the GUI each open a ``Library`` on the same data
folder instead of assembling the parts themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_search.embed.spaces import Space, make_spaces
from desktop_search.paths import AppPaths, app_paths
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.search.engine import SearchEngine
from desktop_search.settings import Settings, load_settings, update_settings
from desktop_search.store.catalog import Catalog

if TYPE_CHECKING:
    # The search process never indexes: the indexer and its readers (0.49 s of imports
    # on top of the library's, measured with time.perf_counter around the import) load
    # in ``indexer`` only, so the first answer after launch does not wait for them.
    from desktop_search.indexing.pipeline import Indexer, ProgressCallback

# Model files ship inside packages; never let a library reach for a hub unasked.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Library:
    """Everything needed to index and search one data folder."""

    def __init__(
        self,
        paths: AppPaths | None = None,
        *,
        settings: Settings | None = None,
        readonly: bool = False,
        threads: int | None = None,
        spaces: list[Space] | None = None,
        models_in_child: bool = False,
    ) -> None:
        paths = paths or app_paths()
        # A reader creates nothing: a search on a read-only or missing data folder must
        # not fail (or leave an empty folder tree behind) for want of a folder it would
        # never write to.
        self.paths = paths if readonly else paths.ensure()
        self.settings = settings or load_settings(self.paths.settings_file)
        self.catalog = Catalog(self.paths.catalog, readonly=readonly)
        # Loaded models can be shared between libraries (tests, eval) through ``spaces``.
        # A read-only library only searches: its queries need no torch where the model allows.
        # ``models_in_child``: each model in a process of its own that ends when released.
        self._own_spaces = spaces is None
        self.spaces: list[Space] = spaces or make_spaces(
            self.settings.spaces,
            threads=threads,
            queries_only=readonly,
            models_in_child=models_in_child,
            # A reader creates nothing: it uses the cache folder only if it is there.
            cache_dir=self.paths.cache if not readonly or self.paths.cache.is_dir() else None,
        )
        self._engine: SearchEngine | None = None
        self._team_search = None
        self._team_checked = False

    @classmethod
    def at(cls, home: Path | str | None, **kwargs) -> Library:
        """Open the library under ``home`` (or the platform folders when None)."""
        return cls(app_paths(home), **kwargs)

    def change_settings(self, change: Callable[[Settings], Settings]) -> Settings:
        """Apply ``change`` to the settings as saved now and use the result: a change
        another process saved since this library read them is kept (settings.update_settings)."""
        self.settings = update_settings(self.paths.settings_file, change)
        return self.settings

    @property
    def engine(self) -> SearchEngine:
        if self._engine is None:
            self._engine = SearchEngine(self.catalog, self.spaces, self.paths.vectors)
        return self._engine

    def release_engine(self) -> None:
        """Let the search engine and its vector indexes go (at rest); the next search
        builds them again from the saved files, as at start."""
        self._engine = None

    @property
    def team_search(self):
        """A ``team.federation.TeamSearch`` over the enabled team libraries, or None."""
        if not self._team_checked:
            self._team_checked = True
            if any(t.enabled for t in self.settings.team_libraries):
                from desktop_search.team.config import team_search

                self._team_search = team_search(self.settings.team_libraries, self.spaces)
        return self._team_search

    def search(self, raw_query: str, *, on_partial=None, **kwargs):
        """Search the local library and every team library (local results first if slow)."""
        teams = self.team_search
        if teams is None:
            return self.engine.search(raw_query, **kwargs)
        return teams.search(self.engine, raw_query, on_partial=on_partial, **kwargs)

    def indexer(
        self,
        *,
        extract: Callable | None = None,
        on_progress: ProgressCallback | None = None,
        on_file_error: Callable[[str, str], None] | None = None,
    ) -> Indexer:
        """An indexer writing to this library; extraction sandboxed unless ``extract`` is given."""
        # Imported here, not above: see the note at the top (the search process never indexes).
        from desktop_search.extract import ocr
        from desktop_search.indexing.ocr_cache import OcrCache
        from desktop_search.indexing.pipeline import Indexer

        on_close = None
        on_start = None
        ocr_extract = None
        max_chars = self.settings.max_text_mb * 1_000_000
        if extract is None:
            from desktop_search.extract.sandbox import SandboxedExtractor

            sandbox = SandboxedExtractor(
                memory_limit_mb=self.settings.extract_memory_mb,
                temp_dir=self.paths.cache / "reading",
            )
            timeout = self.settings.extract_timeout_s
            max_bytes = self.settings.max_file_mb * 1024 * 1024
            on_close = sandbox.close
            on_start = sandbox.start

            def extract(path: Path):
                return sandbox.extract(
                    path, timeout_s=timeout, max_bytes=max_bytes, max_text_chars=max_chars
                )

            def ocr_extract(path: Path, pages: int):
                limit = ocr.time_limit_s(pages)
                return sandbox.extract(
                    path, timeout_s=limit, max_bytes=max_bytes, ocr=True, max_text_chars=max_chars
                )

        return Indexer(
            self.catalog,
            self.spaces,
            self.paths.vectors,
            extract=extract,
            excludes=ExcludeRules(self.settings.excludes),
            links_outside=self.settings.follow_links_outside,
            max_bytes=self.settings.max_file_mb * 1024 * 1024,
            max_text_chars=max_chars,
            on_progress=on_progress,
            on_file_error=on_file_error,
            on_close=on_close,
            on_start=on_start,
            ocr_extract=ocr_extract if self.settings.ocr and ocr.available() else None,
            ocr_cache=OcrCache(self.paths.cache / "ocr", engine=ocr.engine_id()),
        )

    def forget_folder(self, folder: str) -> int:
        """Stop searching ``folder``: drop it from settings and its files from the index."""
        folder = str(Path(folder).expanduser().resolve())
        self.change_settings(lambda s: s.without_folder(folder))
        with self.catalog.transaction():
            n = self.catalog.remove_tree(folder)
            self.catalog.collect_orphans()
        return n

    def close(self) -> None:
        if self._team_search is not None:
            self._team_search.close()
        for space in self.spaces if self._own_spaces else ():
            close = getattr(space.embedder, "close", None)  # a model's own process
            if close is not None:
                close()
        self.catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
