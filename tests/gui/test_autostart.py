"""Start at login: the XDG autostart entry (and the macOS plist) written, read and removed."""

from __future__ import annotations

import plistlib
import shlex
import sys
from pathlib import Path

import pytest

from desktop_search.gui import autostart


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> Path:
    """A private $XDG_CONFIG_HOME, so no test touches the real ~/.config/autostart."""
    config = tmp_path / "xdg config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


def _exec_argv(entry: str) -> list[str]:
    line = next(x for x in entry.splitlines() if x.startswith("Exec="))
    # Undo the string-value escape, then the Exec quoting (which is shell-like).
    return shlex.split(line.removeprefix("Exec=").replace("\\\\", "\\").replace("%%", "%"))


def test_xdg_entry_follows_xdg_config_home(xdg: Path) -> None:
    assert autostart.xdg_entry_path() == xdg / "autostart" / "desktop-search.desktop"
    assert not autostart.is_enabled("linux")

    argv = autostart.command(xdg.parent / "my data")
    autostart.set_enabled(True, argv, "linux")
    path = xdg / "autostart" / "desktop-search.desktop"
    assert path.is_file() and autostart.is_enabled("linux")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Type=Application" in text and "Terminal=false" in text
    assert _exec_argv(text) == argv
    assert argv[:4] == [sys.executable, "-m", "desktop_search", "--background"]
    assert argv[4:] == ["--data-dir", str((xdg.parent / "my data").resolve())]
    icon = next(x for x in text.splitlines() if x.startswith("Icon="))
    assert Path(icon.removeprefix("Icon=")).is_file()

    autostart.set_enabled(False, argv, "linux")
    assert not path.exists() and not autostart.is_enabled("linux")
    autostart.set_enabled(False, argv, "linux")  # removing twice is fine


def test_entry_switched_off_by_the_desktop_counts_as_off(xdg: Path) -> None:
    autostart.set_enabled(True, ["/usr/bin/python3", "-m", "desktop_search"], "linux")
    path = autostart.xdg_entry_path()
    path.write_text(path.read_text(encoding="utf-8") + "Hidden=true\n", encoding="utf-8")
    assert not autostart.is_enabled("linux")


def test_unwritable_autostart_folder_is_a_plain_error(xdg: Path) -> None:
    xdg.mkdir(parents=True)
    (xdg / "autostart").write_text("not a folder")
    with pytest.raises(autostart.AutostartError) as err:
        autostart.set_enabled(True, ["python3"], "linux")
    assert "autostart" in err.value.reason


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/python3", "/usr/bin/python3"),
        ("--background", "--background"),
        ("/home/me/My Data", '"/home/me/My Data"'),
        ("100%", "100%%"),
        ('say "hi"', '"say \\\\"hi\\\\""'),
        ("C:\\x y", '"C:\\\\\\\\x y"'),
        ("$HOME", '"\\\\$HOME"'),
    ],
)
def test_exec_quoting(arg: str, quoted: str) -> None:
    assert autostart.exec_quote(arg) == quoted


def test_macos_launch_agent(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    argv = ["/opt/py/bin/python3", "-m", "desktop_search", "--background"]
    autostart.set_enabled(True, argv, "darwin")
    path = tmp_path / "Library" / "LaunchAgents" / "org.desktop-search.app.plist"
    assert autostart.is_enabled("darwin")
    plist = plistlib.loads(path.read_bytes())
    assert plist["ProgramArguments"] == argv and plist["RunAtLoad"] is True
    autostart.set_enabled(False, argv, "darwin")
    assert not path.exists() and not autostart.is_enabled("darwin")
