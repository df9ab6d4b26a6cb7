"""HTML: visible text only, headings as locations, never any network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from desktop_search.extract import extract
from desktop_search.extract.html import parse_html
from desktop_search.text.navigation import is_navigation

# Text of mdBook's chrome: sidebar, menu bar, theme list, search box, help popup.
MDBOOK_CHROME = [
    "Keyboard shortcuts",
    "to navigate between chapters",
    "Search this book",
    "Toggle Table of Contents",
    "Change theme",
    "Coal",
    "Ayu",
    "Previous chapter",
    "Font Awesome",
    "localStorage",
    "function(",
]


def test_rust_book_pages_have_only_content(corpus: Path) -> None:
    pages = sorted((corpus / "en" / "rust-book").glob("*.html"))
    assert len(pages) >= 30
    for path in pages:
        doc = extract(path)
        text = "\n".join(s.text for s in doc.segments)
        for chrome in MDBOOK_CHROME:
            assert chrome not in text, (path.name, chrome)
        assert doc.title and doc.title.endswith("The Rust Programming Language")
        assert doc.segments[0].location, path.name
        assert not text.startswith("The Rust Programming Language")  # the menu-bar title


def test_rust_book_headings_and_code(corpus: Path) -> None:
    doc = extract(corpus / "en" / "rust-book" / "ch04-02-references-and-borrowing.html")
    assert doc.title == "References and Borrowing - The Rust Programming Language"
    first = doc.segments[0]
    assert first.location == "References and Borrowing"
    assert first.text.startswith("References and Borrowing\nThe issue with the tuple code")
    assert "to the calling function so that we can still use the String after" in first.text
    assert 'fn main() {\n    let s1 = String::from("hello");' in first.text  # <pre> kept
    locations = [s.location for s in doc.segments]
    assert "Mutable References" in locations and "Dangling References" in locations


def test_python_docs_without_sidebar(messy: Path) -> None:
    pages = sorted((messy / "html" / "python-docs").rglob("*.html"))
    assert pages
    for path in pages:
        doc = extract(path)
        text = "\n".join(s.text for s in doc.segments)
        assert "Quick search" not in text and "Previous topic" not in text, path.name
        assert "Theme" not in text.split("\n", 3)[:3]
        assert not any("¶" in (s.location or "") for s in doc.segments), path.name
    api = extract(messy / "html" / "python-docs" / "apiref.html")
    assert api.segments[0].location == "9. API Reference"
    table = api.segments[1].text
    assert "argument name\tvalue\ttype\nname\tThe name of the package\ta string\n" in table


def test_a_list_of_links_is_read_as_one_line_of_entries(messy: Path) -> None:
    """A chapter's table of contents (Sphinx's toctree: every item a link) is navigation:
    its entries are joined on one line, the shape text/navigation.py marks."""
    doc = extract(messy / "html" / "python-docs" / "text.html")
    text = "\n".join(s.text for s in doc.segments)
    assert "string — Common string operations · String constants · ascii_letters · " in text
    assert "\nThe modules described in this chapter provide" in text  # prose stays prose
    assert is_navigation(text[text.index("string — Common") :][:1500])
    markup = """<body><ul>
      <li><a href="a.html">Ownership</a> explains who frees memory</li>
      <li><a href="b.html">Borrowing</a> lends a value without moving it</li>
      <li><a href="c.html">Slices</a> refer to part of a collection</li>
      <li><a href="d.html">Structs</a> group related values</li>
      <li><a href="e.html">Enums</a> list the values a type may take</li>
    </ul><ul><li><a href="x">One</a></li><li><a href="y">Two</a></li></ul></body>"""
    described = parse_html(markup).segments[0].text
    assert "Ownership explains who frees memory\nBorrowing lends" in described
    assert "One\nTwo" in described  # too short a list to tell
    assert " · " not in described


def test_libreoffice_help_chinese(messy: Path) -> None:
    pages = sorted((messy / "html" / "libreoffice-help-zh-cn").glob("*.html"))
    assert len(pages) > 50
    for path in pages:
        doc = extract(path)
        text = "\n".join(s.text for s in doc.segments)
        assert "搜索所有模块" not in text  # search box placeholder in the <aside>
        assert "Help content debug info" not in text  # <footer>
        assert "LibreOffice 7.4 帮助" not in text  # <header>
    doc = extract(messy / "html" / "libreoffice-help-zh-cn" / "01000000.html")
    assert doc.segments[0].location == "选项"
    assert doc.segments[0].text.startswith("选项\n此命令会打开一个对话框，用于给程序自定义配置。")


def test_hidden_and_chrome_elements_dropped() -> None:
    page = parse_html(
        """<html><head><title> My  page </title><style>p{color:red}</style>
        <script>alert("x")</script></head><body>
        <header><a href="/">Site name</a></header>
        <nav><ul><li>Home</li></ul></nav>
        <div hidden>hidden attr</div><span aria-hidden="true">aria hidden</span>
        <div style="display: none">css hidden</div><div role="navigation">role nav</div>
        <noscript>enable js</noscript><template><p>template</p></template>
        <svg><text>svg text</text></svg><button>Click</button>
        <h1>Title <small>sub</small></h1><p>First   para
        with <b>bold</b> and<br>a break.</p>
        <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
        <article><header><h2>Article head</h2></header><p>Body.</p>
        <footer>Article footer</footer></article>
        <aside>Related links</aside><footer>Copyright</footer></body></html>"""
    )
    assert page.title == "My page"
    text = "\n".join(s.text for s in page.segments)
    for gone in ("Site name", "Home", "hidden attr", "aria hidden", "css hidden", "role nav",
                 "enable js", "template", "svg text", "Click", "Related links", "Copyright",
                 "alert", "color:red"):  # fmt: skip
        assert gone not in text, gone
    assert [s.location for s in page.segments if s.text.strip()] == ["Title sub", "Article head"]
    assert "First para with bold and\na break." in text
    assert "A\tB" in text and "1\t2" in text
    assert "Article footer" in text  # an article's own footer is content


def test_main_element_preferred() -> None:
    page = parse_html("<body><div>Chrome text</div><main><h1>Doc</h1><p>Content.</p></main></body>")
    assert "Chrome text" not in "".join(s.text for s in page.segments)
    empty_main = parse_html("<body><p>Real text.</p><main></main></body>")
    assert "Real text." in "".join(s.text for s in empty_main.segments)


def test_declared_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.htm"
    html = '<html><head><meta charset="gb2312"><title>标题</title></head><body><p>中文网页</p>'
    path.write_bytes(html.encode("gbk"))
    doc = extract(path)
    assert doc.title == "标题" and doc.segments[0].text == "中文网页"


def test_xhtml_self_closed_title() -> None:
    page = parse_html(
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/>'
        "</head><body><p>Text after an empty title.</p></body></html>"
    )
    assert page.title is None
    assert page.segments[-1].text.strip() == "Text after an empty title."


def test_deeply_nested_page_does_not_recurse() -> None:
    page = parse_html("<div>" * 20000 + "deep text" + "</div>" * 20000)
    assert "deep text" in "".join(s.text for s in page.segments)


def test_never_touches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = tmp_path / "remote.html"
    path.write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/a.css">'
        '<script src="http://example.com/a.js"></script><base href="http://example.com/">'
        '</head><body><img src="http://example.com/a.png" alt="pic">'
        '<iframe src="http://example.com/frame"></iframe>'
        '<object data="http://example.com/o"></object><p>Local text.</p></body></html>',
        encoding="utf-8",
    )
    assert extract(path).segments[0].text == "Local text."
