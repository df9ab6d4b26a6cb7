"""PyInstaller runtime hook: programs the app starts load the system's libraries.

On Linux the frozen app is started with its own ``_internal/`` folder first in
``LD_LIBRARY_PATH``. Programs the app runs inherit that: Tesseract, antiword and catdoc
for extraction, and xdg-open and xdg-mime when a document is opened. Those programs
would then load the app's bundled copies of libcrypto, libstdc++, libX11 and the rest
in place of the system's, and on a newer distribution they fail with "version ...
not found". The dynamic loader reads ``LD_LIBRARY_PATH`` once, at start-up, so the app
keeps finding its own libraries after the variable is restored here. Children started
by ``multiprocessing`` are this executable again, and its bootloader sets the path for
them anew.
"""


def _restore_library_path() -> None:
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


_restore_library_path()
del _restore_library_path
