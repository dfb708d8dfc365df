"""Pure functions: data from the workbook or an analysis result -> plotly Figure."""

from klantlab.charts.pyramid_summary import pyramid_summary_figure

__all__ = ["pyramid_summary_figure"]
