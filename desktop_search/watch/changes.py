"""What changed on disk in one burst, reduced to its net effect.

Editors save through a temporary file and a rename, ``git checkout`` rewrites
hundreds of files in a second, a folder rename reports every file inside it. The
indexer wants none of that history, only the outcome: which files to (re)read, which
paths are gone, which were renamed (so their text and vectors move with them instead
of being read and embedded again). ``Coalescer`` folds a stream of events into that
outcome; ``Changes`` is the small frozen result handed to the indexing side.

Paths here are already known to be inside a watched folder and not excluded; the
watcher decides that before feeding events in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """One debounced batch of file-system changes, as its net effect."""

    upserted: frozenset[str] = frozenset()  # files to read if changed; a folder means all below it
    deleted: frozenset[str] = frozenset()  # files or whole folders that are gone
    moved: tuple[tuple[str, str], ...] = ()  # (old, new) files or folders, in order
    lost: bool = False  # the system dropped events: only a rescan of every folder can tell

    def __bool__(self) -> bool:
        return bool(self.upserted or self.deleted or self.moved or self.lost)

    def __len__(self) -> int:
        return len(self.upserted) + len(self.deleted) + len(self.moved)


def is_under(path: str, folder: str) -> bool:
    """True when ``path`` is ``folder`` or anything below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _repath(path: str, old: str, new: str) -> str:
    return new + path[len(old) :]


def _ancestors(path: str) -> list[str]:
    """The folders above ``path``, nearest first."""
    out = []
    parent = os.path.dirname(path)
    while parent and parent != path:
        out.append(parent)
        path, parent = parent, os.path.dirname(parent)
    return out


