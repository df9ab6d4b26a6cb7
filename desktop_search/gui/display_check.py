"""Can Qt open a window here? If not, which system packages would fix it, in one command.

PySide6 ships Qt itself but not the X11/Wayland client libraries its platform plugins
link against. When one is missing, Qt aborts with a misleading hint ("xcb-cursor0 is
needed...") even when that library is installed and another one is not. This module
asks the dynamic linker (``ldd`` on the plugin) which libraries are missing and turns
their names into the install command of the person's distribution (apt, dnf, pacman,
zypper). It imports no Qt, so it runs before Qt could abort: from ``scripts/setup``,
``scripts/run``, the bundle's installer and the launcher itself.

``python -m desktop_search.gui.display_check`` prints the verdict; exit status 1 means
the window cannot open until the printed command is run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PLUGINS = {"xcb": "libqxcb.so", "wayland": "libqwayland.so"}

# What each library is called in each distribution's packages. Debian/Ubuntu, Fedora,
# Arch, openSUSE; the libraries Qt 6's xcb and wayland plugins link (ldd on PySide6 6.11).
_PACKAGES: dict[str, tuple[str, str, str, str]] = {
    # soname: (apt, dnf, pacman, zypper)
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm", "libxcb-icccm4"),
    "libxcb-keysyms.so.1": (
        "libxcb-keysyms1",
        "xcb-util-keysyms",
        "xcb-util-keysyms",
        "libxcb-keysyms1",
    ),
    "libxcb-cursor.so.0": (
        "libxcb-cursor0",
        "xcb-util-cursor",
        "xcb-util-cursor",
        "libxcb-cursor0",
    ),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image", "libxcb-image0"),
    "libxcb-render-util.so.0": (
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
        "libxcb-render-util0",
    ),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util", "libxcb-util1"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb", "libxcb-randr0"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb", "libxcb-shm0"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb", "libxcb-sync1"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb", "libxcb-xfixes0"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb", "libxcb-render0"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb", "libxcb-shape0"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb", "libxcb-xkb1"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb", "libxcb1"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb1"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11", "libX11-6"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon0"),
    "libxkbcommon-x11.so.0": (
        "libxkbcommon-x11-0",
        "libxkbcommon-x11",
        "libxkbcommon-x11",
        "libxkbcommon-x11-0",
    ),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd", "libGL1"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd", "libEGL1"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd", "libOpenGL0"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig", "libfontconfig1"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2", "libfreetype6"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus", "libdbus-1-3"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2", "libglib-2_0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2", "libgthread-2_0-0"),
    "libwayland-client.so.0": (
        "libwayland-client0",
        "libwayland-client",
        "wayland",
        "libwayland-client0",
    ),
    "libwayland-cursor.so.0": (
        "libwayland-cursor0",
        "libwayland-cursor",
        "wayland",
        "libwayland-cursor0",
    ),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl", "wayland", "libwayland-egl1"),
}
MANAGERS = ("apt", "dnf", "pacman", "zypper")
_INSTALL = {
    "apt": "sudo apt-get install -y",
    "dnf": "sudo dnf install -y",
    "pacman": "sudo pacman -S --needed",
    "zypper": "sudo zypper install -y",
}
# /etc/os-release ID / ID_LIKE words -> package manager
_DISTROS = {
    "debian": "apt",
    "ubuntu": "apt",
    "linuxmint": "apt",
    "pop": "apt",
    "raspbian": "apt",
    "fedora": "dnf",
    "rhel": "dnf",
    "centos": "dnf",
    "rocky": "dnf",
    "almalinux": "dnf",
    "arch": "pacman",
    "manjaro": "pacman",
    "endeavouros": "pacman",
    "suse": "zypper",
    "opensuse": "zypper",
    "opensuse-leap": "zypper",
    "opensuse-tumbleweed": "zypper",
    "sles": "zypper",
}
_BINARIES = {"apt": "apt-get", "dnf": "dnf", "pacman": "pacman", "zypper": "zypper"}


@dataclass(frozen=True, slots=True)
class DisplayCheck:
    """Which platforms Qt may use here and the libraries each one lacks."""

    missing: Mapping[str, tuple[str, ...]]  # platform ("xcb", "wayland") -> missing sonames
    manager: str | None  # "apt" | "dnf" | "pacman" | "zypper" | None (unknown)

    @property
    def can_open_window(self) -> bool:
        """True when at least one platform Qt would try has everything it needs."""
        return not self.missing or any(not libs for libs in self.missing.values())

    @property
    def missing_libraries(self) -> tuple[str, ...]:
        """Every missing library of every platform checked, without repeats."""
        seen: dict[str, None] = {}
        for libs in self.missing.values():
            seen.update(dict.fromkeys(libs))
        return tuple(seen)

    def commands(self) -> dict[str, str]:
        """Install commands per package manager: the person's own, or all four if unknown."""
        libs = self.missing_libraries
        if not libs:
            return {}
        managers = (self.manager,) if self.manager else MANAGERS
        return {m: install_command(libs, m) for m in managers}

    def message(self) -> str:
        """What to tell the person, in plain words ('' when nothing is missing)."""
        if not self.missing_libraries:
            return ""
        lines = []
        for platform, libs in self.missing.items():
            if libs:
                what = "X11 (xcb)" if platform == "xcb" else "Wayland"
                lines.append(
                    f"Desktop Search needs system libraries for {what} windows that are not "
                    f"installed: {', '.join(libs)}."
                )
        commands = self.commands()
        if len(commands) == 1:
            lines.append("Install them with:")
        else:
            lines.append("Install them with the command for your distribution:")
        lines.extend(f"    {cmd}" for cmd in commands.values())
        return "\n".join(lines)


