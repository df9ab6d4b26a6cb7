"""The background worker, driven through the GUI's IndexingClient, as a user would notice it.

Each test starts a real worker process on a tmp data home and checks what search
(through its own read-only Library, as the window does) shows after files change
on disk: created, edited, renamed, moved, deleted, written in a burst, changed while
the app was closed, or crashing the indexer.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import QTimer

from desktop_search.app.indexer_process import EXTRACT_ENV
from desktop_search.gui import indexing_client
from desktop_search.gui.indexing_client import IndexingClient
from desktop_search.indexing.crash_ledger import QUARANTINE_REASON
from desktop_search.paths import app_paths
from desktop_search.settings import Settings, load_settings, save_settings
from tests.app import last_file_waits

LIVE_S = 5.0  # a change on disk must show in search within this
START_S = 90.0  # worker start, first scan and model loading on a busy 2-core machine


def _configure(home: Path, *folders: Path) -> None:
    settings = Settings(folders=tuple(str(f.resolve()) for f in folders))
    save_settings(settings, app_paths(home).ensure().settings_file)


class Recorder:
    """Everything the client emitted, in order."""

    def __init__(self, client: IndexingClient) -> None:
        self.states: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.crashed: list[str] = []
        self.changed = 0
        self.progress: list = []
        client.state_changed.connect(self.states.append)
        client.file_failed.connect(lambda p, r: self.failed.append((p, r)))
        client.worker_crashed.connect(self.crashed.append)
        client.index_changed.connect(self._on_changed)
        client.progress.connect(self.progress.append)

    def _on_changed(self) -> None:
        self.changed += 1


class Search:
    """The window's view of the index: a read-only library of its own."""

    def __init__(self, home: Path, spaces=None) -> None:
        from desktop_search.app.library import Library

        self.lib = Library(app_paths(home), readonly=True, threads=1, spaces=spaces)

    def paths(self, query: str, mode: str = "keyword") -> list[str]:
        return [h.path for h in self.lib.engine.search(query, k=10, mode=mode).hits]

    def file(self, path: Path):
        return self.lib.catalog.file(str(path))

    def embedded(self, path: Path) -> bool:
        """True when ``path`` is indexed and each of its chunks has a vector in every space."""
        record = self.file(path)
        if record is None or record.content_id is None:
            return False
        return (
            self.count(
                "SELECT count(*) FROM chunks k JOIN spaces s ON instr(s.languages, k.language) "
                f"WHERE k.content_id = {record.content_id} AND NOT EXISTS (SELECT 1 FROM vectors v "
                "WHERE v.chunk_id = k.id AND v.space_id = s.id)"
            )
            == 0
            and self.count("SELECT count(*) FROM spaces") > 0
        )

    def count(self, sql: str) -> int:
        return self.lib.catalog.db.execute(sql).fetchone()[0]

    def close(self) -> None:
        self.lib.close()


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def client(qtbot, home):
    c = IndexingClient(home)
    c.recorder = Recorder(c)
    yield c
    c.stop()


@pytest.fixture
def search(home):
    opened: list[Search] = []

    def open_(spaces=None) -> Search:
        s = Search(home, spaces)
        opened.append(s)
        return s

    yield open_
    for s in opened:
        s.close()


def _wait_idle(qtbot, client: IndexingClient, timeout: float = START_S) -> None:
    qtbot.waitUntil(lambda: client.state == "idle", timeout=int(timeout * 1000))


def _within(qtbot, condition, seconds: float = LIVE_S) -> None:
    qtbot.waitUntil(condition, timeout=int(seconds * 1000))


