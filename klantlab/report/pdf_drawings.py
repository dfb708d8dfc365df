"""Drawings in the PDF report as vector graphics (reportlab): charts, a coloured table, boards of shapes.

The same :mod:`klantlab.report.drawings` the deck draws natively, here with reportlab's own charts, so that the
report needs no browser: its text stays text (searchable, sharp at any zoom) and it is made in a fraction of a
second instead of a browser's seconds per chart.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing as PdfDrawing
from reportlab.graphics.shapes import String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Table as PdfTable

from klantlab.i18n import number, percent
from klantlab.report.canvas_shapes import BOLD, FONT, ellipsed, register_fonts
from klantlab.report.canvases import draw_pdf_items
from klantlab.report.drawings import Board, CategoryChart, CurveChart, Drawing, HeatTable

__all__ = ["BOARD_SCALE", "drawing_flowable", "formatter"]

#: Text size of a board across an A4 page (1: a board as wide as an A4 landscape page).
BOARD_SCALE = 0.78
_TEXT = colors.HexColor("#1f2937")
_GRID = colors.HexColor("#e5e7eb")
_SIZE = 8


def formatter(number_format: str) -> Callable[[float], str]:
    """A value as the chart's Excel ``number_format`` shows it, in the active language."""
    if number_format.endswith("%"):
        decimals = len(number_format.split(".")[1]) - 1 if "." in number_format else 0
        return lambda value: percent(value, decimals)
    decimals = len(number_format.split(".")[1]) if "." in number_format else 0
    return lambda value: number(value, decimals)


class BoardFlowable(Flowable):
    """A :class:`Board` laid out for the space it gets (``width`` × ``height`` points) and drawn as vectors."""

    def __init__(self, board: Board, width: float, height: float, scale: float = BOARD_SCALE) -> None:
        super().__init__()
        self.board, self.width, self.height, self.scale = board, width, height, scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        layout = self.board.layout(self.width / mm, self.height / mm, self.scale)
        draw_pdf_items(self.canv, layout.items, self.height / mm)


def drawing_flowable(drawing: Drawing, width: float) -> Flowable:
    """``drawing`` as a flowable ``width`` points wide (its height follows from what it shows)."""
    register_fonts()
    if isinstance(drawing, Board):
        return BoardFlowable(drawing, width, width / drawing.aspect)
    if isinstance(drawing, CategoryChart):
        return _line_chart(drawing, width) if drawing.kind == "line" else _bar_chart(drawing, width)
    if isinstance(drawing, CurveChart):
        return _curve_chart(drawing, width)
    return _heat_table(drawing, width)


def _title(canvas: PdfDrawing, text: str, width: float, height: float) -> None:
    canvas.add(String(0, height - 11, ellipsed(text, width, BOLD, 10), fontName=BOLD, fontSize=10, fillColor=_TEXT))


def _legend(canvas: PdfDrawing, names: list[tuple[colors.Color, str]], x: float, y: float) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = FONT, _SIZE
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = max(pdfmetrics.stringWidth(name, FONT, _SIZE) for _, name in names) + 30
    legend.colorNamePairs = names
    legend.boxAnchor = "sw"
    canvas.add(legend)


def _bar_chart(drawing: CategoryChart, width: float) -> PdfDrawing:
    show = formatter(drawing.number_format)
    count = len(drawing.categories)
    legend = 16 if len(drawing.series) > 1 else 0
    if drawing.horizontal:
        names = [ellipsed(name, width * 0.34, FONT, _SIZE) for name in drawing.categories]
        label_width = max(pdfmetrics.stringWidth(name, FONT, _SIZE) for name in names) + 6
        plot_height = max(60, count * (11 + 8 * len(drawing.series)))
        height = plot_height + 44 + legend
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = label_width, 24 + legend, width - label_width - 28, plot_height
        chart.categoryAxis.reverseDirection = True  # the first category at the top, as the table reads
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        names = list(drawing.categories)
        height = 190 + legend
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 34, 30 + legend, width - 44, height - 58 - legend
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    canvas = PdfDrawing(width, height)
    _title(canvas, drawing.title, width, height)
    chart.data = [[v or 0 for v in series.values] for series in drawing.series]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, _SIZE
    if drawing.horizontal:
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, _SIZE
    chart.valueAxis.labelTextFormat = show
    chart.valueAxis.valueMin = drawing.minimum if drawing.minimum is not None else 0
    if drawing.maximum is not None:
        chart.valueAxis.valueMax = drawing.maximum
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = _GRID
    chart.barLabelFormat = show
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, _SIZE - 1
    chart.barSpacing = 1
    chart.groupSpacing = 6
    for n, series in enumerate(drawing.series):
        chart.bars[n].fillColor = colors.HexColor(series.colour)
        chart.bars[n].strokeColor = None
        for index, colour in enumerate(series.point_colours):
            chart.bars[(n, index)].fillColor = colors.HexColor(colour)
    canvas.add(chart)
    if legend:
        _legend(canvas, [(colors.HexColor(s.colour), s.name) for s in drawing.series], chart.x, 2)
    return canvas


