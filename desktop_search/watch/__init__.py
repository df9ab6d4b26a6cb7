"""Live folder watching: file-system events in, debounced net changes out (no Qt here)."""

from desktop_search.watch.changes import Changes, Coalescer
from desktop_search.watch.watcher import FolderWatcher, needs_polling

__all__ = ["Changes", "Coalescer", "FolderWatcher", "needs_polling"]
