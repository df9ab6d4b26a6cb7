"""Pick and install the interface language: the system's, or the one chosen in settings.

The app's strings are English in the source and Simplified Chinese in
``resources/translations/desktop_search_zh_CN.qm`` (compiled from the ``.ts`` with
``pyside6-lrelease``). Qt's own strings (file dialog, standard buttons) come from the
``qtbase`` translations that ship with PySide6. Switching at run time replaces the
installed translators; Qt then sends every widget a ``LanguageChange`` event and each
one re-reads its texts in ``retranslate``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_search.gui.icons import resource_dir

log = logging.getLogger(__name__)

# code -> name shown in the language menu, in that language
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []


def resolve(setting: str, locale: QLocale | None = None) -> str:
    """The language to use: ``setting`` if set, else the system locale's (Chinese or English)."""
    if setting in LANGUAGES:
        return setting
    if setting.startswith("zh"):
        return "zh_CN"
    locale = locale or QLocale.system()
    for name in (locale.name(), *locale.uiLanguages()):
        if name.replace("-", "_").lower().startswith("zh"):
            return "zh_CN"
    return "en"


def install(setting: str = "") -> str:
    """Install translators for ``setting`` (see :func:`resolve`); returns the language used."""
    app = QCoreApplication.instance()
    language = resolve(setting)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # Dates and numbers follow the system, unless the chosen language contradicts it.
    system = QLocale.system()
    if language == resolve("", system) and system.language() != QLocale.Language.C:
        QLocale.setDefault(system)
    elif language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if language == "en":
        return language
    ours = QTranslator(app)
    if ours.load(f"desktop_search_{language}", str(resource_dir() / "translations")):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation file for %s", language)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
