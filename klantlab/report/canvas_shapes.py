"""The few shapes a blank canvas is made of, in millimetres from the top left of the paper.

An :class:`Area` is a filled or outlined polygon (a frame, a band, a place to
stick post-its), a :class:`Rule` a straight line, a :class:`Label` a piece of
text already wrapped to its box. The PDF and PowerPoint writers draw exactly
these; they decide nothing about the layout.

Text is measured with the font the PDF uses (Bitstream Vera, shipped with
reportlab, so that Dutch accents and ``−`` print everywhere). A text that does
not fit its box is set smaller, down to a floor, rather than running out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = [
    "BOLD",
    "FONT",
    "LEADING",
    "PT_MM",
    "TEXT",
    "Area",
    "CanvasLayout",
    "Label",
    "Note",
    "Rule",
    "ellipsed",
    "fit_label",
    "rectangle",
    "register_fonts",
    "text_width",
    "wrap",
]

FONT, BOLD = "KlantlabSans", "KlantlabSans-Bold"
#: Millimetres per typographic point.
PT_MM = 25.4 / 72
#: Line height as a multiple of the font size.
LEADING = 1.2
TEXT = "#1f2937"

Point = tuple[float, float]


@dataclass(frozen=True)
class Area:
    """A polygon: ``fill`` and ``line`` colours (None: none), ``line_width`` in mm.

    ``write_in`` > 0 marks a place for the team to write: the PowerPoint makes
    it a shape to type in, at that font size (pt).
    """

    points: tuple[Point, ...]
    fill: str | None = None
    line: str | None = None
    line_width: float = 0.0
    dashed: bool = False
    write_in: float = 0.0
    group: str = ""
    """Shapes of one group (a layer, a phase) become one group of shapes in PowerPoint."""

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """Left, top, width and height of the smallest rectangle around the area."""
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)

    @property
    def is_rectangle(self) -> bool:
        """Whether the area is a rectangle with sides along the paper's edges."""
        left, top, width, height = self.bounds
        corners = {(left, top), (left + width, top), (left + width, top + height), (left, top + height)}
        return len(self.points) == 4 and set(self.points) == corners


@dataclass(frozen=True)
class Rule:
    """A straight line from ``start`` to ``end``; ``width`` in mm."""

    start: Point
    end: Point
    colour: str
    width: float
    dashed: bool = False
    group: str = ""


@dataclass(frozen=True)
class Label:
    """Text in the box at ``x``, ``y`` (its top left) of ``width`` × ``height`` mm.

    ``lines`` is ``text`` wrapped to the width at font ``size`` (pt); ``align``
    is left, center or right; ``middle`` centres the lines vertically.
    """

    x: float
    y: float
    width: float
    height: float
    text: str
    lines: tuple[str, ...]
    size: float
    bold: bool = False
    colour: str = TEXT
    align: str = "left"
    middle: bool = False
    group: str = ""

    @property
    def font(self) -> str:
        return BOLD if self.bold else FONT

    def baselines(self) -> list[float]:
        """The distance of each line's baseline from the top of the paper, in mm."""
        line = self.size * LEADING * PT_MM
        top = self.y + (self.height - line * len(self.lines)) / 2 if self.middle else self.y
        return [top + (n * LEADING + 0.95) * self.size * PT_MM for n in range(len(self.lines))]


@dataclass(frozen=True)
class Note:
    """A post-it: a filled rectangle holding its text (its labels, inside it); one shape in PowerPoint.

    ``text`` is everything the post-it says in full (a label may show it shortened); the PowerPoint shape
    holds the labels' texts, one paragraph each, so the consultant edits the post-it itself.
    """

    x: float
    y: float
    width: float
    height: float
    fill: str
    line: str
    line_width: float
    labels: tuple[Label, ...]
    text: str
    dashed: bool = False
    group: str = ""


@dataclass(frozen=True)
class CanvasLayout:
    """One blank canvas: its model, paper size and the shapes on it (drawn in this order)."""

    model: str
    size: str
    width: float
    height: float
    title: str
    items: tuple[Area | Rule | Label | Note, ...]

    @property
    def labels(self) -> list[Label]:
        return [item for item in self.items if isinstance(item, Label)]

    @property
    def notes(self) -> list[Note]:
        return [item for item in self.items if isinstance(item, Note)]

    @property
    def areas(self) -> list[Area]:
        return [item for item in self.items if isinstance(item, Area)]


def rectangle(x: float, y: float, width: float, height: float) -> tuple[Point, ...]:
    """The corners of a rectangle, clockwise from the top left."""
    return (x, y), (x + width, y), (x + width, y + height), (x, y + height)


def register_fonts() -> None:
    """Make the Vera fonts known to reportlab (once; the PDF report registers the same names)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "VeraBd.ttf")))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` at ``size`` pt, in mm."""
    register_fonts()
    return pdfmetrics.stringWidth(text, BOLD if bold else FONT, size) * PT_MM


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` mm (a single word wider than that stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in filter(None, paragraph.split(" ")):  # a no-break space (\u00a0) keeps words together
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fit_label(
    text: str,
    x: float,
    y: float,
    width: float,
    height: float,
    size: float,
    *,
    smallest: float | None = None,
    bold: bool = False,
    colour: str = TEXT,
    align: str = "left",
    middle: bool = False,
    shorten: bool = False,
    group: str = "",
) -> Label:
    """A label of ``text`` at ``size`` pt, set smaller (down to ``smallest``, default 60 %) until it fits its box.

    With ``shorten`` (text a team typed) it always stays inside its box: at the smallest size, a word wider than
    the box is broken and what does not fit ends in "…" (the full text is kept as the label's ``text``).
    """
    floor = smallest if smallest is not None else size * 0.6
    while True:
        lines = wrap(text, width, size, bold)
        fits = len(lines) * size * LEADING * PT_MM <= height and all(
            text_width(line, size, bold) <= width for line in lines
        )
        if fits or size <= floor:
            break
        size = max(floor, size * 0.94)
    if shorten and not fits:
        pieces: list[str] = []
        for line in lines:
            pieces += _broken(line, width, size, bold)
        room = max(1, int((height + 0.01) / (size * LEADING * PT_MM)))
        if len(pieces) > room:
            pieces = pieces[:room]
            pieces[-1] = ellipsed(pieces[-1], width / PT_MM, FONT if not bold else BOLD, size)
        lines = pieces
    return Label(x, y, width, height, text, tuple(lines), size, bold, colour, align, middle, group)


def _broken(line: str, width: float, size: float, bold: bool) -> list[str]:
    """``line`` in pieces no wider than ``width`` (only a line holding one overlong word is cut)."""
    pieces, rest = [], line
    while rest and text_width(rest, size, bold) > width:
        cut = len(rest) - 1
        while cut > 1 and text_width(rest[:cut], size, bold) > width:
            cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return [*pieces, rest] if rest or not pieces else pieces


def ellipsed(text: str, width: float, font: str, size: float) -> str:
    """``text`` on one line no wider than ``width`` points: what does not fit ends in "…"."""
    register_fonts()
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    shown = text.rstrip()
    while shown and pdfmetrics.stringWidth(shown + "…", font, size) > width:
        shown = shown[:-1].rstrip()
    return shown + "…"
