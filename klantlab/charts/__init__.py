"""Pure functions: data from the workbook or an analysis result -> plotly Figure."""

from klantlab.charts.concentration import concentration_figure
from klantlab.charts.customer_pyramid import pyramid_figure
from klantlab.charts.migration import migration_heatmap, migration_sankey
from klantlab.charts.potential import attention_figure, potential_figure

__all__ = [
    "attention_figure",
    "concentration_figure",
    "migration_heatmap",
    "migration_sankey",
    "potential_figure",
    "pyramid_figure",
]