def test_changes_while_running_show_in_search_within_seconds(
    qtbot, tmp_path, home, client, search, spaces
):
    docs, other, extra = tmp_path / "docs", tmp_path / "other", tmp_path / "extra"
    for folder in (docs, other, extra):
        folder.mkdir()
    (docs / "stars.txt").write_text("Telescopes reveal distant galaxies and nebulae at night.")
    (extra / "walrus.txt").write_text("A walrus hauled out on the ice floe.")
    _configure(home, docs, other)
    client.start()
    _wait_idle(qtbot, client)
    s = search(spaces)
    assert s.paths("galaxies") == [str(docs / "stars.txt")]
    s.paths("warm up the models", mode="semantic")

    note = docs / "note.txt"
    note.write_text("A pelican colony nests near the estuary every spring.")
    _within(qtbot, lambda: s.paths("pelican") == [str(note)])

    note.write_text("Flamingos wade in the salt lagoon.")  # edited: old words go, new ones come
    _within(qtbot, lambda: s.paths("flamingos") == [str(note)] and not s.paths("pelican"))
    content = s.file(note).content_id

    renamed = docs / "birds.txt"
    note.rename(renamed)
    _within(qtbot, lambda: s.paths("flamingos") == [str(renamed)])
    assert s.file(renamed).content_id == content  # moved, not read or embedded again

    moved = other / "birds.txt"
    renamed.rename(moved)
    _within(qtbot, lambda: s.paths("flamingos") == [str(moved)])
    assert s.file(moved).content_id == content

    moved.unlink()
    _within(qtbot, lambda: s.paths("flamingos") == [])
    assert client.recorder.changed > 0

    # Meaning, not words: a new file is found by a query it shares no word with.
    bread = docs / "baking.txt"
    bread.write_text("Knead the dough, let it rise for an hour, then bake it in a hot oven.")
    _within(qtbot, lambda: s.embedded(bread))  # polled cheaply: a query embeds in two models
    assert s.paths("how to make a loaf at home", mode="semantic")[:1] == [str(bread)]

    # Folders chosen and dropped while running.
    client.add_folder(str(extra))
    _within(qtbot, lambda: s.paths("walrus") == [str(extra / "walrus.txt")])
    client.remove_folder(str(extra))
    _within(qtbot, lambda: s.paths("walrus") == [])
    assert str(extra.resolve()) not in load_settings(app_paths(home).settings_file).folders

    # Paused: nothing is read until resumed.
    client.pause()
    _within(qtbot, lambda: client.state == "paused")
    (docs / "later.txt").write_text("Marmots whistle from the alpine meadow.")
    qtbot.wait(1500)
    assert s.paths("marmots") == []
    assert client.state == "paused"
    client.resume()
    _within(qtbot, lambda: s.paths("marmots") == [str(docs / "later.txt")])
    assert not client.recorder.crashed


def test_a_burst_of_500_files_is_indexed_exactly_once(qtbot, tmp_path, home, client, search):
    docs = tmp_path / "docs"
    docs.mkdir()
    _configure(home, docs)
    client.start()
    _wait_idle(qtbot, client)
    burst = docs / "burst"
    burst.mkdir()
    for i in range(500):
        (burst / f"note{i:03}.txt").write_text(f"Note {i}: the token zq{i}x appears only here.")
    s = search()
    indexed = "SELECT count(*) FROM files WHERE status='indexed'"
    _within(qtbot, lambda: s.count(indexed) == 500, START_S)
    assert s.paths("zq123x") == [str(burst / "note123.txt")]
    read_at = {f.path: f.indexed_at for f in s.lib.catalog.files()}
    qtbot.wait(2000)  # longer than a burst's quiet period: late events must not re-read
    assert {f.path: f.indexed_at for f in s.lib.catalog.files()} == read_at
    assert s.count("SELECT count(*) FROM files") == 500
    assert s.count("SELECT count(*) FROM contents") == 500
    assert s.count("SELECT count(*) FROM chunks") == 500
    # No chunk embedded twice: the vector log (not pruned before shutdown) has one 'add' each.
    assert s.count("SELECT count(*) FROM vector_log WHERE op='add'") == s.count(
        "SELECT count(*) FROM vectors"
    )


