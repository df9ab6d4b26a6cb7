"""Give each of the app's processes a name that ``top`` and ``ps`` show.

Every process of the app is ``python``; named, a person (or a benchmark) can tell the
search process from the indexer and a model's process when looking at memory.
"""

from __future__ import annotations

import contextlib

_PR_SET_NAME = 15


def set_process_name(name: str) -> None:
    """Name this process (Linux; at most 15 bytes are kept; elsewhere nothing happens)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)
