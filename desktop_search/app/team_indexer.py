"""``desktop-search-cli index --team``: the local pipeline into a server-side catalog, then Milvus.

The state of a team index (its catalog, vectors and ledger) lives in a folder of its
own under the data folder, one per ``URI#collection``, so a server can feed several
team libraries and a person's own library is never touched.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_search.app.library import Library
from desktop_search.indexing.changes import ScanSummary, apply_changes
from desktop_search.indexing.progress import IndexProgress
from desktop_search.paths import AppPaths, app_paths
from desktop_search.scan.excludes import ExcludeRules
from desktop_search.settings import Settings
from desktop_search.store.team_ledger import Ledger
from desktop_search.team.target import TeamTarget, connect
from desktop_search.team.writer import SyncSummary, TeamWriter
from desktop_search.watch.watcher import FolderWatcher

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TeamRun:
    scan: ScanSummary | None
    embedded: int
    sync: SyncSummary


def state_paths(home: str | Path | None, target: TeamTarget) -> AppPaths:
    """The folders holding one team library's server-side state."""
    base = app_paths(home).data / "team"
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", target.display)[-60:]
    digest = hashlib.sha1(target.display.encode()).hexdigest()[:8]
    return app_paths(base / f"{slug}-{digest}").ensure()


class TeamIndexer:
    """Indexes folders into one team library; ``run`` once, or ``watch`` to keep it current."""

    def __init__(
        self,
        target: TeamTarget,
        *,
        home: str | Path | None = None,
        on_progress: Callable[[IndexProgress], None] | None = None,
        on_file_error: Callable[[str, str], None] | None = None,
        library=None,
    ) -> None:
        self.target = target
        self.paths = state_paths(home, target)
        self.library = library or Library(self.paths)
        self.on_progress = on_progress
        self.indexer = self.library.indexer(on_progress=on_progress, on_file_error=on_file_error)
        self.client = connect(target)
        self.ledger = Ledger(self.paths.data / "team-ledger.sqlite3")
        self.stop_event = threading.Event()

    def add_folders(self, roots: Sequence[str]) -> list[str]:
        def with_roots(settings: Settings) -> Settings:
            for root in roots:
                settings = settings.with_folder(root)
            return settings

        if with_roots(self.library.settings) != self.library.settings:
            self.library.change_settings(with_roots)
        return list(self.library.settings.folders)

    def _writer(self) -> TeamWriter:
        cat = self.library.catalog
        names = {s.name for s in self.library.spaces}
        return TeamWriter(
            self.client,
            self.target,
            cat,
            self.ledger,
            [r for r in cat.spaces() if r.name in names],
            on_progress=self.on_progress,
            stop_event=self.stop_event,
        )

    def run(self, roots: Sequence[str] | None = None, *, rescan: bool = True) -> TeamRun:
        """Scan, read and embed what changed, then write it to Milvus."""
        scan = self.indexer.scan(list(roots or self.library.settings.folders)) if rescan else None
        progress = self.indexer.run()
        if self.stop_event.is_set() or self.indexer.stop_event.is_set():
            return TeamRun(scan, progress.chunks_embedded, SyncSummary(0, 0, 0, 0, 0, False))
        return TeamRun(scan, progress.chunks_embedded, self._writer().sync())

    def watch(
        self, *, on_run: Callable[[TeamRun], None] | None = None, polling: bool = False
    ) -> None:
        """Keep the team library current until ``stop`` (Ctrl+C): changes, then a sync."""
        roots = list(self.library.settings.folders)
        excludes = ExcludeRules(self.library.settings.excludes)
        batches: queue.Queue = queue.Queue()
        watcher = FolderWatcher(roots, excludes, batches.put, polling=polling)
        watcher.start()
        try:
            while not self.stop_event.is_set():
                try:
                    changes = batches.get(timeout=0.5)
                except queue.Empty:
                    continue
                if changes.lost:
                    result = self.run(roots)
                else:
                    apply_changes(
                        self.library.catalog,
                        changes,
                        roots,
                        excludes,
                        links_outside=self.library.settings.follow_links_outside,
                    )
                    result = self.run(rescan=False)
                if on_run:
                    on_run(result)
        finally:
            watcher.stop()

    def stop(self) -> None:
        self.stop_event.set()
        self.indexer.stop()

    def close(self) -> None:
        self.indexer.close()
        self.ledger.close()
        try:
            self.client.close()
        except Exception:
            log.debug("closing the team client failed", exc_info=True)
        self.library.close()
