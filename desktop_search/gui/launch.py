"""``desktop-search``: start the window, fast, once per data folder.

The window must be on screen within two seconds of a double-click, so nothing heavy
is imported here: models, FAISS and the readers load later, on the search thread or
in the indexing worker. A second launch on the same data folder raises the running
window and exits (``single_instance``). Background work starts after the window is
shown, from the event loop.

``--background`` (what the login entry from ``autostart`` runs) starts without a
window: in the notification area if the desktop has one (the panel may come up a few
seconds after us, so we look again for a while), else minimised.

For ``benchmarks/launch.py``: ``DESKTOP_SEARCH_REPORT_SHOWN=FILE`` writes the Unix time
of the window's first paint to FILE, and ``DESKTOP_SEARCH_QUIT_WHEN_SHOWN=1`` then
closes the app. For the smoke test on a real display and ``benchmarks/first_search.py``:
``DESKTOP_SEARCH_REPORT_RESULTS=FILE`` appends one line per answer shown (Unix time, the
query, the vector spaces that answered, the paths found, tab-separated).

``desktop-search WORDS`` opens the window searching WORDS (from a terminal, a launcher or
a keyboard shortcut); when a window is already open on the data folder, that window
comes forward and searches them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from desktop_search import __version__
from desktop_search.paths import add_location_arguments, app_paths

log = logging.getLogger("desktop_search.gui")

WORKER_DELAY_MS = 1000  # from the first paint to the indexing worker's start
LISTEN_DELAY_MS = 300  # from the first paint to answering a second launch


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="desktop-search",
        description="Search your documents by meaning and keywords (offline).",
    )
    add_location_arguments(p, __version__)
    p.add_argument(
        "--background",
        action="store_true",
        help="start without a window, in the notification area (used when starting at login)",
    )
    p.add_argument(
        "query",
        nargs="*",
        metavar="WORDS",
        help="search for these as the window opens (a window already open searches them)",
    )
    p.add_argument(
        "--check-system",
        action="store_true",
        help="check that the system libraries windows need are installed, then exit",
    )
    return p


def create_window(
    home: str | Path | None, *, opener=None, start_indexer: bool = True, search_service=None
):
    """The main window on ``home`` with its indexing client (not yet shown or started)."""
    from desktop_search.gui.indexing_client import IndexingClient
    from desktop_search.gui.main_window import MainWindow

    client = IndexingClient(home) if start_indexer else None
    window = MainWindow(home, client=client, opener=opener, search_service=search_service)
    if client is not None:
        client.setParent(window)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """Run the desktop app until its window closes."""
    args = _parser().parse_args(argv)
    if args.check_system:
        from desktop_search.gui import display_check

        return display_check.main(["--all"])
    home = str(Path(args.data_dir).expanduser().resolve()) if args.data_dir else None
    display = _start_display_check()  # ldd works while the next steps run
    paths = app_paths(home).ensure()

    from desktop_search.logs import setup_logging
    from desktop_search.settings import load_settings

    setup_logging(paths.log_file)
    settings = load_settings(paths.settings_file)
    # First of all, so that its start (Python, numpy, the catalog: ~0.3 s) runs on the
    # other core while this one loads Qt and builds the window.
    search_service = None if args.background else _start_search(home, paths, settings)
    if not _display_ready(display):
        _stop(search_service)
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_search.gui import icons, translations
    from desktop_search.gui.first_paint import after_first_paint
    from desktop_search.gui.single_instance import SingleInstance

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("desktop-search")
    app.setOrganizationName("desktop-search")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("desktop-search")
    app.setWindowIcon(icons.app_icon())

    query = " ".join(" ".join(args.query).split())
    instance = SingleInstance(paths.data)
    if not instance.acquire(listen=False, query=query):
        log.info("another window is open on %s; asked it to come forward", paths.data)
        _stop(search_service)
        return 0
    translations.install(settings.ui_language)
    window = create_window(home, search_service=search_service)
    instance.activated.connect(window.bring_forward)
    window.finished.connect(app.quit)  # needed once a tray icon keeps the app alive
    report = os.environ.get("DESKTOP_SEARCH_REPORT_SHOWN")
    if report:
        _report_first_paint(window, report, os.environ.get("DESKTOP_SEARCH_QUIT_WHEN_SHOWN"))
    results_report = os.environ.get("DESKTOP_SEARCH_REPORT_RESULTS")
    if results_report:
        _report_results(window, results_report)
    if query and not args.background:
        # Asked now, before the window shows: the search process answers while Qt paints.
        window.search_box.setText(query)
        window.search.search_now()

    # The worker a little later: the first search gets the second core (benchmarks/README.md).
    def start() -> None:
        window.start(worker_delay_ms=WORKER_DELAY_MS)
        # Qt's network module (~10 ms) after the first answer; a second launch retries
        # for 3 s meanwhile.
        QTimer.singleShot(LISTEN_DELAY_MS, instance.listen)

    if args.background:
        _start_in_background(window)
        QTimer.singleShot(0, start)
    else:
        window.show()
        # After the first paint: the catalog reads it starts held the paint back ~50 ms.
        after_first_paint(window, start)
    try:
        code = app.exec()
    finally:
        instance.release()
    _exit_now(code)
    return code  # not reached


def _start_search(home: str | None, paths, settings):
    """Start the search process now, while the window is being built (None on a first run).

    It opens the library in parallel with the window, so a question typed as soon as
    the window shows gets keyword results at once; its query models load right after.
    """
    if not settings.folders or not paths.catalog.exists():
        return None  # nothing to search yet: it starts with the first folder's results
    try:
        from desktop_search.app.search_process import SearchService

        service = SearchService(home)
        service.start()
    except Exception:  # it starts again on the first search
        log.exception("starting the search process early failed")
        return None
    return service


def _stop(service) -> None:
    """End a search process started for a window that will not open."""
    if service is not None:
        with contextlib.suppress(Exception):
            service.abort()


def _exit_now(code: int) -> None:
    """End the process without Python's slow teardown of Qt, threads and modules.

    Quitting must leave nothing running after 2 s; under load the interpreter's own
    teardown took over a second more. Everything worth keeping is saved by now: the
    window state and settings on close, the catalog by the worker (already stopped).
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _start_display_check():
    """Begin the check of the libraries Qt needs; calling the result gives its verdict.

    Called before logging is set up, so a failure here is raised (and logged) only when
    the verdict is asked for.
    """
    from desktop_search.gui import display_check

    try:
        return display_check.start_check()
    except Exception as exc:
        failure = exc

        def verdict():
            raise failure

        return verdict


