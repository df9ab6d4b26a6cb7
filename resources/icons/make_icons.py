"""Regenerate the icons the app ships: file-type SVGs and the app icon's PNG sizes.

Run from the repository root after editing ``desktop-search.svg`` or the table below:

    QT_QPA_PLATFORM=offscreen python resources/icons/make_icons.py

Sources stay here; the runtime copies go to ``desktop_search/gui/resources/icons/``,
which is package data, so an installed app finds them without this folder.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNTIME = HERE.parents[1] / "desktop_search" / "gui" / "resources" / "icons"
APP_PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# kind -> (band colour, label). Which suffix maps to which kind lives in gui/icons.py.
FILE_KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("#d93a2b", "PDF"),
    "doc": ("#2b66c9", "DOC"),
    "text": ("#6b7785", "TXT"),
    "markdown": ("#3d4a5c", "MD"),
    "web": ("#e0731f", "HTML"),
    "ebook": ("#2e9b57", "EPUB"),
    "code": ("#7b4fc9", "&lt;/&gt;"),
    "data": ("#148a8a", "DATA"),
    "generic": ("#8a96a3", ""),
}

_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">
  <path d="M11 3 H29 L39 13 V43 a2 2 0 0 1 -2 2 H11 a2 2 0 0 1 -2 -2 V5 a2 2 0 0 1 2 -2 Z"
        fill="#ffffff" stroke="#a3adba" stroke-width="1.5"/>
  <path d="M29 3 V11 a2 2 0 0 0 2 2 H39" fill="#e3e8ef" stroke="#a3adba" stroke-width="1.5"
        stroke-linejoin="round"/>
  <g stroke="#c8d0da" stroke-width="2" stroke-linecap="round">
    <line x1="14" y1="12" x2="24" y2="12"/>
    <line x1="14" y1="17" x2="33" y2="17"/>
    <line x1="14" y1="22" x2="30" y2="22"/>
  </g>
{band}</svg>
"""

_BAND = """  <rect x="5" y="27" width="31" height="13" rx="2.5" fill="{color}"/>
  <text x="20.5" y="36.6" font-family="DejaVu Sans, Arial, Helvetica, sans-serif"
        font-size="{size}" font-weight="bold" fill="#ffffff" text-anchor="middle">{label}</text>
"""


def file_svg(color: str, label: str) -> str:
    """A page with a coloured band naming the format."""
    if not label:
        return _PAGE.format(band="")
    size = 8 if len(label) <= 3 else 6.5
    return _PAGE.format(band=_BAND.format(color=color, label=label, size=size))


def render_png(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    image.save(str(out))


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts need it)
    types = HERE / "filetypes"
    types.mkdir(exist_ok=True)
    (RUNTIME / "filetypes").mkdir(parents=True, exist_ok=True)
    for kind, (color, label) in FILE_KINDS.items():
        src = types / f"{kind}.svg"
        src.write_text(file_svg(color, label), encoding="utf-8")
        shutil.copy2(src, RUNTIME / "filetypes" / src.name)
    app_svg = HERE / "desktop-search.svg"
    shutil.copy2(app_svg, RUNTIME / app_svg.name)
    for size in APP_PNG_SIZES:
        render_png(app_svg, size, RUNTIME / f"desktop-search-{size}.png")
    print(f"wrote {len(FILE_KINDS)} file-type icons and {len(APP_PNG_SIZES)} app PNGs to {RUNTIME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