def test_changes_made_while_stopped_are_found_at_next_start(qtbot, tmp_path, home, client, search):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "edit.txt").write_text("Original wording about kayaks.")
    (docs / "delete.txt").write_text("Soon deleted text about zeppelins.")
    (docs / "rename.txt").write_text("Renamed text about harpsichords.")
    _configure(home, docs)
    client.start()
    _wait_idle(qtbot, client)
    client.stop()
    assert client.state == "stopped"
    s = search()
    content = s.file(docs / "rename.txt").content_id
    vectors = s.count("SELECT count(*) FROM vectors")

    (docs / "edit.txt").write_text("New wording about canoes, much longer than before.")
    (docs / "delete.txt").unlink()
    (docs / "rename.txt").rename(docs / "renamed.txt")
    (docs / "added.txt").write_text("Added while closed: lighthouses.")
    client.start()
    _wait_idle(qtbot, client)
    _within(qtbot, lambda: s.paths("lighthouses") == [str(docs / "added.txt")])
    assert s.paths("canoes") == [str(docs / "edit.txt")]
    assert s.paths("kayaks") == []
    assert s.paths("zeppelins") == []
    assert s.paths("harpsichords") == [str(docs / "renamed.txt")]
    assert s.file(docs / "renamed.txt").content_id == content  # reused by hash, not re-embedded
    # Only the edited and the added file made new vectors (one chunk each, per space).
    assert s.count("SELECT count(*) FROM vectors") - vectors <= 2 * 2


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_links_out_of_the_folder_are_followed_when_the_setting_says_so(
    qtbot, tmp_path, home, client, search
):
    """The worker honours ``follow_links_outside`` as ``index`` does: at start and live."""
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    docs.mkdir()
    outside.mkdir()
    (outside / "otters.txt").write_text("Sea otters hold hands while they sleep.")
    (outside / "puffins.txt").write_text("Puffins carry a beakful of sand eels.")
    (docs / "otters.txt").symlink_to(outside / "otters.txt")
    settings = Settings(folders=(str(docs.resolve()),), follow_links_outside=True)
    save_settings(settings, app_paths(home).ensure().settings_file)
    client.start()
    _wait_idle(qtbot, client)
    s = search()
    assert s.paths("otters") == [str(docs.resolve() / "otters.txt")]
    (docs / "puffins.txt").symlink_to(outside / "puffins.txt")
    _within(qtbot, lambda: s.paths("puffins") == [str(docs.resolve() / "puffins.txt")])
    assert not client.recorder.failed


@pytest.fixture
def heartbeat(qtbot):
    """A 10 ms QTimer; records the longest gap between its ticks (event loop stalls)."""
    beats = {"last": time.perf_counter(), "longest": 0.0, "ticks": 0}

    def tick() -> None:
        now = time.perf_counter()
        beats["longest"] = max(beats["longest"], now - beats["last"])
        beats["last"] = now
        beats["ticks"] += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    yield beats
    timer.stop()


def test_a_crashing_file_is_read_last_then_quarantined_and_the_rest_still_indexed(
    qtbot, tmp_path, home, client, search, monkeypatch, heartbeat
):
    """One policy for a file that ends the indexer (indexing/crash_ledger.py), in the
    worker as in ``index``: once may be bad luck, so it is read after the rest; twice,
    it is skipped until it changes. (The worker used to fail it after one crash, with a
    reason of its own, while the ledger waited for two.)"""
    monkeypatch.setenv(EXTRACT_ENV, "tests.indexing.crashing_extractor:extract")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alpha.txt").write_text("Alpha document about glaciers.")
    (docs / "crash-me.txt").write_text("This file takes the indexer down.")
    (docs / "omega.txt").write_text("Omega document about volcanoes.")
    _configure(home, docs)
    rec = client.recorder
    client.start()
    crash_me = str(docs / "crash-me.txt")
    _within(qtbot, lambda: bool(rec.crashed), START_S)
    assert "stopped unexpectedly (exit code 7)" in rec.crashed[0]
    _within(qtbot, lambda: len(rec.crashed) == 2, START_S)  # read again, last
    assert "stopped unexpectedly (exit code 7)" in rec.crashed[1]
    _within(qtbot, lambda: (crash_me, QUARANTINE_REASON) in rec.failed, START_S)
    _wait_idle(qtbot, client)
    assert [reason for path, reason in rec.failed if path == crash_me] == [QUARANTINE_REASON]
    s = search()
    assert s.paths("glaciers") == [str(docs / "alpha.txt")]
    assert s.paths("volcanoes") == [str(docs / "omega.txt")]
    assert s.file(docs / "crash-me.txt").status == "failed"
    assert "restarting" in rec.states

    # Killed outright (out-of-memory killer, a native crash): restarted, work carries on.
    os.kill(client.worker_pid, signal.SIGKILL)
    _within(qtbot, lambda: len(rec.crashed) == 3, 10)
    assert "signal 9" in rec.crashed[2]
    _wait_idle(qtbot, client)
    (docs / "after.txt").write_text("Written after the restart: fjords.")
    _within(qtbot, lambda: s.paths("fjords") == [str(docs / "after.txt")])

    assert heartbeat["ticks"] > 100
    assert heartbeat["longest"] < 1.0, f"event loop stalled {heartbeat['longest']:.3f} s"


