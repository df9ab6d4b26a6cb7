"""The catalog diff: exactly the new, changed and deleted files, nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_search.scan.diff import diff
from desktop_search.scan.walker import DiskFile
from desktop_search.store.file_status import FileStamp, FileStatus

stamps = st.tuples(st.integers(0, 3), st.integers(0, 3))
paths = st.sampled_from([f"/d/f{i}.txt" for i in range(12)])


@given(
    known=st.dictionaries(
        paths, st.tuples(stamps, st.sampled_from(["indexed", "pending", "failed"]))
    ),
    disk=st.dictionaries(paths, stamps),
)
def test_diff_partitions_the_disk(known, disk):
    known_map = {p: FileStamp(s[0], s[1], FileStatus(status)) for p, (s, status) in known.items()}
    on_disk = [DiskFile(p, s[0], s[1]) for p, s in disk.items()]
    d = diff(known_map, on_disk)
    new = {f.path for f in d.new}
    changed = {f.path for f in d.changed}
    assert new == set(disk) - set(known)
    assert set(d.deleted) == set(known) - set(disk)
    for p in set(disk) & set(known):
        same = (known_map[p].size, known_map[p].mtime_ns) == disk[p]
        needs_work = not same or known_map[p].status == "pending"
        assert (p in changed) == needs_work
    assert len(new) + len(changed) + d.unchanged == len(disk)
