"""PowerPoint presentations (.pptx), slide by slide.

Each slide is one segment with the slide number as its page and "slide N" as its
location, so a hit says which slide to show. A slide's words are in its title, text
boxes, tables and grouped shapes, and often the real content is in the speaker notes,
so all of these are read: the title first, then the shapes in the order the file
keeps them, then the notes. python-pptx does the parsing, after the zip-bomb guard
has checked the archive; a slide that cannot be read costs that slide only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from .base import ExtractedDocument, ExtractionError, Segment
from .normalize import build_document
from .ooxml_properties import without_dtd
from .zipguard import open_archive

SUFFIXES = frozenset({".pptx"})

log = logging.getLogger(__name__)

MAX_GROUP_DEPTH = 20  # groups nest; hostile files nest without end


def _shapes(shapes: Iterable, depth: int = 0) -> Iterator:
    """Every shape, looking inside groups."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            if depth < MAX_GROUP_DEPTH:
                yield from _shapes(shape.shapes, depth + 1)
        else:
            yield shape


def _table_text(table) -> str:
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()) for cell in row.cells if not cell.is_spanned]
        if any(cells):
            rows.append("\t".join(cells).strip())
    return "\n".join(rows)


def _shape_text(shape) -> str:
    if shape.has_text_frame:
        return shape.text_frame.text
    if getattr(shape, "has_table", False) and shape.has_table:
        return _table_text(shape.table)
    return ""


def _slide_text(slide) -> str:
    title = slide.shapes.title
    parts = [_shape_text(title)] if title is not None else []
    title_id = title.shape_id if title is not None else None
    parts += [_shape_text(s) for s in _shapes(slide.shapes) if s.shape_id != title_id]
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None and notes.text.strip():
            parts.append(notes.text)
    return "\n".join(p for p in parts if p.strip())


def extract(path: Path) -> ExtractedDocument:
    """Text of each slide (title, shapes, tables, notes) with its number; title from properties."""
    import pptx  # imported here: python-pptx takes a tenth of a second to load

    with open_archive(path, "PowerPoint") as archive:
        source = without_dtd(path, archive, "PowerPoint") or str(path)
    try:
        presentation = pptx.Presentation(source)
        slides = list(presentation.slides)
    except MemoryError:
        raise  # out of memory is a size bomb, not damage: the sandbox words it
    except Exception as exc:  # python-pptx reports damage as KeyError, ValueError, lxml errors…
        log.debug("python-pptx could not read %s: %r", path, exc)
        raise ExtractionError(path, f"damaged PowerPoint file ({type(exc).__name__})") from exc
    segments = []
    broken = 0
    for number, slide in enumerate(slides, 1):
        try:
            text = _slide_text(slide)
        except Exception as exc:  # one damaged slide must not lose the others
            log.debug("slide %d of %s: %r", number, path, exc)
            broken += 1
            continue
        segments.append(Segment(text, page=number, location=f"slide {number}"))
    try:
        title = presentation.core_properties.title
    except Exception:  # a broken core-properties part must not lose the slides
        title = None
    warnings = [f"{broken} of {len(slides)} slides could not be read"] if broken else []
    if not slides:
        raise ExtractionError(path, "presentation has no slides")
    return build_document(path, segments, title=title, warnings=warnings)
