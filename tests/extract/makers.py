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


# --------------------------------------------------------------------- office formats


def make_pptx(path: Path) -> Path:
    """Three slides: a title slide, bullets with notes and a group, a Chinese table slide."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.core_properties.title = "Roadmap deck"
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = "Product roadmap"
    first.placeholders[1].text = "Spring planning meeting"
    second = prs.slides.add_slide(prs.slide_layouts[1])
    second.shapes.title.text = "Goals"
    second.placeholders[1].text_frame.text = "Ship the search feature"
    second.placeholders[1].text_frame.add_paragraph().text = "Hire two engineers"
    group = second.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(1), Inches(5), Inches(3), Inches(1))
    box.text_frame.text = "Grouped caption about lighthouses"
    second.notes_slide.notes_text_frame.text = "Speaker notes: mention the budget overrun."
    third = prs.slides.add_slide(prs.slide_layouts[5])
    third.shapes.title.text = "预算"
    table = third.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for r, row in enumerate([("项目", "费用"), ("向量数据库", "1200")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    prs.save(str(path))
    return path


def make_xlsx(path: Path, *, rows: int = 3) -> Path:
    """Two sheets: a budget with numbers and dates, and a Chinese sheet of ``rows`` rows."""
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.title = "Budget 2024"
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Item", "Cost", "Due"])
    ws.append(["Servers", 1200.0, dt.datetime(2024, 3, 1)])
    ws.append(["Coffee", 12.5, None])
    ws["E10"] = "far away cell"
    zh = wb.create_sheet("中文")
    for i in range(rows):
        zh.append([f"第{i + 1}行", CHINESE if i == 0 else f"数据 {i}"])
    wb.save(path)
    return path


def make_ods(path: Path, *, rows: int = 3) -> Path:
    """Two sheets like ``make_xlsx``, plus Calc's huge repeated empty rows and columns."""
    from odf import table, text
    from odf.dc import Title
    from odf.opendocument import OpenDocumentSpreadsheet

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(Title(text="Budget 2024"))

    def add_row(sheet, values, repeat: int | None = None) -> None:
        row = table.TableRow(numberrowsrepeated=repeat) if repeat else table.TableRow()
        for value in values:
            cell = table.TableCell()
            if value:
                cell.addElement(text.P(text=value))
            row.addElement(cell)
        row.addElement(table.TableCell(numbercolumnsrepeated=16000))  # empty rest of the row
        sheet.addElement(row)

    budget = table.Table(name="Budget")
    add_row(budget, ["Item", "Cost"])
    add_row(budget, ["Servers", "1200"])
    add_row(budget, [""], repeat=1_048_000)  # what Calc writes for the empty rest
    doc.spreadsheet.addElement(budget)
    zh = table.Table(name="中文")
    for i in range(rows):
        add_row(zh, [f"第{i + 1}行", CHINESE if i == 0 else f"数据 {i}"])
    doc.spreadsheet.addElement(zh)
    doc.save(str(path))
    return path


# ------------------------------------------------------------------------------ mail


def make_eml(path: Path, *, attachments: dict[str, bytes] | None = None) -> Path:
    """A mail with Chinese subject, plain and HTML bodies, and the given attachments."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "季度报告 quarterly report"
    msg["From"] = "Alice Zhang <alice@example.com>"
    msg["To"] = "bob@example.com"
    msg["Date"] = "Mon, 04 Mar 2024 10:00:00 +0800"
    msg.set_content(f"Hi Bob,\nthe kumquat harvest numbers are attached.\n{CHINESE}\n")
    msg.add_alternative("<html><body><p>HTML version only</p></body></html>", subtype="html")
    for name, data in (attachments or {}).items():
        maintype, subtype = {
            ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ".png": ("image", "png"),
            ".pdf": ("application", "pdf"),
        }.get(Path(name).suffix, ("application", "octet-stream"))
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(msg.as_bytes())
    return path


# ------------------------------------------------------------------------------ scans

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SCAN_DPI = 200


def page_image(lines: list[str], *, width: int = 1400, font_px: int = 40, angle: int = 0):
    """A white page with ``lines`` typed in black, as a scanner would see it (grey, PIL)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), font_px)
    height = 160 + int(len(lines) * font_px * 1.8)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((80, 80 + int(i * font_px * 1.8)), line, font=font, fill=0)
    return image.rotate(angle, expand=True, fillcolor=255) if angle else image


def make_scan_pdf(path: Path, pages: list[list[str]], *, angle: int = 0) -> Path:
    """A PDF of page images only (no text layer), one page per entry of ``pages``."""
    images = [page_image(lines, angle=angle) for lines in pages]
    images[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return path


def make_scan_image(path: Path, pages: list[list[str]]) -> Path:
    """A PNG/JPEG (one page) or TIFF (one frame per page) of typed lines."""
    images = [page_image(lines) for lines in pages]
    extra = {"save_all": True, "append_images": images[1:]} if len(images) > 1 else {}
    images[0].save(path, dpi=(SCAN_DPI, SCAN_DPI), **extra)
    return path


# Strict Open XML (ISO 29500 Strict) swaps these namespaces for purl.oclc.org ones; Excel
# writes it when "Strict Open XML Spreadsheet" is chosen in Save As.
STRICT_NAMESPACES = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
    b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties"
    ),
    b"http://schemas.openxmlformats.org/drawingml/2006/main": (
        b"http://purl.oclc.org/ooxml/drawingml/main"
    ),
}


def make_strict_xlsx(path: Path) -> Path:
    """``make_xlsx`` saved as Strict Open XML (Tika's testEXCEL.strict.xlsx is such a file)."""
    import zipfile

    transitional = make_xlsx(path.with_suffix(".transitional.xlsx"))
    with zipfile.ZipFile(transitional) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            for old, new in STRICT_NAMESPACES.items():
                data = data.replace(old, new)
            dst.writestr(info, data)
    transitional.unlink()
    return path
