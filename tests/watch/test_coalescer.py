"""A burst of file events folds into the net change the indexer must act on."""

from __future__ import annotations

import time

from desktop_search.watch import Changes, Coalescer


def test_save_through_temp_file_is_one_upsert_of_the_final_name():
    c = Coalescer()
    c.created("/d/.report.txt.tmp1")
    c.modified("/d/.report.txt.tmp1")
    c.moved("/d/.report.txt.tmp1", "/d/report.txt")
    assert c.take() == Changes(upserted=frozenset({"/d/report.txt"}))


def test_repeated_writes_are_one_upsert():
    c = Coalescer()
    for _ in range(50):
        c.modified("/d/a.txt")
    assert c.take() == Changes(upserted=frozenset({"/d/a.txt"}))


def test_created_then_deleted_is_nothing():
    c = Coalescer()
    c.created("/d/scratch.txt")
    c.modified("/d/scratch.txt")
    c.deleted("/d/scratch.txt")
    assert not c.take()


def test_known_file_deleted_then_recreated_is_an_upsert():
    c = Coalescer()
    c.deleted("/d/a.txt")
    c.created("/d/a.txt")
    assert c.take() == Changes(upserted=frozenset({"/d/a.txt"}))


def test_rename_keeps_the_file_as_a_move():
    c = Coalescer()
    c.moved("/d/a.txt", "/d/b.txt")
    assert c.take() == Changes(moved=(("/d/a.txt", "/d/b.txt"),))


def test_rename_chain_and_rename_back():
    c = Coalescer()
    c.moved("/d/a.txt", "/d/b.txt")
    c.moved("/d/b.txt", "/d/c.txt")
    assert c.take().moved == (("/d/a.txt", "/d/c.txt"),)
    c.moved("/d/a.txt", "/d/b.txt")
    c.moved("/d/b.txt", "/d/a.txt")
    assert not c.take()


def test_edit_then_rename_moves_and_rereads_under_the_new_name():
    c = Coalescer()
    c.modified("/d/a.txt")
    c.moved("/d/a.txt", "/d/b.txt")
    assert c.take() == Changes(upserted=frozenset({"/d/b.txt"}), moved=(("/d/a.txt", "/d/b.txt"),))


def test_folder_rename_is_one_move_not_one_per_file():
    c = Coalescer()
    c.moved("/d/old", "/d/new", is_dir=True)
    for i in range(100):
        c.moved(f"/d/old/f{i}.txt", f"/d/new/f{i}.txt")
    assert c.take() == Changes(moved=(("/d/old", "/d/new"),))


def test_new_folder_is_walked_once_instead_of_one_upsert_per_file():
    c = Coalescer()
    c.created("/d/new", is_dir=True)
    for i in range(100):
        c.created(f"/d/new/f{i}.txt")
        c.modified(f"/d/new/f{i}.txt")
    assert c.take() == Changes(upserted=frozenset({"/d/new"}))


def test_folder_delete_swallows_the_files_inside():
    c = Coalescer()
    for i in range(10):
        c.deleted(f"/d/sub/f{i}.txt")
    c.deleted("/d/sub", is_dir=True)
    assert c.take() == Changes(deleted=frozenset({"/d/sub"}))


def test_moved_into_a_folder_then_folder_deleted_deletes_the_original():
    c = Coalescer()
    c.created("/d/box", is_dir=True)
    c.moved("/d/a.txt", "/d/box/a.txt")
    c.deleted("/d/box", is_dir=True)
    assert c.take() == Changes(deleted=frozenset({"/d/a.txt"}))


def test_rename_over_a_deleted_name_is_not_a_delete():
    c = Coalescer()
    c.deleted("/d/b.txt")
    c.moved("/d/a.txt", "/d/b.txt")
    assert c.take() == Changes(moved=(("/d/a.txt", "/d/b.txt"),))


def test_folder_rename_reported_files_first_is_still_one_move():
    c = Coalescer()
    for i in range(3):
        c.moved(f"/d/old/f{i}.txt", f"/d/new/f{i}.txt")
    c.moved("/d/old", "/d/new", is_dir=True)
    assert c.take() == Changes(moved=(("/d/old", "/d/new"),))


def test_renaming_onto_a_file_moved_there_earlier_drops_that_one():
    c = Coalescer()
    c.moved("/d/x.txt", "/d/b.txt")
    c.moved("/d/a.txt", "/d/b.txt")
    assert c.take() == Changes(deleted=frozenset({"/d/x.txt"}), moved=(("/d/a.txt", "/d/b.txt"),))


def test_chained_renames_keep_their_order():
    c = Coalescer()
    c.moved("/d/a.txt", "/d/b.txt")
    c.moved("/d/c.txt", "/d/a.txt")
    c.moved("/d/b.txt", "/d/d.txt")
    assert c.take().moved == (("/d/a.txt", "/d/d.txt"), ("/d/c.txt", "/d/a.txt"))


def test_a_huge_burst_costs_little():
    c = Coalescer()
    started = time.perf_counter()
    for i in range(20000):
        path = f"/home/u/repo/src/pkg{i % 50}/mod{i}.py"
        c.created(path)
        c.modified(path)
        c.deleted(f"/home/u/repo/old/f{i}.txt")
        c.moved(f"/home/u/repo/a{i}.md", f"/home/u/repo/b{i}.md")
    changes = c.take()
    assert time.perf_counter() - started < 2.0
    assert len(changes.upserted) == len(changes.deleted) == len(changes.moved) == 20000
