"""Showing a plotly figure inside a widget without the weight of a FigureWidget.

A ``go.FigureWidget`` carries the whole plotly.js bundle in its widget state
per instance; a plain figure sent as plotly's own mime type weighs only its
data, and JupyterLab and Voilà render it with the extension plotly ships.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import ipywidgets as w
import plotly.graph_objects as go
import plotly.io as pio

from klantlab.i18n import get_language

__all__ = ["CONFIG", "figure_bundle", "figure_output", "show_figure", "show_figure_of"]

_MIME = "application/vnd.plotly.v1+json"
#: plotly.js shows a "Share chart" button that uploads the figure to Plotly's cloud
#: unless told not to; a client's figures never leave the machine. No "responsive":
#: it sizes the plot to 100 % of its container's height, which is 0 in an Output.
CONFIG = {"displaylogo": False, "showSendToCloud": False, "modeBarButtons": [["toImage"]], "scrollZoom": False}


def _fixed(layout: dict) -> dict:
    """The layout with dragging and zooming off: one accidental drag made a chart meaningless, with no way back."""
    fixed = {**layout, "dragmode": False}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            fixed[name] = {**axis, "fixedrange": True}
    for name in ("xaxis", "yaxis"):  # a chart that never named its axes still has the default ones
        fixed.setdefault(name, {"fixedrange": True})
    return fixed


def figure_bundle(fig: go.Figure) -> dict:
    """The display data of ``fig`` in plotly's own mime type (figure JSON, no plotly.js)."""
    spec = json.loads(pio.to_json(fig, validate=False))
    spec["layout"] = _fixed(spec.get("layout", {}))
    spec["config"] = CONFIG
    return {_MIME: spec}


def show_figure(output: w.Output, fig: go.Figure) -> None:
    """Replace what ``output`` shows with ``fig`` (works inside and outside a kernel)."""
    output.outputs = ({"output_type": "display_data", "data": figure_bundle(fig), "metadata": {}},)


def show_figure_of(output: w.Output, key: object, build: Callable[[], go.Figure]) -> None:
    """Show ``build()`` in ``output`` unless it already shows the figure made from the same ``key``.

    ``key`` is everything the figure is drawn from (in the active language);
    building a plotly figure costs 30–80 ms, so an edit that does not touch a
    chart (an emotion set on the wall, a name typed) does not pay for it.
    """
    key = (get_language(), key)
    if getattr(output, "_klantlab_figure_key", None) == key:
        return
    show_figure(output, build())
    output._klantlab_figure_key = key


def figure_output(fig: go.Figure) -> w.Output:
    """An Output widget showing ``fig``, as wide as the box it is in (no margin: 100 % plus one is wider)."""
    output = w.Output(layout=w.Layout(width="100%", margin="0"))
    show_figure(output, fig)
    return output
