"""Colours derived from the system palette, so light and dark desktops both read well.

The app never hard-codes a background or text colour: widgets use palette roles and
the few extra colours (the highlight behind matched words, dimmed secondary text,
warnings) are computed here from the current palette. ``dark_palette`` exists for
tests and screenshots, to check the dark look on a machine that is not dark.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    """True when the window background is darker than its text."""
    return (
        palette.color(QPalette.ColorRole.Window).lightness()
        < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` toward ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def dim_text(palette: QPalette, *, selected: bool = False) -> QColor:
    """Secondary text (paths, dates): readable, but quieter than the title."""
    group = QPalette.ColorGroup.Active
    if selected:
        fg = palette.color(group, QPalette.ColorRole.HighlightedText)
        bg = palette.color(group, QPalette.ColorRole.Highlight)
    else:
        fg = palette.color(group, QPalette.ColorRole.Text)
        bg = palette.color(group, QPalette.ColorRole.Base)
    return mix(fg, bg, 0.38)


def mark_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) behind a matched word: amber on light, deep gold on dark."""
    if is_dark(palette):
        return QColor("#7a5b00"), QColor("#fff4cc")
    return QColor("#ffe27a"), QColor("#1d1a10")


def passage_color(palette: QPalette) -> QColor:
    """A faint wash behind the matched passage in the preview."""
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    return mix(base, accent, 0.16 if is_dark(palette) else 0.10)


def warning_color(palette: QPalette) -> QColor:
    return QColor("#ffb454") if is_dark(palette) else QColor("#b35900")


def dark_palette() -> QPalette:
    """A neutral dark palette (as a dark desktop theme would supply)."""
    p = QPalette()
    roles = QPalette.ColorRole
    window, base, text = QColor("#2b2d31"), QColor("#1f2023"), QColor("#e6e6e6")
    for role, color in (
        (roles.Window, window),
        (roles.WindowText, text),
        (roles.Base, base),
        (roles.AlternateBase, QColor("#292a2e")),
        (roles.ToolTipBase, QColor("#3a3c42")),
        (roles.ToolTipText, text),
        (roles.PlaceholderText, QColor("#8b8e95")),
        (roles.Text, text),
        (roles.Button, QColor("#35373c")),
        (roles.ButtonText, text),
        (roles.BrightText, QColor("#ff6b6b")),
        (roles.Light, QColor("#45474d")),
        (roles.Midlight, QColor("#3a3c41")),
        (roles.Mid, QColor("#25262a")),
        (roles.Dark, QColor("#18191b")),
        (roles.Shadow, QColor("#000000")),
        (roles.Highlight, QColor("#2f6fd6")),
        (roles.HighlightedText, QColor("#ffffff")),
        (roles.Link, QColor("#6ea8ff")),
        (roles.LinkVisited, QColor("#b59cff")),
    ):
        p.setColor(role, color)
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(disabled, role, QColor("#7c7f86"))
    return p
