"""The start-up check for the system libraries Qt's window platforms need.

A new user on a fresh Debian got Qt's abort and a wrong hint ("xcb-cursor0 is needed")
while libxcb-icccm4 and libxcb-keysyms1 were the missing ones. These tests pin the
translation from what the dynamic linker reports to the one command that fixes it, per
distribution, and that the launcher says so instead of letting Qt abort.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_search.gui import display_check
from desktop_search.gui.display_check import DisplayCheck

REPO = Path(__file__).resolve().parents[2]

# What ldd printed on the machine of the issue (Debian 12, PySide6 6.11), abridged.
LDD_DEBIAN = """\
	linux-vdso.so.1 (0x00007ffc5a1f2000)
	libQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0e1c000000)
	libxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f0e1bf00000)
	libxcb-icccm.so.4 => not found
	libxcb-keysyms.so.1 => not found
	libxcb-icccm.so.4 => not found
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e1ba00000)
"""

OS_RELEASE = {
    "apt": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
    "dnf": 'NAME="Fedora Linux"\nID=fedora\n',
    "pacman": 'NAME="Arch Linux"\nID=arch\n',
    "zypper": 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n',
}


def test_ldd_output_names_each_missing_library_once():
    assert display_check.parse_ldd(LDD_DEBIAN) == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")


@pytest.mark.parametrize(
    ("manager", "command"),
    [
        ("apt", "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1"),
        ("dnf", "sudo dnf install -y xcb-util-wm xcb-util-keysyms"),
        ("pacman", "sudo pacman -S --needed xcb-util-wm xcb-util-keysyms"),
        ("zypper", "sudo zypper install -y libxcb-icccm4 libxcb-keysyms1"),
    ],
)
def test_the_command_names_the_distributions_packages(manager, command):
    missing = display_check.parse_ldd(LDD_DEBIAN)
    assert display_check.install_command(missing, manager) == command


@pytest.mark.parametrize("manager", list(OS_RELEASE))
def test_the_distribution_is_read_from_os_release(manager):
    assert display_check.detect_manager(OS_RELEASE[manager], which=lambda _n: None) == manager


def test_an_unknown_distribution_gets_all_four_commands():
    result = DisplayCheck({"xcb": ("libxcb-cursor.so.0",)}, manager=None)
    text = result.message()
    assert not result.can_open_window
    for line in (
        "sudo apt-get install -y libxcb-cursor0",
        "sudo dnf install -y xcb-util-cursor",
        "sudo pacman -S --needed xcb-util-cursor",
        "sudo zypper install -y libxcb-cursor0",
    ):
        assert line in text


def test_one_package_serves_several_libraries():
    libs = ("libxcb-randr.so.0", "libxcb-shm.so.0", "libwayland-cursor.so.0")
    assert display_check.packages_for(libs, "dnf") == ("libxcb", "libwayland-cursor")


@pytest.mark.parametrize(
    ("env", "platforms"),
    [
        ({"DISPLAY": ":0"}, ("xcb",)),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, ("wayland", "xcb")),
        ({"QT_QPA_PLATFORM": "xcb"}, ("xcb",)),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, ("wayland", "xcb")),
        ({"QT_QPA_PLATFORM": "offscreen"}, ()),
    ],
)
def test_only_the_platforms_qt_would_try_are_checked(env, platforms):
    assert display_check.platforms_to_check(env) == platforms


def test_a_wayland_session_opens_on_xcb_when_only_wayland_lacks_a_library():
    result = DisplayCheck({"wayland": ("libwayland-cursor.so.0",), "xcb": ()}, "apt")
    assert result.can_open_window
    assert "sudo apt-get install -y libwayland-cursor0" in result.message()


def test_the_launcher_prints_the_command_instead_of_letting_qt_abort(monkeypatch, tmp_path, capsys):
    from desktop_search.gui import launch

    monkeypatch.setattr(
        display_check,
        "start_check",
        lambda env=None, folder=None: (
            lambda: DisplayCheck({"xcb": ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")}, "apt")
        ),
    )
    monkeypatch.setattr(launch, "_notify_desktop", lambda message: None)
    assert launch.main(["--data-dir", str(tmp_path / "home")]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1" in err


def test_the_check_runs_with_the_standard_library_alone():
    """scripts/setup runs it with the system Python before PySide6 is installed."""
    out = subprocess.run(
        [sys.executable, "-S", str(REPO / "desktop_search/gui/display_check.py"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr


def test_the_real_check_agrees_with_the_dynamic_linker():
    """On this machine: every library ldd finds missing is in the message, with a package."""
    if not sys.platform.startswith("linux"):
        pytest.skip("Qt's xcb platform is Linux only")
    folder = display_check.plugin_dir()
    assert folder is not None and (folder / "libqxcb.so").is_file()
    result = display_check.check({"QT_QPA_PLATFORM": "xcb"})
    for soname in result.missing_libraries:
        assert soname in display_check._PACKAGES, f"no package known for {soname}"


@pytest.mark.parametrize("manager", display_check.MANAGERS)
def test_the_readme_names_every_package_a_window_needs(manager):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    needed = display_check._NEEDS["xcb"] + display_check._NEEDS["wayland"]
    assert display_check.install_command(needed, manager) in readme


def test_ci_installs_every_package_a_window_needs():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").split()
    needed = display_check._NEEDS["xcb"] + display_check._NEEDS["wayland"]
    missing = [p for p in display_check.packages_for(needed, "apt") if p not in ci]
    assert not missing, f".ci/run does not install {missing}"
    for tool in ("xvfb", "fluxbox", "xdotool"):  # the real-display smoke test
        assert tool in ci
