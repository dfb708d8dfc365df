"""The filled-in models as boards of shapes: the klanttype-piramide, the journey map and the customer pyramid.

A board is laid out for the box it goes in (``width`` × ``height`` mm; ``scale`` 1 sets the text for a board
about as wide as an A4 landscape page). Every post-it is one :class:`Note` holding its own text, and the shapes
of one layer, phase or level share a group: in PowerPoint the consultant moves a post-it, edits its words or
moves a whole layer. Colours are those of the dashboard's walls, and what a colour says is also said by a sign
or a line (attitude: + 0 −; an assumption: a dotted border; a moment of truth: a ★ and its border).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from klantlab.analysis import TEXTBOOK_SHARES, PyramidResult
from klantlab.analysis.journey import journey_table
from klantlab.analysis.stakeholder_followup import ROLE_ORDER, by_layer
from klantlab.charts.journey import EMOTION_COLOURS, MOMENT_STYLES
from klantlab.charts.stakeholder_pyramid import ATTITUDE_COLOURS
from klantlab.charts.style import LEVEL_COLOURS, level_name
from klantlab.i18n import label, number, percent, t
from klantlab.model import Attitude, Basis, CustomerLevel, Journey, PyramidSummary, Side, Stakeholder, ThresholdPreset
from klantlab.report.canvas_layout import ACCENT, DARK_ACCENT, LAYER_FILLS, LIGHT_LINE, MUTED, PAPER_GREY
from klantlab.report.canvas_shapes import (
    LEADING,
    PT_MM,
    Area,
    CanvasLayout,
    Label,
    Note,
    fit_label,
    rectangle,
)

__all__ = ["ATTITUDE_SIGNS", "customer_pyramid_board", "journey_board", "stakeholder_board"]

#: Text a team typed always stays inside its shape (shortened with "…" at the smallest size).
_fit = functools.partial(fit_label, shorten=True)
ATTITUDE_SIGNS = {Attitude.supporter: "+", Attitude.neutral: "0", Attitude.opponent: "−"}
_ACTIVE = (CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small)
_OTHERS = (CustomerLevel.inactive, CustomerLevel.prospect, CustomerLevel.suspect)
_MUTED_BORDER = "#9ca3af"


@dataclass(frozen=True)
class _Grid:
    """Where ``count`` post-its go in an area: columns, rows, post-it width and height (mm)."""

    columns: int
    rows: int
    width: float
    height: float


def _grid(count: int, width: float, height: float, gap: float, widest: float, lowest: float) -> _Grid:
    """The grid that gives ``count`` post-its the most room in a ``width`` × ``height`` area (wide post-its are
    preferred: names read along a line); post-its are at most ``widest`` wide and at least ``lowest`` high."""
    best = _Grid(1, 1, min(widest, width), height)
    best_score = -1.0
    for rows in range(1, max(1, count) + 1):
        columns = math.ceil(count / rows)
        note_width = min(widest, (width - (columns - 1) * gap) / columns)
        note_height = min((height - (rows - 1) * gap) / rows, note_width * 0.8)
        if note_height < lowest and rows > 1:
            break
        score = min(note_width, 1.8 * note_height)
        if score > best_score:
            best, best_score = _Grid(columns, rows, note_width, note_height), score
    return best


def _capacity(width: float, height: float, gap: float, widest: float, lowest: float) -> int:
    """How many post-its at least ``lowest`` high fit the area."""
    rows = max(1, int((height + gap) / (lowest + gap)))
    columns = max(1, int((width + gap) / (min(widest, width) * 0.45 + gap)))
    return rows * columns


def _note(
    x: float,
    y: float,
    width: float,
    height: float,
    title: str,
    detail: str,
    fill: str,
    line: str,
    line_width: float,
    size: float,
    group: str,
    dashed: bool = False,
) -> Note:
    """A post-it: ``title`` (bold) over ``detail`` (muted), each shortened with "…" when the post-it is full."""
    pad = max(0.6, size * 0.16)
    inner_width, inner_height = width - 2 * pad, height - 2 * pad
    line_height = size * LEADING * PT_MM
    lines_room = max(1, int((inner_height + 0.01) / line_height))
    if detail and lines_room >= 2:
        title_room = max(1, lines_room - 1) if len(title) > 2 * len(detail) else max(1, math.ceil(lines_room / 2))
        first = _fit(title, x + pad, y + pad, inner_width, title_room * line_height, size,
                               smallest=size * 0.8, bold=True, group=group)  # fmt: skip
        used = len(first.lines) * first.size * LEADING * PT_MM
        second = _fit(detail, x + pad, y + pad + used, inner_width, inner_height - used, first.size,
                                smallest=first.size, colour="#374151", group=group)  # fmt: skip
        labels = (first, second)
    else:
        labels = (_fit(title, x + pad, y + pad, inner_width, inner_height, size, smallest=size * 0.75,
                                 bold=True, group=group),)  # fmt: skip
    text = f"{title}\n{detail}" if detail else title
    return Note(x, y, width, height, fill, line, line_width, labels, text, dashed, group)


def _more(x: float, y: float, width: float, height: float, count: int, size: float, group: str) -> Label:
    return _fit(t("chart.stakeholders.more", count=number(count)), x, y, width, height, size,
                          colour=MUTED, align="center", middle=True, group=group)  # fmt: skip


# --- klanttype-piramide -----------------------------------------------------------------------------------------


def stakeholder_title(entry: Stakeholder) -> str:
    """What a post-it says first: the attitude's sign, ★ for a possible partner, ? for an assumption, the name."""
    marks = (
        ATTITUDE_SIGNS[entry.attitude] + (" ★" if entry.strategic_partner else "") + ("" if entry.verified else " ?")
    )
    return f"{marks} {entry.name}"


