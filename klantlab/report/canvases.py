"""Blank fill-in canvases for the wall: klanttype-piramide, customer journey, persona; PDF or PowerPoint.

The method hands teams empty canvases to print at A1 or A0 and fill in with
post-its. :func:`write_canvas` makes one: the layout comes from
:mod:`klantlab.report.canvas_layout` (the same shapes for both formats), the
PDF is vector (reportlab) and the PowerPoint is one slide the size of the
paper whose boxes are shapes to type in. Files are written whole and never
over an existing one unless asked: a second canvas gets ``name (2).pdf``, as
the posters do.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from klantlab.errors import ExportError
from klantlab.i18n import t
from klantlab.io.posters import write_file
from klantlab.report.canvas_layout import CANVAS_MODELS, CANVAS_SIZES, canvas_layout, check_canvas
from klantlab.report.canvas_shapes import PT_MM, TEXT, Area, CanvasLayout, Label, Note, Rule, register_fonts

__all__ = [
    "CANVAS_KINDS",
    "CANVAS_MODELS",
    "CANVAS_SIZES",
    "add_pptx_items",
    "canvas_bytes",
    "canvas_file_name",
    "canvas_layout",
    "canvas_path",
    "canvas_pdf",
    "canvas_pptx",
    "draw_pdf_items",
    "write_canvas",
]

CANVAS_KINDS = ("pdf", "pptx")
_EMU_PER_MM = 36000
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def canvas_file_name(model: str, size: str, kind: str = "pdf") -> str:
    """The file name of a blank canvas in the active language: ``klanttype-piramide-invulformat-A1.pdf``."""
    return f"{t(f'canvas.file.{model}')}-{check_canvas(model, size)}.{kind}"


def canvas_path(model: str, size: str, output: Path | str | None = None, kind: str | None = None) -> tuple[Path, str]:
    """Where a canvas goes and in which format, for an ``output`` folder or file (None: the current folder).

    A folder gets the canvas under its :func:`canvas_file_name`; a file name
    ending in .pdf or .pptx is taken as it is. ExportError for another
    extension, a ``kind`` that contradicts the extension, or a missing folder.
    """
    output = Path.cwd() if output is None else Path(output).expanduser()
    if output.is_dir():
        kind = kind or "pdf"
        if kind not in CANVAS_KINDS:
            raise ExportError("error.export.format", path=f"*.{kind}", formats=_formats())
        return output / canvas_file_name(model, size, kind), kind
    suffix = output.suffix.lower().lstrip(".")
    if not suffix:
        raise ExportError("error.export.folder", folder=str(output))
    if suffix not in CANVAS_KINDS:
        raise ExportError("error.export.format", path=str(output), formats=_formats())
    if kind is not None and kind != suffix:
        raise ExportError("error.canvas.kind", path=str(output), formats=_formats(kind))
    if not output.parent.is_dir():
        raise ExportError("error.export.folder", folder=str(output.parent))
    return output, suffix


def _formats(kind: str | None = None) -> str:
    return f".{kind}" if kind in CANVAS_KINDS else ", ".join(f".{k}" for k in CANVAS_KINDS)


def write_canvas(
    model: str,
    output: Path | str | None = None,
    size: str = "A1",
    kind: str | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write the blank canvas of ``model`` on paper ``size`` into ``output`` (folder or file); the path written.

    ``kind`` is ``pdf`` (default) or ``pptx``; a file name's extension decides
    it too. An existing file is kept unless ``overwrite``: the canvas then gets
    the first free ``name (2).pdf``. Raises ExportError, in the user's
    language, for an unknown model, size or format, a missing folder or a
    failed write.
    """
    size = check_canvas(model, size)
    path, kind = canvas_path(model, size, output, kind)
    return write_file(path, canvas_bytes(model, size, kind), overwrite=overwrite)


def canvas_bytes(model: str, size: str = "A1", kind: str = "pdf") -> bytes:
    """The file contents of a blank canvas (``kind`` pdf or pptx)."""
    if kind not in CANVAS_KINDS:
        raise ExportError("error.export.format", path=f"*.{kind}", formats=_formats())
    layout = canvas_layout(model, size)
    return canvas_pdf(layout) if kind == "pdf" else canvas_pptx(layout)


# --- PDF ---------------------------------------------------------------------------------------------------------


