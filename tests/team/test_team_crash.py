"""SIGKILL while writing to a team library loses nothing: the next run makes it exact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_search.app.library import Library
from desktop_search.paths import app_paths
from desktop_search.store.catalog import Catalog
from desktop_search.store.team_ledger import Ledger
from desktop_search.team import schema
from desktop_search.team.target import connect, parse_target
from desktop_search.team.writer import TeamWriter

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
REPO = Path(__file__).resolve().parents[2]


def _expected_ids(catalog: Catalog) -> set[int]:
    rows = catalog.db.execute(
        "SELECT f.path, c.hash, k.ord FROM files f JOIN contents c ON c.id = f.content_id "
        "JOIN chunks k ON k.content_id = c.id WHERE f.status = 'indexed'"
    )
    return {schema.chunk_key(p, h, o) for p, h, o in rows}


def _ids_in_milvus(client, collection: str) -> list[int]:
    rows = client.query(collection, filter="", output_fields=["id"], limit=16384)
    return [int(r["id"]) for r in rows]


def _indexed_share(tmp_path: Path, spaces, files: dict[str, str]):
    """A server-side share of ``files`` (name -> text), indexed into its catalog."""
    docs = tmp_path / "share"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text)
    lib = Library(app_paths(tmp_path / "server"), spaces=spaces)
    ix = lib.indexer(extract=None)
    ix.run([str(docs)])
    return docs, lib, ix


def _kill_part_way(proc: subprocess.Popen, rng: random.Random) -> bool:
    """SIGKILL after a random number of written batches, short of the last one; True when
    the kill cut the sync (it had not reported "done": its ledger was not yet final)."""
    stop_after: int | None = None
    for line in proc.stdout:
        words = line.split()
        if words[:1] != ["wrote"]:
            proc.send_signal(signal.SIGKILL)
            return False  # "done": this run had too little to write to be cut
        done, total = int(words[1]), int(words[2])
        if stop_after is None:
            stop_after = rng.randint(1, total - 1) if total > 1 else 0
        if done >= stop_after:
            time.sleep(rng.uniform(0, 0.02))  # sometimes inside the next upsert
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return "done" not in proc.stdout.read()


def test_sigkill_mid_write_then_a_full_run_leaves_exactly_the_catalog(tmp_path, milvus_uri, spaces):
    docs, lib, ix = _indexed_share(
        tmp_path, spaces, {f"note-{i:02d}.md": f"Note {i}: water the tomatoes on day {i}.\n"
                           for i in range(60)},
    )  # fmt: skip
    target = f"{milvus_uri}#crash_test"
    ledger = tmp_path / "ledger.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable,
        str(Path(__file__).with_name("sync_child.py")),
        str(lib.paths.catalog),
        str(ledger),
        target,
    ]
    t = parse_target(target)
    client = connect(t)
    rng = random.Random(20)
    cut = 0
    # Six rounds at least; more (up to 20) while no kill has yet cut a sync: on a fast or a
    # busy machine the last batch and the ledger may be done before the kill lands. A cut
    # is a run killed before it reported "done", whatever Milvus held by then (a kill
    # after the last upsert but before the ledger is final is the subtlest case).
    for round_ in range(20):
        if round_ >= 6 and cut:
            break
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
        )
        assert proc.stdout.readline().strip() == "syncing"
        cut += _kill_part_way(proc, rng)
        proc.wait(timeout=30)
        if client.has_collection(t.collection):
            client.load_collection(t.collection)
            got = _ids_in_milvus(client, t.collection)
            assert len(got) == len(set(got))  # never a duplicate row
        # The share changes between runs: one file edited (0-19), one deleted (59-40), one
        # renamed (20-39): never the same file twice in 20 rounds.
        (docs / f"note-{round_:02d}.md").write_text(
            f"Note {round_} was rewritten in round {round_}.\n"
        )
        (docs / f"note-{59 - round_:02d}.md").unlink()
        (docs / f"note-{20 + round_:02d}.md").rename(docs / f"moved-{round_}.md")
        ix.run([str(docs)])
    ix.close()
    assert cut >= 1, "no kill landed part-way through a sync"

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    client.load_collection(t.collection)
    got = _ids_in_milvus(client, t.collection)
    assert sorted(got) == sorted(_expected_ids(lib.catalog))
    # And the ledger agrees: one more run has nothing to do.
    writer = TeamWriter(client, t, lib.catalog, Ledger(ledger), lib.catalog.spaces())
    again = writer.sync()
    assert (again.files_written, again.files_removed, again.reconciled) == (0, 0, False)
    rows = client.query(t.collection, filter='name == "moved-3.md"', output_fields=["text"])
    assert rows and "day 23" in rows[0]["text"]  # note-23, renamed in round 3
    lib.close()


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it in the run happens."""


def test_a_run_cut_between_upsert_and_delete_leaves_no_old_rows(tmp_path, milvus_uri, spaces):
    docs, lib, ix = _indexed_share(
        tmp_path, spaces, {f"plan-{i}.md": f"Plan {i}: prune the apple trees in week {i}.\n"
                           for i in range(3)},
    )  # fmt: skip
    t = parse_target(f"{milvus_uri}#cut_test")
    client = connect(t)
    ledger = tmp_path / "ledger.sqlite3"
    TeamWriter(client, t, lib.catalog, Ledger(ledger), lib.catalog.spaces()).sync()

    (docs / "plan-1.md").write_text("Plan 1 changed: graft the pear trees instead.\n")
    ix.run([str(docs)])
    cut = TeamWriter(client, t, lib.catalog, Ledger(ledger), lib.catalog.spaces())

    def killed(ids):
        raise _Killed

    cut._delete = killed  # the new rows are in, the old ones not yet deleted nor the ledger told
    with pytest.raises(_Killed):
        cut.sync()

    after = TeamWriter(client, t, lib.catalog, Ledger(ledger), lib.catalog.spaces()).sync()
    assert after.reconciled
    got = _ids_in_milvus(client, t.collection)
    assert sorted(got) == sorted(_expected_ids(lib.catalog))
    rows = client.query(t.collection, filter='name == "plan-1.md"', output_fields=["text"])
    assert [r["text"] for r in rows] == ["Plan 1 changed: graft the pear trees instead."]
    ix.close()
    lib.close()