def stakeholder_board(entries: Sequence[Stakeholder], width: float, height: float, scale: float) -> CanvasLayout:
    """The six layers of the klanttype-piramide in the middle, each with its parties as post-its beside it:
    inside the customer's organisation left, outside right (the wall's order within a layer)."""
    s = scale
    heading, legend, gap, pad = 6.5 * s, 5.5 * s, 1.2 * s, 1.0 * s
    rows_top, rows_bottom = heading, height - legend - gap
    row = (rows_bottom - rows_top - gap * (len(ROLE_ORDER) - 1)) / len(ROLE_ORDER)
    centre, base = width / 2, 0.27 * width
    apex = 0.32 * base

    def half(y: float) -> float:
        return (apex + (base - apex) * (y - rows_top) / (rows_bottom - rows_top)) / 2

    column_gap = 2.5 * s
    area_width = centre - base / 2 - column_gap  # the narrowest (bottom row): the same room in every row
    items: list = []
    for side, x in ((Side.inside, 0.0), (Side.outside, width - area_width)):
        items.append(_fit(label(side), x, 0, area_width, heading - 1.5 * s, 9.5 * s, bold=True,
                                    colour=DARK_ACCENT, align="center", middle=True))  # fmt: skip
    layers = by_layer(entries)
    size = 7.2 * s
    for n, role in enumerate(ROLE_ORDER):
        group = f"layer:{role.value}"
        y, low = rows_top + n * (row + gap), rows_top + n * (row + gap) + row
        upper, lower = half(y), half(low)
        layer = ((centre - upper, y), (centre + upper, y), (centre + lower, low), (centre - lower, low))
        items.append(Area(layer, LAYER_FILLS[n], ACCENT, 0.3 * s, group=group))
        middle = (y + low) / 2
        name_width = 2 * half(middle) - 2 * pad
        items.append(_fit(label(role), centre - name_width / 2, y + pad, name_width, row - 2 * pad,
                                    8.5 * s, smallest=5 * s, bold=True, align="center", middle=True,
                                    group=group))  # fmt: skip
        for side, x in ((Side.inside, 0.0), (Side.outside, width - area_width)):
            items.append(Area(rectangle(x, y, area_width, row), PAPER_GREY, LIGHT_LINE, 0.25 * s, group=group))
            placed = [entry for entry in layers[role] if entry.side == side]
            items += _stakeholder_notes(placed, x + pad, y + pad, area_width - 2 * pad, row - 2 * pad, s, size, group)
    items.append(_fit(t("board.stakeholders.legend"), 0, height - legend, width, legend, 7 * s,
                                smallest=4.5 * s, colour=MUTED, middle=True))  # fmt: skip
    return CanvasLayout("stakeholders", "", width, height, t("app.model.stakeholder_pyramid"), tuple(items))


