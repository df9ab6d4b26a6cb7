"""Which chosen folders a scan may compare with the catalog (scan/availability.py)."""

from __future__ import annotations

import os

from desktop_search.scan.availability import on_own_file_system, unavailable_reason


def test_a_folder_with_files_is_available(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    assert unavailable_reason(str(tmp_path), files_known=1, was_mounted=False) is None


def test_a_missing_folder_is_not(tmp_path):
    reason = unavailable_reason(str(tmp_path / "gone"), files_known=3, was_mounted=False)
    assert reason and "not there" in reason


def test_an_empty_folder_is_only_suspect_when_the_index_has_files_under_it(tmp_path):
    assert unavailable_reason(str(tmp_path), files_known=0, was_mounted=False) is None
    assert "not mounted" in unavailable_reason(str(tmp_path), files_known=5, was_mounted=False)


def test_the_root_folder_is_its_own_file_system():
    assert on_own_file_system(os.path.abspath(os.sep))
