"""``index --team URI --watch PATH`` keeps a team library current until it is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_search.team.target import connect, parse_target

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stopped with SIGTERM")
REPO = Path(__file__).resolve().parents[2]


def _texts(client, collection: str) -> dict[str, str]:
    """path -> its text (all chunks) as the team library holds it now."""
    if not client.has_collection(collection):
        return {}
    rows = client.query(
        collection,
        filter="",
        output_fields=["path", "text"],
        limit=16384,
        consistency_level="Strong",
    )
    out: dict[str, str] = {}
    for r in rows:
        out[Path(r["path"]).name] = out.get(Path(r["path"]).name, "") + r["text"]
    return out


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return check()


def test_watch_applies_changes_to_the_team_library_and_stops_cleanly(tmp_path, milvus_uri):
    share = tmp_path / "share"
    share.mkdir()
    (share / "boiler.md").write_text("The boiler is serviced every October.\n")
    (share / "parking.md").write_text("The old parking rules expire next week.\n")
    target = f"{milvus_uri}#watch_test"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_search.cli.main",
            "--data-dir",
            str(tmp_path / "server"),
            "index",
            "--team",
            target,
            "--watch",
            str(share),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(iter(proc.stderr.readline, "")))
    reader.start()
    client = connect(parse_target(target))
    try:
        # The first run writes the share, then the watcher starts.
        assert _wait_for(lambda: any("watching" in s for s in said), 240), "".join(said)
        assert set(_texts(client, "watch_test")) == {"boiler.md", "parking.md"}

        (share / "boiler.md").write_text("The boiler is serviced every November now.\n")
        (share / "lunch.md").write_text("Lunch orders go to the front desk by ten.\n")
        (share / "parking.md").unlink()

        def current() -> bool:
            texts = _texts(client, "watch_test")
            return set(texts) == {"boiler.md", "lunch.md"} and "November" in texts["boiler.md"]

        assert _wait_for(current, 90), (_texts(client, "watch_test"), "".join(said))
        assert proc.poll() is None  # still watching

        proc.send_signal(signal.SIGTERM)  # a service manager stopping it
        assert proc.wait(timeout=60) == 0, "".join(said)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)
        client.close()
    assert "Traceback" not in "".join(said)
