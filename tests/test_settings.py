"""Settings changed by several processes at once: every change survives.

Each writer reads the file, changes it and writes it again (``update_settings``); the
indexer, the window when no indexer runs and the command line run on its own all do.
Without a lock between processes two changes at once both started from the same old
file and the second write lost the first.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from desktop_search.settings import Settings, load_settings, save_settings

_WRITERS = 4
_CHANGES = 15

_WRITER = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    from pathlib import Path

    from desktop_search.settings import update_settings

    path, who = Path(sys.argv[1]), sys.argv[2]
    sys.stdin.readline()  # all start together
    for i in range(int(sys.argv[3])):
        update_settings(path, lambda s: replace(s, excludes=(*s.excludes, f"{who}-{i}")))
    """
)


def test_changes_from_several_processes_at_once_all_survive(tmp_path):
    path = tmp_path / "config" / "settings.json"
    save_settings(Settings(excludes=()), path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), f"w{n}", str(_CHANGES)],
            stdin=subprocess.PIPE,
            text=True,
        )
        for n in range(_WRITERS)
    ]
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        assert w.wait(timeout=120) == 0
    saved = set(load_settings(path).excludes)
    wanted = {f"w{n}-{i}" for n in range(_WRITERS) for i in range(_CHANGES)}
    assert wanted - saved == set()
