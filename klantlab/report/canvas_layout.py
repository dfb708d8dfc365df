"""The three blank canvases to print and fill in on the wall, as shapes (pure: no files, no formats).

- **stakeholders**: the klanttype-piramide, six layers top to bottom with
  their explanation, between an area *inside* the customer's organisation
  (left) and one *outside* it (right), a row per layer to stick post-its.
- **journey**: the five default phases as columns, with rows for the
  touchpoints, channel and means, expectation, performance, an emotion band
  (−2 … +2) to draw the curve in, and the moments of truth.
- **persona**: the five persona steps as boxes, the first with room for a
  name and a photo.

Everything is laid out for the paper it goes on: lengths and font sizes are
those of the A4 design times ``scale`` (short side of the paper / 210 mm), so
an A1 has its text 2.8 times as large as an A4 and an A0 four times.
"""

from __future__ import annotations

from klantlab.deliverable_kinds import CANVAS_MODELS, CANVAS_SIZES
from klantlab.errors import ExportError
from klantlab.i18n import label, t
from klantlab.io.posters import PAPER_MM
from klantlab.model import StakeholderRole
from klantlab.model.journey import default_phases
from klantlab.report.canvas_shapes import (
    LEADING,
    PT_MM,
    Area,
    CanvasLayout,
    Rule,
    fit_label,
    rectangle,
    text_width,
)

__all__ = ["CANVAS_MODELS", "CANVAS_SIZES", "PERSONA_STEPS", "canvas_layout", "check_canvas", "paper_size"]

#: The five persona steps, as the persona form asks them (fields of :class:`klantlab.model.Persona`).
PERSONA_STEPS = ("who", "goals", "frustrations", "decision_making", "enthusiasm")
_PORTRAIT = {"persona"}

MUTED = "#6b7280"
ACCENT = "#c2410c"
DARK_ACCENT = "#9a3412"
LINE = "#9ca3af"
LIGHT_LINE = "#d1d5db"
FAINT_LINE = "#e5e7eb"
PAPER_GREY = "#f9fafb"
LABEL_GREY = "#f3f4f6"
HEADER_FILL = "#ffedd5"
BOX_FILL = "#fff7ed"
BOX_LINE = "#fdba74"
WHITE = "#ffffff"
POSITIVE_FILL = "#f0fdf4"
NEGATIVE_FILL = "#fef2f2"
#: The layers of the pyramid, top (darkest) to bottom, in tints of the stakeholder chart's orange.
LAYER_FILLS = ("#fdba74", "#fdc48c", "#fecfa4", "#fedabb", "#ffe5d2", "#fff0e7")


def check_canvas(model: str, size: str) -> str:
    """``size`` in capitals if ``model`` and ``size`` are known; ExportError (in the user's language) if not."""
    if model not in CANVAS_MODELS:
        raise ExportError("error.canvas.model", model=model, models=", ".join(CANVAS_MODELS))
    if str(size).upper() not in CANVAS_SIZES:
        raise ExportError("error.export.paper", size=size, sizes=", ".join(CANVAS_SIZES))
    return str(size).upper()


def paper_size(model: str, size: str) -> tuple[float, float]:
    """Width and height of the paper in mm: landscape, but portrait for the persona."""
    short, long = PAPER_MM[check_canvas(model, size)]
    return (short, long) if model in _PORTRAIT else (long, short)


def canvas_layout(model: str, size: str = "A1") -> CanvasLayout:
    """The blank canvas of ``model`` (stakeholders, journey, persona) on paper ``size``, in the active language."""
    size = check_canvas(model, size)
    width, height = paper_size(model, size)
    scale = min(width, height) / PAPER_MM["A4"][0]
    items, top = _header(model, width, scale)
    body = {"stakeholders": _stakeholders, "journey": _journey, "persona": _persona}[model]
    items += body(width, height, top, scale)
    return CanvasLayout(model, size, width, height, t(f"canvas.title.{model}"), tuple(items))


