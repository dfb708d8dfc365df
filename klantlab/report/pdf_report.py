"""The PDF report: the same sections as the deck, laid out on A4 pages with reportlab.

Text, tables and charts are real PDF text and vectors (searchable, copyable, sharp when printed): the charts
and boards are drawn by reportlab itself (:mod:`klantlab.report.pdf_drawings`), so no browser is needed. A
table of contents with page numbers follows the cover, and every section is a bookmark. The fonts are the
DejaVu-like Bitstream Vera that ships with reportlab, so accented Dutch text and € print the same on every
machine.
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
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from klantlab.i18n import t
from klantlab.report.canvas_shapes import ellipsed
from klantlab.report.content import Report, Section, Table
from klantlab.report.pdf_drawings import drawing_flowable

__all__ = ["report_bytes"]

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
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=_MUTED, fontSize=11, spaceAfter=2),
        "small": ParagraphStyle("small", parent=body, textColor=_MUTED, fontSize=8.5, spaceAfter=14),
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


#: Table letters, largest first: a table whose longest words do not fit its columns is set smaller.
_CELL_SIZES = (_CELL_SIZE, 7.5, 6.5)


def _measure_at(size: float):
    def measure(text: str, bold: bool) -> float:
        return pdfmetrics.stringWidth(text, _BOLD if bold else _FONT, size)

    return measure


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    size = next((s for s in _CELL_SIZES if table.fits(_WIDTH, _measure_at(s), _CELL_PADDING)), _CELL_SIZES[-1])
    widths = table.widths(_WIDTH, _measure_at(size), _CELL_PADDING)
    sized = {
        name: ParagraphStyle(f"{name}-{size}", parent=styles[name], fontSize=size, leading=size * 1.24)
        for name in ("header", "cell", "cell_right")
    }
    header = [_paragraph(text, sized["header"]) for text in table.columns]
    body = [
        [_paragraph(value, sized["cell_right" if table.numeric[c] else "cell"]) for c, value in enumerate(row)]
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


def _section(section: Section, styles: dict[str, ParagraphStyle]) -> list:
    heading = [CondPageBreak(90 * mm), _paragraph(section.title, styles["h2"])]
    parts: list = [_paragraph(fact, styles["body"]) for fact in section.facts]
    if section.drawing is not None:
        parts += [Spacer(0, 4), drawing_flowable(section.drawing, _WIDTH)]
    flow = [KeepTogether(heading + parts)]
    if section.table is not None and section.table.rows:
        flow += [Spacer(0, 6), _table(section.table, styles)]
    if section.next_steps:
        flow += [_paragraph(t("report.next_steps"), styles["h3"]), _bullets(section.next_steps, styles["body"])]
    return flow


class _Document(BaseDocTemplate):
    """A4 pages; every section heading goes into the table of contents and the PDF's bookmarks."""

    def __init__(self, buffer: io.BytesIO, report: Report) -> None:
        super().__init__(
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
        frame = Frame(_MARGIN, _MARGIN, _WIDTH, A4[1] - 2 * _MARGIN, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=_footer(report.client))])
        self._headings = 0

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab calls it by this name, at every pass)
        self._headings = 0

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab calls it by this name)
        if isinstance(flowable, Paragraph) and flowable.style.name == "h2":
            self._headings += 1
            key = f"section-{self._headings}"
            text = flowable.getPlainText()
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))


def _contents(styles: dict[str, ParagraphStyle]) -> list:
    contents = TableOfContents()
    contents.levelStyles = [
        ParagraphStyle("toc", parent=styles["body"], fontSize=10.5, leading=15, leftIndent=0, firstLineIndent=0)
    ]
    contents.dotsMinLevel = 0
    return [_paragraph(t("report.contents"), styles["h3"]), contents, PageBreak()]


def _footer(client: str):
    def draw(canvas, doc) -> None:
        page = t("report.page", page=doc.page)
        room = _WIDTH - pdfmetrics.stringWidth(page, _FONT, 8) - 6 * mm  # a 120-letter name never runs into it
        canvas.saveState()
        canvas.setFont(_FONT, 8)
        canvas.setFillColor(_MUTED)
        canvas.drawString(_MARGIN, 10 * mm, ellipsed(client, room, _FONT, 8))
        canvas.drawRightString(A4[0] - _MARGIN, 10 * mm, page)
        canvas.restoreState()

    return draw


def report_bytes(report: Report) -> bytes:
    """The report as PDF bytes (A4 portrait): cover with key figures, contents, sections, what the figures rest on."""
    _register_fonts()
    styles = _styles()
    flow: list = [
        _paragraph(report.client, styles["title"]),
        _paragraph(report.subtitle, styles["subtitle"]),
        _paragraph(report.made, styles["small"]),
    ]
    if report.key_figures:
        rows = [[name, value] for name, value in report.key_figures]
        flow.append(_table(Table([t("report.key_figures"), ""], rows, [False, True]), styles))
    flow += [Spacer(0, 12), *_contents(styles)]
    for section in report.sections:
        flow += _section(section, styles)
    if report.about is not None:
        flow += [CondPageBreak(60 * mm), _paragraph(t("report.about.title"), styles["h2"]),
                 _table(report.about, styles)]  # fmt: skip
    if report.remarks:
        flow += [_paragraph(t("report.remarks"), styles["h2"]), _bullets(report.remarks, styles["body"])]
    buffer = io.BytesIO()
    _Document(buffer, report).multiBuild(flow)
    return buffer.getvalue()
