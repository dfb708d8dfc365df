"""Drawings on a slide as PowerPoint's own: charts with their data embedded, tables, shapes (python-pptx).

A consultant's next step is the client's deck: here "Edit data" on a chart opens its figures in a sheet, a
post-it is a shape whose words can be typed over, and a layer of the pyramid moves as one group.
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from klantlab.report.canvases import add_pptx_items
from klantlab.report.drawings import Board, CategoryChart, CurveChart, Drawing, HeatTable

__all__ = ["BOARD_SCALE", "CELL_MARGINS", "draw_on_slide", "fitted_box", "measure_at"]

#: Text size of a board on a slide (1: a board as wide as an A4 landscape page).
BOARD_SCALE = 1.05
_EMU_PER_MM = 36000
_TEXT = RGBColor(0x1F, 0x29, 0x37)
_GRID = RGBColor(0xE5, 0xE7, 0xEB)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def measure_at(size: float) -> Callable[[str, bool], float]:
    """The width of a text at ``size`` pt in EMU: the average letter of a sans-serif font, wider in bold."""

    def measure(text: str, bold: bool) -> float:
        return len(text) * Inches(0.115 if bold else 0.095) * size / 13

    return measure


#: A table cell's text frame keeps this much room left and right (python-pptx's 0.1 inch on each side).
CELL_MARGINS = Inches(0.2)


def fitted_box(aspect: float, left: int, top: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The largest box of ``aspect`` (width / height) inside the given one, at its top left."""
    if width / height > aspect:
        return left, top, int(height * aspect), height
    return left, top, width, int(width / aspect)


def draw_on_slide(slide, drawing: Drawing, left: int, top: int, width: int, height: int) -> None:
    """Draw ``drawing`` into the box (EMU) on ``slide``."""
    if isinstance(drawing, Board):
        layout = drawing.layout(width / _EMU_PER_MM, height / _EMU_PER_MM, BOARD_SCALE)
        add_pptx_items(slide.shapes, layout.items, left, top)
    elif isinstance(drawing, CategoryChart) and drawing.kind == "line":
        _line_chart(slide, drawing, left, top, width, height)
    elif isinstance(drawing, CategoryChart):
        _bar_chart(slide, drawing, left, top, width, height)
    elif isinstance(drawing, CurveChart):
        _curve_chart(slide, drawing, left, top, width, height)
    else:
        _heat_table(slide, drawing, left, top, width, height)


def _title(chart, text: str) -> None:
    chart.has_title = True
    frame = chart.chart_title.text_frame
    frame.text = text
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(14)
        run.font.bold = True
        run.font.color.rgb = _TEXT


def _fonts(chart) -> None:
    chart.font.size = Pt(11)
    chart.font.color.rgb = _TEXT


def _legend(chart, show: bool) -> None:
    chart.has_legend = show
    if show:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)


def _value_axis(axis, title: str, number_format: str, minimum: float | None, maximum: float | None) -> None:
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _GRID
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    if minimum is not None:
        axis.minimum_scale = minimum
    if maximum is not None:
        axis.maximum_scale = maximum
    axis.has_title = bool(title)
    if title:
        axis.axis_title.text_frame.text = title
        for run in axis.axis_title.text_frame.paragraphs[0].runs:
            run.font.size = Pt(11)
            run.font.bold = False


def _bar_chart(slide, drawing: CategoryChart, left: int, top: int, width: int, height: int) -> None:
    data = CategoryChartData(number_format=drawing.number_format)
    data.categories = drawing.categories
    for series in drawing.series:
        data.add_series(series.name, series.values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if drawing.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, Emu(left), Emu(top), Emu(width), Emu(height), data).chart
    _fonts(chart)
    _title(chart, drawing.title)
    _legend(chart, len(drawing.series) > 1)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0 if len(drawing.series) > 1 else 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = drawing.number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(10)
    for series, shown in zip(drawing.series, plot.series, strict=True):
        shown.format.fill.solid()
        shown.format.fill.fore_color.rgb = _rgb(series.colour)
        for index, colour in enumerate(series.point_colours):
            point = shown.points[index].format.fill
            point.solid()
            point.fore_color.rgb = _rgb(colour)
    if drawing.horizontal:
        chart.category_axis.reverse_order = True  # the first category at the top, as the table reads
    chart.category_axis.tick_labels.font.size = Pt(11)
    _value_axis(chart.value_axis, drawing.value_title, drawing.number_format, drawing.minimum, drawing.maximum)


