"""Server paths -> what this desktop opens: a mount point, a UNC path or an smb:// URL.

The file server indexes ``/srv/share/projects/a.pdf``; one desktop mounts the share at
``/mnt/share``, a Windows desktop reaches it as ``\\\\files\\share`` and a Mac as
``smb://files/share``. Each team library carries a list of (server prefix, local
prefix) pairs; the longest matching prefix wins, and a path no pair covers is shown as
the server wrote it. The reverse turns a local folder filter into the server's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


def _is_url(prefix: str) -> bool:
    return "://" in prefix


def _sep(prefix: str) -> str:
    if _is_url(prefix):
        return "/"
    if prefix.startswith("\\\\") or (len(prefix) >= 2 and prefix[1] == ":"):
        return "\\"
    return "/"


def _under(path: str, prefix: str) -> str | None:
    """The rest of ``path`` below ``prefix`` (separators as '/'), or None."""
    p = path.replace("\\", "/")
    base = prefix.replace("\\", "/").rstrip("/")
    if p == base:
        return ""
    if p.startswith(base + "/"):
        return p[len(base) + 1 :]
    return None


@dataclass(frozen=True, slots=True)
class PathMap:
    pairs: tuple[tuple[str, str], ...] = ()  # (server prefix, local prefix)

    def to_local(self, server_path: str) -> str:
        """Where this desktop finds ``server_path``."""
        best = None
        for server, local in self.pairs:
            rest = _under(server_path, server)
            if rest is not None and (best is None or len(server) > len(best[0])):
                best = (server, local, rest)
        if best is None:
            return server_path
        _, local, rest = best
        if not rest:
            return local
        sep = _sep(local)
        if _is_url(local):
            rest = "/".join(quote(part) for part in rest.split("/"))
        return local.rstrip("/\\") + sep + rest.replace("/", sep)

    def to_server(self, local_path: str) -> str | None:
        """The server's path for a local folder (a filter), or None when none maps.

        With no pairs at all the paths are taken to be the same on both sides."""
        if not self.pairs:
            return local_path
        best = None
        for server, local in self.pairs:
            rest = _under(local_path, local) if not _is_url(local) else None
            if rest is not None and (best is None or len(local) > len(best[1])):
                best = (server, local, rest)
        if best is None:
            return None
        server, _, rest = best
        return server.rstrip("/") + ("/" + rest if rest else "")
