"""Indexing pauses while a laptop runs on its battery and goes on when it is plugged in."""

from __future__ import annotations

import pytest

from desktop_search.indexing import power


@pytest.fixture
def unplugged(monkeypatch):
    """A switchable power source: ``unplugged["now"] = True`` pulls the charger."""
    state = {"now": True}
    monkeypatch.setattr(power, "on_battery", lambda: state["now"])
    return state


def test_pauses_on_battery_and_resumes_on_the_charger(client_window, unplugged, tmp_path) -> None:
    window, client = client_window(tmp_path / "home")
    assert client.calls[-1] == "pause"  # started unplugged
    assert window.status.label.text() == (
        "Indexing paused while on battery power; it goes on when plugged in"
    )
    assert window.status.pause_button.text() == "Resume"

    unplugged["now"] = False
    window.battery.check()
    assert client.calls[-1] == "resume"
    assert "battery" not in window.status.label.text()


def test_the_persons_choice_wins(client_window, unplugged, tmp_path) -> None:
    window, client = client_window(tmp_path / "home")
    window.status.pause_button.click()  # Resume while unplugged: indexing goes on
    assert client.calls[-2:] == ["pause", "resume"]
    window.battery.check()
    assert client.calls[-1] == "resume"  # not paused again while still unplugged

    window.pause_indexing()  # the person pauses; plugging in must not undo that
    unplugged["now"] = False
    window.battery.check()
    assert client.calls[-1] == "pause"
    assert window.status.label.text() == "Indexing paused"

    window.resume_by_person()
    unplugged["now"] = True  # unplugged again: the battery rule applies again
    window.battery.check()
    assert client.calls[-1] == "pause"
    assert "battery" in window.status.label.text()


def test_turning_the_option_off_resumes(client_window, unplugged, tmp_path) -> None:
    from desktop_search.gui.preferences_dialog import Preferences
    from desktop_search.settings import load_settings

    window, client = client_window(tmp_path / "home")
    assert client.calls[-1] == "pause"
    window.apply_preferences(Preferences(pause_on_battery=False, spaces=window.settings.spaces))
    assert client.calls[-1] == "resume"
    assert load_settings(window.paths.settings_file).pause_on_battery is False
    window.battery.check()
    assert client.calls[-1] == "resume"  # stays off
