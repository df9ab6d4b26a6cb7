"""Frozen entry point of both commands, used by PyInstaller only.

One executable serves both commands and picks by the name it was started as.
``desktop-search-cli`` (on Linux a symlink to ``desktop-search``, on Windows and macOS
a second executable) runs the terminal tool. Any other name opens the window. The
frozen app carries its ~80 MB of Python modules inside each executable, so on Linux
the CLI stays a symlink and costs nothing.

The indexing worker and the extraction sandbox are started with 'spawn', which in a
frozen app re-runs this executable with ``--multiprocessing-fork``.
``freeze_support()`` therefore comes first: in such a child it runs the child's work
and exits, so no window or command line is started twice.
"""

import multiprocessing
import os
import sys

CLI_NAME = "desktop-search-cli"


def _is_cli(argv0: str) -> bool:
    name = os.path.basename(argv0).lower()
    return name.removesuffix(".exe") == CLI_NAME


if __name__ == "__main__":
    multiprocessing.freeze_support()

    if _is_cli(sys.argv[0]):
        from desktop_search.cli.main import main
    else:
        from desktop_search.gui.launch import main

    sys.exit(main())
