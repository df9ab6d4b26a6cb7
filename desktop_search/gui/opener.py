"""Open a found document in the system's viewer (at the page, where the viewer allows it).

``QDesktopServices`` opens any file with the user's default app but cannot say "page
12". For PDFs on Linux the default viewer is looked up and, when it is one that takes
a page argument, started with it; everywhere else the file simply opens. The window
receives an ``Opener`` from outside, so tests swap in one that records instead of
launching applications.

On Linux, Qt hands the file to ``xdg-open`` and reports success once it has started,
though xdg-open may then find nothing to open it with ("no method available", exit 3,
on a desktop without a viewer or file manager): the user clicked and nothing happened.
So xdg-open is run here and watched for a few seconds; ``failed`` says when it gave up.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QProcess, QUrl, Signal
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)

#: How long xdg-open is watched: it exits within a second when it hands the file on; one
#: still running then has started the application itself, which opened it.
_XDG_WATCH_S = 8.0
OPEN, FOLDER = "open", "folder"  # what ``failed`` says could not be done

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


class SystemOpener(QObject):
    """Opens files and folders with the desktop's own applications."""

    #: (path, OPEN or FOLDER): the desktop found no application after all (emitted in the
    #: window's thread, seconds after the call that returned True)
    failed = Signal(str, str)

    def open_document(self, path: str, page: int | None = None) -> bool:
        """Open ``path``; at ``page`` (1-based) for PDFs when the viewer supports it."""
        if page and path.lower().endswith(".pdf") and self._open_pdf_at_page(path, page):
            return True
        if "://" in path:  # a team library's file mapped to smb://… (team/pathmap.py)
            return self._open_url(QUrl(path), path, OPEN)
        return self._open_url(QUrl.fromLocalFile(path), path, OPEN)

    def show_in_folder(self, path: str) -> bool:
        """Open the folder holding ``path``, with the file selected where possible."""
        if sys.platform == "win32":
            return QProcess.startDetached("explorer.exe", [f"/select,{Path(path)}"])[0]
        if sys.platform == "darwin":
            return QProcess.startDetached("open", ["-R", path])[0]
        return self._open_url(QUrl.fromLocalFile(str(Path(path).parent)), path, FOLDER)

    def _open_url(self, url: QUrl, path: str, action: str) -> bool:
        xdg_open = shutil.which("xdg-open") if sys.platform.startswith("linux") else None
        if xdg_open is None:
            return QDesktopServices.openUrl(url)
        try:
            proc = subprocess.Popen(
                [xdg_open, url.toLocalFile() if url.isLocalFile() else url.toString()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # the application outlives this window
            )
        except OSError as exc:
            log.warning("xdg-open could not start: %s", exc)
            return False
        threading.Thread(
            target=self._watch, args=(proc, path, action), name="xdg-open", daemon=True
        ).start()
        return True

    def _watch(self, proc: subprocess.Popen, path: str, action: str) -> None:
        try:
            _, err = proc.communicate(timeout=_XDG_WATCH_S)
        except subprocess.TimeoutExpired:
            return  # still running: it started the application itself
        if proc.returncode:
            reason = (err or b"").decode("utf-8", "replace").strip()
            log.warning("xdg-open gave up on %s (exit %d): %s", path, proc.returncode, reason)
            self.failed.emit(path, action)

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