def _margin(scale: float) -> float:
    return 10 * scale


def _lines_height(lines: int, size: float) -> float:
    """The height in mm of ``lines`` lines of text at ``size`` pt (a hair more, so that one line surely fits)."""
    return lines * size * LEADING * PT_MM + 0.01


def _header(model: str, width: float, s: float) -> tuple[list, float]:
    """Title, the fields for segment and date at the top right, the instruction; and where the body starts."""
    m = _margin(s)
    items: list = []
    fields = [(t("canvas.field.segment"), 80 * s), (t("canvas.field.date"), 42 * s)]
    right = width - m
    for text, field_width in reversed(fields):
        items += _field(text, right - field_width, m + 1.5 * s, field_width, 9 * s, s)
        right -= field_width + 6 * s
    items.append(fit_label(t(f"canvas.title.{model}"), m, m, right - m, 10 * s, 22 * s, bold=True))
    items.append(fit_label(t(f"canvas.instruction.{model}"), m, m + 12 * s, width - 2 * m, 12 * s, 9 * s, colour=MUTED))
    return items, m + 28 * s


def _field(text: str, x: float, y: float, width: float, height: float, s: float, size: float = 10) -> list:
    """``Segment: ______``: the words, the line to write on and (for the PowerPoint) a place to type."""
    words_width = text_width(text, size * s) + 0.5 * s
    words = fit_label(text, x, y + height - 5.5 * s, words_width, 5 * s, size * s, colour=MUTED)
    start = x + words_width + 1.5 * s
    return [
        words,
        Rule((start, y + height), (x + width, y + height), LINE, 0.3 * s),
        Area(rectangle(start, y, x + width - start, height), write_in=size * s),
    ]


# --- klanttype-piramide -----------------------------------------------------------------------------------------


def _stakeholders(width: float, height: float, top: float, s: float) -> list:
    m = _margin(s)
    roles = list(StakeholderRole)
    heading, gap, column_gap, pad = 9 * s, 2.5 * s, 4 * s, 2 * s
    rows_top, bottom = top + heading, height - m
    row = (bottom - rows_top - gap * (len(roles) - 1)) / len(roles)
    base = 0.46 * (width - 2 * m)
    apex = 0.36 * base
    centre = width / 2

    def half(y: float) -> float:
        """Half the pyramid's width at height ``y``."""
        return (apex + (base - apex) * (y - rows_top) / (bottom - rows_top)) / 2

    items: list = []
    inner = centre - base / 2 - column_gap  # where the post-it areas are narrowest (the bottom row)
    for key, x in (("inside", m), ("outside", width - inner)):
        items.append(
            fit_label(
                t(f"canvas.stakeholders.{key}"),
                x,
                top,
                inner - m,
                heading - 2 * s,
                11 * s,
                bold=True,
                colour=DARK_ACCENT,
                align="center",
                middle=True,
            )
        )
    for n, role in enumerate(roles):
        y, low = rows_top + n * (row + gap), rows_top + n * (row + gap) + row
        upper, lower = half(y), half(low)
        # The areas to stick post-its follow the pyramid's slope, a gap away from it.
        left = ((m, y), (centre - upper - column_gap, y), (centre - lower - column_gap, low), (m, low))
        right = tuple((width - x, y_) for x, y_ in left)
        for points in (left, right):
            items.append(Area(points, PAPER_GREY, LIGHT_LINE, 0.35 * s, True, 12 * s))
        layer = ((centre - upper, y), (centre + upper, y), (centre + lower, low), (centre - lower, low))
        items.append(Area(layer, LAYER_FILLS[n], ACCENT, 0.4 * s))
        box_x, box_width = centre - upper + pad, 2 * upper - 2 * pad
        name_height = _lines_height(1, 11 * s)
        items.append(fit_label(label(role), box_x, y + pad, box_width, name_height, 11 * s, bold=True, align="center"))
        explain_top = y + pad + name_height + 0.8 * s  # the layer is wider there than at its top
        explain_x, explain_width = centre - half(explain_top) + pad, 2 * half(explain_top) - 2 * pad
        items.append(
            fit_label(
                t(f"stakeholders.explain.{role.value}"),
                explain_x,
                explain_top,
                explain_width,
                low - pad - explain_top,
                7.2 * s,
                smallest=5 * s,
                align="center",
            )
        )
    return items


