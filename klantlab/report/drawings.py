"""What a deliverable draws, as plain data: bar, line and curve charts, a coloured count table, a board of shapes.

The deck draws these as native PowerPoint charts (their data embedded, so "Edit data" works), tables and
shapes (:mod:`klantlab.report.deck_drawings`); the PDF report draws the same with reportlab's vector graphics
(:mod:`klantlab.report.pdf_drawings`). Neither needs a browser. A :class:`Board` (the klanttype-piramide, the
journey map, the customer pyramid) is laid out for the box it goes in, so it is a recipe: sizes in, shapes out.

Every text is in the active language and as the reader sees it; numbers carry an Excel number format, which
PowerPoint shows and the PDF writer follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from klantlab.report.canvas_shapes import CanvasLayout

__all__ = [
    "Board",
    "CategoryChart",
    "CurveChart",
    "CurveSeries",
    "Drawing",
    "HeatTable",
    "Series",
]


@dataclass(frozen=True)
class Series:
    """One series of a bar or line chart: a value per category (None: no value), in one colour."""

    name: str
    values: tuple[float | None, ...]
    colour: str
    point_colours: tuple[str, ...] = ()
    """A colour per category instead of the series' own (the chosen segment stands out)."""


@dataclass(frozen=True)
class CategoryChart:
    """Values per category, a series each: bars (horizontal: names down the side, first at the top; or upright)
    or a line through the categories in order (the emotion over the touchpoints of the journey)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str
    number_format: str
    """Excel's number format of the values: ``0.00``, ``0.0%``, ``#,##0``."""
    kind: str = "bar"
    """``bar`` or ``line``."""
    horizontal: bool = True
    minimum: float | None = None
    maximum: float | None = None
    value_labels: dict[float, str] | None = None
    """Names for some values on the value axis (−2 "negatief", 0 "neutraal", +2 "positief")."""


@dataclass(frozen=True)
class CurveSeries:
    """A line through points (x, y)."""

    name: str
    points: tuple[tuple[float, float], ...]
    colour: str
    dashed: bool = False
    marker: bool = False


@dataclass(frozen=True)
class CurveChart:
    """Lines through points on two number axes (the concentration curve)."""

    title: str
    series: tuple[CurveSeries, ...]
    x_title: str
    y_title: str
    x_format: str
    y_format: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]


@dataclass(frozen=True)
class HeatTable:
    """Counts in a grid (rows by columns) whose cells are coloured by their count (the migration matrix)."""

    title: str
    corner: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    low: str
    high: str

    def colour(self, count: int) -> str:
        """The cell colour of ``count``: ``low`` for none, ``high`` for the largest count of the table."""
        top = max((max(row) for row in self.counts if row), default=0)
        share = count / top if top else 0.0
        low, high = _rgb(self.low), _rgb(self.high)
        mixed = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
        return "#" + "".join(f"{part:02x}" for part in mixed)

    def dark(self, count: int) -> bool:
        """Whether a cell of ``count`` is dark enough to need white text."""
        red, green, blue = _rgb(self.colour(count))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 140


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class Board:
    """Shapes laid out for a box: ``layout(width_mm, height_mm, scale)`` gives them (``scale`` sizes the text).

    On a slide each shape is a PowerPoint shape the consultant can edit; in a PDF a vector drawing; on a
    poster the same at A1 or A0.
    """

    title: str
    layout: Callable[[float, float, float], CanvasLayout]
    aspect: float
    """Width over height at which the board reads best (the box it is given keeps this shape)."""


Drawing = CategoryChart | CurveChart | HeatTable | Board