def packages_for(sonames: Sequence[str], manager: str) -> tuple[str, ...]:
    """The distribution's package names for ``sonames`` (unknown names passed as they are)."""
    column = MANAGERS.index(manager)
    names: dict[str, None] = {}
    for soname in sonames:
        row = _PACKAGES.get(soname)
        names[row[column] if row else soname] = None
    return tuple(names)


def install_command(sonames: Sequence[str], manager: str) -> str:
    """E.g. ``sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1``."""
    return " ".join((_INSTALL[manager], *packages_for(sonames, manager)))


def detect_manager(os_release: str | None = None, which=shutil.which) -> str | None:
    """The package manager of this Linux (from /etc/os-release, else the one on PATH)."""
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
        except OSError:
            os_release = ""
    fields = {}
    for line in os_release.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip().strip("\"'")
    for word in (fields.get("ID", ""), *fields.get("ID_LIKE", "").split()):
        manager = _DISTROS.get(word.lower())
        if manager:
            return manager
    for manager in MANAGERS:
        if which(_BINARIES[manager]):
            return manager
    return None


def platforms_to_check(env: Mapping[str, str]) -> tuple[str, ...]:
    """The platform plugins Qt would try with this environment, in its order."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        names = [part.split(":", 1)[0].strip() for part in chosen.split(";")]
        return tuple(n for n in ("wayland", "xcb") if n in names or f"{n}-egl" in names)
    wayland = bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"
    return ("wayland", "xcb") if wayland else ("xcb",)


def plugin_dir() -> Path | None:
    """Where PySide6's platform plugins are (in a venv or a PyInstaller bundle)."""
    candidates = []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        candidates.extend(Path(p) for p in spec.submodule_search_locations)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "PySide6")
    for base in candidates:
        folder = base / "Qt" / "plugins" / "platforms"
        if folder.is_dir():
            return folder
    return None


def parse_ldd(output: str) -> tuple[str, ...]:
    """The libraries ``ldd`` reports as 'not found', in its order."""
    missing: dict[str, None] = {}
    for line in output.splitlines():
        name, _, rest = line.strip().partition("=>")
        if "not found" in rest:
            missing[name.strip()] = None
    return tuple(missing)


