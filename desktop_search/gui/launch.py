"""``desktop-search``: start the window, fast, once per data folder.

The window must be on screen within two seconds of a double-click, so nothing heavy
is imported here: models, FAISS and the readers load later, on the search thread or
in the indexing worker. A second launch on the same data folder raises the running
window and exits (``single_instance``). Background work starts after the window is
shown, from the event loop.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop_search import __version__
from desktop_search.paths import app_paths

log = logging.getLogger("desktop_search.gui")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-search",
        description="Search your documents by meaning and keywords (offline).",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the index and settings here instead of the platform's data folder "
        "(also: $DESKTOP_SEARCH_HOME)",
    )
    return p


def create_window(home: str | Path | None, *, opener=None, start_indexer: bool = True):
    """The main window on ``home`` with its indexing client (not yet shown or started)."""
    from desktop_search.gui.indexing_client import IndexingClient
    from desktop_search.gui.main_window import MainWindow

    client = IndexingClient(home) if start_indexer else None
    window = MainWindow(home, client=client, opener=opener)
    if client is not None:
        client.setParent(window)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app until its window closes."""
    args = _parser().parse_args(argv)
    home = str(Path(args.data_dir).expanduser().resolve()) if args.data_dir else None
    paths = app_paths(home).ensure()

    from desktop_search.logs import setup_logging

    setup_logging(paths.log_file)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_search.gui import icons, translations
    from desktop_search.gui.single_instance import SingleInstance
    from desktop_search.settings import load_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("desktop-search")
    app.setOrganizationName("desktop-search")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("desktop-search")
    app.setWindowIcon(icons.app_icon())

    instance = SingleInstance(paths.data)
    if not instance.acquire():
        log.info("another window is open on %s; asked it to come forward", paths.data)
        return 0
    translations.install(load_settings(paths.settings_file).ui_language)
    window = create_window(home)
    instance.activated.connect(lambda: _bring_forward(window))
    window.show()
    QTimer.singleShot(0, window.start)
    try:
        return app.exec()
    finally:
        instance.release()


def _bring_forward(window) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    window.focus_search()


if __name__ == "__main__":
    sys.exit(main())
