"""``python -m desktop_search``: the desktop app (the terminal tool is ``desktop-search-cli``)."""

import sys

from desktop_search.gui.launch import main

if __name__ == "__main__":
    sys.exit(main())