def _line_chart(slide, drawing: CategoryChart, left: int, top: int, width: int, height: int) -> None:
    data = CategoryChartData(number_format=drawing.number_format)
    data.categories = drawing.categories
    for series in drawing.series:
        data.add_series(series.name, series.values)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Emu(left), Emu(top), Emu(width), Emu(height), data).chart
    _fonts(chart)
    _title(chart, drawing.title)
    _legend(chart, len(drawing.series) > 1)
    for series, shown in zip(drawing.series, chart.plots[0].series, strict=True):
        shown.format.line.color.rgb = _rgb(series.colour)
        shown.format.line.width = Pt(2.25)
        shown.smooth = False
        shown.marker.style = XL_MARKER_STYLE.CIRCLE
        shown.marker.size = 7
        shown.marker.format.fill.solid()
        shown.marker.format.fill.fore_color.rgb = _rgb(series.colour)
    axis = chart.category_axis
    axis.tick_labels.font.size = Pt(9)
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below the chart, not on the zero line
    _value_axis(chart.value_axis, drawing.value_title, drawing.number_format, drawing.minimum, drawing.maximum)
    chart.value_axis.major_unit = 1


def _curve_chart(slide, drawing: CurveChart, left: int, top: int, width: int, height: int) -> None:
    data = XyChartData()
    for series in drawing.series:
        added = data.add_series(series.name, number_format=drawing.y_format)
        for x, y in series.points:
            added.add_data_point(x, y)
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS, Emu(left), Emu(top), Emu(width), Emu(height), data
    ).chart
    _fonts(chart)
    _title(chart, drawing.title)
    _legend(chart, True)
    for series, shown in zip(drawing.series, chart.plots[0].series, strict=True):
        line = shown.format.line
        shown.smooth = False
        if series.marker:
            line.fill.background()
            shown.marker.style = XL_MARKER_STYLE.CIRCLE
            shown.marker.size = 10
            shown.marker.format.fill.solid()
            shown.marker.format.fill.fore_color.rgb = _rgb(series.colour)
            continue
        line.color.rgb = _rgb(series.colour)
        line.width = Pt(1.25 if series.dashed else 2.5)
        if series.dashed:
            line.dash_style = MSO_LINE_DASH_STYLE.DASH
        shown.marker.style = XL_MARKER_STYLE.NONE
    _value_axis(chart.value_axis, drawing.y_title, drawing.y_format, *drawing.y_range)
    _value_axis(chart.category_axis, drawing.x_title, drawing.x_format, *drawing.x_range)


def _heat_table(slide, drawing: HeatTable, left: int, top: int, width: int, height: int) -> None:
    rows, columns = len(drawing.rows) + 1, len(drawing.columns) + 1
    row_height = min(int(height / rows), int(Pt(30)))
    table = slide.shapes.add_table(rows, columns, Emu(left), Emu(top), Emu(width), Emu(row_height * rows)).table
    first = int(width * 0.26)
    column = int((width - first) / (columns - 1))
    table.columns[0].width = Emu(first)
    for c in range(1, columns):
        table.columns[c].width = Emu(column)
    words = [word for name in drawing.columns for word in name.split()]
    size = next((size for size in (11, 10, 9, 8) if all(measure_at(size)(word, True) + CELL_MARGINS <= column
                                                       for word in words)), 8)  # fmt: skip
    cells = [[drawing.corner, *drawing.columns]] + [
        [name, *(str(v) for v in counts)] for name, counts in zip(drawing.rows, drawing.counts, strict=True)
    ]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if r and c else PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(size)
                run.font.bold = not (r and c)
            if r and c:
                count = drawing.counts[r - 1][c - 1]
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(drawing.colour(count))
                for run in paragraph.runs:
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if drawing.dark(count) else _TEXT
