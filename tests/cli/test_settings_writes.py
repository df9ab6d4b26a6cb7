"""The command line and the indexer's settings: nothing one of them saves is lost.

The indexer owns the settings file while the app runs; the command line run on its own
changes it too (``index FOLDER``, ``forget``, ``spaces add`` / ``drop``). It used to
write back the whole file as it had read it when it started, so a folder the indexer
saved meanwhile was lost, and it wrote while the app ran, which did not see the change.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_search.app.library import Library
from desktop_search.cli.main import APP_INDEXING, APP_RUNNING, main
from desktop_search.file_lock import hold
from desktop_search.paths import app_paths
from desktop_search.settings import Settings, load_settings, save_settings, update_settings
from desktop_search.store.vectors import saved_files


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    save_settings(Settings(), app_paths(home).ensure().settings_file)
    return home


def test_a_cli_change_keeps_what_the_indexer_saved_meanwhile(home, tmp_path, monkeypatch):
    notes = tmp_path / "Notes"
    notes.mkdir()
    settings_file = app_paths(home).settings_file
    opened = Library.__init__

    def open_then_the_indexer_saves_a_folder(self, *args, **kwargs):
        opened(self, *args, **kwargs)  # the command has read the settings...
        update_settings(settings_file, lambda s: s.with_folder(str(notes)))  # ...the indexer

    monkeypatch.setattr(Library, "__init__", open_then_the_indexer_saves_a_folder)
    assert main(["--data-dir", str(home), "spaces", "drop", "usem3"]) == 0
    saved = load_settings(settings_file)
    assert [s.name for s in saved.spaces] == ["minilm"]  # the command's change
    assert saved.folders == (str(notes.resolve()),)  # and the indexer's


def test_the_cli_leaves_the_settings_to_a_running_indexer(home, tmp_path, capsys):
    docs = tmp_path / "Documents"
    docs.mkdir()
    paths = app_paths(home)
    before = paths.settings_file.read_text(encoding="utf-8")
    running = hold(paths.indexer_lock)  # as the indexer process does for its life
    assert running is not None
    try:
        assert main(["--data-dir", str(home), "spaces", "drop", "usem3"]) == 1
        assert main(["--data-dir", str(home), "index", "--no-embed", str(docs)]) == 1
        assert capsys.readouterr().err.count(APP_RUNNING) == 2
        # nor a second indexer beside the app's, nor a space deleted under it
        assert main(["--data-dir", str(home), "index", "--no-embed"]) == 1
        assert main(["--data-dir", str(home), "spaces", "rebuild", "minilm"]) == 1
        assert capsys.readouterr().err.count(APP_INDEXING) == 2
        assert paths.settings_file.read_text(encoding="utf-8") == before
    finally:
        running.release()
    assert main(["--data-dir", str(home), "spaces", "drop", "usem3"]) == 0  # the app quit
    assert [s.name for s in load_settings(paths.settings_file).spaces] == ["minilm"]


def test_vectors_of_a_model_removed_without_the_indexer_can_be_seen_and_deleted(
    home, tmp_path, capsys
):
    """A space taken out of the settings while no indexer ran (the window's --no-indexer)
    keeps its vectors: nothing may delete them then. The command line shows and drops them."""
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "trip.txt").write_text("We pitched the tent by the lake.")
    assert main(["--data-dir", str(home), "index", str(docs)]) == 0
    settings_file = app_paths(home).settings_file
    update_settings(
        settings_file,
        lambda s: replace(s, spaces=tuple(sp for sp in s.spaces if sp.name != "usem3")),
    )
    capsys.readouterr()
    assert main(["--data-dir", str(home), "spaces", "list"]) == 0
    listed = capsys.readouterr().out
    assert "usem3: no longer used" in listed and "spaces drop usem3" in listed
    lib = Library.at(home, readonly=True)
    gone = next(r for r in lib.catalog.spaces() if r.name == "usem3")
    lib.close()
    files = saved_files(gone.id, app_paths(home).vectors)
    assert main(["--data-dir", str(home), "spaces", "drop", "usem3"]) == 0
    lib = Library.at(home, readonly=True)
    try:
        assert [r.name for r in lib.catalog.spaces()] == ["minilm"]
    finally:
        lib.close()
    assert not any(f.exists() for f in files)
