"""Showing a plotly figure inside a widget without the weight of a FigureWidget.

A ``go.FigureWidget`` carries the whole plotly.js bundle in its widget state
per instance; a plain figure sent as plotly's own mime type weighs only its
data, and JupyterLab and Voilà render it with the extension plotly ships.
"""

from __future__ import annotations

import ipywidgets as w
import plotly.graph_objects as go
import plotly.io as pio

__all__ = ["figure_output", "show_figure"]

_RENDERER = "plotly_mimetype"


def show_figure(output: w.Output, fig: go.Figure) -> None:
    """Replace what ``output`` shows with ``fig``."""
    output.clear_output(wait=True)
    with output:
        pio.show(fig, renderer=_RENDERER, config={"displaylogo": False, "responsive": True})


def figure_output(fig: go.Figure) -> w.Output:
    """An Output widget showing ``fig``."""
    output = w.Output(layout=w.Layout(width="100%"))
    show_figure(output, fig)
    return output
