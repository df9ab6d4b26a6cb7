"""Remember how the window was left: size, splitter, search mode and filters.

This is window state, not a setting a person edits, so it lives in a Qt ``.ini`` file
beside ``settings.json`` in the app's config folder (and therefore moves with
``--data-dir`` / ``DESKTOP_SEARCH_HOME`` like everything else). The window's own
behaviour choices (keep running in the tray, notices already shown) live here too, under
``[behaviour]``: the indexer never reads them, and ``settings.json`` drops keys it does
not know when the worker rewrites it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop_search.paths import app_paths


class UiState:
    """Typed access to the window's saved state."""

    def __init__(self, home: str | Path | None = None) -> None:
        path = app_paths(home).config / "window.ini"
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._qs.setValue(key, value)

    def text(self, key: str, default: str = "") -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def flag(self, key: str, default: bool = False) -> bool:
        """A yes/no choice under ``[behaviour]``."""
        value = self._qs.value(f"behaviour/{key}", default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def set_flag(self, key: str, value: bool) -> None:
        self._qs.setValue(f"behaviour/{key}", "true" if value else "false")

    def filters(self) -> dict[str, Any]:
        """The last filter choices (keys as ``FilterBar.state``)."""
        self._qs.beginGroup("filters")
        try:
            return {k: self._qs.value(k) for k in self._qs.childKeys()}
        finally:
            self._qs.endGroup()

    def set_filters(self, state: dict[str, str]) -> None:
        self._qs.beginGroup("filters")
        self._qs.remove("")
        for key, value in state.items():
            self._qs.setValue(key, value)
        self._qs.endGroup()

    def sync(self) -> None:
        self._qs.sync()
