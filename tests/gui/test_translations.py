"""The Chinese translation is complete and compiled; the language is chosen right."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop_search.gui import translations
from desktop_search.gui.icons import resource_dir

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "desktop_search_zh_CN.ts"
QM = resource_dir() / "translations" / "desktop_search_zh_CN.qm"


def _tool(name: str) -> str | None:
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def test_every_message_is_translated() -> None:
    messages = ET.parse(TS).getroot().iter("message")
    untranslated = [
        m.findtext("source")
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not (m.findtext("translation") or "").strip()
    ]
    assert untranslated == []


def test_source_strings_all_in_the_ts(tmp_path) -> None:
    """lupdate finds no string in the code that the .ts lacks."""
    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate not installed")
    sources = [
        str(p)
        for p in (REPO / "desktop_search" / "gui").rglob("*.py")
        if p.name != "indexing_client.py"
    ]
    copy = tmp_path / TS.name
    shutil.copy2(TS, copy)
    out = subprocess.run(
        [lupdate, *sources, "-ts", str(copy), "-no-obsolete"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "(0 new and" in out, out


def test_compiled_file_matches_the_ts() -> None:
    """The shipped .qm holds exactly the .ts translations (run lrelease after editing)."""
    translator = QTranslator()
    assert translator.load(str(QM))
    stale = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            if translator.translate(name, m.findtext("source")) != m.findtext("translation"):
                stale.append((name, m.findtext("source")))
    assert stale == []


def test_install_switches_language() -> None:
    assert translations.install("zh_CN") == "zh_CN"
    assert QCoreApplication.translate("MainWindow", "Desktop Search") == "桌面搜索"
    assert translations.install("en") == "en"
    assert QCoreApplication.translate("MainWindow", "Desktop Search") == "Desktop Search"


@pytest.mark.parametrize(
    ("setting", "locale", "expected"),
    [
        ("", "zh_CN", "zh_CN"),
        ("", "zh_TW", "zh_CN"),
        ("", "en_US", "en"),
        ("", "de_DE", "en"),
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
        ("zh", "en_US", "zh_CN"),
    ],
)
def test_language_follows_system_unless_set(setting: str, locale: str, expected: str) -> None:
    assert translations.resolve(setting, QLocale(locale)) == expected
