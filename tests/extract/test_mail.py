"""Mail (.eml, .mbox): headers, plain-before-HTML bodies, charsets, attachments, deferral."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from desktop_search.extract import ExtractionError, NeedsOcr, extract, ocr

from .makers import CHINESE, CJK_FONT, make_docx, make_eml, make_scan_pdf


def test_headers_and_plain_body(tmp_path: Path) -> None:
    doc = extract(make_eml(tmp_path / "mail.eml"))
    assert doc.title == "季度报告 quarterly report"
    body = doc.segments[0]
    assert body.location is None
    assert body.text.splitlines()[:4] == [
        "Subject: 季度报告 quarterly report",
        "From: Alice Zhang <alice@example.com>",
        "To: bob@example.com",
        "Date: Mon, 04 Mar 2024 10:00:00 +0800",
    ]
    assert "kumquat harvest" in body.text and CHINESE in body.text
    assert "HTML version only" not in body.text  # text/plain is preferred


def test_attachments_become_segments(tmp_path: Path) -> None:
    report = make_docx(tmp_path / "report.docx").read_bytes()
    logo = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    doc = extract(
        make_eml(tmp_path / "mail.eml", attachments={"报告.docx": report, "logo.png": logo})
    )
    attached = [s for s in doc.segments if s.location and s.location.startswith("attachment")]
    assert attached, "the Word attachment is read"
    assert all(s.location.startswith("attachment 报告.docx") for s in attached)
    assert any("The budget grew by ten percent" in s.text for s in attached)
    assert all(s.page is None for s in attached)


def test_html_only_mail_and_gb2312_label(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["Subject"] = "通知"
    msg["From"] = "office@example.cn"
    # Labelled GB2312 but holding a GBK-only character (镕), as Chinese mail often does.
    html = "<html><body><h1>会议</h1><p>朱镕基 的讲话</p><script>x()</script></body></html>"
    msg.set_content(html.encode("gbk"), maintype="text", subtype="html")
    msg.replace_header("Content-Type", 'text/html; charset="gb2312"')
    path = tmp_path / "notice.eml"
    path.write_bytes(msg.as_bytes())
    text = extract(path).segments[0].text
    assert "朱镕基 的讲话" in text and "会议" in text
    assert "x()" not in text and "\ufffd" not in text


def test_forwarded_mail_is_read(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["Subject"] = "Original plan"
    inner["From"] = "carol@example.com"
    inner.set_content("The zebra crossing will be repainted on Friday.")
    outer = EmailMessage()
    outer["Subject"] = "Fwd: Original plan"
    outer["From"] = "dave@example.com"
    outer.set_content("See below.")
    outer.add_attachment(inner)
    path = tmp_path / "fwd.eml"
    path.write_bytes(outer.as_bytes())
    doc = extract(path)
    forwarded = [s for s in doc.segments if s.location == "attachment Original plan"]
    assert forwarded and "zebra crossing" in forwarded[0].text


def test_not_mail(tmp_path: Path) -> None:
    path = tmp_path / "notes.eml"
    path.write_text("just some words\nwithout any headers\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="not an e-mail"):
        extract(path)


def test_scanned_attachment_defers_the_mail(tmp_path: Path) -> None:
    if not ocr.available() or not CJK_FONT.is_file():
        pytest.skip("needs Tesseract and a CJK font")
    scan = make_scan_pdf(tmp_path / "scan.pdf", [["Signed contract for the orchard"]])
    path = make_eml(tmp_path / "mail.eml", attachments={"contract.pdf": scan.read_bytes()})
    with pytest.raises(NeedsOcr) as info:
        extract(path)
    assert info.value.reason == "attachment contract.pdf needs OCR"
    doc = extract(path, ocr=True)
    attached = [s for s in doc.segments if s.location == "attachment contract.pdf (page 1)"]
    assert attached and "orchard" in attached[0].text


def test_mbox_messages_and_from_quoting(tmp_path: Path) -> None:
    path = tmp_path / "Inbox.mbox"
    path.write_bytes(
        b"From alice@example.com Mon Mar  4 10:00:00 2024\n"
        b"Subject: First\nFrom: alice@example.com\n\n"
        b"Body one about walruses.\n>From the archive, a quoted line.\n\n"
        b"From bob@example.com Tue Mar  5 11:00:00 2024\n"
        b"Subject: =?utf-8?b?5Lit5paH5qCH6aKY?=\nFrom: bob@example.com\n\n"
        + CHINESE.encode("utf-8")
        + b"\n"
    )
    doc = extract(path)
    assert [s.location for s in doc.segments] == ["First", "中文标题"]
    assert "From the archive, a quoted line." in doc.segments[0].text
    assert doc.segments[0].text.count("walruses") == 1
    assert CHINESE in doc.segments[1].text


def test_not_an_mbox(tmp_path: Path) -> None:
    path = tmp_path / "x.mbox"
    path.write_text("Subject: hi\n\nno From line first\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match="not a mailbox"):
        extract(path)


def test_attachment_copies_stay_private_and_are_removed(tmp_path: Path, monkeypatch) -> None:
    """A reader killed mid-attachment left its copy in /tmp/desktop-search-mail-*."""
    import os
    import tempfile
    import time

    import desktop_search.extract as registry
    from desktop_search.extract import scratch

    shared = tmp_path / "tmp"  # stands for /tmp
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setattr(scratch, "_swept", set())
    legacy = shared / "desktop-search-mail-k3j2h1"  # left by an earlier version, days ago
    legacy.mkdir()
    (legacy / "contract.pdf").write_text("private")
    os.utime(legacy, (time.time() - 86400,) * 2)
    mine = shared / f"desktop-search-scratch-{os.getuid()}"
    mine.mkdir(mode=0o700)
    stale = mine / "999999999-mail-x"  # a process that is gone
    stale.mkdir()
    copies: list[Path] = []
    real_extract = registry.extract

    def spy(path, **kwargs):
        copies.append(Path(path))
        return real_extract(path, **kwargs)

    monkeypatch.setattr(registry, "extract", spy)
    report = make_docx(tmp_path / "report.docx").read_bytes()
    doc = extract(make_eml(tmp_path / "mail.eml", attachments={"report.docx": report}))
    assert any(s.location and s.location.startswith("attachment") for s in doc.segments)
    assert [c.parent.parent for c in copies] == [mine]
    assert (mine.stat().st_mode & 0o777) == 0o700
    assert list(mine.iterdir()) == []  # removed after reading, and the stale one swept
    assert not legacy.exists()
