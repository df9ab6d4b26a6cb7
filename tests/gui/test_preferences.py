"""Preferences: the embedding models page (progress, remote services, privacy) and the rest.

Driven through the real window on an indexed home. The catalog gets two vector-space
rows with some vectors (small random ones: no model loads), so progress is real data
read from the catalog in the background.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop_search.embed import secrets
from desktop_search.embed.openai_compatible import PRIVACY_WARNING
from desktop_search.gui import preferences_dialog
from desktop_search.gui.models.spaces_model import SpacesModel
from desktop_search.gui.preferences_dialog import PreferencesDialog, privacy_warning
from desktop_search.gui.remote_space_dialog import RemoteSpaceDialog
from desktop_search.paths import app_paths
from desktop_search.settings import SpaceSpec, load_settings, save_settings
from desktop_search.store.catalog import Catalog
from tests.embed.loopback_server import EmbeddingsServer


class FakeKeyring:
    """The OS keyring as ``keyring`` presents it, in memory."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_keyring(self):
        return SimpleNamespace(priority=5)

    def set_password(self, service: str, account: str, key: str) -> None:
        self.store[(service, account)] = key

    def get_password(self, service: str, account: str) -> str | None:
        return self.store.get((service, account))

    def delete_password(self, service: str, account: str) -> None:
        self.store.pop((service, account))


class HashEmbedder:
    """Eight numbers per text, no model: enough for a service to answer."""

    def encode_documents(self, texts):
        rng = [np.random.default_rng(abs(hash(t)) % 2**32) for t in texts]
        return np.stack([r.standard_normal(8).astype(np.float32) for r in rng])


@pytest.fixture
def keyring(monkeypatch) -> FakeKeyring:
    fake = FakeKeyring()
    monkeypatch.setattr(secrets, "_keyring", lambda: fake)
    return fake


