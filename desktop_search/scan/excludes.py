"""Which paths the user does not want searched (hidden folders, node_modules, build output...).

Patterns are matched against each path component's name (``node_modules``, ``.*``,
``*.tmp``) so one list serves the folder walk and the live watcher alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import PurePath


class ExcludeRules:
    """Name patterns; a path is excluded when any component below its root matches one."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(p for p in patterns if p)

    def name_excluded(self, name: str) -> bool:
        """True when a file or folder with this name is left out."""
        return any(fnmatchcase(name, p) for p in self.patterns)

    def path_excluded(self, path: str, root: str) -> bool:
        """True when ``path`` (under ``root``) or any folder between them is left out."""
        try:
            rel = PurePath(path).relative_to(root)
        except ValueError:
            return True
        return any(self.name_excluded(part) for part in rel.parts)
