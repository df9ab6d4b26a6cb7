"""Incremental indexing: only what changed is read again, only new content is embedded."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from desktop_search.store.consistency import check_catalog


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _names(lib, query, mode="keyword"):
    return [h.name for h in lib.engine.search(query, k=10, mode=mode).hits]


@pytest.fixture
def docs(tmp_path):
    root = tmp_path / "docs"
    _write(root / "camping.md", "# Trip\nWe pitched the tent by the lake and cooked beans.\n")
    _write(root / "taxes.txt", "The quarterly tax return is due in April. Keep receipts.\n")
    _write(root / "sub" / "recipe.txt", "Knead the dough, let it rise, bake at 220 degrees.\n")
    return root


def _index(lib, root, *, embed=False, extract=None, embed_batch=None):
    indexer = lib.indexer(extract=extract)
    if embed_batch:
        indexer.embed_batch = embed_batch
    try:
        return indexer.scan([str(root)]), indexer.run(embed=embed)
    finally:
        indexer.close()


def test_first_run_indexes_everything(make_library, docs):
    lib = make_library()
    summary, progress = _index(lib, docs)
    assert (summary.new, summary.changed, summary.deleted) == (3, 0, 0)
    assert progress.files_done == 3
    assert _names(lib, "tent") == ["camping.md"]
    assert check_catalog(lib.catalog, lib.paths.vectors) == []


def test_unchanged_files_are_not_read_again(make_library, docs):
    lib = make_library()
    _index(lib, docs)
    summary, progress = _index(lib, docs)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 0, 3)
    assert progress.files_total == 0


def test_touch_rereads_but_keeps_content(make_library, docs):
    lib = make_library()
    _index(lib, docs)
    before = lib.catalog.file(str(docs / "taxes.txt")).content_id
    future = time.time() + 10
    os.utime(docs / "taxes.txt", (future, future))
    summary, _ = _index(lib, docs)
    assert summary.changed == 1
    assert lib.catalog.file(str(docs / "taxes.txt")).content_id == before


def test_edit_replaces_old_text(make_library, docs):
    lib = make_library()
    _index(lib, docs)
    _write(docs / "taxes.txt", "Renew the passport before the summer holiday.\n")
    _index(lib, docs)
    assert _names(lib, "passport") == ["taxes.txt"]
    assert _names(lib, "receipts") == []
    assert check_catalog(lib.catalog, lib.paths.vectors) == []


def test_deleted_file_vanishes(make_library, docs):
    lib = make_library()
    _index(lib, docs)
    (docs / "sub" / "recipe.txt").unlink()
    summary, _ = _index(lib, docs)
    assert summary.deleted == 1
    assert _names(lib, "dough") == []
    assert lib.catalog.db.execute("SELECT count(*) FROM contents").fetchone()[0] == 2


def test_moved_file_keeps_its_vectors(make_library, docs):
    lib = make_library()
    _index(lib, docs, embed=True)
    old = lib.catalog.file(str(docs / "camping.md"))
    vectors_before = lib.catalog.db.execute("SELECT count(*) FROM vectors").fetchone()[0]
    seq_before = lib.catalog.last_log_seq()
    shutil.move(docs / "camping.md", docs / "sub" / "lake-trip.md")
    _index(lib, docs, embed=True)
    moved = lib.catalog.file(str(docs / "sub" / "lake-trip.md"))
    assert moved is not None and moved.content_id == old.content_id
    assert lib.catalog.file(str(docs / "camping.md")) is None
    # Nothing was embedded again.
    assert lib.catalog.db.execute("SELECT count(*) FROM vectors").fetchone()[0] == vectors_before
    added = lib.catalog.db.execute(
        "SELECT count(*) FROM vector_log WHERE op='add' AND seq>?", (seq_before,)
    ).fetchone()[0]
    assert added == 0
    hits = lib.engine.search("sleeping outdoors next to water", k=3, mode="semantic").hits
    assert hits[0].name == "lake-trip.md"


def test_identical_copies_share_content_and_show_as_one_result(make_library, docs):
    lib = make_library()
    shutil.copy(docs / "taxes.txt", docs / "sub" / "taxes-copy.txt")
    _index(lib, docs)
    hits = lib.engine.search("receipts", k=5).hits
    (hit,) = [h for h in hits if h.name.startswith("taxes")]
    assert {os.path.basename(p) for p in (hit.path, *hit.also_at)} == {
        "taxes.txt",
        "taxes-copy.txt",
    }
    assert lib.catalog.db.execute("SELECT count(*) FROM contents").fetchone()[0] == 3


def test_broken_and_encrypted_pdfs_fail_with_reason_rest_indexes(make_library, docs, corpus):
    broken = corpus / "messy" / "pdf" / "derived-broken"
    shutil.copy(broken / "lshort-zh-cn.truncated50.pdf", docs / "truncated.pdf")
    shutil.copy(broken / "lshort-zh-cn.aes256-userpw-user123.pdf", docs / "locked.pdf")
    (docs / "empty.txt").write_bytes(b"")
    lib = make_library()
    _index(lib, docs)
    failed = {Path(r.path).name: r.error for r in lib.catalog.files(status="failed")}
    assert "locked.pdf" in failed and "password" in failed["locked.pdf"]
    assert "empty.txt" in failed and "empty" in failed["empty.txt"]
    truncated = lib.catalog.file(str(docs / "truncated.pdf"))
    assert truncated.status in ("failed", "indexed")  # pdfium may salvage pages of a half file
    if truncated.status == "failed":
        assert truncated.error
    assert _names(lib, "tent") == ["camping.md"]


def test_excluded_folders_are_not_indexed(make_library, docs):
    _write(docs / "node_modules" / "pkg" / "readme.md", "tent tent tent")
    _write(docs / ".hidden" / "notes.txt", "tent")
    lib = make_library()
    _index(lib, docs)
    assert _names(lib, "tent") == ["camping.md"]


def test_stop_midway_then_resume_finishes(make_library, docs):
    for i in range(30):
        _write(docs / "many" / f"note{i}.txt", f"Note number {i} about gardening tomatoes.\n")
    lib = make_library()
    indexer = lib.indexer()
    indexer.scan([str(docs)])
    seen = []

    def stop_after_five(p):
        seen.append(p)
        if p.files_done >= 5:
            indexer.stop()

    indexer.on_progress = stop_after_five
    indexer.run(embed=False)
    indexer.close()
    assert lib.catalog.status_counts().get("pending", 0) > 0
    _index(lib, docs)
    assert lib.catalog.status_counts().get("pending", 0) == 0
    assert len(_names(lib, "tomatoes")) == 10  # k=10 of the 30
    assert check_catalog(lib.catalog, lib.paths.vectors) == []


def test_a_file_written_to_while_being_read_is_read_again_in_the_same_run(make_library, docs):
    from desktop_search.extract import extract as real_extract

    log_file = _write(docs / "diary.txt", "Monday: rain all day.\n")
    reads = []

    def extract(path: Path):
        doc = real_extract(path)
        reads.append(Path(path).name)
        if Path(path) == log_file and reads.count(log_file.name) == 1:
            with open(path, "a") as fh:  # an editor saves while we read
                fh.write("Tuesday: we saw a kingfisher by the weir.\n")
            os.utime(path, ns=(1, 10**18))
        return doc

    lib = make_library()
    _index(lib, docs, extract=extract)
    assert reads.count("diary.txt") == 2
    assert lib.catalog.file(str(log_file)).status == "indexed"
    assert _names(lib, "kingfisher") == ["diary.txt"]
    assert lib.catalog.status_counts() == {"indexed": 4}


def test_a_file_that_keeps_changing_is_read_a_few_times_then_left_waiting(make_library, docs):
    from desktop_search.extract import extract as real_extract
    from desktop_search.indexing.pipeline import CHANGED_NOTE

    busy = _write(docs / "busy.log.txt", "line\n")
    reads = []

    def extract(path: Path):
        doc = real_extract(path)
        if Path(path) == busy:
            reads.append(1)
            with open(path, "a") as fh:  # a program that never stops writing
                fh.write("line\n")
        return doc

    lib = make_library()
    _index(lib, docs, extract=extract)
    assert 1 < len(reads) <= 4
    record = lib.catalog.file(str(busy))
    assert (record.status, record.error) == ("pending", CHANGED_NOTE)
    assert lib.catalog.status_counts() == {"indexed": 3, "pending": 1}


def test_a_file_edited_between_the_scan_and_its_reading_is_stored_as_read(make_library, docs):
    lib = make_library()
    indexer = lib.indexer()
    try:
        indexer.scan([str(docs)])
        (docs / "taxes.txt").write_text("Amended: the tax return is now due in June.\n")
        progress = indexer.run(embed=False)
    finally:
        indexer.close()
    assert progress.files_total == 3  # read once, not again: what was read is current
    assert lib.catalog.status_counts() == {"indexed": 3}
    assert _names(lib, "June") == ["taxes.txt"]


def test_a_new_folder_is_found_by_meaning_while_it_is_still_being_read(make_library, tmp_path):
    """Embedding overlaps reading in whole batches: the first documents of a big new folder
    are found by meaning seconds after they are read, not after the whole folder (issue
    21: on 1,000 files the first semantic hit came after 33 s of reading)."""
    from desktop_search.extract import extract as real_extract
    from desktop_search.store.catalog import Catalog

    docs = tmp_path / "trip"
    for i in range(12):
        _write(
            docs / f"day{i:02}.txt", f"Day {i}: we pitched the tent by lake {i} and cooked beans.\n"
        )
    lib = make_library()
    reads = []
    vectors_before_the_last_read = []

    def extract(path: Path):
        reads.append(path)
        if len(reads) == 12:  # the last file waits (a minute at most) for the first vectors
            watcher = Catalog(lib.catalog.path, readonly=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if sum(watcher.vector_count(row.id) for row in watcher.spaces()):
                    vectors_before_the_last_read.append(True)
                    break
                time.sleep(0.05)
            watcher.close()
        return real_extract(path)

    _index(lib, docs, embed=True, extract=extract, embed_batch=4)
    assert vectors_before_the_last_read == [True]
    assert len(_names(lib, "where did we camp", mode="semantic")) == 10  # all embedded
    counts = [lib.catalog.count_needing_vectors(row) for row in lib.catalog.spaces()]
    assert len(counts) == 2 and all(c.embedded == c.total > 0 for c in counts)


def test_the_newest_files_are_read_first(make_library, tmp_path):
    """A big new folder becomes searchable from the documents worked on lately."""
    from desktop_search.extract import extract as real_extract

    docs = tmp_path / "docs"
    ages = {"c-old.txt": 3, "d-recent.txt": 1, "a-older.txt": 2, "b-today.txt": 0}
    for name, days in ages.items():
        path = _write(docs / name, f"{name} holds notes on the lake.\n")
        stamp = int((time.time() - days * 86400) * 1e9)
        os.utime(path, ns=(stamp, stamp))
    reads = []

    def extract(path: Path):
        reads.append(Path(path).name)
        return real_extract(path)

    lib = make_library()
    _index(lib, docs, extract=extract)
    assert reads == ["b-today.txt", "d-recent.txt", "a-older.txt", "c-old.txt"]


def test_time_left_is_not_read_off_a_model_loading_and_reading_done_shows_at_once(
    make_library, tmp_path, monkeypatch
):
    """Seen by a new user: the first batch (which loads the model) set the pace, "about
    11 min left" for a 1.5-minute job; and "Reading 28 of 30 files" stayed up for 20 s
    after the last file was read, until the next batch of embedding ended."""
    docs = tmp_path / "trip"
    for i in range(12):
        _write(docs / f"day{i:02}.txt", f"Day {i}: we pitched the tent by lake {i}.\n")
    lib = make_library()
    indexer = lib.indexer()
    indexer.embed_batch = 4
    first_batches: set[str] = set()
    for space in indexer.spaces:
        encode = space.embedder.encode_documents

        def slow_first(texts, _encode=encode, _name=space.name):
            if _name not in first_batches:  # loading the model
                first_batches.add(_name)
                time.sleep(2.0)
            return _encode(texts)

        monkeypatch.setattr(space.embedder, "encode_documents", slow_first)
    seen = []
    indexer.on_progress = seen.append
    try:
        indexer.scan([str(docs)])
        indexer.run(embed=True)
    finally:
        indexer.close()
    etas = [p.eta_s for p in seen if p.phase in ("reading", "embedding") and p.eta_s]
    assert etas and max(etas) < 2.0  # 2 s a batch would make it 4-10 s
    last_read = max(i for i, p in enumerate(seen) if p.phase == "reading")
    after = seen[last_read + 1]
    assert after.phase == "embedding" and after.current is None
    assert sum(s.waiting for s in after.spaces) > 0  # said before the embedding ended
