"""The sandbox: hangs, memory hogs, crashes and bugs fail one file, not the app."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, NeedsOcr, UnsupportedFile, ocr
from desktop_search.extract.sandbox import SandboxedExtractor

from .makers import CJK_FONT, make_scan_pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and rlimits")

HELPERS = __name__.rpartition(".")[0] + ".sandbox_helpers"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxedExtractor]:
    with SandboxedExtractor(memory_limit_mb=1024, extract_fn=f"{HELPERS}:by_name") as box:
        yield box


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name in ("good", "loop", "memory", "native-memory", "exit", "segfault", "bug"):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"plain text of {name}", encoding="utf-8")
        made[name] = path
    return made


def _still_works(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    doc = sandbox.extract(files["good"], timeout_s=30)
    assert doc.segments[0].text == "plain text of good"


def test_real_extraction_in_child(corpus: Path) -> None:
    with SandboxedExtractor() as box:
        doc = box.extract(corpus / "zh" / "走进向量的世界-gbk编码.txt")
        assert "向量" in doc.segments[0].text
        pid = box.child_pid
        assert pid is not None
        box.extract(corpus / "zh" / "走进向量的世界.txt")
        assert box.child_pid == pid  # one long-lived child
        scan = corpus / "messy" / "pdf" / "ocrmypdf-resources" / "tests" / "resources" / "skew.pdf"
        with pytest.raises(ExtractionError) as info:
            box.extract(scan)
        if ocr.available():
            assert isinstance(info.value, NeedsOcr)  # the kind of failure crosses the pipe
            assert info.value.reason == "no text layer (scanned?); needs OCR"
            assert info.value.pages == 1
        assert box.child_pid == pid  # an ordinary failure keeps the child
    assert box.child_pid is None


def test_ocr_second_pass_in_child(tmp_path: Path) -> None:
    if not ocr.available() or not CJK_FONT.is_file():
        pytest.skip("needs Tesseract and a CJK font")
    scan = make_scan_pdf(tmp_path / "scan.pdf", [["The walrus signed the lease."]])
    with SandboxedExtractor() as box:
        with pytest.raises(NeedsOcr) as info:
            box.extract(scan)
        doc = box.extract(scan, timeout_s=ocr.time_limit_s(info.value.pages), ocr=True)
    assert "walrus signed the lease" in doc.segments[0].text


def test_timeout(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["loop"], timeout_s=1)
    assert info.value.reason == "took longer than 1 s to read"
    assert sandbox.child_pid is None  # killed; the next call starts a fresh one
    _still_works(sandbox, files)


def test_memory_limit(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["memory"], timeout_s=30)
    assert info.value.reason == "needed more than 1024 MB of memory"
    _still_works(sandbox, files)


def test_native_memory_exhaustion(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["native-memory"], timeout_s=30)
    assert info.value.reason == "needed more than 1024 MB of memory"
    _still_works(sandbox, files)


def test_out_of_memory_while_replying_is_quiet(
    sandbox: SandboxedExtractor, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A mail attachment over the limit printed "Process desktop-search-extract: MemoryError"."""
    path = tmp_path / "no-memory-to-reply.txt"
    path.write_text("x")
    capfd.readouterr()
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(path, timeout_s=30)
    assert info.value.reason == "needed more than 1024 MB of memory"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "MemoryError" not in err


def test_hard_exit(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["exit"], timeout_s=30)
    assert info.value.reason == "the reader crashed (exit code 3)"
    _still_works(sandbox, files)


def test_segfault(sandbox: SandboxedExtractor, files: dict[str, Path]) -> None:
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["segfault"], timeout_s=30)
    assert info.value.reason == "the reader crashed (signal 11)"
    _still_works(sandbox, files)


