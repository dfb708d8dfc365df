"""One look for every klantlab figure: fonts, colours, Dutch or English number format."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from klantlab.i18n import get_language, label, t
from klantlab.model import CustomerLevel, ThresholdPreset

__all__ = ["ACCENT", "FONT", "LEVEL_COLOURS", "MUTED", "TEXT", "level_name", "plot_text", "styled"]

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


def plot_text(text: str) -> str:
    """User text made safe for a plotly label or title (plotly renders a subset of HTML)."""
    return html.escape(text, quote=False)


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
