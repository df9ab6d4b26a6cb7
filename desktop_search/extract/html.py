"""Web pages saved to disk (.html, .htm, .xhtml), and the HTML inside EPUBs.

Only what a reader would see belongs in the index: scripts, styles, templates, SVG
and the page's chrome (navigation, headers, footers, sidebars, hidden search boxes)
would drown the content and make every page of a site look alike. When the page marks
its content (``<main>`` or ``role="main"``) only that is read. Headings become the
location of the text under them. The parser (selectolax/lexbor) never loads
anything: no scripts run, no URLs are fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from desktop_search.text.navigation import LINK_JOINER

from . import files
from .base import ExtractedDocument, ExtractionError, Segment, UnsupportedFile
from .encoding import NotText, decode_text
from .normalize import build_document, clean_line

SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# fmt: off
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "head", "title", "meta",
        "link", "object", "embed", "iframe", "frame", "frameset", "canvas", "audio", "video",
        "map", "button", "select", "option", "optgroup", "input", "textarea", "label",
        "datalist", "dialog", "nav", "aside",
    }
)
# fmt: on
_CHROME = frozenset({"header", "footer"})  # skipped unless inside the content itself
_CONTENT = frozenset({"main", "article", "section"})
# fmt: off
_CHROME_ROLES = frozenset(
    {
        "navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar", "dialog",
        "alertdialog", "complementary", "tablist", "tooltip",
    }
)
# fmt: on
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# fmt: off
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "figure", "figcaption",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "caption",
        "hr", "address", "details", "summary", "fieldset", "legend", "form", "body", "html",
        "center", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)
# fmt: on
_CELLS = frozenset({"td", "th"})
_LISTS = frozenset({"ul", "ol"})
#: A list of at least this many items, nearly all of whose text is links, is navigation
#: (a table of contents, a site map: link density, as boilerplate removers judge blocks).
LINK_LIST_ITEMS = 5
LINK_DENSITY = 0.9
_SPACE = re.compile(r"\s+")
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""",
    re.IGNORECASE,
)
# In XHTML ``<title/>`` is an empty element; an HTML parser would take the rest of the
# file as the title's text. Expand these self-closed raw-text elements before parsing.
_SELF_CLOSED_RAW = re.compile(
    r"<(title|script|style|textarea|iframe|noscript|noembed|noframes|xmp)(\s[^<>]*?)?/>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HtmlText:
    title: str | None
    segments: list[Segment]


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>``, XML prolog)."""
    m = _DECLARED.search(data[:4096])
    if m is None:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "replace")


def _hidden(attrs: dict[str, str | None], tag: str | None = None) -> bool:
    if "hidden" in attrs:
        # An inline span with the hidden attribute is a variant of the sentence a script
        # shows where it applies (LibreOffice help: "see ... in Writer Help"), not chrome.
        return tag != "span"
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if (attrs.get("role") or "").strip().lower() in _CHROME_ROLES:
        return True
    style = _SPACE.sub("", attrs.get("style") or "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = (attrs.get("class") or "").split()
    return "hidden" in classes or "headerlink" in classes  # Sphinx's ¶ permalinks


def _content_roots(tree: LexborHTMLParser) -> list[LexborNode]:
    mains = [n for n in tree.css("main, [role=main]") if not _hidden(n.attributes)]
    roots = []
    for node in mains:
        parent = node.parent
        while parent is not None and parent not in mains:
            parent = parent.parent
        if parent is None:
            roots.append(node)
    return roots


class _Collector:
    """Walks the DOM once, cutting the text into segments at headings."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.parts: list[str] = []
        self.location: str | None = None
        self.in_cell = 0  # inside a table cell, blocks are separated by spaces, not lines

    def newline(self) -> None:
        if self.in_cell:
            if self.parts and not self.parts[-1].endswith((" ", "\t", "\n")):
                self.parts.append(" ")
        elif self.parts and self.parts[-1] != "\n":
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.parts.append("\n")

    def add(self, text: str, *, pre: bool) -> None:
        if not pre:
            text = _SPACE.sub(" ", text)
            if not self.parts or self.parts[-1].endswith((" ", "\t", "\n")):
                text = text.lstrip(" ")
        if text:
            self.parts.append(text)

    def start_heading(self) -> None:
        self.flush()

    def end_heading(self) -> None:
        # A segment starts at its heading, so the heading is all the text so far.
        heading = clean_line("".join(self.parts))
        if heading:
            self.location = heading
        self.newline()

    def flush(self) -> None:
        self.segments.append(Segment("".join(self.parts), location=self.location))
        self.parts = []

    def walk(self, root: LexborNode) -> None:
        # Iterative, not recursive: hostile pages nest tens of thousands of elements deep.
        stack: list[tuple[LexborNode, bool, int]] = [(root, False, 0)]
        pre_depth = 0
        content_depth = 0
        while stack:
            # flags: 1 = opened <pre>, 2 = opened content, 4 = opened a table cell
            node, leaving, flags = stack.pop()
            tag = node.tag
            if leaving:
                if flags & 1:
                    pre_depth -= 1
                if flags & 2:
                    content_depth -= 1
                if flags & 4:
                    self.in_cell -= 1
                    if self.parts:
                        self.parts[-1] = self.parts[-1].rstrip(" ")
                    self.add("\t", pre=True)
                elif tag in _HEADINGS:
                    self.end_heading()
                elif tag in _BLOCKS:
                    self.newline()
                continue
            if tag == "-text":
                self.add(node.text(deep=False) or "", pre=pre_depth > 0)
                continue
            if tag is None or tag.startswith("-"):  # comments, doctype
                continue
            if tag == "br":
                self.parts.append(" " if self.in_cell else "\n")
                continue
            if tag in _SKIP or (tag in _CHROME and content_depth == 0):
                continue
            if node is not root and _hidden(node.attributes, tag):
                continue
            flags = 0
            if tag in ("pre", "textarea", "listing", "plaintext"):
                pre_depth += 1
                flags |= 1
            if tag in _CONTENT or (node.attributes.get("role") or "") == "main":
                content_depth += 1
                flags |= 2
            if tag in _CELLS:
                self.in_cell += 1
                flags |= 4
            if tag in _LISTS:
                entries = _link_list_entries(node)
                if entries is not None:
                    self.newline()
                    self.add(LINK_JOINER.join(entries), pre=False)
                    self.newline()
                    continue
            if tag in _HEADINGS:
                self.start_heading()
            elif tag in _BLOCKS:
                self.newline()
            stack.append((node, True, flags))
            children = list(node.iter(include_text=True))
            stack.extend((child, False, 0) for child in reversed(children))


