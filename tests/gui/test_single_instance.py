"""One window per data folder: the second launch hands over to the first and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_search.gui.single_instance import SingleInstance, server_name

REPO = Path(__file__).resolve().parents[2]


def test_second_instance_asks_the_first_to_show(qtbot, tmp_path) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.acquire()
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not second.acquire(wait_ms=2000)
    first.release()
    # Once the first is gone, a new launch is first again.
    third = SingleInstance(tmp_path / "data")
    assert third.acquire()
    third.release()


def test_a_launch_while_the_first_is_still_painting_is_answered_once_it_listens(
    qtbot, tmp_path
) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.acquire(listen=False)  # the launcher listens after the first paint
    early = SingleInstance(tmp_path / "data")
    assert not early.acquire(wait_ms=300)  # holds no lock, and does not open a window
    first.listen()
    later = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not later.acquire(wait_ms=2000)
    first.release()


def test_a_second_launch_with_words_hands_them_to_the_first(qtbot, tmp_path) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.acquire()
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.activated, timeout=5000) as shown:
        assert not second.acquire(wait_ms=2000, query="违约金  contract\nclause")
    assert shown.args == ["违约金 contract clause"]  # one line, as the box would hold it
    with qtbot.waitSignal(first.activated, timeout=5000) as shown:
        assert not SingleInstance(tmp_path / "data").acquire(wait_ms=2000)
    assert shown.args == [""]  # no words: just come forward
    first.release()


def test_names_differ_per_data_folder(tmp_path) -> None:
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")
    assert len(server_name(tmp_path / "a")) < 40  # Unix socket paths are short


@pytest.mark.slow
def test_second_launch_exits_and_first_keeps_running(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "desktop_search", "--data-dir", str(tmp_path / "home")]
    first = subprocess.Popen(cmd, env=env, cwd=REPO, stderr=subprocess.PIPE)
    try:
        lock = tmp_path / "home" / "data" / "gui.lock"
        deadline = time.monotonic() + 30
        while not lock.exists():  # the first window takes the lock once it is starting
            assert first.poll() is None, first.stderr.read().decode()
            assert time.monotonic() < deadline, "the first window never started"
            time.sleep(0.1)
        second = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr.decode()
        assert first.poll() is None  # still running
    finally:
        first.terminate()
        first.wait(timeout=30)
