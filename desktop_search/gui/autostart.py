"""Start the app when the user logs in: one small writer per platform, nothing resident.

Each system keeps "run this at login" in its own place: an XDG autostart entry on Linux
and the other free desktops (``$XDG_CONFIG_HOME/autostart``), the per-user ``Run``
registry key on Windows, a LaunchAgent on macOS. The entry starts the app with
``--background``, so it comes up in the notification area and keeps the index current
without opening a window. The entry itself is the setting: "enabled" means the file
(or registry value) is there, so the Preferences checkbox can never disagree with
what the system will do at the next login.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs

ENTRY_NAME = "desktop-search"  # the .desktop file, the registry value, the plist label base
MAC_LABEL = "org.desktop-search.app"
RUN_KEY = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"

# Characters that make an Exec argument need quotes (Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class AutostartError(Exception):
    """The login entry could not be written or removed; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _system(system: str | None) -> str:
    system = system or sys.platform
    if system.startswith("win"):
        return "windows"
    if system == "darwin":
        return "macos"
    return "xdg"  # Linux, the BSDs: every free desktop reads XDG autostart


def supported(system: str | None = None) -> bool:
    """True where this module knows how to start the app at login."""
    system = system or sys.platform
    return system.startswith(("linux", "win", "darwin", "freebsd", "openbsd", "netbsd"))


def command(home: str | Path | None = None) -> list[str]:
    """The command line that starts this installation in the background (on ``home``)."""
    python = Path(sys.executable)
    if _system(None) == "windows":
        windowed = python.with_name("pythonw.exe")  # no console window at login
        if windowed.exists():
            python = windowed
    argv = [str(python), "-m", "desktop_search", "--background"]
    if home is not None:
        argv += ["--data-dir", str(Path(home).expanduser().resolve())]
    return argv


def xdg_entry_path() -> Path:
    """``$XDG_CONFIG_HOME/autostart/desktop-search.desktop`` (``~/.config`` by default)."""
    return platformdirs.user_config_path() / "autostart" / f"{ENTRY_NAME}.desktop"


def mac_entry_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"


def is_enabled(system: str | None = None) -> bool:
    """True when the app is set to start at login."""
    kind = _system(system)
    if kind == "windows":
        return _run_key().contains(ENTRY_NAME)
    if kind == "macos":
        return mac_entry_path().is_file()
    path = xdg_entry_path()
    if not path.is_file():
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    # A desktop may switch an entry off by marking it hidden instead of deleting it.
    return "\nHidden=true" not in text and "\nX-GNOME-Autostart-enabled=false" not in text


def set_enabled(enabled: bool, argv: Sequence[str], system: str | None = None) -> None:
    """Add (``enabled``) or remove the login entry that runs ``argv``."""
    kind = _system(system)
    try:
        if kind == "windows":
            _set_windows(enabled, argv)
        elif kind == "macos":
            _set_file(mac_entry_path(), _plist(argv) if enabled else None)
        else:
            _set_file(xdg_entry_path(), desktop_entry(argv) if enabled else None)
    except OSError as exc:
        where = exc.filename or "the login items"
        raise AutostartError(f"cannot change {where}: {exc.strerror or exc}") from exc


def desktop_entry(argv: Sequence[str]) -> str:
    """The XDG autostart entry running ``argv``."""
    from desktop_search.gui.icons import resource_dir

    icon = resource_dir() / "icons" / "desktop-search-128.png"
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Desktop Search",
        "Name[zh_CN]=桌面搜索",
        "Comment=Keeps the search index of your documents up to date",
        "Comment[zh_CN]=保持文档搜索索引为最新",
        f"Exec={' '.join(exec_quote(a) for a in argv)}",
        f"Icon={icon}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ]
    return "\n".join(lines)


def exec_quote(arg: str) -> str:
    """One argument for a desktop entry's ``Exec`` line, quoted and escaped as the spec says."""
    arg = arg.replace("%", "%%")
    if arg and not _RESERVED.intersection(arg):
        return arg
    quoted = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    # The string-value escape applies on top of the quoting: each backslash is doubled.
    return '"' + quoted.replace("\\", "\\\\") + '"'


def _plist(argv: Sequence[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": MAC_LABEL,
            "ProgramArguments": list(argv),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def _set_file(path: Path, content: str | bytes | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _run_key():
    from PySide6.QtCore import QSettings

    return QSettings(RUN_KEY, QSettings.Format.NativeFormat)


def _set_windows(enabled: bool, argv: Sequence[str]) -> None:
    key = _run_key()
    if enabled:
        key.setValue(ENTRY_NAME, subprocess.list2cmdline(list(argv)))
    else:
        key.remove(ENTRY_NAME)
    key.sync()
    if key.status() != key.Status.NoError:
        raise AutostartError("Windows did not accept the change to the login items")