@pytest.fixture
def spaces_home(keyword_home) -> tuple[Path, int]:
    """The indexed home with vectors for part of the English passages in ``minilm``."""
    home, _docs = keyword_home
    catalog = Catalog(app_paths(home).catalog)
    try:
        minilm = catalog.ensure_space("minilm", "test:minilm", 4, ["en"])
        catalog.ensure_space("usem3", "test:usem3", 4, ["zh", "en"])
        todo = catalog.chunks_needing_vectors(minilm, 10_000)
        half = [p.chunk_id for p in todo[: len(todo) // 2]]
        catalog.add_vectors(minilm.id, half, np.ones((len(half), 4), dtype=np.float32))
        total = catalog.count_needing_vectors(minilm).total
    finally:
        catalog.close()
    return home, total


def open_preferences(qtbot, window) -> PreferencesDialog:
    window.show_preferences()
    dialog = window._preferences_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.spaces.progress_known, timeout=5000)
    return dialog


def cell(dialog: PreferencesDialog, name: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = dialog.spaces
    row = next(r for r in range(model.rowCount()) if model.spec(r).name == name)
    return model.index(row, column).data(role)


def add_service(qtbot, prefs: PreferencesDialog, fill) -> None:
    """Click "Add embedding service…", fill the (modal) form with ``fill``, press Add."""

    def step() -> None:
        dialog = getattr(prefs, "_remote_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, step)
            return
        fill(dialog)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, step)
    qtbot.mouseClick(prefs.add_button, Qt.MouseButton.LeftButton)


def press_ok(prefs: PreferencesDialog) -> None:
    prefs.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def saved_settings(home: Path):
    path = app_paths(home).settings_file
    return load_settings(path), path.read_text(encoding="utf-8")


def test_embedding_page_lists_spaces_with_progress(qtbot, client_window, spaces_home) -> None:
    home, total = spaces_home
    window, _client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    assert [s.name for s in prefs.spaces.spaces()] == ["minilm", "usem3"]
    done = total // 2
    percent = int(100 * done / total)
    assert cell(prefs, "minilm", SpacesModel.PROGRESS) == (
        f"{done:,} of {total:,} passages ({percent}%)"
    )
    assert cell(prefs, "minilm", SpacesModel.MODEL) == "all-MiniLM-L6-v2 (built in)"
    assert cell(prefs, "minilm", SpacesModel.WHERE) == "This computer"
    assert cell(prefs, "minilm", SpacesModel.LANGUAGES) == "English"
    assert cell(prefs, "usem3", SpacesModel.PROGRESS).startswith("0 of ")
    assert cell(prefs, "usem3", SpacesModel.LANGUAGES) == "Chinese, English"
    assert not prefs.privacy.isVisible()  # everything is local: no warning
    assert not prefs.local_service_note.isVisible()


def test_add_remote_service_warns_and_keeps_the_key_out_of_settings(
    qtbot, client_window, spaces_home, keyring
) -> None:
    home, _total = spaces_home
    window, client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    seen = {}

    def fill(dialog: RemoteSpaceDialog) -> None:
        qtbot.keyClicks(dialog.url, "https://api.example.com/v1/")
        qtbot.keyClicks(dialog.model, "text-embedding-3-small")
        dialog.dimensions.setValue(256)
        dialog.key_keyring.setChecked(True)
        qtbot.keyClicks(dialog.key_text, "sk-secret-123")
        seen["where"] = dialog.where.text()
        seen["name"] = dialog.name.text()

    add_service(qtbot, prefs, fill)
    assert "api.example.com" in seen["where"] and "sent to" in seen["where"]
    assert seen["name"] == "text-embedding-3-small"
    assert prefs.privacy.isVisible()
    assert prefs.privacy_text.text() == PRIVACY_WARNING
    assert cell(prefs, "text-embedding-3-small", SpacesModel.WHERE) == "Remote: api.example.com"
    assert cell(prefs, "text-embedding-3-small", SpacesModel.PROGRESS) == "Starts after saving"
    assert cell(prefs, "text-embedding-3-small", SpacesModel.WHERE, Qt.ItemDataRole.DecorationRole)

    client.calls.clear()
    press_ok(prefs)
    settings, text = saved_settings(home)
    remote = settings.spaces[-1]
    assert remote == SpaceSpec(
        name="text-embedding-3-small",
        model="text-embedding-3-small",
        languages=("zh", "en"),
        provider="openai-compatible",
        base_url="https://api.example.com/v1",
        dimensions=256,
        api_key_env="",
    )
    assert "sk-secret-123" not in text
    assert keyring.store == {("desktop-search", "https://api.example.com/v1"): "sk-secret-123"}
    # The worker reads its models at start: it is restarted on the new list.
    qtbot.waitUntil(lambda: client.calls[-2:] == ["stop", "start"], timeout=5000)
    assert window.settings.spaces == settings.spaces


def test_key_from_an_environment_variable(qtbot, client_window, spaces_home) -> None:
    home, _total = spaces_home
    window, _client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)

    def fill(dialog: RemoteSpaceDialog) -> None:
        qtbot.keyClicks(dialog.url, "api.mistral.ai/v1")
        qtbot.keyClicks(dialog.model, "mistral-embed")
        dialog.languages.setCurrentIndex(2)
        dialog.env_name.setText("MISTRAL_API_KEY")

    add_service(qtbot, prefs, fill)
    press_ok(prefs)
    remote = saved_settings(home)[0].spaces[-1]
    assert remote.base_url == "https://api.mistral.ai/v1"
    assert remote.api_key_env == "MISTRAL_API_KEY" and remote.languages == ("en",)


def test_service_on_this_computer_is_not_called_remote(qtbot, client_window, spaces_home) -> None:
    home, _total = spaces_home
    window, _client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    seen = {}

    def fill(dialog: RemoteSpaceDialog) -> None:
        qtbot.keyClicks(dialog.url, "localhost:11434/v1")
        qtbot.keyClicks(dialog.model, "bge-m3")
        dialog.key_none.setChecked(True)
        seen["where"] = dialog.where.text()

    add_service(qtbot, prefs, fill)
    assert seen["where"] == "This service runs on this computer: your text does not leave it."
    assert cell(prefs, "bge-m3", SpacesModel.WHERE) == "Service on this computer"
    assert not prefs.privacy.isVisible()
    assert prefs.local_service_note.isVisible()
    press_ok(prefs)
    assert saved_settings(home)[0].spaces[-1].base_url == "http://localhost:11434/v1"


@pytest.mark.parametrize(
    ("url", "model", "name", "problem"),
    [
        ("", "m", "", "Enter the service address."),
        ("ftp://example.com", "m", "", "The service address must start with http:// or https://."),
        ("https://example.com/v1", "", "", "Enter the name of the model the service should use."),
        (
            "https://example.com/v1",
            "m",
            "minilm",
            "A space named “minilm” exists already; choose another name.",
        ),
    ],
)
def test_service_form_says_what_to_fix(qtbot, url, model, name, problem) -> None:
    dialog = RemoteSpaceDialog({"minilm", "usem3"})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.url.setText(url)
    dialog.model.setText(model)
    if name:
        dialog.name.setText(name)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()  # not accepted
    assert dialog.message.text() == problem


def test_test_connection_asks_the_service(qtbot) -> None:
    server = EmbeddingsServer(HashEmbedder(), model="tiny", api_key="sk-right").start()
    try:
        dialog = RemoteSpaceDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.url.setText(server.base_url)
        dialog.model.setText("tiny")
        dialog.key_none.setChecked(True)
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)
        assert dialog.message.text().startswith("It does not work yet:")
        assert "key" in dialog.message.text().lower()

        dialog.key_keyring.setEnabled(True)  # no keyring here; the typed key is what is sent
        dialog.key_keyring.setChecked(True)
        dialog.key_text.setText("sk-right")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)
        assert dialog.message.text() == ("It works: the model answers with 8-dimensional vectors.")
    finally:
        server.stop()


