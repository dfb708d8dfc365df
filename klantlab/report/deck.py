"""The PowerPoint deck a consultant hands over: python-pptx, 16:9, editable text and tables.

Per section one slide with the chart (an image at slide resolution) and its
key sentences as real text, then the table as a native PowerPoint table
(continued over more slides when long). The next steps go into the speaker
notes of every slide of the section.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from klantlab.i18n import t
from klantlab.io.chart_images import ImageSpec
from klantlab.report.content import Report, Section, Table

__all__ = ["DECK_IMAGE", "TABLE_ROWS_PER_SLIDE", "deck_bytes"]

#: Charts are drawn at 1000 × 700 layout pixels and rendered at twice that (≈ 240 dpi in their box).
DECK_IMAGE = ImageSpec("png", 1000, 700, 2.0)
TABLE_ROWS_PER_SLIDE = 12
_WIDE, _HIGH = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.45)
_TITLE_TOP, _BODY_TOP = Inches(0.3), Inches(1.25)
_TEXT = RGBColor(0x1F, 0x29, 0x37)
_MUTED = RGBColor(0x6B, 0x72, 0x80)
_HEADER_FILL = RGBColor(0x1D, 0x4E, 0xD8)
_LAYOUT_TITLE, _LAYOUT_TITLE_ONLY = 0, 5
_CELL_PADDING = Inches(0.25)  # python-pptx cells have 0.1 inch inside left and right
_ROW_LINE = Inches(0.36)  # one line of 13 pt text in a table cell, with its padding


def _title(slide, text: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _MARGIN, _TITLE_TOP, _WIDE - 2 * _MARGIN, Inches(0.85)
    shape.text = text
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.runs[0].font.size = Pt(30 if len(text) <= 40 else 24)
    paragraph.runs[0].font.bold = True
    paragraph.runs[0].font.color.rgb = _TEXT


def _text_box(slide, lines: Sequence[str], left: Emu, top: Emu, width: Emu, height: Emu, size: int = 16) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = Pt(10)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.color.rgb = _TEXT


def _notes(slide, section: Section) -> None:
    if section.next_steps:
        lines = [t("report.next_steps") + ":", *(f"- {step}" for step in section.next_steps)]
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _table(slide, table: Table, top: Emu) -> None:
    width = _WIDE - 2 * _MARGIN
    rows = table.rows
    widths = table.widths(width, _measure, _CELL_PADDING)
    height = _ROW_LINE * sum(table.line_counts(widths, _measure, _CELL_PADDING))
    shape = slide.shapes.add_table(len(rows) + 1, len(table.columns), _MARGIN, top, width, height).table
    for c, column_width in enumerate(widths):
        shape.columns[c].width = int(column_width)
    for r, values in enumerate([table.columns, *rows]):
        for c, value in enumerate(values):
            cell = shape.cell(r, c)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if table.numeric[c] else PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(13)
                run.font.bold = r == 0
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _HEADER_FILL


def _measure(text: str, bold: bool) -> float:
    """The width of ``text`` at 13 pt in EMU: the average letter of a sans-serif font, wider in bold."""
    return len(text) * Inches(0.115 if bold else 0.095)


def _pages(table: Table, height: Emu) -> list[list[list[str]]]:
    """The rows split into slides: as many as fit ``height`` (wrapped cells counted), at most a dozen."""
    widths = table.widths(_WIDE - 2 * _MARGIN, _measure, _CELL_PADDING)
    lines = table.line_counts(widths, _measure, _CELL_PADDING)
    room = int(height / _ROW_LINE) - lines[0]
    pages, page, used = [], [], 0
    for row, need in zip(table.rows, lines[1:], strict=True):
        if page and (used + need > room or len(page) == TABLE_ROWS_PER_SLIDE):
            pages.append(page)
            page, used = [], 0
        page.append(row)
        used += need
    return [*pages, page] if page else pages


def _section_slides(prs, section: Section, image: bytes | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _title(slide, section.title)
    body_height = _HIGH - _BODY_TOP - Inches(0.3)
    if image is not None:
        picture_width = Emu(int(body_height * DECK_IMAGE.width / DECK_IMAGE.height))
        slide.shapes.add_picture(io.BytesIO(image), _MARGIN, _BODY_TOP, picture_width, body_height)
        left = _MARGIN + picture_width + Inches(0.3)
        _text_box(slide, section.facts, left, _BODY_TOP, _WIDE - left - _MARGIN, body_height, size=15)
    else:
        _text_box(slide, section.facts, _MARGIN, _BODY_TOP, _WIDE - 2 * _MARGIN, body_height, size=17)
    _notes(slide, section)
    if section.table is None or not section.table.rows:
        return
    for part, rows in enumerate(_pages(section.table, _HIGH - _BODY_TOP - Inches(0.4))):
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.continued", title=section.title) if image is not None or part else section.title)
        _table(slide, Table(section.table.columns, rows, section.table.numeric), _BODY_TOP)
        _notes(slide, section)


def _title_slide(prs, report: Report) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE])
    slide.shapes.title.text = report.client
    slide.placeholders[1].text = report.subtitle
    for run in slide.placeholders[1].text_frame.paragraphs[0].runs:
        run.font.color.rgb = _MUTED
    if report.key_figures:
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.key_figures"))
        rows = [[name, value] for name, value in report.key_figures]
        _table(slide, Table([t("report.key_figures"), ""], rows, [False, True]), _BODY_TOP)


def deck_bytes(report: Report, images: Sequence[bytes | None]) -> bytes:
    """The deck as .pptx bytes; ``images`` holds one rendered chart (or None) per section."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = _WIDE, _HIGH
    _title_slide(prs, report)
    for section, image in zip(report.sections, images, strict=True):
        _section_slides(prs, section, image)
    if report.remarks:
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.remarks"))
        _text_box(slide, report.remarks, _MARGIN, _BODY_TOP, _WIDE - 2 * _MARGIN, _HIGH - _BODY_TOP - _MARGIN)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
