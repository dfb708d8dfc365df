"""Migration between two periods: the matrix as a heatmap, and the same flows as a Sankey diagram."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from klantlab.analysis import MigrationResult
from klantlab.charts.matrix import count_heatmap
from klantlab.charts.style import LEVEL_COLOURS, MUTED, level_name, styled
from klantlab.i18n import number, t
from klantlab.model import CustomerLevel, ThresholdPreset

__all__ = ["migration_heatmap", "migration_label", "migration_sankey"]

_EXTRA_COLOURS = {"not_active": "#d1d5db", "lost": "#9ca3af"}


def migration_label(key: str, preset: ThresholdPreset) -> str:
    """A row or column of the migration matrix by name: a level, "niet actief" or "verloren"."""
    if key in ("not_active", "lost"):
        return t(f"migration.{key}")
    return level_name(CustomerLevel(key), preset)


def _colour(key: str) -> str:
    return _EXTRA_COLOURS.get(key) or LEVEL_COLOURS[CustomerLevel(key)]


def _stack(sizes: np.ndarray) -> list[float]:
    """Vertical centres (0 top, 1 bottom) of nodes of these sizes stacked in order with a small gap."""
    gap = 0.03
    total = max(float(sizes.sum()), 1.0)
    heights = (1 - gap * (len(sizes) - 1)) * sizes / total
    tops = np.concatenate([[0.0], np.cumsum(heights + gap)[:-1]])
    return [float(min(max(top + height / 2, 0.001), 0.999)) for top, height in zip(tops, heights, strict=True)]


def migration_heatmap(result: MigrationResult, preset: ThresholdPreset = ThresholdPreset.curry) -> go.Figure:
    """Customers per (level before, level now); the diagonal is "stayed", above it "moved up"."""
    counts = result.customers
    rows = [migration_label(key, preset) for key in counts.index]
    columns = [migration_label(key, preset) for key in counts.columns]
    fig = count_heatmap(
        counts, rows, columns, "#fff7ed", LEVEL_COLOURS[CustomerLevel.large], t("chart.migration.hover")
    )
    fig.update_yaxes(title=t("chart.migration.previous"))
    fig.update_xaxes(title=t("chart.migration.current"))
    churn = result.churn
    title = t("chart.migration.title", lost=number(churn.lost), new=number(churn.new),
              reactivated=number(churn.reactivated))  # fmt: skip
    if churn.unknown:
        title = t("chart.migration.title_unknown", lost=number(churn.lost), unknown=number(churn.unknown))
    fig = styled(fig, title, height=440)
    fig.update_layout(margin={"t": 130})
    return fig


def migration_sankey(result: MigrationResult, preset: ThresholdPreset = ThresholdPreset.curry) -> go.Figure:
    """The same moves as flows from the earlier period (left) to the later one (right)."""
    counts = result.customers
    left, right = list(counts.index), list(counts.columns)
    labels = [migration_label(key, preset) for key in left] + [migration_label(key, preset) for key in right]
    colours = [_colour(key) for key in left] + [_colour(key) for key in right]
    sources, targets, values = [], [], []
    for i, j in zip(*np.nonzero(counts.to_numpy()), strict=True):
        sources.append(int(i))
        targets.append(len(left) + int(j))
        values.append(int(counts.iat[i, j]))
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": labels,
                "color": colours,
                "pad": 14,
                "thickness": 18,
                "line": {"color": MUTED, "width": 0.5},
            },
            link={"source": sources, "target": targets, "value": values, "color": "rgba(156, 163, 175, 0.35)"},
            valueformat=",d",
        )
    )
    return styled(fig, t("chart.migration.sankey_title"), height=480)
