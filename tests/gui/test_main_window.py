"""The real main window on an indexed home: type, read results, move with keys, open.

These use a home indexed in-process with keyword data only (no models load, no worker
runs), so they are quick; ``test_window_indexing`` covers the background worker.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop_search.gui import theme
from desktop_search.gui.main_window import PAGE_EMPTY, PAGE_LIST
from desktop_search.gui.models.results_model import Role


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: key by key, or (Chinese) committed by an input method."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def search(qtbot, window, text: str, *, timeout: int = 30_000) -> None:
    """Type ``text`` into the search box and wait for its results to be shown."""
    window.search_box.clear()
    type_text(qtbot, window.search_box, text)
    qtbot.waitUntil(
        lambda: (
            window.last_result is not None
            and window.last_result.query.raw == text
            and not window.search.pending
        ),
        timeout=timeout,
    )


def test_search_box_has_focus_and_window_is_ready(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    qtbot.waitUntil(lambda: window.search_box.hasFocus())
    qtbot.waitUntil(lambda: window.stats is not None)
    assert window.pages.currentIndex() == PAGE_EMPTY
    assert window.empty.kind == "ready"
    assert str(window.stats.documents) in window.empty.body.text()


def test_the_rehearsed_row_at_start_is_never_shown(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    window.list.rehearse()  # start() does it once the window is up
    qtbot.wait(50)
    assert window.results.rowCount() == 0
    assert window.list.model() is window.results
    assert window.pages.currentIndex() == PAGE_EMPTY
    search(qtbot, window, "references borrowing")
    assert all("rehearsal" not in h.name for h in window.results.hits)


def test_a_launch_with_words_brings_the_window_forward_searching_them(
    qtbot, make_window, keyword_home
) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    window.showMinimized()
    with qtbot.waitSignal(window.search.results_ready, timeout=20000):
        window.bring_forward("references borrowing")  # what `desktop-search WORDS` sends
    assert not window.isMinimized()
    assert window.search_box.text() == "references borrowing"
    qtbot.waitUntil(lambda: window.results.rowCount() > 0, timeout=20000)
    assert window.results.hit(0).name == "ch04-02-references-and-borrowing.html"


def test_the_answer_by_meaning_selects_its_best_unless_the_person_moved_on(
    qtbot, make_window, keyword_home
) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "references borrowing")  # the keyword answer (no model used)
    keyword = window.last_result
    assert len(keyword.hits) >= 3 and not keyword.spaces_used
    by_meaning = dataclasses.replace(
        keyword, hits=keyword.hits[::-1], spaces_used=("minilm", "usem3")
    )
    window.search.results_ready.emit(by_meaning)
    assert window.list.currentIndex().row() == 0
    assert window.current_hit().path == by_meaning.hits[0].path  # not the keyword answer's top
    qtbot.waitUntil(lambda: window.preview.hit.path == by_meaning.hits[0].path)
    # Answered again as the index changed, the list untouched: its best is selected, not
    # the old best wherever it went (seen: the sixth row, the list scrolled to it).
    again = dataclasses.replace(by_meaning, hits=by_meaning.hits[1:] + by_meaning.hits[:1])
    window.search.results_ready.emit(again)
    assert window.list.currentIndex().row() == 0
    assert window.current_hit().path == again.hits[0].path

    search(qtbot, window, "references borrowing again")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # reading the second result
    reading = window.current_hit().path
    keyword = window.last_result
    window.search.results_ready.emit(
        dataclasses.replace(keyword, hits=keyword.hits[::-1], spaces_used=("minilm",))
    )
    assert window.current_hit().path == reading  # where the person was, not the new top


def test_type_query_see_document_first_move_and_open(
    qtbot, make_window, keyword_home, opener
) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "references borrowing")
    assert window.pages.currentIndex() == PAGE_LIST
    first = window.results.hit(0)
    assert first.name == "ch04-02-references-and-borrowing.html"
    assert window.list.currentIndex().row() == 0
    # The preview shows the passage in context with the match highlighted.
    qtbot.waitUntil(lambda: bool(window.preview.sections), timeout=5000)
    assert "borrow" in window.preview.text.toPlainText().lower()
    assert window.preview.hit.path == first.path

    # Arrow keys in the search box move through the results; focus stays in the box.
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.list.currentIndex().row() == 1
    assert window.search_box.hasFocus()
    second = window.results.hit(1)
    qtbot.waitUntil(
        lambda: window.preview.hit is not None and window.preview.hit.path == second.path
    )
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    assert window.list.currentIndex().row() == 0

    # Enter opens the selected document with the (intercepted) system opener.
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert opener.opened == [(first.path, first.page)]

    # Enter in the list, and double-click, open too.
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Down)
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert opener.opened[-1][0] == second.path

    # Esc in the list returns to the search box; Esc there clears the query.
    qtbot.keyClick(window.list, Qt.Key.Key_Escape)
    assert window.search_box.hasFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    qtbot.waitUntil(lambda: window.pages.currentIndex() == PAGE_EMPTY)

    # Ctrl+L / Ctrl+F come back to the search box from anywhere.
    window.list.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


def test_chinese_query_and_language_tag(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "向量数据库")
    assert window.results.hit(0).name == "向量表征与向量数据库.txt"
    qtbot.waitUntil(lambda: bool(window.preview.sections), timeout=5000)
    text = window.preview.text.toPlainText()
    marks = window.preview.sections[0].marks
    assert "向量数据库" in text
    assert marks  # the query's words are marked in the preview
    assert not window.grab().isNull()
    # An English query finding Chinese documents tags them with their language.
    search(qtbot, window, "embedding")
    tags = {
        window.results.index(r).data(Role.LANGUAGE_TAG): window.results.hit(r).language
        for r in range(window.results.rowCount())
    }
    assert tags.get("zh") == "zh"


def test_markup_in_documents_is_shown_as_written(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "template ampersand")
    assert window.results.hit(0).name == "escaping.txt"
    qtbot.waitUntil(lambda: bool(window.preview.sections), timeout=5000)
    assert '<b>bold</b> & "quoted"' in window.preview.text.toPlainText()


def test_copy_path_and_show_in_folder(qtbot, make_window, keyword_home, opener) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "ownership")
    hit = window.current_hit()
    window.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == hit.path
    window.act_show_folder.trigger()
    assert opener.shown == [hit.path]
    assert window.act_copy in window.list.actions()  # the context menu offers them too


def test_filters_narrow_results(qtbot, make_window, keyword_home) -> None:
    home, docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "vector ownership 向量")
    assert {h.suffix for h in window.results.hits} >= {"html", "txt"}
    bar = window.filter_bar
    bar.kind.setCurrentIndex(bar.kind.findData("web"))
    qtbot.waitUntil(lambda: not window.search.pending)
    assert window.results.hits and {h.suffix for h in window.results.hits} == {"html"}
    bar.kind.setCurrentIndex(0)
    bar.folder.setCurrentIndex(bar.folder.findData(str(docs)))
    bar.period.setCurrentIndex(bar.period.findData("year"))
    qtbot.waitUntil(lambda: not window.search.pending)
    assert window.results.rowCount() > 0
    assert window.search.filters.folders == (str(docs),)
    assert window.search.filters.modified_after is not None


def test_no_results_suggests_what_to_try(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    window.set_mode("keyword")
    search(qtbot, window, "zqxjv")
    assert window.pages.currentIndex() == PAGE_EMPTY
    assert window.empty.kind == "no_results"
    assert window.empty.secondary.isVisible()  # "Search by meaning"
    qtbot.mouseClick(window.empty.secondary, Qt.MouseButton.LeftButton)
    assert window.search.mode == "semantic"


def test_window_state_is_remembered(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    window.resize(700, 520)  # within the offscreen screen (800 x 600)
    window.set_mode("keyword")
    window.filter_bar.kind.setCurrentIndex(window.filter_bar.kind.findData("pdf"))
    window.splitter.setSizes([450, 250])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(home, size=None)  # as it was left
    assert again.search.mode == "keyword"
    assert again.mode.currentData() == "keyword"
    assert again.filter_bar.state()["kind"] == "pdf"
    assert again.search.filters.suffixes == ("pdf",)
    assert (again.size().width(), again.size().height()) == (700, 520)
    assert abs(again.splitter.sizes()[0] - sizes[0]) <= 2


def test_switch_interface_to_chinese(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    window = make_window(home)
    window.lang_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: window.windowTitle() == "桌面搜索")
    assert window.search_box.placeholderText().startswith("搜索")
    assert window.menu_file.title() == "文件(&F)"
    assert window.filter_bar.kind.itemText(0) == "所有类型"
    assert window.mode.currentText() == "语义 + 关键词"
    assert "索引" in window.status.label.text()
    saved = json.loads((Path(home) / "config" / "settings.json").read_text("utf-8"))
    assert saved["ui_language"] == "zh_CN"
    search(qtbot, window, "向量数据库")
    qtbot.waitUntil(lambda: "个文档" in window.summary.text())
    window.lang_actions[""].trigger()
    qtbot.waitUntil(lambda: window.windowTitle() != "桌面搜索")


def test_dark_palette_paints_readable_marks(qtbot, make_window, keyword_home) -> None:
    home, _docs = keyword_home
    app = QApplication.instance()
    light = app.palette()
    try:
        app.setPalette(theme.dark_palette())
        window = make_window(home)
        search(qtbot, window, "ownership")
        assert theme.is_dark(window.list.palette())
        background, text = theme.mark_colors(window.list.palette())
        assert background.lightness() < 128 < text.lightness()  # light text on a deep mark
        image = window.grab().toImage()
        centre = image.pixelColor(image.width() // 4, image.height() // 2)
        assert centre.lightness() < 128
    finally:
        app.setPalette(light)


def test_welcome_on_first_run(qtbot, make_window, tmp_path, monkeypatch) -> None:
    window = make_window(tmp_path / "fresh-home")
    assert window.pages.currentIndex() == PAGE_EMPTY
    assert window.empty.kind == "welcome"
    assert window.empty.primary.isVisible()
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(
        "desktop_search.gui.folders_dialog.choose_folder", lambda *_args: str(folder)
    )
    qtbot.mouseClick(window.empty.primary, Qt.MouseButton.LeftButton)
    assert str(folder.resolve()) in window.settings.folders
    assert window.empty.kind != "welcome"


def test_a_folder_whose_drive_is_out_shows_as_not_available(qtbot, make_window, tmp_path) -> None:
    from desktop_search.app.library import Library
    from desktop_search.extract import extract
    from desktop_search.paths import app_paths

    docs = tmp_path / "usb-drive" / "notes"
    docs.mkdir(parents=True)
    (docs / "plan.txt").write_text("Plant the tulip bulbs in October.\n")
    home = tmp_path / "home"
    with Library(app_paths(home)) as lib:
        lib.change_settings(lambda s: s.with_folder(str(docs)))
        indexer = lib.indexer(extract=extract)
        try:
            indexer.run([str(docs)], embed=False)
        finally:
            indexer.close()
    (tmp_path / "usb-drive").rename(tmp_path / "unplugged")
    window = make_window(home)
    window.act_folders.trigger()
    model = window.folders_model
    qtbot.waitUntil(lambda: model.health(str(docs)) is not None)
    assert model.health(str(docs)).indexed == 1  # the index is kept
    cell = model.index(0, model.FOLDER)
    assert cell.data() == f"{docs} (not available)"
    assert "plugged in" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_folders_dialog_edits_excludes_and_shows_health(qtbot, make_window, keyword_home) -> None:
    home, docs = keyword_home
    window = make_window(home)
    window.act_folders.trigger()
    dialog = window._folders_dialog
    assert dialog.isVisible()
    assert window.folders_model.folders() == [str(docs)]
    qtbot.waitUntil(lambda: window.folders_model.health(str(docs)) is not None)
    assert window.folders_model.health(str(docs)).indexed == 7
    assert not dialog.apply_button.isEnabled()
    dialog.excludes_edit.setPlainText("*.tmp\ndrafts\n\n*.tmp")
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    saved = json.loads((Path(home) / "config" / "settings.json").read_text("utf-8"))
    assert saved["excludes"] == ["*.tmp", "drafts"]
    assert saved["folders"] == [str(docs)]
    window.remove_folder(str(docs))
    assert window.folders_model.folders() == []


def test_the_search_box_offers_its_clear_button_once_shown(qtbot, tmp_path) -> None:
    from desktop_search.gui.search_box import SearchBox

    box = SearchBox()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitUntil(box.isClearButtonEnabled, timeout=2000)


def test_a_file_found_by_its_name_alone_previews_how_it_begins(
    qtbot, make_window, keyword_home
) -> None:
    """It said only "This document matched by its file name."; a person wants to see
    what the file holds."""
    from dataclasses import replace

    home, _docs = keyword_home
    window = make_window(home)
    search(qtbot, window, "ownership")
    found = window.results.hit(0)
    by_name = replace(found, passages=(), name_match=True)
    window.preview.show_hit(by_name, "ownership")
    qtbot.waitUntil(
        lambda: window.preview.text.toPlainText().startswith("Matched by its file name"),
        timeout=5000,
    )
    shown = window.preview.text.toPlainText()
    lib_text = window.preview.sections[0].text
    assert len(lib_text) > 200 and lib_text.split()[0] in shown


def test_preferences_has_the_usual_shortcut(qtbot, make_window, keyword_home) -> None:
    # Seen by a new user: Ctrl+, opened Folders and Preferences had no key at all.
    from PySide6.QtGui import QKeySequence

    home, _docs = keyword_home
    window = make_window(home)
    assert window.act_preferences.shortcut() == QKeySequence("Ctrl+,")
    assert window.act_folders.shortcut() == QKeySequence("Ctrl+Shift+F")
