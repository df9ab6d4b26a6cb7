"""Build test documents of every format in a temporary folder.

The shared corpus holds real PDFs, HTML and text; Word, e-book, OpenDocument and RTF
files (and hostile files) are generated here so their expected text is known exactly.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

CHINESE = "向量数据库把文本变成向量，再按语义相似度检索。"


def make_docx(path: Path) -> Path:
    """A Word document with a title, two headed sections, a table and Chinese text."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Quarterly report"
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The budget grew by ten percent this quarter.")
    document.add_paragraph(CHINESE)
    document.add_heading("Numbers", level=1)
    document.add_paragraph("See the table below.")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("Item", "Cost", "Owner"), ("Servers", "1200", "Alice")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 2)).text = "Merged cell text"
    document.add_paragraph("Closing words.")
    document.save(path)
    return path


def make_epub(path: Path) -> Path:
    """An EPUB 3 book with two chapters, a table of contents and Chinese text."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book-1")
    book.set_title("A Test Book")
    book.set_language("en")
    ch1 = epub.EpubHtml(title="Chapter One", file_name="ch1.xhtml", lang="en")
    ch1.content = (
        "<html><head><title>ch1</title></head><body><h1>Chapter One</h1>"
        "<p>It was a bright cold day in April.</p><script>var x = 'no script';</script>"
        "</body></html>"
    )
    ch2 = epub.EpubHtml(title="第二章", file_name="text/ch2.xhtml", lang="zh")
    ch2.content = f"<html><body><h1>第二章</h1><p>{CHINESE}</p></body></html>"
    book.add_item(ch1)
    book.add_item(ch2)
    book.toc = (
        epub.Link("ch1.xhtml", "Chapter One", "ch1"),
        epub.Link("text/ch2.xhtml", "第二章", "ch2"),
    )
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", ch1, ch2]
    epub.write_epub(str(path), book)
    return path


def make_odt(path: Path) -> Path:
    """An ODT with a title, headings, paragraphs with spaces and tabs, and a table."""
    from odf import meta, table, text
    from odf.dc import Title
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(Title(text="Meeting notes"))
    doc.meta.addElement(meta.Generator(text="tests"))
    doc.text.addElement(text.H(outlinelevel=1, text="Attendees"))
    p = text.P(text="Alice and")
    p.addElement(text.S(c=3))
    p.addText("Bob")
    p.addElement(text.Tab())
    p.addText("came.")
    doc.text.addElement(p)
    doc.text.addElement(text.H(outlinelevel=1, text="决定"))
    doc.text.addElement(text.P(text=CHINESE))
    t = table.Table(name="Budget")
    t.addElement(table.TableColumn(numbercolumnsrepeated=2))
    for row_values in (("Item", "Cost"), ("Coffee", "12")):
        row = table.TableRow()
        for value in row_values:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        t.addElement(row)
    doc.text.addElement(t)
    doc.save(str(path))
    return path


def make_rtf(path: Path, *, chinese: bool = False) -> Path:
    """A hand-written RTF file; with ``chinese`` it uses code page 936 escapes."""
    if chinese:
        hexed = "".join(f"\\'{b:02x}" for b in CHINESE.encode("gbk"))
        body = (
            "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}"
            "{\\info{\\title Chinese notes}}"
            f"\\f0 {hexed}\\par Unicode: \\u21521?\\u37327?\\par}}"
        )
    else:
        body = (
            "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}"
            "{\\info{\\title Letter}}"
            "\\f0\\fs24 Dear Sir,\\par We met in Z\\'fcrich on \\b Monday\\b0.\\par}"
        )
    path.write_text(body, encoding="ascii")
    return path


def make_zip_bomb_docx(path: Path, *, inflated_mb: int = 120) -> Path:
    """A real DOCX with an extra member of zeros that inflates to ``inflated_mb`` MB."""
    make_docx(path)
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open("word/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(inflated_mb):
            member.write(chunk)
    return path