# --- customer journey --------------------------------------------------------------------------------------------


def _score_title(field: str, scale_text: str) -> str:
    return f"{t(f'field.{field}').capitalize()} {scale_text}"


def _journey_rows() -> list[tuple[str, str, str, float]]:
    """Per row: key, title, hint and its share of the height."""
    return [
        ("touchpoints", t("app.journey.touchpoints"), t("canvas.journey.hint.touchpoints"), 3.5),
        ("channel_means", t("canvas.journey.channel_means"), t("canvas.journey.hint.channel_means"), 1.1),
        ("expectation", _score_title("expectation", "(1–5)"), t("canvas.journey.hint.expectation"), 1.0),
        ("performance", _score_title("performance", "(1–5)"), t("canvas.journey.hint.performance"), 1.0),
        ("emotion", _score_title("emotion", "(−2 … +2)"), t("canvas.journey.hint.emotion"), 2.1),
        ("moment", t("canvas.journey.moment"), t("canvas.journey.hint.moment"), 1.1),
    ]


def _emotion_text(value: int) -> str:
    return "0" if value == 0 else f"{value:+d}".replace("-", "−")


def _journey(width: float, height: float, top: float, s: float) -> list:
    m = _margin(s)
    phases = default_phases()
    label_column, gap, pad = 56 * s, 1.5 * s, 2 * s
    x0 = m + label_column
    column = (width - m - x0) / len(phases)
    header = 17 * s
    items: list = []
    for n, phase in enumerate(phases):
        x = x0 + n * column
        items.append(Area(rectangle(x, top, column - gap, header), HEADER_FILL, ACCENT, 0.4 * s))
        name_height = _lines_height(1, 10.5 * s)
        items.append(
            fit_label(phase.name, x + pad, top + pad, column - gap - 2 * pad, name_height, 10.5 * s, bold=True)
        )
        sentence_top = top + pad + name_height + 0.5 * s
        items.append(
            fit_label(
                phase.customer_sentence,
                x + pad,
                sentence_top,
                column - gap - 2 * pad,
                top + header - pad - sentence_top,
                7 * s,
                colour=MUTED,
            )
        )
    rows = _journey_rows()
    y = top + header + gap
    unit = (height - m - y - gap * (len(rows) - 1)) / sum(share for *_, share in rows)
    for key, title, hint, share in rows:
        row = share * unit
        items += _journey_row_label(key, title, hint, m, y, label_column - gap, row, s)
        if key == "emotion":
            items += _emotion_band(x0, y, column, len(phases), gap, row, s)
        else:
            for n in range(len(phases)):
                items.append(
                    Area(rectangle(x0 + n * column, y, column - gap, row), WHITE, LIGHT_LINE, 0.35 * s, write_in=10 * s)
                )
        y += row + gap
    return items


def _journey_row_label(key: str, title: str, hint: str, x: float, y: float, width: float, row: float, s: float) -> list:
    pad = 1.8 * s
    inner = width - 2 * pad - (8 * s if key == "emotion" else 0)
    title_label = fit_label(title, x + pad, y + pad, inner, min(row / 2, 9 * s), 8.5 * s, bold=True)
    title_bottom = y + pad + _lines_height(len(title_label.lines), title_label.size) + 0.8 * s
    return [
        Area(rectangle(x, y, width, row), LABEL_GREY),
        title_label,
        fit_label(
            hint,
            x + pad,
            title_bottom,
            inner,
            y + row - pad - title_bottom,
            6.8 * s,
            colour=MUTED,
            smallest=5.5 * s,
        ),
    ]