def test_bug_becomes_error_and_is_logged(
    sandbox: SandboxedExtractor, files: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    pid = sandbox.child_pid
    with pytest.raises(ExtractionError) as info:
        sandbox.extract(files["bug"], timeout_s=30)
    assert info.value.reason == "could not read: KeyError: 'a bug in an extractor'"
    assert "raise_bug" in caplog.text  # the child's traceback reaches the log
    assert pid is None or sandbox.child_pid == pid  # a Python exception keeps the child
    _still_works(sandbox, files)


def test_unsupported_stays_unsupported(sandbox: SandboxedExtractor, tmp_path: Path) -> None:
    path = tmp_path / "picture.bmp"
    path.write_bytes(b"BM")
    with pytest.raises(UnsupportedFile):
        sandbox.extract(path)


def test_bad_extract_fn_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with SandboxedExtractor(extract_fn="no_such_module_xyz:extract") as box:
        with pytest.raises(ExtractionError) as info:
            box.extract(path)
        assert info.value.reason.startswith("could not start the reader: ModuleNotFoundError")


def test_closed_extractor_refuses(tmp_path: Path) -> None:
    box = SandboxedExtractor()
    box.close()
    with pytest.raises(RuntimeError):
        box.extract(tmp_path / "a.txt")


def test_child_ends_quietly_when_the_indexer_goes_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Stopping the app mid-read must not print a BrokenPipeError traceback from the child."""
    import multiprocessing

    from desktop_search.extract import sandbox as sandbox_module

    monkeypatch.setattr(sandbox_module, "_limit_child", lambda *args: None)  # not this process
    note = tmp_path / "note.txt"
    note.write_text("being read while the indexer stops", encoding="utf-8")
    parent, child = multiprocessing.Pipe()
    parent.send((str(note), 1 << 20, {}))
    parent.close()  # the indexer is gone before the answer is ready
    sandbox_module._child_main(child, "desktop_search.extract:extract", None, 0)
    assert "Traceback" not in capfd.readouterr().err


def test_readers_temp_files_stay_in_the_private_folder_and_are_cleaned(tmp_path: Path) -> None:
    """A killed reader left mail attachments in /tmp/desktop-search-mail-*."""
    temp = tmp_path / "cache" / "reading"
    stale = temp / "999999999"  # the folder of an owner that is gone (killed)
    stale.mkdir(parents=True)
    (stale / "attachment.pdf").write_text("private")
    note = tmp_path / "note.txt"
    note.write_text("x")
    box = SandboxedExtractor(extract_fn=f"{HELPERS}:temp_file_path", temp_dir=temp)
    try:
        assert not stale.exists()
        made = Path(box.extract(note, timeout_s=30).segments[0].text)
        assert made.parent == temp / str(__import__("os").getpid())
        assert made.exists()
    finally:
        box.close()
    assert not made.parent.exists()


def test_a_reader_killed_holding_a_mail_attachment_leaves_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a private folder (``python -m desktop_search.extract --sandbox``) as well."""
    import os
    import tempfile

    from desktop_search.extract import scratch

    shared = tmp_path / "tmp"  # stands for /tmp
    shared.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared))  # the child's temp folder
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setattr(scratch, "_swept", set())
    mine = shared / f"desktop-search-scratch-{os.getuid()}"
    mine.mkdir(mode=0o700)
    stale = mine / "999999999-mail-x"  # a reader whose indexer was killed outright
    stale.mkdir()
    (stale / "contract.pdf").write_text("private")
    mail = tmp_path / "mail.eml"
    mail.write_text("x")
    box = SandboxedExtractor(extract_fn=f"{HELPERS}:hang_holding_an_attachment")
    try:
        assert not stale.exists()  # swept at start
        with pytest.raises(ExtractionError, match="took longer"):
            box.extract(mail, timeout_s=5)
    finally:
        box.close()
    copy = Path(mail.with_suffix(".where").read_text())
    assert copy.parent.parent == mine  # it was there, in the user-only folder
    assert not copy.exists()
    assert list(mine.iterdir()) == []
