"""Customer journey charts: the journey map, the expectation-vs-performance gaps and the moments-of-truth overlap.

The map has one column per phase with the touchpoints in it as cards
(coloured by emotion, the border telling whether it is a moment of truth
inside-out, outside-in or both) and the emotion curve across the whole
journey underneath, one point per touchpoint in journey order. Up to twelve
cards per column; more are summarised as "+ n meer" (the curve keeps them
all). Labels are escaped: plotly renders a subset of HTML.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from klantlab.analysis.journey import gaps, journey_table, overlap
from klantlab.charts.style import MUTED, TEXT, fitted_lines, plot_text, short_label, short_labels, styled
from klantlab.i18n import t
from klantlab.model import Journey

__all__ = ["EMOTION_COLOURS", "MOMENT_STYLES", "gap_figure", "journey_map_figure", "overlap_figure"]

EMOTION_COLOURS = {-2: "#fecaca", -1: "#fee2e2", 0: "#f3f4f6", 1: "#dcfce7", 2: "#bbf7d0"}
_CURVE_COLOURS = {-2: "#dc2626", -1: "#f87171", 0: "#9ca3af", 1: "#4ade80", 2: "#16a34a"}
#: Border per kind of moment of truth: (colour, width, dash).
MOMENT_STYLES = {
    "both": ("#7c2d12", 3.0, "solid"),
    "inside_only": ("#c2410c", 2.0, "dash"),
    "outside_only": ("#1d4ed8", 2.0, "solid"),
    "none": ("#d1d5db", 1.0, "solid"),
}
MAX_CARDS = 12
_CARD_TOP, _HEADER = 0.80, 0.84


def _kind(inside_out: bool, mentions: int, min_mentions: int) -> str:
    outside = mentions >= min_mentions
    return "both" if inside_out and outside else "inside_only" if inside_out else "outside_only" if outside else "none"


def journey_map_figure(journey: Journey, min_mentions: int = 1, title: str | None = None) -> go.Figure:
    """The journey map: phases as columns with their touchpoints, the emotion curve underneath."""
    table = journey_table(journey)
    phases = journey.phases
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.7, 0.3], vertical_spacing=0.04)
    shapes, annotations = [], []
    curve_x, curve_y, curve_text, curve_size, curve_symbol = [], [], [], [], []
    for column, phase in enumerate(phases):
        rows = table[table["phase_id"] == phase.id]
        annotations.append({"x": column, "y": 1.0, "xref": "x", "yref": "y", "yanchor": "top", "showarrow": False,
                            "text": f"<b>{short_label(phase.shown_name, 30)}</b><br><i>"
                                    + "<br>".join(plot_text(line) for line in textwrap.wrap(phase.shown_sentence, 34,
                                                                                       max_lines=2, placeholder="…"))
                                    + "</i>", "font": {"size": 11, "color": TEXT}})  # fmt: skip
        shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": column - 0.48, "x1": column + 0.48, "y0": 0,
                       "y1": 1.02, "fillcolor": "#fafafa", "line": {"width": 0}, "layer": "below"})  # fmt: skip
        count = len(rows)
        shown = rows if count <= MAX_CARDS else rows.iloc[: MAX_CARDS - 1]
        slots = len(shown) + (count > MAX_CARDS)
        height = min(0.15, (_CARD_TOP - 0.02) / max(slots, 1))
        lines, size = (3, 11) if height >= 0.12 else (2, 10) if height >= 0.075 else (1, 9)
        centres_x, centres_y, names = [], [], []
        for index, row in enumerate(shown.itertuples()):
            top = _CARD_TOP - index * height
            colour, width, dash = MOMENT_STYLES[_kind(row.inside_out, row.mentions, min_mentions)]
            shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": column - 0.45, "x1": column + 0.45,
                           "y0": top - height + 0.006, "y1": top, "fillcolor": EMOTION_COLOURS[row.emotion],
                           "line": {"color": colour, "width": width, "dash": dash}})  # fmt: skip
            width = 36 if lines > 1 else 46  # one small line holds more characters
            # A 120-letter word is cut short: a whole line of it is wider than a card (capitals more so).
            wrapped = fitted_lines(row.description, width, lines, word=width // 2)
            annotations.append({"x": column, "y": top - height / 2, "xref": "x", "yref": "y", "showarrow": False,
                                "text": "<br>".join(plot_text(line) for line in wrapped),
                                "font": {"size": size, "color": TEXT}})  # fmt: skip
            centres_x.append(column)
            centres_y.append(top - height / 2)
            names.append(plot_text(row.description))
        if count > MAX_CARDS:
            annotations.append({"x": column, "y": _CARD_TOP - (MAX_CARDS - 0.5) * height, "xref": "x", "yref": "y",
                                "showarrow": False, "font": {"size": 10, "color": MUTED},
                                "text": plot_text(t("chart.journey.more", count=count - len(shown)))})  # fmt: skip
        fig.add_trace(
            go.Scatter(x=centres_x, y=centres_y, mode="markers", marker={"size": 20, "opacity": 0}, text=names,
                       hovertemplate="%{text}<extra></extra>", name=plot_text(phase.shown_name), showlegend=False),
            row=1, col=1,
        )  # fmt: skip
        for index, row in enumerate(rows.itertuples()):
            curve_x.append(column - 0.4 + 0.8 * (index + 0.5) / count)
            curve_y.append(row.emotion)
            curve_text.append(plot_text(row.description))
            curve_size.append(7 + 3 * (2 if pd.isna(row.intensity) else int(row.intensity)))
            curve_symbol.append("star" if _kind(row.inside_out, row.mentions, min_mentions) == "both" else "circle")
    fig.add_trace(
        go.Scatter(x=curve_x, y=curve_y, mode="lines+markers", text=curve_text, name=t("chart.journey.emotion"),
                   line={"color": "#c2410c", "width": 2, "shape": "linear"},
                   marker={"size": curve_size, "symbol": curve_symbol, "color": [_CURVE_COLOURS[y] for y in curve_y],
                           "line": {"color": "#7c2d12", "width": 1}},
                   hovertemplate="%{text}<extra></extra>", showlegend=False),
        row=2, col=1,
    )  # fmt: skip
    if not phases or table.empty:
        empty = plot_text(t("chart.journey.empty"))
        annotations.append({"x": max(len(phases) - 1, 0) / 2, "y": 0.45, "xref": "x", "yref": "y", "showarrow": False,
                            "text": empty, "font": {"size": 14, "color": MUTED}})  # fmt: skip
    for kind in ("both", "inside_only", "outside_only"):
        colour, width, dash = MOMENT_STYLES[kind]
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=t(f"chart.journey.moment.{kind}"),
                                 line={"color": colour, "width": width, "dash": dash}), row=1, col=1)  # fmt: skip
    fig.update_layout(shapes=shapes, annotations=annotations)
    fig.update_xaxes(visible=False, range=[-0.5, max(len(phases), 1) - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 1.03], fixedrange=True, row=1, col=1)
    fig.update_yaxes(range=[-2.6, 2.6], tickvals=[-2, 0, 2], fixedrange=True, zeroline=True, zerolinecolor="#d1d5db",
                     ticktext=[t("chart.journey.negative"), t("chart.journey.neutral"), t("chart.journey.positive")],
                     row=2, col=1)  # fmt: skip
    fig = styled(fig, title or t("chart.journey.title"), height=820)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0}, margin={"b": 60})
    return fig


def gap_figure(journey: Journey) -> go.Figure:
    """Expectation and performance per touchpoint (1–5), the largest shortfall at the top."""
    table = gaps(journey)
    labels = short_labels(table["description"], 60)  # the hover has the full text
    full = [plot_text(text) for text in table["description"]]
    fig = go.Figure()
    for _, row in table.iterrows():
        colour = "#b91c1c" if row["gap"] < 0 else "#15803d" if row["gap"] > 0 else MUTED
        fig.add_trace(go.Scatter(x=[row["expectation"], row["performance"]], y=[labels[_]] * 2, mode="lines",
                                 line={"color": colour, "width": 3}, hoverinfo="skip", showlegend=False))  # fmt: skip
    tick = {"symbol": "line-ns-open", "size": 16, "color": TEXT, "line": {"width": 2}}  # i18n: not user text
    fig.add_trace(go.Scatter(x=table["expectation"].astype(float), y=labels, mode="markers", hovertext=full,
                             hoverinfo="x+text+name", name=t("chart.journey.expectation"), marker=tick))  # fmt: skip
    fig.add_trace(go.Scatter(x=table["performance"].astype(float), y=labels, mode="markers", hovertext=full,
                             hoverinfo="x+text+name", name=t("chart.journey.performance"),
                             marker={"size": 11, "color": "#c2410c"}))  # fmt: skip
    fig.update_xaxes(range=[0.5, 5.5], dtick=1, title=t("chart.journey.score"), showgrid=True, gridcolor="#eee")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig = styled(fig, t("chart.journey.gap_title"), height=max(300, 150 + 28 * len(table)))
    fig.update_layout(legend={"orientation": "h", "y": -0.08, "yanchor": "top", "x": 0}, margin={"b": 70})
    return fig


def overlap_figure(journey: Journey, min_mentions: int = 1) -> go.Figure:
    """Inside-out (marked by the team) against outside-in (named by customers): the names in each of the groups."""
    groups = overlap(journey, min_mentions)
    cells = {
        (0, 0): groups.both,
        (0, 1): groups.outside_only,
        (1, 0): groups.inside_only,
    }
    z = [[len(groups.both), len(groups.outside_only)], [len(groups.inside_only), 0]]
    text, full = [], []
    for row in range(2):
        line, hover = [], []
        for column in range(2):
            items = cells.get((row, column), [])
            names = [short_label(tp.description, 40) for tp in items[:8]]
            if len(items) > 8:
                names.append(plot_text(t("chart.journey.more", count=len(items) - 8)))
            line.append("<br>".join(names))
            hover.append("".join(f"<br>{plot_text(tp.description)}" for tp in items))  # every one in full
        text.append(line)
        full.append(hover)
    fig = go.Figure(
        go.Heatmap(z=z, x=[t("chart.journey.team_yes"), t("chart.journey.team_no")],
                   y=[t("chart.journey.customers_yes", count=min_mentions), t("chart.journey.customers_no")],
                   text=text, texttemplate="%{text}", showscale=False, xgap=3, ygap=3, customdata=full,
                   colorscale=[[0, "#f9fafb"], [1, "#fed7aa"]], hovertemplate="%{z}%{customdata}<extra></extra>")
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return styled(fig, t("chart.journey.overlap_title", both=len(groups.both)), height=520)