def missing_for(platform: str, plugin: Path | None = None) -> tuple[str, ...]:
    """The shared libraries ``platform``'s plugin needs that the dynamic linker cannot find."""
    return _ask_missing(platform, plugin)()


def _ask_missing(platform: str, plugin: Path | None) -> Callable[[], tuple[str, ...]]:
    """Start asking ``ldd`` about ``plugin``; the answer is read when the result is called.

    So the launcher's other steps run while ``ldd`` works (10-30 ms).
    """
    ldd = shutil.which("ldd")
    if plugin is not None and ldd:
        try:
            proc = subprocess.Popen(
                [ldd, str(plugin)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL,
                text=True,
            )
        except OSError:
            proc = None
        if proc is not None:

            def answer() -> tuple[str, ...]:
                try:
                    out, _ = proc.communicate(timeout=10)
                except subprocess.SubprocessError:
                    proc.kill()
                    proc.communicate()
                    return _load_each(platform)
                return parse_ldd(out)

            return answer
    return lambda: _load_each(platform)


def _load_each(platform: str) -> tuple[str, ...]:
    """No plugin yet (before setup installs PySide6) or no ldd: load each library the
    plugin is known to need."""
    import ctypes  # only here: its import alone took ~5 ms of every launch

    missing = []
    for soname in _NEEDS[platform]:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return tuple(missing)


_COMMON = ("libxkbcommon.so.0", "libEGL.so.1", "libfontconfig.so.1", "libfreetype.so.6")
_COMMON += ("libdbus-1.so.3", "libglib-2.0.so.0")
# What ``ldd`` lists for each plugin of PySide6 6.11 (used when ldd cannot be asked).
_NEEDS = {
    "xcb": (
        *(s for s in _PACKAGES if s.startswith(("libxcb", "libX11"))),
        "libxkbcommon-x11.so.0",
        "libGL.so.1",
        *_COMMON,
    ),
    "wayland": ("libwayland-client.so.0", "libwayland-cursor.so.0", *_COMMON),
}


def check(env: Mapping[str, str] | None = None, *, folder: Path | None = None) -> DisplayCheck:
    """What the platforms Qt would use here lack (nothing to check off Linux or offscreen)."""
    return start_check(env, folder=folder)()


def start_check(
    env: Mapping[str, str] | None = None, *, folder: Path | None = None
) -> Callable[[], DisplayCheck]:
    """Begin ``check``; calling the result waits for its verdict (the launcher's other
    steps run meanwhile)."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux"):
        return lambda: DisplayCheck({}, None)
    folder = folder or plugin_dir()
    asked: dict[str, Callable[[], tuple[str, ...]]] = {}
    for platform in platforms_to_check(env):
        plugin = folder / PLUGINS[platform] if folder else None
        if plugin is None or plugin.is_file():  # None: PySide6 not installed yet
            asked[platform] = _ask_missing(platform, plugin)

    def verdict() -> DisplayCheck:
        missing = {platform: answer() for platform, answer in asked.items()}
        if not any(missing.values()):
            return DisplayCheck(missing, None)
        return DisplayCheck(missing, detect_manager())

    return verdict


def main(argv: Sequence[str] | None = None) -> int:
    """Print whether a window can open here; 1 (and the install command) when it cannot."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Setup checks both platforms: the person may log into either kind of session.
    env = dict(os.environ)
    if "--all" in args:
        env = {"QT_QPA_PLATFORM": "wayland;xcb"}
    result = check(env)
    if result.missing_libraries:
        print(result.message(), file=sys.stderr)
    elif "--quiet" not in args:
        print("The system libraries Qt needs for windows are installed.")
    return 0 if result.can_open_window else 1


if __name__ == "__main__":
    sys.exit(main())