def test_remove_space_has_the_indexer_drop_its_vectors_then_restarts_it(
    qtbot, client_window, spaces_home, monkeypatch
) -> None:
    """The indexer owns the data files: the window asks it to drop the space, leaves the
    catalog alone, and restarts indexing on the new models once it is told it is done.
    (The window used to delete the vectors itself while the indexer was stopped.)"""
    home, _total = spaces_home
    window, client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    monkeypatch.setattr(
        preferences_dialog.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes
    )
    prefs.table.selectRow(0)
    prefs.remove_button.click()
    assert [s.name for s in prefs.spaces.spaces()] == ["usem3"]
    prefs.table.selectRow(0)
    assert not prefs.remove_button.isEnabled()  # the last model stays
    client.calls.clear()
    press_ok(prefs)
    assert [s.name for s in saved_settings(home)[0].spaces] == ["usem3"]
    assert client.calls[-1] == "drop minilm"
    qtbot.wait(200)
    assert "stop" not in client.calls  # not before the indexer has dropped them
    catalog = Catalog(app_paths(home).catalog, readonly=True)
    try:
        assert [row.name for row in catalog.spaces()] == ["minilm", "usem3"]
    finally:
        catalog.close()
    client.spaces_dropped.emit(("minilm",))  # as the worker answers
    qtbot.waitUntil(lambda: client.calls[-2:] == ["stop", "start"], timeout=5000)


def test_cancel_changes_nothing(qtbot, client_window, spaces_home) -> None:
    home, _total = spaces_home
    window, client = client_window(home, start=False)
    before = saved_settings(home)[1]
    prefs = open_preferences(qtbot, window)
    prefs.remove_space("minilm")
    prefs.keep_in_tray.setChecked(True)
    prefs.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert saved_settings(home)[1] == before
    assert "stop" not in client.calls


def test_general_page_language_tray_and_login(
    qtbot, tray_desktop, client_window, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    home = tmp_path / "home"
    window, _client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    prefs.tabs.setCurrentIndex(0)
    assert prefs.keep_in_tray.isEnabled() and not prefs.keep_in_tray.isChecked()
    assert not prefs.start_at_login.isChecked()
    prefs.keep_in_tray.setChecked(True)
    prefs.start_at_login.setChecked(True)
    prefs.language.setCurrentIndex(prefs.language.findData("zh_CN"))
    press_ok(prefs)

    assert window.keeps_running_in_tray()
    entry = tmp_path / "xdg" / "autostart" / "desktop-search.desktop"
    assert entry.is_file()
    assert f"--background --data-dir {home.resolve()}" in entry.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: window.windowTitle() == "桌面搜索")
    assert json.loads(app_paths(home).settings_file.read_text())["ui_language"] == "zh_CN"

    prefs = open_preferences(qtbot, window)  # shows what is in effect now
    assert prefs.keep_in_tray.isChecked() and prefs.start_at_login.isChecked()
    prefs.start_at_login.setChecked(False)
    prefs.language.setCurrentIndex(prefs.language.findData("en"))
    press_ok(prefs)
    assert not entry.exists()


def test_privacy_warning_is_the_cores_words() -> None:
    assert privacy_warning() == PRIVACY_WARNING


def test_removing_a_service_forgets_its_key(
    qtbot, client_window, spaces_home, keyring, monkeypatch
) -> None:
    home, _total = spaces_home
    path = app_paths(home).settings_file
    settings = load_settings(path)
    remote = SpaceSpec(
        name="jina",
        model="jina-embeddings-v3",
        provider="openai-compatible",
        base_url="https://api.jina.ai/v1",
    )
    save_settings(replace(settings, spaces=(*settings.spaces, remote)), path)
    keyring.set_password("desktop-search", "https://api.jina.ai/v1", "jina-key")
    window, _client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    assert prefs.privacy.isVisible()
    monkeypatch.setattr(
        preferences_dialog.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes
    )
    prefs.table.selectRow(2)
    prefs.remove_button.click()
    assert not prefs.privacy.isVisible()  # nothing leaves the computer any more
    press_ok(prefs)
    assert keyring.store == {}
    assert [s.name for s in saved_settings(home)[0].spaces] == ["minilm", "usem3"]
