"""A matrix of customer counts as a heatmap with the count written in every cell."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from klantlab.i18n import number

__all__ = ["count_heatmap"]


def count_heatmap(
    matrix: pd.DataFrame, rows: list[str], columns: list[str], low: str, high: str, hover: str
) -> go.Figure:
    """``matrix`` (counts) drawn with the first row at the top, coloured from ``low`` to ``high``."""
    values = matrix.to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=columns,
            y=rows,
            text=[[number(value) for value in row] for row in values],
            texttemplate="%{text}",
            colorscale=[[0, low], [1, high]],
            showscale=False,
            hovertemplate=hover + "<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return fig
