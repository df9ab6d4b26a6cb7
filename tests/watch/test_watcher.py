"""The watcher turns real file-system activity into few, net batches of changes."""

from __future__ import annotations

import os
import threading
import time

import pytest

from desktop_search.scan.excludes import ExcludeRules
from desktop_search.settings import DEFAULT_EXCLUDES
from desktop_search.watch import Changes, FolderWatcher


class Batches:
    """Collects delivered batches; waits for the ones a test expects."""

    def __init__(self) -> None:
        self.items: list[Changes] = []
        self._cond = threading.Condition()

    def __call__(self, changes: Changes) -> None:
        with self._cond:
            self.items.append(changes)
            self._cond.notify_all()

    def wait(self, predicate, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    @property
    def upserted(self) -> set[str]:
        return {p for c in self.items for p in c.upserted}

    @property
    def deleted(self) -> set[str]:
        return {p for c in self.items for p in c.deleted}

    @property
    def moved(self) -> list[tuple[str, str]]:
        return [m for c in self.items for m in c.moved]


@pytest.fixture(params=["native", "polling"])
def watched(request, tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "old.txt").write_text("existing")
    batches = Batches()
    polling = request.param == "polling"
    watcher = FolderWatcher(
        [str(root)],
        ExcludeRules(DEFAULT_EXCLUDES),
        batches,
        quiet_s=0.25,
        max_delay_s=1.5,
        polling=polling,
        poll_interval_s=0.2,
    )
    watcher.start()
    assert watcher.watched() == {str(root.resolve()): request.param}
    yield root.resolve(), batches, watcher
    watcher.stop()


def _settle(batches: Batches, seconds: float = 0.8) -> None:
    """Wait until no batch has arrived for ``seconds``."""
    count = -1
    while count != len(batches.items):
        count = len(batches.items)
        time.sleep(seconds)


def test_editor_save_via_temp_file_is_one_upsert_of_the_final_name(watched):
    root, batches, _ = watched
    final = root / "notes.txt"
    final.write_text("first version")
    assert batches.wait(lambda b: str(final) in b.upserted)
    _settle(batches)
    batches.items.clear()
    tmp = root / ".notes.txt.swx"  # hidden temp file, as editors write
    tmp.write_text("second version")
    os.replace(tmp, final)
    assert batches.wait(lambda b: b.items)
    _settle(batches)
    assert batches.upserted == {str(final)}
    assert not batches.deleted and not batches.moved


def test_a_burst_of_a_thousand_writes_is_a_handful_of_batches(watched):
    root, batches, _ = watched
    sub = root / "checkout"
    sub.mkdir()
    _settle(batches, 0.8)
    batches.items.clear()
    files = [sub / f"file{i:04}.md" for i in range(1000)]
    for f in files:
        f.write_text(f"content {f.name}")
    assert batches.wait(lambda b: {str(f) for f in files} <= b.upserted, timeout=20)
    _settle(batches)
    assert len(batches.items) <= 5
    assert sum(len(c.upserted) for c in batches.items) == 1000


def test_hidden_excluded_and_unsupported_files_are_ignored(watched):
    root, batches, _ = watched
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("x")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "readme.md").write_text("x")
    (root / "draft.txt.tmp").write_text("x")
    (root / "~$report.docx").write_text("x")
    (root / "photo.bin").write_bytes(b"\0\1")
    (root / "visible.txt").write_text("x")  # the one that counts, written last
    assert batches.wait(lambda b: str(root / "visible.txt") in b.upserted)
    _settle(batches)
    assert batches.upserted == {str(root / "visible.txt")}
    assert not batches.deleted and not batches.moved


def test_folder_rename_is_a_move(watched):
    root, batches, _ = watched
    old = root / "projects"
    old.mkdir()
    for i in range(5):
        (old / f"p{i}.txt").write_text("x")
    _settle(batches)
    batches.items.clear()
    old.rename(root / "archive")
    assert batches.wait(lambda b: b.items)
    _settle(batches)
    assert batches.moved == [(str(old), str(root / "archive"))]
    assert not batches.deleted
    assert batches.upserted <= {str(root / "archive")}


# watchdog warns when a folder it watched comes back under the same inode; harmless here.
@pytest.mark.filterwarnings("ignore:Callback with id:RuntimeWarning")
def test_folder_moved_out_is_deleted_and_moved_in_is_created(watched, tmp_path):
    root, batches, _ = watched
    inside = root / "trip"
    inside.mkdir()
    (inside / "plan.txt").write_text("x")
    _settle(batches)
    batches.items.clear()
    outside = tmp_path / "elsewhere"
    inside.rename(outside)
    assert batches.wait(lambda b: str(inside) in b.deleted)
    _settle(batches)
    batches.items.clear()
    outside.rename(root / "back")
    assert batches.wait(lambda b: b.upserted)
    _settle(batches)
    assert batches.upserted in ({str(root / "back")}, {str(root / "back" / "plan.txt")})
    assert not batches.deleted


def test_delete_and_rename_of_files(watched):
    root, batches, _ = watched
    (root / "old.txt").rename(root / "new.txt")
    assert batches.wait(lambda b: b.moved)
    _settle(batches)
    assert batches.moved == [(str(root / "old.txt"), str(root / "new.txt"))]
    (root / "new.txt").unlink()
    assert batches.wait(lambda b: str(root / "new.txt") in b.deleted)


def test_roots_can_change_while_running(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    batches = Batches()
    with FolderWatcher([str(a)], ExcludeRules(()), batches, quiet_s=0.2) as watcher:
        watcher.set_roots([str(b)])
        assert watcher.watched() == {str(b.resolve()): "native"}
        (a / "ignored.txt").write_text("x")
        (b / "seen.txt").write_text("x")
        assert batches.wait(lambda x: x.upserted)
        _settle(batches, 0.6)
        assert batches.upserted == {str(b.resolve() / "seen.txt")}


@pytest.fixture
def tiny_inotify_queue():
    """Make new inotify instances overflow after 8 events (Linux, root); restore after."""
    knob = "/proc/sys/fs/inotify/max_queued_events"
    try:
        with open(knob) as fh:
            saved = fh.read().strip()
        with open(knob, "w") as fh:
            fh.write("8")
    except OSError:
        pytest.skip("needs Linux and permission to set fs.inotify.max_queued_events")
    yield
    with open(knob, "w") as fh:
        fh.write(saved)


def test_an_overflowing_event_queue_asks_for_a_rescan(tmp_path, tiny_inotify_queue):
    """When the kernel drops events, the batch says so: only a rescan can find what changed."""
    root = tmp_path / "docs"
    root.mkdir()
    batches = Batches()
    watcher = FolderWatcher([str(root)], ExcludeRules(()), batches, quiet_s=0.25)
    watcher.start()
    try:
        for i in range(400):  # far more events than the queue holds, faster than they are read
            (root / f"note{i:03}.txt").write_text("x")
        assert batches.wait(lambda b: any(c.lost for c in b.items))
    finally:
        watcher.stop()
