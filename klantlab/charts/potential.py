"""Potential against current value, and attention against value, per level."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from klantlab.analysis import PotentialResult
from klantlab.charts.matrix import count_heatmap
from klantlab.charts.style import ACCENT, LEVEL_COLOURS, MUTED, level_name, styled
from klantlab.i18n import label, number, percent, t
from klantlab.model import Basis, CustomerLevel, ThresholdPreset

__all__ = ["attention_figure", "potential_figure"]


def potential_figure(result: PotentialResult, preset: ThresholdPreset = ThresholdPreset.curry) -> go.Figure:
    """Customers per level now (rows) and the level their potential reaches (columns).

    Cells right of the diagonal hold customers who could move up; those
    outside the top are outlined.
    """
    matrix = result.matrix
    rows = [level_name(level, preset) for level in matrix.index]
    columns = [level_name(level, preset) for level in matrix.columns]
    fig = count_heatmap(matrix, rows, columns, "#eff6ff", "#93c5fd", t("chart.potential.hover"))
    for i, level in enumerate(matrix.index):
        for j in range(min(i, len(columns) - 1)):  # reaching only the lowest level is not highlighted
            if level != CustomerLevel.top.value and matrix.iat[i, j]:
                fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                              line={"color": ACCENT, "width": 3})  # fmt: skip
    fig.update_yaxes(title=t("chart.potential.now"))
    fig.update_xaxes(title=t("chart.potential.reach"))
    title = t("chart.potential.title", count=number(len(result.highlighted)))
    fig = styled(fig, title, height=420)
    fig.update_layout(margin={"t": 130})
    return fig


def attention_figure(
    attention: pd.DataFrame, basis: Basis = Basis.revenue, preset: ThresholdPreset = ThresholdPreset.curry
) -> go.Figure:
    """Per level: its share of the value beside its share of the contact moments."""
    names = [level_name(level, preset) for level in attention["level"]]
    basis_name = label(Basis(basis)).lower()
    fig = go.Figure()
    fig.add_trace(
        go.Bar(x=names, y=attention["value_share"], name=t("chart.attention.value", basis=basis_name),
               marker_color=LEVEL_COLOURS[CustomerLevel.large], text=[percent(v, 0) for v in attention["value_share"]],
               textposition="outside")
    )  # fmt: skip
    fig.add_trace(
        go.Bar(x=names, y=attention["contact_share"], name=t("chart.attention.contacts"), marker_color=MUTED,
               text=[percent(v, 0) for v in attention["contact_share"]], textposition="outside")
    )  # fmt: skip
    fig.update_yaxes(tickformat=".0%", showgrid=True, gridcolor="#eee", rangemode="tozero")
    fig = styled(fig, t("chart.attention.title", basis=basis_name), height=420)
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.12})
    return fig