class Coalescer:
    """Folds file events into one ``Changes``; not thread-safe (the watcher holds a lock).

    A file event costs time in the depth of its path, not in the size of the batch, so
    a burst of tens of thousands of events stays cheap; only folder events scan the
    batch.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._upserted: dict[str, bool] = {}  # path -> is a folder (insertion-ordered)
        self._upserted_dirs: set[str] = set()
        self._created: set[str] = set()  # came into being in this batch: unknown to the catalog
        self._deleted: set[str] = set()
        self._moves: list[tuple[str, str] | None] = []  # None: cancelled (moved back)
        self._move_to: dict[str, int] = {}  # destination -> index in _moves
        self._dir_moves: dict[str, str] = {}  # folder moves, old -> new
        self._touched: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._upserted or self._deleted or self._move_to)

    # -- helpers -------------------------------------------------------------------
    def _covered_by_folder(self, path: str) -> bool:
        """True when an upserted folder above ``path`` will be walked anyway."""
        return bool(self._upserted_dirs) and any(a in self._upserted_dirs for a in _ancestors(path))

    def _upsert(self, path: str, is_dir: bool) -> None:
        self._upserted[path] = is_dir or self._upserted.get(path, False)
        if self._upserted[path]:
            self._upserted_dirs.add(path)

    def _unupsert(self, path: str) -> None:
        self._upserted.pop(path, None)
        self._upserted_dirs.discard(path)

    def _drop_upserts_under(self, folder: str, *, is_dir: bool, keep_self: bool = False) -> None:
        if not keep_self:
            self._unupsert(folder)
        if is_dir:
            for p in [p for p in self._upserted if p != folder and is_under(p, folder)]:
                self._unupsert(p)

    def _add_move(self, old: str, new: str) -> None:
        self._move_to[new] = len(self._moves)
        self._moves.append((old, new))

    def _cancel_move(self, dest: str) -> tuple[str, str] | None:
        index = self._move_to.pop(dest, None)
        if index is None:
            return None
        move, self._moves[index] = self._moves[index], None
        return move

    # -- events ----------------------------------------------------------------------
    def created(self, path: str, *, is_dir: bool = False) -> None:
        """``path`` appeared (new file or folder)."""
        if path not in self._touched:
            self._created.add(path)
        self._touched.add(path)
        self._deleted.discard(path)
        if self._covered_by_folder(path):
            return
        if is_dir:
            self._drop_upserts_under(path, is_dir=True, keep_self=True)
        self._upsert(path, is_dir)

    def modified(self, path: str) -> None:
        """``path``'s content changed."""
        self._touched.add(path)
        self._deleted.discard(path)
        if path not in self._upserted and not self._covered_by_folder(path):
            self._upsert(path, False)

    def deleted(self, path: str, *, is_dir: bool = False) -> None:
        """``path`` (a file or a whole folder) is gone."""
        self._touched.add(path)
        self._drop_upserts_under(path, is_dir=is_dir)
        # Something moved into the deleted place is gone too: forget it at its old name.
        dests = [path] if not is_dir else [d for d in self._move_to if is_under(d, path)]
        for dest in dests:
            move = self._cancel_move(dest)
            if move is not None:
                self._dir_moves.pop(move[0], None)
                self._deleted.add(move[0])
        was_created = path in self._created
        self._created.discard(path)
        if is_dir:
            self._created = {p for p in self._created if not is_under(p, path)}
        if was_created:
            return  # born and gone within the batch: the catalog never knew it
        if any(a in self._deleted for a in _ancestors(path)):
            return
        if is_dir:
            self._deleted = {d for d in self._deleted if not is_under(d, path)}
        self._deleted.add(path)

    def moved(self, old: str, new: str, *, is_dir: bool = False) -> None:
        """``old`` was renamed or moved to ``new`` (both watched)."""
        # A folder move is followed by one event per file inside it; the folder says it all.
        for a in _ancestors(old):
            b = self._dir_moves.get(a)
            if b is not None and new == _repath(old, a, b):
                return
        index = self._move_to.get(new)
        if index is not None and self._moves[index] == (old, new):
            return
        if is_dir:  # polling reports the files inside before the folder itself
            for dest in [d for d in self._move_to if d != new and is_under(d, new)]:
                move = self._moves[self._move_to[dest]]
                if move is not None and move[0] == _repath(dest, new, old):
                    self._cancel_move(dest)
        self._touched.update((old, new))
        # Replacing whatever was at ``new``: it is no longer deleted, its old events are moot,
        # and a file moved there earlier in the batch is overwritten: gone.
        replaced = self._cancel_move(new)
        if replaced is not None:
            self._dir_moves.pop(replaced[0], None)
            self._deleted.add(replaced[0])
        self._deleted.discard(new)
        if is_dir:
            self._deleted = {d for d in self._deleted if not is_under(d, new)}
        self._drop_upserts_under(new, is_dir=is_dir)
        if old in self._created or self._covered_by_folder(old):
            # A file born in this batch (an editor's temp file): only its final name matters.
            self._drop_upserts_under(old, is_dir=is_dir)
            self._created.discard(old)
            if is_dir:
                self._created = {p for p in self._created if not is_under(p, old)}
            self._upsert(new, is_dir)
            return
        # Carry pending reads along to the new name.
        if old in self._upserted:
            self._upsert(new, self._upserted[old])
            self._unupsert(old)
        if old in self._created:
            self._created.discard(old)
            self._created.add(new)
        if is_dir:
            for p in [p for p in self._upserted if is_under(p, old)]:
                self._upsert(_repath(p, old, new), self._upserted[p])
                self._unupsert(p)
            self._created = {_repath(p, old, new) if is_under(p, old) else p for p in self._created}
        earlier = self._move_to.pop(old, None)
        if earlier is not None:  # a -> old -> new is a -> new, in a's place in the order
            source = self._moves[earlier][0]  # type: ignore[index]
            self._dir_moves.pop(source, None)
            if source == new:
                self._moves[earlier] = None  # moved back
                return
            self._moves[earlier] = (source, new)
            self._move_to[new] = earlier
            if is_dir:
                self._dir_moves[source] = new
            return
        self._add_move(old, new)
        if is_dir:
            self._dir_moves[old] = new

    def take(self) -> Changes:
        """The net effect so far, and start a new batch."""
        changes = Changes(
            upserted=frozenset(self._upserted),
            deleted=frozenset(self._deleted),
            moved=tuple(m for m in self._moves if m is not None),
        )
        self._reset()
        return changes
