"""One writer of settings: the window asks the indexer, which saves every change.

Before, the window loaded and saved the settings file itself while the worker read,
changed and wrote the same file: a folder the worker had just saved could be lost to
the window's older copy, or the window's new exclude patterns to the worker's.
"""

from __future__ import annotations

import pytest

from desktop_search.paths import app_paths
from desktop_search.settings import load_settings

pytestmark = pytest.mark.slow

START_MS = 90_000  # worker start on a busy 2-core machine


def test_changes_from_the_window_and_the_worker_at_once_both_survive(
    qtbot, make_window, tmp_path
) -> None:
    home = tmp_path / "home"
    first, second = tmp_path / "Documents", tmp_path / "Notes"
    for folder in (first, second):
        folder.mkdir()
        (folder / "note.txt").write_text("We pitched the tent by the lake.\n", encoding="utf-8")
    window = make_window(home, worker=True)
    qtbot.waitUntil(lambda: window.client.state == "idle", timeout=START_MS)

    # All at once, none waiting for the last: the worker saves the folders it is given,
    # the window's exclude patterns and language go to the same file.
    window.add_folder(str(first))
    window.set_excludes((*window.settings.excludes, "*.draft"))
    window.add_folder(str(second))
    window._change_settings(pause_on_battery=False)

    wanted_folders = (str(first.resolve()), str(second.resolve()))

    def saved():
        return load_settings(app_paths(home).settings_file)

    def all_there(s) -> bool:
        return s.folders == wanted_folders and "*.draft" in s.excludes and not s.pause_on_battery

    qtbot.waitUntil(lambda: all_there(saved()), timeout=30_000)
    # and the window shows what was saved, its own changes and the worker's
    qtbot.waitUntil(lambda: all_there(window.settings), timeout=10_000)
    assert window.folders_model.folders() == list(wanted_folders)

    # The command line leaves the settings to the running indexer, and says so.
    from desktop_search.cli.main import main

    assert main(["--data-dir", str(home), "spaces", "drop", "usem3"]) == 1
    assert "usem3" in [s.name for s in saved().spaces]


def test_a_removed_model_s_vectors_are_dropped_by_the_worker(qtbot, make_window, tmp_path) -> None:
    """The window asks; the worker, which owns the catalog and the vector files, deletes
    the space's vectors and says so; the window then restarts it on the models left."""
    from desktop_search.store.catalog import Catalog

    home = tmp_path / "home"
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "note.txt").write_text("We pitched the tent by the lake.\n", encoding="utf-8")
    window = make_window(home, worker=True)
    qtbot.waitUntil(lambda: window.client.state == "idle", timeout=START_MS)
    window.add_folder(str(docs))
    paths = app_paths(home)

    def vectors_per_space() -> dict[str, int]:
        if not paths.catalog.exists():
            return {}
        with Catalog(paths.catalog, readonly=True) as catalog:
            return {row.name: catalog.vector_count(row.id) for row in catalog.spaces()}

    qtbot.waitUntil(lambda: vectors_per_space().get("minilm", 0) > 0, timeout=START_MS)
    with Catalog(paths.catalog, readonly=True) as catalog:
        minilm = next(row for row in catalog.spaces() if row.name == "minilm")
    dropped: list[tuple[str, ...]] = []
    window.client.spaces_dropped.connect(dropped.append)
    kept = tuple(s for s in window.settings.spaces if s.name != "minilm")

    window.set_spaces(kept, ("minilm",))
    qtbot.waitUntil(lambda: dropped == [("minilm",)], timeout=30_000)
    assert "minilm" not in vectors_per_space()
    qtbot.waitUntil(lambda: window.client.state == "idle", timeout=START_MS)  # restarted
    assert "minilm" not in vectors_per_space()  # and not made again
    assert not list(paths.vectors.glob(f"space-{minilm.id}.*"))
    assert [s.name for s in load_settings(paths.settings_file).spaces] == [s.name for s in kept]