def _link_list_entries(node: LexborNode) -> list[str] | None:
    """The items of a list that is navigation (``LINK_LIST_ITEMS`` items or more, links
    nearly all its text, e.g. Sphinx's table of contents of a chapter), each item's own
    text without its sublists; None for a list that says something."""
    items = node.css("li")
    if len(items) < LINK_LIST_ITEMS:
        return None
    total = len(_SPACE.sub("", node.text(deep=True) or ""))
    linked = sum(len(_SPACE.sub("", a.text(deep=True) or "")) for a in node.css("a[href]"))
    if total == 0 or linked < LINK_DENSITY * total:
        return None
    entries = [clean_line(_own_text(item)) for item in items]
    return [e for e in entries if e]


def _own_text(item: LexborNode) -> str:
    """An item's visible text, leaving out its sublists (they are entries of their own)."""
    parts: list[str] = []
    stack = list(reversed(list(item.iter(include_text=True))))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == "-text":
            parts.append(node.text(deep=False) or "")
        elif (
            tag
            and not tag.startswith("-")
            and tag not in _LISTS
            and tag not in _SKIP
            and not _hidden(node.attributes, tag)
        ):
            stack.extend(reversed(list(node.iter(include_text=True))))
    return " ".join(parts)


def parse_html(markup: str) -> HtmlText:
    """Title and visible text of an HTML/XHTML document, one segment per heading section."""
    tree = LexborHTMLParser(_SELF_CLOSED_RAW.sub(r"<\1\2></\1>", markup))
    title_node = tree.css_first("head > title") or tree.css_first("title")
    title = clean_line(title_node.text(deep=True)) if title_node is not None else None
    roots = _content_roots(tree)
    collector = _Collector()
    for root in roots:
        collector.walk(root)
        collector.newline()
    collector.flush()
    if roots and not any(s.text.strip() for s in collector.segments):
        roots = []  # an empty <main>: fall back to the whole body
    if not roots:
        collector = _Collector()
        body = tree.body or tree.root
        if body is not None:
            collector.walk(body)
        collector.flush()
    return HtmlText(title, collector.segments)


def decode_markup(path: Path, data: bytes) -> str:
    """Markup bytes as text, using the declared charset when there is one."""
    try:
        return decode_text(data, declared=declared_encoding(data)).text
    except NotText as exc:
        raise UnsupportedFile(path, str(exc)) from exc


def extract(path: Path) -> ExtractedDocument:
    """Visible text of the page, one segment per heading section; title from <title>."""
    data = files.read_bytes(path)
    if not data:
        raise ExtractionError(path, "empty file")
    page = parse_html(decode_markup(path, data))
    return build_document(path, page.segments, title=page.title)
