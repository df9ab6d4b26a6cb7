"""Markdown: headings become locations, obvious markup is stripped, code stays."""

from __future__ import annotations

from pathlib import Path

from desktop_search.extract import extract
from desktop_search.extract.markdown import sections

NOTE = """---
title: "Project notes"
tags: [a, b]
---
Intro line before any heading.

# Setup

Install with [pip](https://pip.pypa.io "pip") and read the ![logo](img/logo.png) **carefully**.
<!-- a hidden comment -->

```bash
# not a heading
pip install thing
```

Section Two
-----------
> quoted text
See [the docs][docs].

[docs]: https://example.com/docs

## 向量 检索 ##
中文内容。
"""


def test_sections_and_locations() -> None:
    title, segments = sections(NOTE)
    assert title == "Project notes"
    kept = [(s.location, s.text) for s in segments if s.text.strip()]
    assert kept[0] == (None, "Intro line before any heading.\n")
    assert kept[1][0] == "Setup"
    setup = kept[1][1]
    assert "Install with pip and read the logo carefully." in setup
    assert "https://" not in setup and "hidden comment" not in setup
    assert "# not a heading\npip install thing" in setup  # code untouched, not a heading
    assert kept[2][0] == "Section Two"
    assert "quoted text" in kept[2][1] and "> quoted" not in kept[2][1]
    assert "See the docs." in kept[2][1] and "example.com" not in kept[2][1]
    assert kept[3] == ("向量 检索", "向量 检索\n中文内容。")


def test_title_from_first_h1(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# My Tool\n\nDoes things.\n\n## Usage\n\nRun it.\n", encoding="utf-8")
    doc = extract(path)
    assert doc.title == "My Tool"
    assert [(s.location, s.text) for s in doc.segments] == [
        ("My Tool", "My Tool\n\nDoes things."),
        ("Usage", "Usage\n\nRun it."),
    ]


def test_real_markdown_files(messy: Path) -> None:
    files = sorted((messy / "md").rglob("*.md"))
    assert len(files) > 40
    with_locations = 0
    for path in files:
        doc = extract(path)
        assert doc.text_length > 0
        with_locations += any(s.location for s in doc.segments)
        for seg in doc.segments:
            assert seg.text.strip() and "](http" not in seg.text
    assert with_locations > len(files) // 2


def test_real_readme(messy: Path) -> None:
    path = next((messy / "md").rglob("install-latex-guide-zh-cn/README.md"))
    doc = extract(path)
    assert doc.title and doc.title.startswith("Install-LaTeX-Guide-zh-cn")
    first = doc.segments[0].text
    assert "related content using Overleaf." in first and "www.overleaf.com" not in first
    assert "latexmk -xelatex -synctex=1 install-latex-guide-zh-cn" in first
    assert [s.location for s in doc.segments][1] == "License"
