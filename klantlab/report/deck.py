"""The PowerPoint deck a consultant hands over: python-pptx, 16:9, everything on it editable.

Per section one slide with its drawing as PowerPoint's own (a chart with its data embedded, a table, the
klanttype-piramide and the journey map as shapes: one per post-it, grouped per layer or phase) and its key
sentences as real text, then the table as a native PowerPoint table (continued over more slides when long;
smaller letters before a word would break inside itself). The next steps go into the speaker notes of every
slide of the section. No browser is needed to make it.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from klantlab.charts.style import shortened
from klantlab.i18n import t
from klantlab.report.content import Report, Section, Table
from klantlab.report.deck_drawings import draw_on_slide, fitted_box, measure_at
from klantlab.report.drawings import Board

__all__ = ["TABLE_ROWS_PER_SLIDE", "deck_bytes"]

TABLE_ROWS_PER_SLIDE = 12
#: Table letters, largest first: a table whose longest words do not fit its columns is set smaller.
TABLE_SIZES = (13, 11, 10, 9)
#: A board at least this wide for its height (the pyramid of parties, the journey) gets the slide's whole width.
_WIDE_BOARD = 1.8
_WIDE, _HIGH = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.45)
_TITLE_TOP, _BODY_TOP = Inches(0.3), Inches(1.25)
_TEXT = RGBColor(0x1F, 0x29, 0x37)
_MUTED = RGBColor(0x6B, 0x72, 0x80)
_HEADER_FILL = RGBColor(0x1D, 0x4E, 0xD8)
_LAYOUT_TITLE, _LAYOUT_TITLE_ONLY = 0, 5
_CELL_PADDING = Inches(0.25)  # python-pptx cells have 0.1 inch inside left and right
_ROW_LINE = Inches(0.36)  # one line of 13 pt text in a table cell, with its padding
_TITLE_HIGH = Inches(0.85)
_INSET_X, _INSET_Y = Inches(0.2), Inches(0.1)  # a text frame's inside margins, left + right and top + bottom
_SPACE_AFTER = Pt(10)
#: A table cell shows at most this share of a slide's rows; longer text is cut with "…" (in full in the notes).
_CELL_SHARE = 0.5


def _lines(text: str, width: Emu, size: float) -> int:
    """How many lines ``text`` takes at ``size`` points in a frame ``width`` wide.

    Letters as wide as :func:`_measure` counts them; words wrap whole, and one longer than a line
    is broken, as PowerPoint does with word wrap on.
    """
    per_line = max(1, int((width - _INSET_X) / (Inches(0.095) * size / 13)))
    return max(1, len(textwrap.wrap(text, per_line)))


def _height(paragraphs: Sequence[str], width: Emu, size: float, space_after: Emu) -> int:
    return _INSET_Y + sum(_lines(p, width, size) * Pt(size * 1.2) + space_after for p in paragraphs)


def _fitted(
    paragraphs: Sequence[str], width: Emu, height: Emu, sizes: Sequence[float], space_after: Emu = _SPACE_AFTER
) -> tuple[float, list[str], bool]:
    """The first of ``sizes`` at which ``paragraphs`` fit a frame of ``width`` × ``height``, and the text shown.

    When they do not fit at the last (smallest) size either, the text is cut where the frame ends
    (the paragraph there ends in "…", later ones are left out) and the flag says so: the full text then
    goes into the speaker notes. A 4,000-character choice reason never runs off the slide.
    """
    for size in sizes:
        if _height(paragraphs, width, size, space_after) <= height:
            return size, list(paragraphs), False
    size, line = sizes[-1], Pt(sizes[-1] * 1.2)
    room, shown = height - _INSET_Y, []
    for paragraph in paragraphs:
        need = _lines(paragraph, width, size) * line + space_after
        if need <= room:
            shown.append(paragraph)
            room -= need
            continue
        lines = int((room - space_after) / line)
        if lines >= 1:
            per_line = int((width - _INSET_X) / (Inches(0.095) * size / 13))
            cut = shortened(paragraph, max(2, lines * per_line))
            while len(cut) > 2 and _lines(cut, width, size) > lines:
                cut = shortened(cut[:-1], len(cut) - 2)
            shown.append(cut)
        break
    return size, shown, True


def _title(slide, text: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = _MARGIN, _TITLE_TOP, _WIDE - 2 * _MARGIN, _TITLE_HIGH
    size, (text,), _ = _fitted([text], shape.width, _TITLE_HIGH, (30 if len(text) <= 40 else 24, 20), 0)
    shape.text_frame.word_wrap = True
    shape.text = text
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.runs[0].font.size = Pt(size)
    paragraph.runs[0].font.bold = True
    paragraph.runs[0].font.color.rgb = _TEXT


def _text_box(slide, lines: Sequence[str], left: Emu, top: Emu, width: Emu, height: Emu, size: int = 16) -> bool:
    """The lines as paragraphs in a box, smaller down to 11 pt when they need it; True when some were cut."""
    size, lines, cut = _fitted(lines, width, height, range(size, 10, -1))
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = _SPACE_AFTER
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.color.rgb = _TEXT
    return cut


def _notes(slide, section: Section, full_texts: Sequence[str] = ()) -> None:
    """The next steps, and the full texts of what the slide shows shortened, in the speaker notes."""
    lines = [t("report.next_steps") + ":", *(f"- {step}" for step in section.next_steps)] if section.next_steps else []
    if full_texts:
        lines += [*([""] if lines else []), t("report.deck.full_text") + ":", *full_texts]
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _table_size(table: Table) -> float:
    """The largest of :data:`TABLE_SIZES` at which every column holds its longest word."""
    width = _WIDE - 2 * _MARGIN
    return next((size for size in TABLE_SIZES if table.fits(width, measure_at(size), _CELL_PADDING)), TABLE_SIZES[-1])


def _row_line(size: float) -> Emu:
    """One line of ``size`` pt text in a table cell, with its padding."""
    return Emu(int(_ROW_LINE * (0.35 + 0.65 * size / 13)))


def _cells_cut(table: Table, height: Emu, size: float) -> tuple[Table, dict[int, list[str]]]:
    """``table`` with each cell cut to half a slide of its column ("…"), and per shown row the texts cut in it.

    python-pptx rows grow with their text, so one 4,000-character approach would make a row taller than the slide.
    """
    measure = measure_at(size)
    widths = table.widths(_WIDE - 2 * _MARGIN, measure, _CELL_PADDING)
    lines = max(3, int(height / _row_line(size) * _CELL_SHARE))
    rows, cut = [], {}
    for row in table.rows:
        shown, full = [], []
        for c, value in enumerate(row):
            room = int(lines * (widths[c] - _CELL_PADDING) / measure("x", False))
            shown.append(value if len(value) <= room else shortened(value, room))
            if shown[-1] != value:
                full.append(value)
        rows.append(shown)
        if full:
            cut[id(shown)] = full
    return Table(table.columns, rows, table.numeric), cut


def _table(slide, table: Table, top: Emu, size: float) -> None:
    width = _WIDE - 2 * _MARGIN
    measure = measure_at(size)
    rows = table.rows
    widths = table.widths(width, measure, _CELL_PADDING)
    height = _row_line(size) * sum(table.line_counts(widths, measure, _CELL_PADDING))
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
                run.font.size = Pt(size)
                run.font.bold = r == 0
            if r == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _HEADER_FILL


def _pages(table: Table, height: Emu, size: float) -> list[list[list[str]]]:
    """The rows split into slides: as many as fit ``height`` (wrapped cells counted), at most a dozen."""
    measure = measure_at(size)
    widths = table.widths(_WIDE - 2 * _MARGIN, measure, _CELL_PADDING)
    lines = table.line_counts(widths, measure, _CELL_PADDING)
    room = int(height / _row_line(size)) - lines[0]
    pages, page, used = [], [], 0
    for row, need in zip(table.rows, lines[1:], strict=True):
        if page and (used + need > room or len(page) == TABLE_ROWS_PER_SLIDE):
            pages.append(page)
            page, used = [], 0
        page.append(row)
        used += need
    return [*pages, page] if page else pages


def _table_slides(prs, title: str, table: Table, section: Section | None, first_is_continued: bool) -> None:
    """``table`` on as many slides as it needs, each titled ``title`` (then "(vervolg)")."""
    size = _table_size(table)
    table_height = _HIGH - _BODY_TOP - Inches(0.4)
    shown, cut_in = _cells_cut(table, table_height, size)
    for part, rows in enumerate(_pages(shown, table_height, size)):
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.continued", title=title) if first_is_continued or part else title)
        _table(slide, Table(shown.columns, rows, shown.numeric), _BODY_TOP, size)
        if section is not None:
            _notes(slide, section, [text for row in rows for text in cut_in.get(id(row), [])])


def _section_slides(prs, section: Section) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
    _title(slide, section.title)
    body_width, body_height = _WIDE - 2 * _MARGIN, _HIGH - _BODY_TOP - Inches(0.3)
    drawing = section.drawing
    if drawing is None:
        cut = _text_box(slide, section.facts, _MARGIN, _BODY_TOP, body_width, body_height, size=17)
    elif isinstance(drawing, Board) and drawing.aspect >= _WIDE_BOARD:
        band = Inches(0.75)  # the key sentence under a board that takes the slide's width
        draw_on_slide(slide, drawing, _MARGIN, _BODY_TOP, body_width, body_height - band)
        cut = _text_box(slide, section.facts, _MARGIN, _BODY_TOP + body_height - band + Inches(0.05), body_width,
                        band, size=14)  # fmt: skip
    else:
        box_width = Emu(int(body_width * 0.62))
        box = fitted_box(drawing.aspect, _MARGIN, _BODY_TOP, box_width, body_height) if isinstance(
            drawing, Board) else (_MARGIN, _BODY_TOP, box_width, body_height)  # fmt: skip
        draw_on_slide(slide, drawing, *box)
        left = _MARGIN + box[2] + Inches(0.3)
        cut = _text_box(slide, section.facts, left, _BODY_TOP, _WIDE - left - _MARGIN, body_height, size=15)
    _notes(slide, section, section.facts if cut else ())
    if section.table is not None and section.table.rows:
        _table_slides(prs, section.title, section.table, section, drawing is not None)


def _title_slide(prs, report: Report) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE])
    # The layout's sizes (44 and 32 pt) unless a long client or consultant name needs smaller letters to stay inside.
    for shape, text, sizes in ((slide.shapes.title, report.client, (44, 36, 28, 24)),
                               (slide.placeholders[1], report.subtitle, (32, 24, 20, 16))):  # fmt: skip
        size, (text,), _ = _fitted([text], shape.width, shape.height, sizes, 0)
        shape.text_frame.word_wrap = True
        shape.text = text
        for run in shape.text_frame.paragraphs[0].runs:
            if size != sizes[0]:
                run.font.size = Pt(size)
            if shape is not slide.shapes.title:
                run.font.color.rgb = _MUTED
    made = slide.shapes.add_textbox(_MARGIN, _HIGH - Inches(0.8), _WIDE - 2 * _MARGIN, Inches(0.4)).text_frame
    made.word_wrap = True
    made.text = report.made
    made.paragraphs[0].alignment = PP_ALIGN.RIGHT
    for run in made.paragraphs[0].runs:
        run.font.size = Pt(12)
        run.font.color.rgb = _MUTED
    if report.key_figures:
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.key_figures"))
        rows = [[name, value] for name, value in report.key_figures]
        table = Table([t("report.key_figures"), ""], rows, [False, True])
        _table(slide, table, _BODY_TOP, _table_size(table))


def deck_bytes(report: Report) -> bytes:
    """The deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = _WIDE, _HIGH
    prs.core_properties.title = report.client
    _title_slide(prs, report)
    for section in report.sections:
        _section_slides(prs, section)
    if report.about is not None:
        _table_slides(prs, t("report.about.title"), report.about, None, False)
    if report.remarks:
        slide = prs.slides.add_slide(prs.slide_layouts[_LAYOUT_TITLE_ONLY])
        _title(slide, t("report.remarks"))
        if _text_box(slide, report.remarks, _MARGIN, _BODY_TOP, _WIDE - 2 * _MARGIN, _HIGH - _BODY_TOP - _MARGIN):
            slide.notes_slide.notes_text_frame.text = "\n".join([t("report.deck.full_text") + ":", *report.remarks])
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