def _line_chart(drawing: CategoryChart, width: float) -> PdfDrawing:
    height = 200
    canvas = PdfDrawing(width, height)
    _title(canvas, drawing.title, width, height)
    marks = drawing.value_labels or {}
    axis_width = max([pdfmetrics.stringWidth(text, FONT, _SIZE) for text in marks.values()] + [12]) + 8
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = axis_width, 70, width - axis_width - 8, height - 96
    chart.data = [[v if v is not None else 0 for v in series.values] for series in drawing.series]
    chart.categoryAxis.categoryNames = list(drawing.categories)
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, _SIZE - 1.5
    chart.categoryAxis.labels.angle = 40
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.joinAxisMode = "bottom"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = drawing.minimum, drawing.maximum, 1

    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, _SIZE
    chart.valueAxis.labelTextFormat = lambda value: marks.get(float(value), formatter(drawing.number_format)(value))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = _GRID
    for n, series in enumerate(drawing.series):
        chart.lines[n].strokeColor = colors.HexColor(series.colour)
        chart.lines[n].strokeWidth = 2
        chart.lines[n].symbol = makeMarker("FilledCircle", size=4, fillColor=colors.HexColor(series.colour))
    canvas.add(chart)
    return canvas


def _curve_chart(drawing: CurveChart, width: float) -> PdfDrawing:
    height = min(300.0, width * 0.62)
    legend = 12 * len(drawing.series)
    canvas = PdfDrawing(width, height + legend)
    _title(canvas, drawing.title, width, height + legend)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30 + legend, width - 56, height - 58
    plot.data = [list(series.points) for series in drawing.series]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = drawing.x_range
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = drawing.y_range
    plot.xValueAxis.valueStep = plot.yValueAxis.valueStep = (drawing.x_range[1] - drawing.x_range[0]) / 5
    for axis, number_format in ((plot.xValueAxis, drawing.x_format), (plot.yValueAxis, drawing.y_format)):
        axis.labels.fontName, axis.labels.fontSize = FONT, _SIZE
        axis.labelTextFormat = formatter(number_format)
        axis.visibleGrid = True
        axis.gridStrokeColor = _GRID
    for n, series in enumerate(drawing.series):
        line = plot.lines[n]
        line.strokeColor = colors.HexColor(series.colour)
        line.strokeWidth = 1 if series.dashed else 2.2
        if series.dashed:
            line.strokeDashArray = [3, 3]
        if series.marker:
            line.strokeWidth = 0
            line.symbol = makeMarker("FilledCircle", size=7, fillColor=colors.HexColor(series.colour))
    canvas.add(plot)
    canvas.add(String(plot.x + plot.width / 2, plot.y - 24, drawing.x_title, fontName=FONT, fontSize=_SIZE,
                      textAnchor="middle", fillColor=_TEXT))  # fmt: skip
    names = [(colors.HexColor(s.colour), ellipsed(s.name, width - 40, FONT, _SIZE)) for s in drawing.series]
    legend_box = Legend()
    legend_box.x, legend_box.y = 0, legend
    legend_box.fontName, legend_box.fontSize = FONT, _SIZE
    legend_box.alignment = "right"
    legend_box.colorNamePairs = names
    legend_box.columnMaximum = len(names)
    legend_box.dy = 6
    legend_box.deltay = 11
    canvas.add(legend_box)
    return canvas


def _heat_table(drawing: HeatTable, width: float) -> PdfTable:
    data = [[drawing.corner, *drawing.columns]] + [
        [name, *(number(v) for v in counts)] for name, counts in zip(drawing.rows, drawing.counts, strict=True)
    ]
    first = width * 0.28
    widths = [first] + [(width - first) / len(drawing.columns)] * len(drawing.columns)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, _SIZE),
        ("FONT", (0, 0), (-1, 0), BOLD, _SIZE - 0.5),
        ("FONT", (0, 0), (0, -1), BOLD, _SIZE - 0.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.white),
        ("TEXTCOLOR", (0, 0), (-1, -1), _TEXT),
    ]
    for r, counts in enumerate(drawing.counts, start=1):
        for c, count in enumerate(counts, start=1):
            style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(drawing.colour(count))))
            if drawing.dark(count):
                style.append(("TEXTCOLOR", (c, r), (c, r), colors.white))
    table = PdfTable(data, colWidths=widths)
    table.setStyle(TableStyle(style))
    return table