def _stakeholder_notes(
    placed: Sequence[Stakeholder], x: float, y: float, width: float, height: float, s: float, size: float, group: str
) -> list:
    if not placed:
        return []
    gap, widest, lowest = 1.2 * s, 46 * s, size * LEADING * PT_MM * 1.6
    capacity = _capacity(width, height, gap, widest, lowest)
    shown = placed if len(placed) <= capacity else placed[: capacity - 1]
    slots = len(shown) + (len(placed) > len(shown))
    grid = _grid(slots, width, height, gap, widest, lowest)
    items: list = []
    for slot in range(slots):
        row, column = divmod(slot, grid.columns)
        left, top = x + column * (grid.width + gap), y + row * (grid.height + gap)
        if slot == len(shown):
            items.append(_more(left, top, grid.width, grid.height, len(placed) - len(shown), size, group))
            continue
        entry = shown[slot]
        fill, border = ATTITUDE_COLOURS[entry.attitude]
        items.append(
            _note(left, top, grid.width, grid.height, stakeholder_title(entry), entry.organisation, fill, border,
                  (0.35 if entry.verified else 0.3) * s, size, group, dashed=not entry.verified)
        )  # fmt: skip
    return items


# --- customer journey --------------------------------------------------------------------------------------------


def moment_kind(inside_out: bool, mentions: int, minimum: int) -> str:
    """both, inside_only, outside_only or none: whether the team and/or enough customers call it a moment of truth."""
    outside = mentions >= minimum
    return "both" if inside_out and outside else "inside_only" if inside_out else "outside_only" if outside else "none"


def journey_board(journey: Journey, minimum: int, width: float, height: float, scale: float) -> CanvasLayout:
    """The phases as columns, each with its customer sentence and its touchpoints as post-its in journey order;
    a post-it's colour is the emotion, its border (and ★) whether it is a moment of truth."""
    s = scale
    table = journey_table(journey)
    phases = journey.phases
    gap, pad, legend = 1.6 * s, 1.0 * s, 5.5 * s
    header = 13 * s
    column = (width - gap * (max(len(phases), 1) - 1)) / max(len(phases), 1)
    items: list = []
    size = 7 * s
    body_top, body_bottom = header + gap, height - legend - gap
    for n, phase in enumerate(phases):
        group = f"phase:{phase.id}"
        x = n * (column + gap)
        items.append(Area(rectangle(x, 0, column, header), "#ffedd5", ACCENT, 0.3 * s, group=group))
        name = _fit(phase.shown_name, x + pad, pad, column - 2 * pad, 4.2 * s, 8.5 * s, smallest=6 * s,
                              bold=True, group=group)  # fmt: skip
        items.append(name)
        top = pad + len(name.lines) * name.size * LEADING * PT_MM + 0.3 * s
        items.append(_fit(phase.shown_sentence, x + pad, top, column - 2 * pad, header - pad - top,
                                    6.2 * s, smallest=4.5 * s, colour=MUTED, group=group))  # fmt: skip
        items.append(Area(rectangle(x, body_top, column, body_bottom - body_top), "#fafafa", None, group=group))
        rows = table[table["phase_id"] == phase.id]
        items += _touchpoint_notes(list(rows.itertuples()), minimum, x + pad, body_top + pad, column - 2 * pad,
                                   body_bottom - body_top - 2 * pad, s, size, group)  # fmt: skip
    items.append(_fit(t("board.journey.legend"), 0, height - legend, width, legend, 7 * s,
                                smallest=4.5 * s, colour=MUTED, middle=True))  # fmt: skip
    return CanvasLayout("journey", "", width, height, t("app.model.journey"), tuple(items))


