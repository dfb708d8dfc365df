"""Klantsegment kiezen: the segments ranked on weighted attractiveness, and the attractiveness × fit matrix."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from klantlab.charts.style import ACCENT, MUTED, plot_text, short_label, short_labels, styled
from klantlab.i18n import number, t

__all__ = ["matrix_figure", "ranking_figure"]

_CHOSEN, _OTHER = "#c2410c", "#fdba74"


def ranking_figure(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the weighted score (1–5), best at the top; chosen segments in the strong colour."""
    scored = table[table["score"].notna()]
    fig = go.Figure(
        go.Bar(
            x=scored["score"],
            y=short_labels(scored["name"], lines=2),  # a long name would squeeze the bars; the hover has it all
            orientation="h",
            marker_color=[_CHOSEN if chosen else _OTHER for chosen in scored["chosen"]],
            text=[number(score, 2) for score in scored["score"]],
            textposition="outside",
            customdata=[plot_text(name) for name in scored["name"]],
            hovertemplate="%{customdata}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 5.4], title=t("chart.segments.score"), showgrid=True, gridcolor="#eee", dtick=1)
    fig.update_yaxes(autorange="reversed")
    if scored.empty:
        fig.add_annotation(x=2.5, y=0, text=plot_text(t("chart.segments.none_scored")), showarrow=False,
                           font={"color": MUTED, "size": 14})  # fmt: skip
    return styled(fig, t("chart.segments.ranking_title"), height=max(260, 90 + 60 * len(scored)))


def matrix_figure(table: pd.DataFrame) -> go.Figure:
    """Attractiveness (without fit) across, fit with our strengths up; bubble size is revenue when known.

    The dotted lines at 3 split the four quadrants; the top right is where a
    team usually chooses.
    """
    scored = table[table["attractiveness"].notna() & table["fit"].notna()]
    revenue = scored["revenue"].fillna(0).astype(float)
    largest = float(revenue.max()) if len(revenue) and revenue.max() > 0 else 1.0
    fig = go.Figure(
        go.Scatter(
            x=scored["attractiveness"],
            y=scored["fit"],
            mode="markers+text",
            text=[short_label(name, lines=2) for name in scored["name"]],
            customdata=[plot_text(name) for name in scored["name"]],
            textposition=["bottom center" if fit >= 4.5 else "top center" for fit in scored["fit"]],
            marker={
                "size": [22 + 38 * (value / largest) ** 0.5 for value in revenue],
                "color": [_CHOSEN if chosen else _OTHER for chosen in scored["chosen"]],
                "line": {"color": "white", "width": 1},
            },
            hovertemplate=t("chart.segments.matrix_hover") + "<extra></extra>",
        )
    )
    for axis in ("x", "y"):
        fig.add_shape(type="line", line={"color": MUTED, "dash": "dot"}, xref="x", yref="y",
                      **({"x0": 3, "x1": 3, "y0": 0.8, "y1": 5.4} if axis == "x" else
                         {"x0": 0.8, "x1": 5.4, "y0": 3, "y1": 3}))  # fmt: skip
    fig.add_annotation(x=5.3, y=5.3, text=plot_text(t("chart.segments.best_quadrant")), showarrow=False,
                       xanchor="right", font={"color": ACCENT})  # fmt: skip
    fig.update_xaxes(range=[0.8, 5.4], title=t("chart.segments.attractiveness"), dtick=1, showgrid=False)
    fig.update_yaxes(range=[0.8, 5.4], title=t("chart.segments.fit"), dtick=1, showgrid=False)
    return styled(fig, t("chart.segments.matrix_title"), height=480)
