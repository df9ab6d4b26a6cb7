"""The status bar, the result area, the Folders dialog and Preferences tell one story.

Each case is one of the contradictions a new user met (issue 18, item 6), driven
through the real window with a stand-in for the worker.
"""

from __future__ import annotations

from desktop_search.gui.main_window import PAGE_EMPTY
from desktop_search.gui.models.spaces_model import SpacesModel
from desktop_search.indexing.progress import IndexProgress, SpaceCount
from tests.gui.test_preferences import cell, open_preferences, spaces_home  # noqa: F401


def test_relaunch_says_it_is_checking_not_up_to_date(qtbot, client_window, keyword_home):
    home, _docs = keyword_home
    window, client = client_window(home)
    qtbot.waitUntil(lambda: window.stats is not None)
    client._set("indexing")  # the start-up scan; no progress message yet
    text = window.status.label.text()
    assert "Up to date" not in text
    assert text == "Looking for new and changed files…"
    assert window.pages.currentIndex() == PAGE_EMPTY and window.empty.kind == "indexing"
    assert window.status.pause_button.isVisible()


def test_no_pause_button_when_up_to_date(qtbot, client_window, keyword_home):
    home, _docs = keyword_home
    window, client = client_window(home)
    client._set("indexing")
    client.progress.emit(IndexProgress("reading", files_total=3, files_done=3))
    client._set("idle")
    qtbot.waitUntil(lambda: window.status.label.text().startswith("Up to date"))
    assert not window.status.pause_button.isVisible()
    assert not window.status.bar.isVisible()
    assert window.empty.kind == "ready"


def test_pause_and_bar_stay_after_resume(qtbot, client_window, keyword_home):
    home, _docs = keyword_home
    window, client = client_window(home)
    client._set("indexing")
    work = IndexProgress("embedding", chunks_total=5000, chunks_embedded=1200)
    client.progress.emit(work)
    client._set("paused")
    client.progress.emit(IndexProgress("paused", chunks_total=5000, chunks_embedded=1200))
    assert window.status.pause_button.text() == "Resume"
    client._set("indexing")  # resumed; the worker's next batch is seconds away
    assert window.status.pause_button.isVisible()
    assert window.status.pause_button.text() == "Pause"
    assert window.status.bar.isVisible()
    assert "1,200 of 5,000 passages" in window.status.label.text()


def test_folders_dialog_says_what_the_status_bar_says_with_passages_per_space(
    qtbot, client_window, keyword_home
):
    home, _docs = keyword_home
    window, client = client_window(home)
    window.show_folders()
    dialog = window._folders_dialog
    qtbot.addWidget(dialog)
    client._set("indexing")
    spaces = (SpaceCount("minilm", 1200, 1883, ("en",)), SpaceCount("usem3", 0, 2906, ("en", "zh")))
    client.progress.emit(IndexProgress("embedding", spaces=spaces, eta_s=1380))
    text = window.status.label.text()
    assert dialog.summary.text() == text
    assert "English 1,200 of 1,883 passages" in text
    assert "Chinese and English 0 of 2,906 passages" in text
    assert "4,789" not in text  # the two spaces are not added up
    assert "about 23 min left" in text


def test_preferences_shows_the_same_passage_counts(
    qtbot,
    client_window,
    spaces_home,  # noqa: F811
):
    home, total = spaces_home
    window, client = client_window(home, start=False)
    prefs = open_preferences(qtbot, window)
    client._set("indexing")
    spaces = (SpaceCount("minilm", total - 1, total, ("en",)),)
    client.progress.emit(IndexProgress("embedding", spaces=spaces))
    assert cell(prefs, "minilm", SpacesModel.PROGRESS).startswith(f"{total - 1:,} of {total:,}")
    assert f"{total - 1:,} of {total:,}" in window.status.label.text()
