"""The customer pyramid: levels drawn as a pyramid, those who do not buy (now) set apart below it.

Drawn from a fresh :class:`~klantlab.analysis.PyramidResult` or from the
summary saved in the workbook; the same picture either way.
"""

from __future__ import annotations

import plotly.graph_objects as go

from klantlab.analysis import TEXTBOOK_SHARES, PyramidResult
from klantlab.charts.style import LEVEL_COLOURS, MUTED, level_name, styled
from klantlab.i18n import label, number, percent, t
from klantlab.model import Basis, CustomerLevel, PyramidSummary, ThresholdPreset

__all__ = ["pyramid_figure"]

_ACTIVE = [CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small]
_OTHERS = [CustomerLevel.inactive, CustomerLevel.prospect, CustomerLevel.suspect]
_BAND = 1.0  # height of one level
_GAP = 0.5  # space between the pyramid and the non-buyers
_LABEL_X = 1.12  # where the level texts start, right of the widest band


def _half_width(y: float, apex: float) -> float:
    return (apex - y) / apex


def _rows(source: PyramidResult | PyramidSummary) -> dict[CustomerLevel, tuple[int, float]]:
    if isinstance(source, PyramidResult):
        return {
            CustomerLevel(row.level): (int(row.customers), float(row.revenue_share))
            for row in source.levels.itertuples()
        }
    return {row.level: (row.customers, row.revenue_share) for row in source.levels}


def pyramid_figure(
    source: PyramidResult | PyramidSummary,
    basis: Basis | None = None,
    preset: ThresholdPreset | None = None,
) -> go.Figure:
    """One filled shape per level: top to small as a pyramid, inactive to suspect as grey bands below.

    The shapes are fixed in size (the model's picture); the text beside each
    level gives its customers, its share of the basis and, for the Curry and
    ABC presets, the share the textbooks quote. ``basis`` and ``preset``
    default to the result's (a saved summary: revenue and Curry).
    """
    if isinstance(source, PyramidResult):
        basis, preset = basis or source.basis, preset or source.preset
    basis, preset = Basis(basis or Basis.revenue), ThresholdPreset(preset or ThresholdPreset.curry)
    textbook = TEXTBOOK_SHARES.get(preset, (None,) * 4)
    by_level = _rows(source)
    apex = len(_ACTIVE) * _BAND + 0.4
    fig = go.Figure()
    annotations = []
    for i, level in enumerate(_ACTIVE):
        low, high = (len(_ACTIVE) - 1 - i) * _BAND, (len(_ACTIVE) - i) * _BAND
        w_low, w_high = _half_width(low, apex), _half_width(high, apex)
        customers, share = by_level.get(level, (0, 0.0))
        fields = {"level": level_name(level, preset), "customers": number(customers), "share": percent(share),
                  "basis": label(basis).lower()}  # fmt: skip
        text = t("chart.pyramid.level_text", **fields)
        # beside the level, in two lines: one line was wider than the room right of the pyramid at 640 px
        beside = t("chart.pyramid.level_label", **fields)
        if textbook[i] is not None:
            text += t("chart.pyramid.textbook", share=percent(textbook[i], 0))
            beside += t("chart.pyramid.textbook", share=percent(textbook[i], 0))
        fig.add_trace(
            go.Scatter(
                x=[-w_low, w_low, w_high, -w_high, -w_low],
                y=[low, low, high, high, low],
                fill="toself",
                mode="lines",
                line={"color": "white", "width": 2},
                fillcolor=LEVEL_COLOURS[level],
                name=level_name(level, preset),
                hoverinfo="text",
                text=text,
                showlegend=False,
            )
        )
        annotations.append((low + _BAND / 2, beside, False))
    for j, level in enumerate(_OTHERS):
        high = -_GAP - j * _BAND
        low = high - _BAND * 0.8
        customers, _ = by_level.get(level, (0, 0.0))
        text = t("chart.pyramid.other_text", level=label(level), customers=number(customers))
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
            align="left",
            font={"color": MUTED if muted else None, "size": 13},
        )
    fig.update_xaxes(visible=False, range=[-1.05, 3.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-_GAP - len(_OTHERS) * _BAND, apex + 0.1], fixedrange=True)
    title = t("chart.pyramid.title", basis=label(basis).lower())
    return styled(fig, title, height=520)
