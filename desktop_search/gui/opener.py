"""Open a found document in the system's viewer (at the page, where the viewer allows it).

``QDesktopServices`` opens any file with the user's default app but cannot say "page
12". For PDFs on Linux the default viewer is looked up and, when it is one that takes
a page argument, started with it; everywhere else the file simply opens. The window
receives an ``Opener`` from outside, so tests swap in one that records instead of
launching applications.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)

# Desktop-file name (without .desktop) -> (program, how to pass a 1-based page number).
_PAGE_ARGS: dict[str, tuple[str, list[str]]] = {
    "org.gnome.Evince": ("evince", ["--page-index={page}"]),
    "evince": ("evince", ["--page-index={page}"]),
    "org.gnome.Papers": ("papers", ["--page-index={page}"]),
    "atril": ("atril", ["--page-index={page}"]),
    "xreader": ("xreader", ["--page-index={page}"]),
    "okularApplication_pdf": ("okular", ["-p", "{page}"]),
    "org.kde.okular": ("okular", ["-p", "{page}"]),
    "okular": ("okular", ["-p", "{page}"]),
    "org.pwmt.zathura": ("zathura", ["-P", "{page}"]),
    "org.pwmt.zathura-pdf-mupdf": ("zathura", ["-P", "{page}"]),
    "zathura": ("zathura", ["-P", "{page}"]),
}


class Opener(Protocol):
    def open_document(self, path: str, page: int | None = None) -> bool: ...
    def show_in_folder(self, path: str) -> bool: ...


class SystemOpener:
    """Opens files and folders with the desktop's own applications."""

    def open_document(self, path: str, page: int | None = None) -> bool:
        """Open ``path``; at ``page`` (1-based) for PDFs when the viewer supports it."""
        if page and path.lower().endswith(".pdf") and self._open_pdf_at_page(path, page):
            return True
        if "://" in path:  # a team library's file mapped to smb://… (team/pathmap.py)
            return QDesktopServices.openUrl(QUrl(path))
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def show_in_folder(self, path: str) -> bool:
        """Open the folder holding ``path``, with the file selected where possible."""
        if sys.platform == "win32":
            return QProcess.startDetached("explorer.exe", [f"/select,{Path(path)}"])[0]
        if sys.platform == "darwin":
            return QProcess.startDetached("open", ["-R", path])[0]
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))

    @staticmethod
    def _open_pdf_at_page(path: str, page: int) -> bool:
        if not sys.platform.startswith("linux") or not shutil.which("xdg-mime"):
            return False
        try:
            desktop = subprocess.run(
                ["xdg-mime", "query", "default", "application/pdf"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return False
        known = _PAGE_ARGS.get(desktop.removesuffix(".desktop"))
        program = shutil.which(known[0]) if known else None
        if not known or not program:
            return False
        args = known[1]
        argv = [a.format(page=page) for a in args] + [path]
        ok = QProcess.startDetached(program, argv)[0]
        log.info("opened %s at page %d with %s: %s", path, page, program, ok)
        return bool(ok)
