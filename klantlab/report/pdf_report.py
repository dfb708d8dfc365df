"""The PDF report: the same sections as the deck, laid out on A4 pages with reportlab.

Text and tables are real PDF text (searchable, copyable); charts are images
rendered at print resolution. The fonts are the DejaVu-like Bitstream Vera
that ships with reportlab, so accented Dutch text and € print the same on
every machine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from klantlab.i18n import t
from klantlab.io.chart_images import ImageSpec
from klantlab.report.content import Report, Section, Table

__all__ = ["REPORT_IMAGE", "report_bytes"]

#: Charts are drawn at 1000 × 620 layout pixels and rendered at twice that (≈ 290 dpi across the page).
REPORT_IMAGE = ImageSpec("png", 1000, 620, 2.0)
_MARGIN = 18 * mm
_CELL_SIZE = 8.5
_CELL_PADDING = 14  # points: reportlab's 6 pt left and right, and a little air
_WIDTH = A4[0] - 2 * _MARGIN
_FONT, _BOLD = "KlantlabSans", "KlantlabSans-Bold"
_TEXT = colors.HexColor("#1f2937")
_MUTED = colors.HexColor("#6b7280")
_ACCENT = colors.HexColor("#1d4ed8")


def _register_fonts() -> None:
    if _FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(_FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(_BOLD, str(fonts / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    # splitLongWords (reportlab's default, kept on purpose): a 120-letter name breaks at the edge of its column
    body = ParagraphStyle(
        "body", fontName=_FONT, fontSize=10, leading=14, textColor=_TEXT, spaceAfter=4, splitLongWords=True
    )
    return {
        "title": ParagraphStyle("title", parent=body, fontName=_BOLD, fontSize=24, leading=30, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=_MUTED, fontSize=11, spaceAfter=14),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=_BOLD, fontSize=15, leading=20, spaceBefore=10, spaceAfter=6, textColor=_ACCENT
        ),
        "h3": ParagraphStyle("h3", parent=body, fontName=_BOLD, fontSize=11, spaceBefore=6),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=_CELL_SIZE, leading=10.5, spaceAfter=0),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=_CELL_SIZE, leading=10.5, spaceAfter=0, alignment=TA_RIGHT
        ),
        "header": ParagraphStyle(
            "header",
            parent=body,
            fontName=_BOLD,
            fontSize=_CELL_SIZE,
            leading=10.5,
            spaceAfter=0,
            textColor=colors.white,
        ),
    }


def _measure(text: str, bold: bool) -> float:
    return pdfmetrics.stringWidth(text, _BOLD if bold else _FONT, _CELL_SIZE)


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    widths = table.widths(_WIDTH, _measure, _CELL_PADDING)
    header = [_paragraph(text, styles["header"]) for text in table.columns]
    body = [
        [_paragraph(value, styles["cell_right" if table.numeric[c] else "cell"]) for c, value in enumerate(row)]
        for row in table.rows
    ]
    # A row taller than a page (a 4,000-character approach in a narrow column) is split over pages.
    result = PdfTable([header, *body], colWidths=widths, repeatRows=1, splitInRow=1)
    result.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), _ACCENT),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d1d5db")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


def _bullets(lines: Sequence[str], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable([ListItem(_paragraph(line, style)) for line in lines], bulletType="bullet", leftIndent=12)


def _section(section: Section, image: bytes | None, styles: dict[str, ParagraphStyle]) -> list:
    heading = [CondPageBreak(90 * mm), _paragraph(section.title, styles["h2"])]
    parts: list = [_paragraph(fact, styles["body"]) for fact in section.facts]
    if image is not None:
        height = _WIDTH * REPORT_IMAGE.height / REPORT_IMAGE.width
        parts.append(Image(io.BytesIO(image), width=_WIDTH, height=height))
    flow = [KeepTogether(heading + parts)]
    if section.table is not None and section.table.rows:
        flow += [Spacer(0, 4), _table(section.table, styles)]
    if section.next_steps:
        flow += [_paragraph(t("report.next_steps"), styles["h3"]), _bullets(section.next_steps, styles["body"])]
    return flow


def _fitted(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" to ``width`` points: a line drawn on the canvas does not wrap."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _footer(client: str):
    def draw(canvas, doc) -> None:
        page = t("report.page", page=doc.page)
        room = _WIDTH - pdfmetrics.stringWidth(page, _FONT, 8) - 6 * mm  # a 120-letter name never runs into it
        canvas.saveState()
        canvas.setFont(_FONT, 8)
        canvas.setFillColor(_MUTED)
        canvas.drawString(_MARGIN, 10 * mm, _fitted(client, _FONT, 8, room))
        canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, page)
        canvas.restoreState()

    return draw


def report_bytes(report: Report, images: Sequence[bytes | None]) -> bytes:
    """The report as PDF bytes (A4 portrait); ``images`` holds one rendered chart (or None) per section."""
    _register_fonts()
    styles = _styles()
    flow: list = [_paragraph(report.client, styles["title"]), _paragraph(report.subtitle, styles["subtitle"])]
    if report.key_figures:
        rows = [[name, value] for name, value in report.key_figures]
        flow.append(_table(Table([t("report.key_figures"), ""], rows, [False, True]), styles))
    for section, image in zip(report.sections, images, strict=True):
        flow += _section(section, image, styles)
    if report.remarks:
        flow += [_paragraph(t("report.remarks"), styles["h2"]), _bullets(report.remarks, styles["body"])]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=report.client,
        subject=report.subtitle,
        author="klantlab",
    )
    document.build(flow, onFirstPage=_footer(report.client), onLaterPages=_footer(report.client))
    return buffer.getvalue()
