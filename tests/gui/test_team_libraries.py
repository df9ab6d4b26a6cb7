"""Team libraries in the window: set up in Preferences, results shown with their source."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_search.gui.models.results_model import ResultsModel, Role
from desktop_search.gui.team_libraries_page import TeamLibrariesPage, parse_path_map
from desktop_search.paths import app_paths
from desktop_search.settings import Settings, TeamLibrarySpec, load_settings, save_settings
from desktop_search.team.config import secret_account
from tests.gui.test_main_window import search as search_for
from tests.gui.test_preferences import keyring  # noqa: F401  (fixture)

pymilvus = pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")


def test_the_page_keeps_the_password_in_the_keyring_and_tls_on_for_a_server(qtbot, keyring):  # noqa: F811
    page = TeamLibrariesPage(())
    qtbot.addWidget(page)
    page.add_library()
    page.name.setText("Office")
    qtbot.keyClicks(page.uri, "http://files.example.org:19530")
    assert page.tls.isChecked()  # a server elsewhere: encrypted by default
    page.user.setText("alice")
    page.secret.setText("s3cret-pw")
    page.path_map.setPlainText("/srv/share => /mnt/share\nnot a pair\n")
    (spec,) = page.libraries()
    assert (spec.name, spec.uri, spec.user, spec.tls) == (
        "Office",
        "http://files.example.org:19530",
        "alice",
        None,
    )
    assert spec.path_map == (("/srv/share", "/mnt/share"),)
    page.store_secrets()
    assert keyring.store == {("desktop-search", secret_account(spec)): "s3cret-pw"}
    # On this machine TLS protects nothing, so it starts off; turning it on is kept.
    page.uri.clear()
    qtbot.keyClicks(page.uri, "http://127.0.0.1:19530")
    assert not page.tls.isChecked()
    page.tls.setChecked(True)
    assert page.libraries()[0].tls is True


def test_saved_settings_never_hold_the_password(tmp_path):
    spec = TeamLibrarySpec("Office", "http://files:19530", user="alice", path_map=(("/a", "/b"),))
    path = tmp_path / "settings.json"
    save_settings(Settings(team_libraries=(spec,)), path)
    assert load_settings(path).team_libraries == (spec,)
    assert "password" not in path.read_text() and "secret" not in path.read_text()


def test_path_map_lines():
    assert parse_path_map("/srv => smb://files/share\n\n=> x\n") == (("/srv", "smb://files/share"),)


@pytest.fixture
def team_share(tmp_path):
    """A milvus-lite server holding a small team library (keyword terms, no vectors)."""
    from milvus_lite.server_manager import server_manager_instance

    from desktop_search.app.library import Library
    from desktop_search.extract import extract
    from desktop_search.store.team_ledger import Ledger
    from desktop_search.team.target import connect, parse_target
    from desktop_search.team.writer import TeamWriter

    share = tmp_path / "srv" / "share"
    share.mkdir(parents=True)
    (share / "team-vectors.md").write_text(
        "# Team notes\nThe shared vector database keeps every project report.\n"
    )
    server = Library(app_paths(tmp_path / "server"), settings=Settings(spaces=()))
    ix = server.indexer(extract=lambda p: extract(p))
    ix.run([str(share)])
    ix.close()
    db = str(tmp_path / "milvus" / "team.db")
    Path(db).parent.mkdir()
    uri = server_manager_instance.start_and_get_uri(db)
    target = parse_target(f"{uri}#gui_team")
    client = connect(target)
    TeamWriter(client, target, server.catalog, Ledger(tmp_path / "ledger"), []).sync()
    client.close()
    server.close()
    yield uri, share
    server_manager_instance.release_server(db)


def test_team_results_show_their_source_beside_local_ones_and_open_the_mapped_file(
    qtbot, make_window, keyword_home, opener, team_share
):
    uri, share = team_share
    home, _docs = keyword_home
    settings_file = app_paths(home).settings_file
    mapped = TeamLibrarySpec("Team", uri, "gui_team", path_map=((str(share), "smb://files/share"),))
    from dataclasses import replace

    save_settings(replace(load_settings(settings_file), team_libraries=(mapped,)), settings_file)
    window = make_window(home)
    window.search.set_mode("keyword")
    search_for(qtbot, window, "vector database")
    qtbot.waitUntil(
        lambda: any(h.library == "Team" for h in window.last_result.hits), timeout=20000
    )
    libraries = {h.library for h in window.last_result.hits}
    assert libraries == {"local", "Team"}
    row = next(i for i, h in enumerate(window.last_result.hits) if h.library == "Team")
    index = window.results.index(row)
    assert window.results.data(index, Role.FOLDER).startswith("Team")
    assert window.results.data(index, Role.LIBRARY) == "Team"
    window.list.setCurrentIndex(index)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert opener.opened[-1][0] == "smb://files/share/team-vectors.md"


def test_results_model_names_the_library(qtbot):
    from tests.gui.delegates.test_result_delegate import _hit, _Result

    model = ResultsModel()
    local = _hit("a.md", "vector")
    from dataclasses import replace

    team = replace(_hit("b.md", "vector"), library="Office", folder="/mnt/share")
    model.set_result(_Result([local, team]))
    assert model.data(model.index(0), Role.FOLDER) == "/docs"
    assert model.data(model.index(1), Role.FOLDER) == "Office  ·  /mnt/share"
    assert model.data(model.index(1), Qt.ItemDataRole.ToolTipRole).startswith("Office: ")


def test_check_says_whether_a_team_library_can_be_searched(qtbot, keyring, team_share):  # noqa: F811
    """OK took any address and said nothing: Check tries it and says what it found."""
    import socket

    uri, _share = team_share
    page = TeamLibrariesPage(())
    qtbot.addWidget(page)
    page.add_library()
    page.name.setText("Office")
    page.uri.setText(uri)
    page.collection.setText("gui_team")
    page.check_selected()
    qtbot.waitUntil(lambda: page.check_result.text().startswith("✓"), timeout=20000)
    assert "it answers: 1 document, 1 passage" in page.check_result.text()

    page.collection.setText("no_such")
    page.check_selected()
    qtbot.waitUntil(lambda: page.check_result.text().startswith("⚠"), timeout=20000)
    assert "has no such collection" in page.check_result.text()
    assert "“Office”" in page.check_result.text()

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page.uri.setText(f"http://127.0.0.1:{port}")
    page.check_selected()
    assert page.check_result.text() == "Checking…"  # the window is not held up meanwhile
    qtbot.waitUntil(lambda: page.check_result.text().startswith("⚠"), timeout=20000)
    assert "does not answer" in page.check_result.text()
