"""One look for every klantlab figure: fonts, colours, Dutch or English number format."""

from __future__ import annotations

import html
import re
import textwrap

import plotly.graph_objects as go

from klantlab.i18n import get_language, label, t
from klantlab.model import CustomerLevel, ThresholdPreset

__all__ = [
    "ACCENT",
    "FONT",
    "LABEL_CHARS",
    "LEVEL_COLOURS",
    "MUTED",
    "TEXT",
    "fitted_lines",
    "level_name",
    "plot_text",
    "short_label",
    "short_labels",
    "shortened",
    "styled",
]

FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"  # i18n: not user text
TEXT = "#1f2937"
MUTED = "#6b7280"
ACCENT = "#1d4ed8"
#: Warm to cool for the active levels; greys for those who do not buy (now).
LEVEL_COLOURS = {
    CustomerLevel.top: "#7c2d12",
    CustomerLevel.large: "#c2410c",
    CustomerLevel.medium: "#f97316",
    CustomerLevel.small: "#fdba74",
    CustomerLevel.inactive: "#9ca3af",
    CustomerLevel.prospect: "#d1d5db",
    CustomerLevel.suspect: "#e5e7eb",
}


#: How many characters of a name a chart shows on one line (an axis label, a title, a label beside a marker).
LABEL_CHARS = 32
_ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


def plot_text(text: str) -> str:
    """User text made safe for a plotly label or title (plotly renders a subset of HTML)."""
    return html.escape(text, quote=False)


def shortened(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line of at most ``limit`` characters; what does not fit ends in "…".

    Cut after the last whole word when that keeps at least half the room, else inside the word, so a
    120-letter name without a space still shows its first letters (``textwrap.shorten`` would leave only
    "…"). Runs of spaces and line breaks become one space. Not escaped: see :func:`short_label`.
    """
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    space = room.rfind(" ")
    return (room[:space] if space >= limit // 2 else room).rstrip(" ,;:·-") + _ELLIPSIS


def short_label(text: str, limit: int = LABEL_CHARS, lines: int = 1) -> str:
    """The label a chart shows for ``text``, escaped for plotly; put :func:`plot_text` of it in the hover.

    Up to ``limit`` characters it stays as it is, on one line. A longer text is :func:`shortened` to ``limit``,
    or, with ``lines`` > 1, spread over that many lines of five eighths of ``limit`` (:func:`fitted_lines`,
    joined with ``<br>``): a 120-letter segment name would otherwise take half of a narrow chart.
    """
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return plot_text(text)
    if lines == 1:
        return plot_text(shortened(text, limit))
    return "<br>".join(plot_text(line) for line in fitted_lines(text, limit * 5 // 8, lines))


def short_labels(texts, limit: int = LABEL_CHARS, lines: int = 1) -> list[str]:
    """:func:`short_label` of each text, kept apart when two come out the same.

    Plotly joins equal category labels into one bar or row, so a second "Verpakkingsmachinefabr…" becomes
    "Verpakkingsmachinefabr… (2)".
    """
    labels: list[str] = []
    seen: dict[str, int] = {}
    for text in texts:
        shown = short_label(text, limit, lines)
        seen[shown] = seen.get(shown, 0) + 1
        labels.append(shown if seen[shown] == 1 else f"{shown} ({seen[shown]})")
    return labels


def fitted_lines(text: str, width: int, lines: int, word: int | None = None) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` characters; what does not fit ends in "…".

    Words stay whole where they fit (a Dutch compound split as "Ondernemingsr / aad" reads badly); a word
    longer than a line is cut with "…" after ``word`` characters (default: the line's width; less where a
    line of one unbroken word, or of capitals, is wider than the box). Not escaped: pass each line through
    :func:`plot_text`.
    """
    word = min(word or width, width)
    wrapped = textwrap.wrap(text, width=width, break_long_words=False) or [""]
    shown = [line if len(line) <= width else line[: word - 1] + _ELLIPSIS for line in wrapped[:lines]]
    if len(wrapped) > lines and not shown[-1].endswith(_ELLIPSIS):
        shown[-1] = (shown[-1] if len(shown[-1]) < width else shown[-1][: width - 1]) + _ELLIPSIS
    return shown


def level_name(level: CustomerLevel | str, preset: ThresholdPreset | str = ThresholdPreset.curry) -> str:
    """The name of a level as the preset calls it: A, B, C, D for the ABC splits, else top, large…"""
    level, preset = CustomerLevel(level), ThresholdPreset(preset)
    if preset == ThresholdPreset.computed and level == CustomerLevel.small:
        return t("level.abc.medium")  # the computed split has three classes: A, B and the rest C
    if preset in (ThresholdPreset.abc, ThresholdPreset.computed) and level in (
        CustomerLevel.top,
        CustomerLevel.large,
        CustomerLevel.medium,
        CustomerLevel.small,
    ):
        return t(f"level.abc.{level.value}")
    return label(level)


def separators() -> str:
    """Plotly's decimal and thousands separators for the active language (nl: 1.234,5)."""
    return ",." if get_language() == "nl" else ".,"


def styled(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """Apply the klantlab look and a title to ``fig`` and return it."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18, "color": TEXT}},
        font={"family": FONT, "size": 13, "color": TEXT},
        separators=separators(),
        height=height,
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig
