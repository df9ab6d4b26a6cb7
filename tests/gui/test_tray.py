"""The notification-area icon: its menu drives the window; closing keeps the app if asked."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_search.gui.tray import Tray
from desktop_search.indexing.progress import IndexProgress


def test_tray_menu_reports_choices(qtbot) -> None:
    tray = Tray()
    names = [a.objectName() for a in tray.menu.actions() if not a.isSeparator()]
    assert names == ["traySearch", "trayPause", "trayPreferences", "trayQuit"]
    assert [a.text() for a in tray.menu.actions() if not a.isSeparator()] == [
        "Search…",
        "Pause indexing",
        "Preferences…",
        "Quit Desktop Search",
    ]
    for action, signal in (
        (tray.act_search, tray.search_requested),
        (tray.act_pause, tray.pause_toggled),
        (tray.act_preferences, tray.preferences_requested),
        (tray.act_quit, tray.quit_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            action.trigger()
    tray.set_paused(True)
    assert tray.act_pause.text() == "Resume indexing"
    tray.set_status("Reading 3 of 10 files")
    assert tray.icon.toolTip() == "Desktop Search\nReading 3 of 10 files"
    with qtbot.waitSignal(tray.search_requested, timeout=1000):
        tray.icon.activated.emit(tray.icon.ActivationReason.Trigger)
    tray.dispose()


def test_no_tray_icon_where_the_desktop_has_none(client_window, tmp_path) -> None:
    window, _client = client_window(tmp_path / "home")  # offscreen Qt: no notification area
    assert window.tray is None
    window.ui_state.set_flag("keep_in_tray", True)
    assert not window.keeps_running_in_tray()  # never hide a window nobody can bring back


def test_tray_pause_mirrors_the_status_bar_and_search_raises_the_window(
    qtbot, tray_desktop, client_window, tmp_path
) -> None:
    window, client = client_window(tmp_path / "home")
    assert window.tray is not None
    assert not QApplication.quitOnLastWindowClosed()  # the tray keeps the app alive
    client.state_changed.emit("indexing")
    window.status.set_progress(IndexProgress("reading", files_total=10, files_done=3))
    window._on_progress(IndexProgress("reading", files_total=10, files_done=3))
    assert window.tray.act_pause.text() == "Pause indexing"
    assert "Reading 3 of 10 files" in window.tray.icon.toolTip()

    window.tray.act_pause.trigger()
    assert client.calls[-1] == "pause"
    assert window.status.pause_button.text() == "Resume"
    assert window.tray.act_pause.text() == "Resume indexing"
    assert window.act_pause.text() == "Resume indexing"
    window.status.pause_button.click()  # the status bar's button: the tray follows
    assert client.calls[-1] == "resume"
    assert window.tray.act_pause.text() == "Pause indexing"

    window.hide()
    window.search_box.setText("contract")
    window.tray.act_search.trigger()
    assert window.isVisible()
    qtbot.waitUntil(window.search_box.hasFocus)
    assert window.search_box.selectedText() == "contract"  # typing replaces the old query


def test_close_quits_by_default(qtbot, tray_desktop, client_window, tmp_path) -> None:
    window, client = client_window(tmp_path / "home")
    with qtbot.waitSignal(window.finished, timeout=2000):
        window.close()
    assert "stop" in client.calls


def test_close_keeps_running_in_tray_when_chosen_with_a_notice_once(
    qtbot, tray_desktop, client_window, tmp_path, monkeypatch
) -> None:
    window, client = client_window(tmp_path / "home")
    notices = []
    monkeypatch.setattr(window.tray, "notify", lambda t, m: notices.append((t, m)) or True)
    window.ui_state.set_flag("keep_in_tray", True)
    window.close()
    assert not window.isVisible() and not window._closed
    assert "stop" not in client.calls  # indexing carries on
    assert len(notices) == 1 and notices[0][0] == "Desktop Search is still running"
    assert "Quit" in notices[0][1]

    window.tray.act_search.trigger()
    assert window.isVisible()
    window.close()
    assert len(notices) == 1  # told once is enough

    with qtbot.waitSignal(window.finished, timeout=2000):
        window.tray.act_quit.trigger()
    assert window._closed and "stop" in client.calls


def test_file_quit_quits_even_when_keeping_running_in_tray(
    qtbot, tray_desktop, client_window, tmp_path
) -> None:
    window, _client = client_window(tmp_path / "home")
    window.ui_state.set_flag("keep_in_tray", True)
    with qtbot.waitSignal(window.finished, timeout=2000):
        window.act_quit.trigger()


def test_the_tray_icon_comes_with_the_worker_and_a_close_before_it_still_keeps_the_app(
    qtbot, tray_desktop, client_window, tmp_path
) -> None:
    window, _client = client_window(tmp_path / "home", start=False)
    assert window.tray is None  # not before the first paint: its show costs the first answer
    window.start(worker_delay_ms=200)
    assert window.tray is None
    qtbot.waitUntil(lambda: window.tray is not None, timeout=2000)

    early, _early_client = client_window(tmp_path / "early", start=False)
    early.ui_state.set_flag("keep_in_tray", True)
    early.close()  # within the first second: the person's choice still holds
    assert early.tray is not None and not early.isVisible() and not early._closed
