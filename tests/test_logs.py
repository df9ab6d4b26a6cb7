"""The log never stops the app or floods the terminal: a fallback file, one line when full."""

from __future__ import annotations

import errno
import logging

import pytest

from desktop_search import logs


@pytest.fixture
def fresh_logging(monkeypatch):
    monkeypatch.setattr(logs, "_configured", False)
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for h in root.handlers[:]:
        if h not in before:
            root.removeHandler(h)
            h.close()


def test_a_full_disk_costs_one_plain_line_not_a_traceback_per_message(
    tmp_path, fresh_logging, capsys, monkeypatch
):
    used = logs.setup_logging(tmp_path / "log" / "app.log")
    assert used == tmp_path / "log" / "app.log"
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logs._QuietFileHandler))
    monkeypatch.setattr(logs._QuietFileHandler, "_complained", False)

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handler.stream, "write", full)
    for i in range(21):
        logging.getLogger("desktop_search.test").warning("message %d", i)
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
    assert err.count("\n") == 1
    assert "cannot write the log" in err and "No space left on device" in err


def test_a_log_folder_that_cannot_be_made_moves_the_log_to_a_private_temp_folder(
    tmp_path, fresh_logging, monkeypatch
):
    monkeypatch.setattr(logs.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    used = logs.setup_logging(not_a_folder / "log" / "app.log")
    assert used is not None and used.parent.parent == tmp_path / "tmp"
    assert used.parent.stat().st_mode & 0o777 == 0o700
    logging.getLogger("desktop_search.test").warning("still logged")
    for h in logging.getLogger().handlers:
        h.flush()
    assert "still logged" in used.read_text()
    assert used.stat().st_mode & 0o777 == 0o600
