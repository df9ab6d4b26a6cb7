"""Render the desktop window's main states to ``screenshots/*.png``, offscreen, with real data.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--corpus DIR] [--out DIR]

It builds a throw-away data home, copies a few real documents from the shared corpus
(Chinese articles, Rust book chapters, a Chinese PDF and a truncated PDF that cannot
be read), drives the real window with the real indexing worker, and saves:
welcome, indexing, English results, Chinese results, the unreadable-files list, the
Folders dialog, no results, the dark palette and the Chinese interface. Needs a CJK
font (Debian: fonts-noto-cjk). Takes a minute or two: the models really load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ZH_FILES = (
    "向量表征与向量数据库.txt",
    "走进向量的世界.txt",
    "Embedding模型简介.txt",
    "大模型里的Embedding是什么.txt",
    "AI领域的关键技术Embedding.txt",
)
EN_FILES = (
    "ch04-01-what-is-ownership.html",
    "ch04-02-references-and-borrowing.html",
    "ch08-02-strings.html",
    "ch15-04-rc.html",
    "ch16-03-shared-state.html",
    "ch16-01-threads.html",
)
PDFS = ("messy/pdf/texlive/ctex-faq.pdf",)
BROKEN = "messy/pdf/derived-broken/pdflatex-4-pages.truncated50.pdf"


class RecordingOpener:
    """Never launch real viewers from a script."""

    def open_document(self, path: str, page: int | None = None) -> bool:
        print(f"  (would open {path} at page {page})")
        return True

    def show_in_folder(self, path: str) -> bool:
        return True


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Run the event loop until ``predicate()`` holds (the window works meanwhile)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def settle(ms: int = 300) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def make_folder(corpus: Path, dest: Path) -> Path:
    docs = dest / "Documents"
    (docs / "向量笔记").mkdir(parents=True)
    (docs / "rust-book").mkdir()
    (docs / "pdf").mkdir()
    for name in ZH_FILES:
        shutil.copy2(corpus / "zh" / name, docs / "向量笔记" / name)
    for name in EN_FILES:
        shutil.copy2(corpus / "en" / "rust-book" / name, docs / "rust-book" / name)
    for rel in PDFS:
        shutil.copy2(corpus / rel, docs / "pdf" / Path(rel).name)
    shutil.copy2(corpus / BROKEN, docs / "pdf" / "quarterly-report.pdf")
    return docs


def search(window, text: str, timeout: float = 120) -> None:
    window.search_box.setText(text)
    window.search.search_now()
    wait_until(
        lambda: (
            window.last_result is not None
            and window.last_result.query.raw == text
            and not window.search.pending
        ),
        timeout,
        f"results for {text!r}",
    )
    wait_until(lambda: window.preview.sections or not window.current_hit(), 10, "the preview")
    settle()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=str(REPO / "screenshots"))
    args = ap.parse_args()
    corpus, out = Path(args.corpus), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ds-shots-"))
    home = tmp / "home"

    from PySide6.QtWidgets import QApplication

    from desktop_search.gui import icons, theme, translations
    from desktop_search.gui.launch import create_window

    app = QApplication(sys.argv[:1])
    app.setApplicationName("desktop-search")
    app.setWindowIcon(icons.app_icon())
    translations.install("en")
    light = app.palette()

    def shot(widget, name: str) -> None:
        settle(250)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(f"wrote {path}")

    window = create_window(home, opener=RecordingOpener())
    window.resize(1180, 760)
    window.show()
    window.start()
    try:
        wait_until(lambda: window.client.state in ("idle", "indexing"), 60, "the worker")
        shot(window, "01-welcome")

        docs = make_folder(corpus, tmp)
        window.add_folder(str(docs))
        wait_until(
            lambda: (
                window.status.progress is not None and window.status.progress.phase == "embedding"
            ),
            180,
            "embedding to start",
        )
        shot(window, "02-indexing")

        wait_until(
            lambda: window.client.state == "idle" and not window.status.busy,
            600,
            "indexing to finish",
        )
        wait_until(lambda: window.failures.rowCount() > 0, 30, "the unreadable file")

        search(window, "rules of ownership and borrowing in Rust")
        shot(window, "03-results-english")

        search(window, "向量数据库如何检索相似的内容")
        shot(window, "04-results-chinese")

        search(window, "中文字体怎么设置")
        shot(window, "05-results-chinese-pdf")

        window.show_failures()
        wait_until(lambda: window._errors_dialog.isVisible(), 5, "the dialog")
        shot(window._errors_dialog, "06-could-not-read")
        window._errors_dialog.close()

        window.show_folders()
        wait_until(
            lambda: window.folders_model.health(str(docs.resolve())) is not None,
            10,
            "folder health",
        )
        shot(window._folders_dialog, "07-folders")
        window._folders_dialog.close()

        search(window, "zebra migration timetable", timeout=60)
        window.set_mode("keyword")
        wait_until(lambda: not window.search.pending, 30, "keyword search")
        shot(window, "08-no-results")
        window.set_mode("hybrid")

        app.setPalette(theme.dark_palette())
        search(window, "shared state between threads with a mutex")
        shot(window, "09-dark")
        app.setPalette(light)

        window.set_language("zh_CN")
        search(window, "向量数据库如何检索相似的内容")
        shot(window, "10-chinese-ui")
        window.search_box.clear()
        settle()
        shot(window, "11-chinese-ui-ready")
        window.set_language("")
    finally:
        window.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