def test_gives_up_after_repeated_quick_crashes(qtbot, tmp_path, home, client, monkeypatch):
    monkeypatch.setenv(EXTRACT_ENV, "tests.indexing.crashing_extractor:extract")
    monkeypatch.setattr(indexing_client, "MAX_QUICK_CRASHES", 1)
    monkeypatch.setattr(indexing_client, "BACKOFF_S", (0.1,))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("crash-me-1.txt", "crash-me-2.txt"):
        (docs / name).write_text("each of these takes the indexer down")
    _configure(home, docs)
    client.start()
    _within(qtbot, lambda: client.state == "stopped" and len(client.recorder.crashed) == 2, START_S)
    assert "keeps stopping" in client.recorder.crashed[-1]
    assert client.worker_pid is None


def test_a_damaged_catalog_is_reported_once_not_restarted(qtbot, home, client):
    paths = app_paths(home).ensure()
    paths.catalog.write_bytes(b"this is not a database" * 100)
    client.start()
    _within(qtbot, lambda: client.state == "stopped", START_S)
    assert len(client.recorder.crashed) == 1
    assert "cannot run" in client.recorder.crashed[0]
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(paths.catalog).execute("SELECT * FROM files").fetchall()


def _model_processes(worker: psutil.Process) -> list[psutil.Process]:
    from desktop_search.embed.child_process import PROCESS_NAME

    return [p for p in worker.children(recursive=True) if _name(p) == PROCESS_NAME]


def _name(process: psutil.Process) -> str:
    try:
        return process.name()
    except psutil.Error:
        return ""


def test_idle_worker_unloads_its_models_and_still_embeds_the_next_change(
    qtbot, tmp_path, home, client, search, spaces, monkeypatch
):
    """Waiting in the background must not hold two models; a later save is still embedded."""
    from desktop_search.app.indexer_process import RELEASE_ENV

    monkeypatch.setenv(RELEASE_ENV, "1")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "stars.txt").write_text("Telescopes reveal distant galaxies and nebulae at night.")
    _configure(home, docs)
    client.start()
    _wait_idle(qtbot, client)
    log_file = app_paths(home).log / "indexer.log"
    _within(qtbot, lambda: "models unloaded" in log_file.read_text(encoding="utf-8"))
    # At rest the worker holds no model and no torch: the models ran in processes that
    # the unload ended (they held most of the app's memory at rest).
    worker = psutil.Process(client.worker_pid)
    _within(qtbot, lambda: not _model_processes(worker))
    assert not any("libtorch" in m.path for m in worker.memory_maps())

    bread = docs / "baking.txt"
    bread.write_text("Knead the dough, let it rise for an hour, then bake it in a hot oven.")
    s = search(spaces)
    _within(qtbot, lambda: s.embedded(bread), seconds=60)  # the models load again
    assert s.paths("how to make a loaf at home", mode="semantic")[:1] == [str(bread)]
    assert not client.recorder.crashed


