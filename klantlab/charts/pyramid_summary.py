"""The customer pyramid as saved in the workbook: levels drawn as a pyramid, non-buyers set apart."""

from __future__ import annotations

import plotly.graph_objects as go

from klantlab.charts.style import LEVEL_COLOURS, MUTED, styled
from klantlab.i18n import label, number, percent, t
from klantlab.model import Basis, CustomerLevel, PyramidSummary

__all__ = ["pyramid_summary_figure"]

_ACTIVE = [CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small]
_OTHERS = [CustomerLevel.inactive, CustomerLevel.prospect, CustomerLevel.suspect]
_BAND = 1.0  # height of one level
_GAP = 0.5  # space between the pyramid and the non-buyers
_LABEL_X = 1.12  # where the level texts start, right of the widest band


def _half_width(y: float, apex: float) -> float:
    return (apex - y) / apex


def pyramid_summary_figure(summary: PyramidSummary, basis: Basis = Basis.revenue) -> go.Figure:
    """One filled shape per level: top to small as a pyramid, inactive to suspect as grey bands below.

    The shapes are fixed in size (the model's picture); the text beside each
    level gives its customers and its share of revenue.
    """
    by_level = {lv.level: lv for lv in summary.levels}
    apex = len(_ACTIVE) * _BAND + 0.4
    fig = go.Figure()
    annotations = []
    for i, level in enumerate(_ACTIVE):
        low, high = (len(_ACTIVE) - 1 - i) * _BAND, (len(_ACTIVE) - i) * _BAND
        w_low, w_high = _half_width(low, apex), _half_width(high, apex)
        row = by_level.get(level)
        text = t(
            "chart.pyramid.level_text",
            level=label(level),
            customers=number(row.customers if row else 0),
            share=percent(row.revenue_share if row else 0.0),
            basis=label(basis).lower(),
        )
        fig.add_trace(
            go.Scatter(
                x=[-w_low, w_low, w_high, -w_high, -w_low],
                y=[low, low, high, high, low],
                fill="toself",
                mode="lines",
                line={"color": "white", "width": 2},
                fillcolor=LEVEL_COLOURS[level],
                name=label(level),
                hoverinfo="text",
                text=text,
                showlegend=False,
            )
        )
        annotations.append((low + _BAND / 2, text, False))
    for j, level in enumerate(_OTHERS):
        high = -_GAP - j * _BAND
        low = high - _BAND * 0.8
        row = by_level.get(level)
        text = t("chart.pyramid.other_text", level=label(level), customers=number(row.customers if row else 0))
        fig.add_trace(
            go.Scatter(
                x=[-1, 1, 1, -1, -1],
                y=[low, low, high, high, low],
                fill="toself",
                mode="lines",
                line={"color": MUTED, "width": 1, "dash": "dot"},
                fillcolor=LEVEL_COLOURS[level],
                name=label(level),
                hoverinfo="text",
                text=text,
                showlegend=False,
            )
        )
        annotations.append(((low + high) / 2, text, True))
    for y, text, muted in annotations:
        fig.add_annotation(
            x=_LABEL_X,
            y=y,
            text=text,
            showarrow=False,
            xanchor="left",
            font={"color": MUTED if muted else None, "size": 13},
        )
    fig.update_xaxes(visible=False, range=[-1.05, 2.9], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-_GAP - len(_OTHERS) * _BAND, apex + 0.1], fixedrange=True)
    title = t("chart.pyramid.title", basis=label(basis).lower())
    return styled(fig, title, height=520)