def _touchpoint_notes(rows: list, minimum: int, x: float, y: float, width: float, height: float, s: float,
                      size: float, group: str) -> list:  # fmt: skip
    if not rows:
        return []
    gap = 1.0 * s
    lowest, highest = size * LEADING * PT_MM * 1.5, 17 * s
    capacity = max(1, int((height + gap) / (lowest + gap)))
    shown = rows if len(rows) <= capacity else rows[: capacity - 1]
    slots = len(shown) + (len(rows) > len(shown))
    note_height = min(highest, (height - gap * (slots - 1)) / slots)
    items: list = []
    for slot in range(slots):
        top = y + slot * (note_height + gap)
        if slot == len(shown):
            items.append(_more(x, top, width, note_height, len(rows) - len(shown), size, group))
            continue
        row = shown[slot]
        kind = moment_kind(row.inside_out, row.mentions, minimum)
        colour, line_width, dash = MOMENT_STYLES[kind]
        title = ("★ " if kind == "both" else "") + row.description
        detail = " · ".join(part for part in (row.channel, row.means) if part)
        items.append(
            _note(x, top, width, note_height, title, detail, EMOTION_COLOURS[row.emotion], colour,
                  line_width * 0.18 * s, size, group, dashed=dash != "solid")
        )  # fmt: skip
    return items


# --- customer pyramid --------------------------------------------------------------------------------------------


def _level_rows(source: PyramidResult | PyramidSummary) -> dict[CustomerLevel, tuple[int, float]]:
    if isinstance(source, PyramidResult):
        return {CustomerLevel(r.level): (int(r.customers), float(r.revenue_share)) for r in source.levels.itertuples()}
    return {row.level: (row.customers, row.revenue_share) for row in source.levels}


def customer_pyramid_board(
    source: PyramidResult | PyramidSummary, basis: Basis, preset: ThresholdPreset, width: float, height: float,
    scale: float,
) -> CanvasLayout:  # fmt: skip
    """The active levels as a pyramid (top to small) with their customers and share beside them, and those who
    do not buy (now) as bands below; each level a group."""
    s = scale
    rows = _level_rows(source)
    textbook = TEXTBOOK_SHARES.get(preset, (None,) * 4)
    gap = 1.2 * s
    pyramid_width = 0.48 * width
    band = (height - gap * 7 - 3 * s) / (len(_ACTIVE) + 0.8 * len(_OTHERS))
    items: list = []
    text_x = pyramid_width + 4 * s
    for n, level in enumerate(_ACTIVE):
        group = f"level:{level.value}"
        y = n * (band + gap)
        upper = pyramid_width * (0.12 + 0.88 * n / len(_ACTIVE)) / 2
        lower = pyramid_width * (0.12 + 0.88 * (n + 1) / len(_ACTIVE)) / 2
        centre = pyramid_width / 2
        shape = ((centre - upper, y), (centre + upper, y), (centre + lower, y + band), (centre - lower, y + band))
        items.append(Area(shape, LEVEL_COLOURS[level], "#ffffff", 0.4 * s, group=group))
        customers, share = rows.get(level, (0, 0.0))
        name = t("board.pyramid.level", level=level_name(level, preset), customers=number(customers))
        detail = t("board.pyramid.share", share=percent(share), basis=label(basis).lower())
        if textbook[n] is not None:
            detail += t("chart.pyramid.textbook", share=percent(textbook[n], 0))
        first = _fit(name, text_x, y + band / 2 - 5.2 * s, width - text_x, 5 * s, 9.5 * s, bold=True,
                               group=group)  # fmt: skip
        items += [first, _fit(detail, text_x, y + band / 2, width - text_x, 5 * s, 8.5 * s,
                                        colour="#374151", group=group)]  # fmt: skip
    top = len(_ACTIVE) * (band + gap) + 3 * s
    for n, level in enumerate(_OTHERS):
        group = f"level:{level.value}"
        y = top + n * (0.8 * band + gap)
        items.append(Area(rectangle(0, y, pyramid_width, 0.8 * band), LEVEL_COLOURS[level], _MUTED_BORDER,
                          0.25 * s, dashed=True, group=group))  # fmt: skip
        customers, _share = rows.get(level, (0, 0.0))
        items.append(_fit(t("chart.pyramid.other_text", level=label(level), customers=number(customers)),
                                    text_x, y, width - text_x, 0.8 * band, 8.5 * s, colour="#374151", middle=True,
                                    group=group))  # fmt: skip
    return CanvasLayout("customer_pyramid", "", width, height, t("app.model.customer_pyramid"), tuple(items))