def _display_ready(verdict) -> bool:
    """False (after telling the person what to install) when Qt could not open a window.

    Without this, Qt aborts with a core dump and a hint that is often wrong.
    """
    try:
        result = verdict()
    except Exception:  # the check must never be what stops the app
        log.exception("checking the display libraries failed")
        return True
    if result.can_open_window:
        return True
    message = result.message()
    print(message, file=sys.stderr)
    log.error("cannot open a window: %s", message)
    _notify_desktop(message)
    return False


def _notify_desktop(message: str) -> None:
    """Show ``message`` as a desktop notification when started from a menu (no terminal)."""
    import shutil
    import subprocess

    tool = shutil.which("notify-send")
    if tool and not sys.stderr.isatty():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run([tool, "Desktop Search cannot start", message], timeout=5, check=False)


TRAY_WAIT_S = 10  # how long a background start waits for the desktop's notification area


def _start_in_background(window, waited: int = 0) -> None:
    """Stay in the tray; if none appears within ``TRAY_WAIT_S``, show the window minimised."""
    from PySide6.QtCore import QTimer

    if window.isVisible() or window.ensure_tray():
        return
    if waited < TRAY_WAIT_S:
        QTimer.singleShot(1000, lambda: _start_in_background(window, waited + 1))
    else:
        log.info("no notification area; starting minimised")
        window.showMinimized()


def _report_results(window, path: str) -> None:
    """Append each answer the window shows to ``path`` (for tests driving the real app)."""

    def write(result) -> None:
        if result is None:
            return
        fields = [
            f"{time.time():.6f}",
            result.query.raw,
            ",".join(result.spaces_used),
            *(hit.path for hit in result.hits),
        ]
        with open(path, "a", encoding="utf-8") as out:
            out.write("\t".join(f.replace("\t", " ") for f in fields) + "\n")

    window.search.results_ready.connect(write)


def _report_first_paint(window, path: str, quit_after: str | None) -> None:
    """Write the time of the window's first paint to ``path`` (for the launch benchmark)."""
    from PySide6.QtCore import QTimer

    from desktop_search.gui.first_paint import after_first_paint

    def done() -> None:
        Path(path).write_text(f"{time.time():.6f}\n", encoding="utf-8")
        if quit_after:
            QTimer.singleShot(0, window.quit_app)

    after_first_paint(window, done)


if __name__ == "__main__":
    sys.exit(main())