def _emotion_band(x0: float, y: float, column: float, phases: int, gap: float, row: float, s: float) -> list:
    """One band over all phases with a line per emotion −2 … +2 (0 stronger) and the phases' borders."""
    right = x0 + phases * column - gap
    inner = 4 * s
    zero = y + row / 2
    items: list = [
        Area(rectangle(x0, y, right - x0, zero - y), POSITIVE_FILL),
        Area(rectangle(x0, zero, right - x0, y + row - zero), NEGATIVE_FILL),
        Area(rectangle(x0, y, right - x0, row), None, LIGHT_LINE, 0.35 * s),
    ]
    for value in (2, 1, 0, -1, -2):
        line_y = y + inner + (2 - value) / 4 * (row - 2 * inner)
        colour, line_width = (LINE, 0.5 * s) if value == 0 else (FAINT_LINE, 0.3 * s)
        items.append(Rule((x0, line_y), (right, line_y), colour, line_width, dashed=value != 0))
        items.append(
            fit_label(
                _emotion_text(value),
                x0 - gap - 9 * s,
                line_y - 1.6 * s,
                7 * s,
                3.2 * s,
                7 * s,
                colour=MUTED,
                align="right",
                middle=True,
            )
        )
    for n in range(1, phases):
        x = x0 + n * column - gap / 2
        items.append(Rule((x, y), (x, y + row), LIGHT_LINE, 0.3 * s, dashed=True))
    return items


# --- persona -----------------------------------------------------------------------------------------------------


def _persona(width: float, height: float, top: float, s: float) -> list:
    m = _margin(s)
    gap = 5 * s
    first = 0.27 * (height - m - top)
    box = (height - m - top - first - 2 * gap) / 2
    half = (width - 2 * m - gap) / 2
    items = _persona_box(PERSONA_STEPS[0], m, top, width - 2 * m, first, s, photo=True)
    for n, step in enumerate(PERSONA_STEPS[1:]):
        x = m + (n % 2) * (half + gap)
        y = top + first + gap + (n // 2) * (box + gap)
        items += _persona_box(step, x, y, half, box, s)
    return items


def _persona_box(step: str, x: float, y: float, width: float, height: float, s: float, photo: bool = False) -> list:
    pad = 4 * s
    items: list = [Area(rectangle(x, y, width, height), BOX_FILL, BOX_LINE, 0.5 * s)]
    left = x + pad
    if photo:
        side = height - 2 * pad
        items.append(Area(rectangle(left, y + pad, side, side), WHITE, LINE, 0.35 * s, dashed=True))
        items.append(
            fit_label(
                t("canvas.persona.photo"), left, y + pad, side, side, 8 * s, colour=MUTED, align="center", middle=True
            )
        )
        left += side + pad
    inner = x + width - pad - left
    title_height = _lines_height(1, 12 * s)
    items.append(
        fit_label(
            t(f"app.persona.step.{step}"), left, y + pad, inner, title_height, 12 * s, bold=True, colour=DARK_ACCENT
        )
    )
    hint = fit_label(
        t(f"app.persona.hint.{step}"),
        left,
        y + pad + title_height + 0.5 * s,
        inner,
        _lines_height(2, 8 * s),
        8 * s,
        colour=MUTED,
    )
    items.append(hint)
    below = hint.y + hint.height + 1.5 * s  # the same for every box, whether its hint takes one line or two
    if photo:
        items += _field(t("canvas.field.name"), left, below, inner, 9 * s, s, size=11)
        below += 9 * s + 3 * s
    items.append(
        Area(rectangle(left, below, inner, y + height - pad - below), WHITE, LIGHT_LINE, 0.35 * s, write_in=11 * s)
    )
    return items