def canvas_pdf(layout: CanvasLayout) -> bytes:
    """The canvas as a one-page vector PDF of its paper size (real, searchable text)."""
    register_fonts()
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(layout.width * mm, layout.height * mm), invariant=True, pageCompression=1)
    pdf.setTitle(f"{layout.title} ({layout.size})")
    pdf.setCreator("klantlab")
    draw_pdf_items(pdf, layout.items, layout.height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_pdf_items(pdf: Canvas, items, height: float) -> None:
    """Draw ``items`` (mm from the top left of a box ``height`` mm high) on ``pdf``, whose origin is the box's
    bottom left (a page, or a drawing in a report)."""
    register_fonts()
    for item in items:
        if isinstance(item, Area):
            _pdf_area(pdf, item, height)
        elif isinstance(item, Rule):
            _pdf_rule(pdf, item, height)
        elif isinstance(item, Note):
            _pdf_note(pdf, item, height)
        else:
            _pdf_label(pdf, item, height)


def _pdf_note(pdf: Canvas, note: Note, height: float) -> None:
    pdf.setFillColor(HexColor(note.fill))
    pdf.setStrokeColor(HexColor(note.line))
    pdf.setLineWidth(note.line_width * mm)
    _pdf_dash(pdf, note.dashed, note.line_width)
    pdf.rect(note.x * mm, (height - note.y - note.height) * mm, note.width * mm, note.height * mm, stroke=1, fill=1)
    _pdf_dash(pdf, False, note.line_width)
    for label in note.labels:
        _pdf_label(pdf, label, height)


def _pdf_dash(pdf: Canvas, dashed: bool, width: float) -> None:
    if dashed:
        pdf.setDash(max(width * 8, 1) * mm, max(width * 6, 0.8) * mm)
    else:
        pdf.setDash()


def _pdf_area(pdf: Canvas, area: Area, height: float) -> None:
    if area.fill is None and area.line is None:
        return
    path = pdf.beginPath()
    (x, y), *rest = area.points
    path.moveTo(x * mm, (height - y) * mm)
    for x, y in rest:
        path.lineTo(x * mm, (height - y) * mm)
    path.close()
    if area.fill:
        pdf.setFillColor(HexColor(area.fill))
    if area.line:
        pdf.setStrokeColor(HexColor(area.line))
        pdf.setLineWidth(area.line_width * mm)
        _pdf_dash(pdf, area.dashed, area.line_width)
    pdf.drawPath(path, stroke=int(area.line is not None), fill=int(area.fill is not None))


def _pdf_rule(pdf: Canvas, rule: Rule, height: float) -> None:
    pdf.setStrokeColor(HexColor(rule.colour))
    pdf.setLineWidth(rule.width * mm)
    _pdf_dash(pdf, rule.dashed, rule.width)
    (x1, y1), (x2, y2) = rule.start, rule.end
    pdf.line(x1 * mm, (height - y1) * mm, x2 * mm, (height - y2) * mm)


#: Characters the PDF's font (Vera) lacks: drawn as shapes, so that every PDF viewer shows them.
_SHAPED = frozenset("★")


def _pdf_label(pdf: Canvas, text: Label, height: float) -> None:
    pdf.setFillColor(HexColor(text.colour))
    pdf.setFont(text.font, text.size)
    for line, baseline in zip(text.lines, text.baselines(), strict=True):
        y = (height - baseline) * mm
        width = pdfmetrics.stringWidth(line, text.font, text.size)
        if text.align == "center":
            x = (text.x + text.width / 2) * mm - width / 2
        elif text.align == "right":
            x = (text.x + text.width) * mm - width
        else:
            x = text.x * mm
        if not _SHAPED.intersection(line):
            pdf.drawString(x, y, line)
            continue
        for character in line:
            advance = pdfmetrics.stringWidth(character, text.font, text.size)
            if character in _SHAPED:
                _pdf_star(pdf, x + advance / 2, y + text.size * 0.36, text.size * 0.42)
            else:
                pdf.drawString(x, y, character)
            x += advance


def _pdf_star(pdf: Canvas, x: float, y: float, radius: float) -> None:
    """A five-pointed star (★) around (``x``, ``y``) in points, in the current fill colour."""
    path = pdf.beginPath()
    for n in range(10):
        angle = math.pi / 2 + n * math.pi / 5
        r = radius if n % 2 == 0 else radius * 0.42
        point = (x + r * math.cos(angle), y + r * math.sin(angle))
        path.moveTo(*point) if n == 0 else path.lineTo(*point)
    path.close()
    pdf.drawPath(path, stroke=0, fill=1)


# --- PowerPoint ----------------------------------------------------------------------------------------------------


def _emu(value_mm: float) -> Emu:
    return Emu(round(value_mm * _EMU_PER_MM))


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def canvas_pptx(layout: CanvasLayout) -> bytes:
    """The canvas as one PowerPoint slide of its paper size; every box is a shape the team can type in."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = _emu(layout.width), _emu(layout.height)
    deck.core_properties.title = f"{layout.title} ({layout.size})"
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # the blank layout
    add_pptx_items(slide.shapes, layout.items)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def add_pptx_items(shapes, items, left: int = 0, top: int = 0) -> None:
    """Add ``items`` (mm from the top left of a box at ``left``, ``top`` EMU) to ``shapes``; the items of one
    group (a layer of the pyramid, a phase of the journey) go into one group shape named after it."""
    groups: dict[str, object] = {}
    for item in items:
        target = shapes
        if item.group:
            if item.group not in groups:
                groups[item.group] = shapes.add_group_shape()
                groups[item.group].name = item.group
            target = groups[item.group].shapes
        if isinstance(item, Area):
            _pptx_area(target, item, left, top)
        elif isinstance(item, Rule):
            _pptx_rule(target, item, left, top)
        elif isinstance(item, Note):
            _pptx_note(target, item, left, top)
        else:
            _pptx_label(target, item, left, top)


def _plain(shape) -> None:
    """Drop the theme's look (blue fill, white text, shadow): the shape shows only what is set on it."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _pptx_line(line, colour: str | None, width: float, dashed: bool) -> None:
    if colour is None:
        line.fill.background()
        return
    line.color.rgb = _rgb(colour)
    line.width = _emu(width)
    if dashed:
        line.dash_style = MSO_LINE_DASH_STYLE.DASH


def _pptx_area(shapes, area: Area, x0: int, y0: int) -> None:
    left, top, width, height = area.bounds
    if area.is_rectangle:
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, x0 + _emu(left), y0 + _emu(top), _emu(width), _emu(height))
    else:
        (x, y), *rest = area.points
        builder = shapes.build_freeform(x0 + _emu(x), y0 + _emu(y))
        builder.add_line_segments([(x0 + _emu(px), y0 + _emu(py)) for px, py in rest], close=True)
        shape = builder.convert_to_shape()
    _plain(shape)
    if area.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(area.fill)
    else:
        shape.fill.background()
    _pptx_line(shape.line, area.line, area.line_width, area.dashed)
    frame = shape.text_frame
    if area.write_in:
        margin = _emu(area.write_in * PT_MM * 0.7)
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = margin
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        typed = frame.paragraphs[0]._p.get_or_add_endParaRPr()  # how what the team types will look
        typed.set("sz", str(round(area.write_in * 100)))
        typed.get_or_change_to_solidFill().get_or_change_to_srgbClr().val = TEXT.lstrip("#").upper()


