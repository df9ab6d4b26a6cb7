"""The BLAS thread limit two models share: taken by the first in, given back by the last out.

Run in a fresh interpreter: another test's model may still be encoding on a thread of
its own, holding the shared limit, and OpenBLAS reads thread counts process-wide.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("threadpoolctl")

SCENARIO = """
import numpy, threadpoolctl
from desktop_search.cores import blas_threads

def counts():
    return {i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"}

before = counts()
if not before:
    print("no BLAS")
    raise SystemExit(0)
outer, inner = blas_threads(1), blas_threads(1)
outer.__enter__()
inner.__enter__()
outer.__exit__(None, None, None)  # the first model is done; the other still encodes
assert counts() == {1}, counts()
inner.__exit__(None, None, None)
assert counts() == before, (counts(), before)
with blas_threads(None):
    assert counts() == before
print("ok")
"""


def test_a_second_model_leaving_first_does_not_lift_the_first_ones_limit():
    run = subprocess.run(
        [sys.executable, "-c", SCENARIO], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    if run.stdout.strip() == "no BLAS":
        pytest.skip("no BLAS library that threadpoolctl can steer")
    assert run.stdout.strip() == "ok"