# The worker used to read every pending file before it embedded anything: on 1,000 new
# files the first semantic hit came after 33 s, when reading ended (issue 21).
N_NEW_FILES = 30


def test_the_first_files_get_vectors_before_the_last_one_is_read(
    qtbot, tmp_path, home, client, search, monkeypatch
):
    docs = tmp_path / "trip"
    docs.mkdir()
    for i in range(N_NEW_FILES):
        (docs / f"day-{i:02d}.txt").write_text(
            f"Day {i}: we pitched the tent by lake {i} and cooked beans over the fire."
        )
    _configure(home, docs)
    marker = tmp_path / "last-read"
    monkeypatch.setenv(EXTRACT_ENV, "tests.app.last_file_waits:extract")
    monkeypatch.setenv(last_file_waits.FILES_ENV, str(N_NEW_FILES))
    monkeypatch.setenv(last_file_waits.CATALOG_ENV, str(app_paths(home).catalog))
    monkeypatch.setenv(last_file_waits.MARKER_ENV, str(marker))
    client.start()
    _wait_idle(qtbot, client, START_S + last_file_waits.WAIT_S)
    assert marker.read_text() == "vectors", "nothing was embedded until every file was read"
    s = search()
    found = s.paths("where did we camp by the water", mode="semantic")
    assert len(found) >= 5 and all(p.startswith(str(docs)) for p in found)


def _catalog_count(home: Path, sql: str) -> int:
    path = app_paths(home).catalog
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not made yet
        return 0


def test_new_files_are_read_while_a_big_folder_is_still_being_embedded(
    qtbot, tmp_path, home, client, search
):
    """A pass embeds every passage it has read before it ends (minutes for a big folder):
    a folder added or a file saved meanwhile used to wait for all of it (seen: 75 s for
    a new folder, 22 s for a new file). Now the pass makes way after its current batch."""
    big, extra = tmp_path / "big", tmp_path / "extra"
    big.mkdir()
    extra.mkdir()
    nouns = "river stone garden letter window market engine harvest lantern orbit".split()
    verbs = "crossed painted carried opened measured repaired watched followed".split()
    files = 240
    for i in range(files):
        text = " ".join(
            f"In week {j} the {nouns[(i + j) % 10]} was {verbs[(i * j) % 8]} by the "
            f"{nouns[(i * 3 + j) % 10]} before the {nouns[(j * 7) % 10]} came back."
            for j in range(120)
        )
        (big / f"part-{i:03d}.txt").write_text(f"Part {i}. {text}\n")
    (extra / "walrus.txt").write_text("A walrus hauled out on the ice floe.")
    _configure(home, big)
    client.start()
    _within(
        qtbot,
        lambda: _catalog_count(home, "SELECT count(*) FROM files WHERE status='indexed'") == files,
        START_S,
    )
    missing = (
        "SELECT count(*) FROM chunks k JOIN spaces s ON instr(s.languages, k.language) "
        "WHERE k.nav = 0 AND NOT EXISTS "
        "(SELECT 1 FROM vectors v WHERE v.chunk_id = k.id AND v.space_id = s.id)"
    )
    # The models are loaded and embedding (a batch of a model loading cannot be cut short).
    _within(qtbot, lambda: _catalog_count(home, "SELECT count(*) FROM vectors") > 0, START_S)
    s = search()
    # Within one batch of embedding (up to 5 s for USE-m on a busy 2-core machine).
    client.add_folder(str(extra))
    _within(qtbot, lambda: s.paths("walrus") == [str(extra / "walrus.txt")], 3 * LIVE_S)
    note = big / "note.txt"
    note.write_text("A pelican colony nests near the estuary every spring.")
    _within(qtbot, lambda: s.paths("pelican") == [str(note)], 3 * LIVE_S)
    assert _catalog_count(home, missing) > 0, "the big folder was embedded already: no test"
    assert client.state == "indexing"
    assert not client.recorder.crashed