def _pptx_rule(shapes, rule: Rule, x0: int, y0: int) -> None:
    (x1, y1), (x2, y2) = rule.start, rule.end
    connector = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x0 + _emu(x1), y0 + _emu(y1), x0 + _emu(x2), y0 + _emu(y2))
    _plain(connector)
    _pptx_line(connector.line, rule.colour, rule.width, rule.dashed)


def _pptx_note(shapes, note: Note, x0: int, y0: int) -> None:
    """A post-it as one rectangle holding its text: a paragraph per label, as the labels show it."""
    shape = shapes.add_shape(
        MSO_SHAPE.RECTANGLE, x0 + _emu(note.x), y0 + _emu(note.y), _emu(note.width), _emu(note.height)
    )
    _plain(shape)
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(note.fill)
    _pptx_line(shape.line, note.line, note.line_width, note.dashed)
    frame = shape.text_frame
    inset = _emu(note.labels[0].x - note.x) if note.labels else 0
    frame.margin_left = frame.margin_right = inset
    frame.margin_top = frame.margin_bottom = _emu(note.labels[0].y - note.y) if note.labels else 0
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE if note.labels and note.labels[0].middle else MSO_ANCHOR.TOP
    for n, label in enumerate(note.labels):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.alignment = _ALIGN[label.align]
        run = paragraph.add_run()
        run.text = " ".join(label.lines)
        run.font.size = Pt(round(label.size, 1))
        run.font.bold = label.bold
        run.font.color.rgb = _rgb(label.colour)
    shape.name = note.text[:100]


def _pptx_label(shapes, text: Label, x0: int, y0: int) -> None:
    box = shapes.add_textbox(x0 + _emu(text.x), y0 + _emu(text.y), _emu(text.width), _emu(text.height))
    frame = box.text_frame
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE if text.middle else MSO_ANCHOR.TOP
    paragraph = frame.paragraphs[0]
    paragraph.alignment = _ALIGN[text.align]
    run = paragraph.add_run()
    run.text = text.text
    run.font.size = Pt(round(text.size, 1))
    run.font.bold = text.bold
    run.font.color.rgb = _rgb(text.colour)
