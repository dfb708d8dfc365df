"""A board as a poster for the wall: the filled-in klanttype-piramide or journey map on A1 or A0, in vectors.

The same shapes as on the slide and in the report, laid out for the paper (text about 2.8 times as large on an
A1 as on an A4, 4 times on an A0), so that a team reads it from a few metres. No browser is needed.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from klantlab.io.posters import PAPER_MM
from klantlab.report.canvas_layout import MUTED
from klantlab.report.canvas_shapes import BOLD, FONT, PT_MM, TEXT, ellipsed, register_fonts
from klantlab.report.canvases import draw_pdf_items
from klantlab.report.drawings import Board

__all__ = ["board_poster"]


def board_poster(board: Board, title: str, subtitle: str, size: str = "A1") -> bytes:
    """One landscape page of paper ``size`` (A4 … A0): ``title`` and ``subtitle`` above, ``board`` below."""
    register_fonts()
    height, width = PAPER_MM[size]  # landscape: the long side across
    scale = height / PAPER_MM["A4"][0]
    margin, header = 10 * scale, 20 * scale
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=(width * mm, height * mm), invariant=True, pageCompression=1)
    pdf.setTitle(f"{title} ({size})")
    pdf.setCreator("klantlab")
    room = width - 2 * margin
    pdf.setFillColor(HexColor(TEXT))
    pdf.setFont(BOLD, 20 * scale)
    pdf.drawString(margin * mm, (height - margin - 8 * scale) * mm, ellipsed(title, room / PT_MM, BOLD, 20 * scale))
    pdf.setFillColor(HexColor(MUTED))
    pdf.setFont(FONT, 10 * scale)
    pdf.drawString(
        margin * mm, (height - margin - 14.5 * scale) * mm, ellipsed(subtitle, room / PT_MM, FONT, 10 * scale)
    )
    board_height = height - 2 * margin - header
    layout = board.layout(room, board_height, scale)
    pdf.saveState()
    pdf.translate(margin * mm, margin * mm)
    draw_pdf_items(pdf, layout.items, board_height)
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
