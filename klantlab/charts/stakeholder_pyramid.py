"""The klanttype-piramide as a wall of post-its, and the influence × attitude grid.

Six layers in the order of the model; in each layer the parties inside the
customer's organisation stand left, those outside right. A post-it's colour is
the attitude, a dotted border and a question mark mean "still an assumption",
a star a possible strategic partner. Up to nine post-its per layer and side
are shown; more are summarised as "+ n meer" (all are in the hover and in the
follow-up lists). A post-it shows the name and the organisation, as specific
as the team wrote them. Names are escaped: plotly renders a subset of HTML.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from klantlab.analysis.stakeholder_followup import ATTITUDE_ORDER, ROLE_ORDER, by_layer, influence_grid
from klantlab.charts.style import MUTED, TEXT, fitted_lines, plot_text, short_label, styled
from klantlab.i18n import label, t
from klantlab.model import Attitude, Side, Stakeholder

__all__ = ["ATTITUDE_COLOURS", "influence_grid_figure", "stakeholder_pyramid_figure"]

ATTITUDE_COLOURS = {
    Attitude.supporter: ("#dcfce7", "#15803d"),
    Attitude.neutral: ("#fef9c3", "#a16207"),
    Attitude.opponent: ("#fee2e2", "#b91c1c"),
}
COLUMNS, MAX_ROWS = 3, 3
_SIDE_X = {Side.inside: 0.0, Side.outside: 2.15}  # left edge of each side's area; each is 2 wide
_SIDE_WIDTH = 2.0
_LABEL_X = -0.08
_PYRAMID = (-1.95, -0.95)  # x range of the pyramid silhouette
#: Per number of rows in a layer: characters per line, lines and font size that fit a post-it of a chart about
#: 800 px wide (JupyterLab at 1280 px with the file browser open), where a post-it is about 76 x 85 px in one row.
_TEXT_FIT = {1: (14, 4, 10), 2: (14, 3, 9), 3: (14, 2, 8)}
_LAYER_COLOURS = ("#7c2d12", "#9a3412", "#c2410c", "#ea580c", "#fb923c", "#fdba74")


def _post_it_text(entry: Stakeholder, rows: int) -> str:
    """The name and, in italics, the organisation, wrapped to the post-it; shortened only when they do not fit.

    Fewer lines when the layer is full. The full texts are in the hover and in
    the follow-up lists. Escaped for plotly.
    """
    width, lines = _TEXT_FIT[rows][:2]
    prefix = ("★ " if entry.strategic_partner else "") + ("" if entry.verified else "? ")
    name = fitted_lines(prefix + entry.name, width, lines - 1 if entry.organisation else lines)
    shown = [plot_text(line) for line in name]
    if entry.organisation:
        shown += [f"<i>{plot_text(line)}</i>" for line in fitted_lines(entry.organisation, width, lines - len(name))]
    return "<br>".join(shown)


def _hover(entry: Stakeholder) -> str:
    parts = [f"<b>{plot_text(entry.name)}</b>"]
    if entry.organisation:
        parts.append(plot_text(entry.organisation))
    parts.append(
        t(
            "chart.stakeholders.hover",
            side=label(entry.side),
            influence=entry.influence,
            attitude=label(entry.attitude).lower(),
            checked=plot_text(entry.verification_method or t("chart.stakeholders.checked"))
            if entry.verified
            else t("chart.stakeholders.assumption"),
        )
    )
    if entry.motives:
        parts.append(short_label(entry.motives, 90))
    return "<br>".join(parts)


def _layer_shape(index: int) -> tuple[list[float], list[float]]:
    """The trapezoid of layer ``index`` (0 = top) in the pyramid silhouette."""
    left, right = _PYRAMID
    centre, half = (left + right) / 2, (right - left) / 2
    top, bottom = 6 - index, 5 - index

    def width(y: float) -> float:
        return half * (0.18 + 0.82 * (6 - y) / 6)

    y0, y1 = bottom + 0.04, top - 0.04
    xs = [centre - width(y0), centre + width(y0), centre + width(y1), centre - width(y1), centre - width(y0)]
    return xs, [y0, y0, y1, y1, y0]


def stakeholder_pyramid_figure(entries: Sequence[Stakeholder], title: str | None = None) -> go.Figure:
    """The six layers with the entries of one segment on them as post-its (see the module text)."""
    fig = go.Figure()
    shapes: list[dict] = []
    annotations: list[dict] = []
    layers = by_layer(entries)
    for index, role in enumerate(ROLE_ORDER):
        xs, ys = _layer_shape(index)
        fig.add_trace(
            go.Scatter(x=xs, y=ys, fill="toself", mode="lines", fillcolor=_LAYER_COLOURS[index],
                       line={"color": "white", "width": 1}, hoverinfo="skip", showlegend=False,
                       name=label(role), legendgroup=role.value)
        )  # fmt: skip
        annotations.append({"x": _LABEL_X, "y": 5.5 - index, "text": f"<b>{plot_text(label(role))}</b>",
                            "xanchor": "right", "showarrow": False, "font": {"size": 13, "color": TEXT}})  # fmt: skip
        shapes.append({"type": "line", "x0": _PYRAMID[0], "x1": _SIDE_X[Side.outside] + _SIDE_WIDTH, "y0": 5 - index,
                       "y1": 5 - index, "line": {"color": "#e5e7eb", "width": 1}, "layer": "below"})  # fmt: skip
        centres_x, centres_y, hovers, names = [], [], [], []
        for side in Side:
            placed = [entry for entry in layers[role] if entry.side == side]
            capacity = COLUMNS * MAX_ROWS
            shown = placed if len(placed) <= capacity else placed[: capacity - 1]
            rows = max(1, math.ceil((len(shown) + (len(placed) > capacity)) / COLUMNS))
            height = (0.84 - 0.05 * (rows - 1)) / rows
            width = _SIDE_WIDTH / COLUMNS - 0.06
            font = _TEXT_FIT[rows][2]
            for slot, entry in enumerate([*shown, None] if len(placed) > capacity else shown):
                row, column = divmod(slot, COLUMNS)
                x0 = _SIDE_X[side] + column * _SIDE_WIDTH / COLUMNS + 0.03
                y1 = 6 - index - 0.08 - row * (height + 0.05)
                x_mid, y_mid = x0 + width / 2, y1 - height / 2
                if entry is None:  # the "+ n more" tile
                    more = len(placed) - len(shown)
                    annotations.append({"x": x_mid, "y": y_mid, "text": t("chart.stakeholders.more", count=more),
                                        "showarrow": False, "font": {"size": font, "color": MUTED}})  # fmt: skip
                    continue
                fill, border = ATTITUDE_COLOURS[entry.attitude]
                shapes.append({"type": "rect", "x0": x0, "x1": x0 + width, "y0": y1 - height, "y1": y1,
                               "fillcolor": fill, "line": {"color": border, "width": 1.5 if entry.verified else 1.2,
                                                           "dash": "solid" if entry.verified else "dot"}})  # fmt: skip
                annotations.append({"x": x_mid, "y": y_mid, "text": _post_it_text(entry, rows), "showarrow": False,
                                    "font": {"size": font, "color": TEXT}})  # fmt: skip
                centres_x.append(x_mid)
                centres_y.append(y_mid)
                hovers.append(_hover(entry))
                names.append(plot_text(entry.name))
        # One trace per layer carries its entries (names and hover); the post-its are the shapes under it.
        fig.add_trace(
            go.Scatter(x=centres_x, y=centres_y, mode="markers", marker={"size": 28, "opacity": 0},
                       hovertext=hovers, hoverinfo="text", text=names, name=label(role), legendgroup=role.value,
                       showlegend=False)
        )  # fmt: skip
    for side in Side:
        annotations.append({"x": _SIDE_X[side] + _SIDE_WIDTH / 2, "y": 6.08, "text": f"<b>{plot_text(label(side))}</b>",
                            "showarrow": False, "yanchor": "bottom", "font": {"size": 13, "color": TEXT}})  # fmt: skip
    if not entries:
        annotations.append({"x": _SIDE_X[Side.outside], "y": 3, "text": plot_text(t("chart.stakeholders.empty")),
                            "showarrow": False, "font": {"size": 15, "color": MUTED}})  # fmt: skip
    for attitude in (Attitude.supporter, Attitude.neutral, Attitude.opponent):
        fill, border = ATTITUDE_COLOURS[attitude]
        marker = {"symbol": "square", "size": 14, "color": fill, "line": {"color": border, "width": 1.5}}
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label(attitude), marker=marker))
    for checked in (True, False):
        key = "chart.stakeholders.checked" if checked else "chart.stakeholders.assumption_legend"
        line = {"color": TEXT, "width": 1.5, "dash": "solid" if checked else "dot"}
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=t(key), line=line))
    fig.update_layout(shapes=shapes, annotations=annotations)
    fig.update_xaxes(visible=False, range=[_PYRAMID[0] - 0.05, _SIDE_X[Side.outside] + _SIDE_WIDTH + 0.05],
                     fixedrange=True)  # fmt: skip
    fig.update_yaxes(visible=False, range=[-0.05, 6.45], fixedrange=True)
    fig = styled(fig, title or t("chart.stakeholders.title"), height=780)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": 0.0, "x": 0.0, "entrywidth": 0, "traceorder": "normal"},
        hoverlabel={"align": "left"},
        margin={"b": 60},
    )
    return fig


def influence_grid_figure(entries: Sequence[Stakeholder]) -> go.Figure:
    """Influence (5 top) against attitude: the high-influence cells left of "voorstander" are who to win first."""
    grid = influence_grid(entries)
    columns = [label(attitude) for attitude in ATTITUDE_ORDER]
    rows = [str(influence) for influence in range(5, 0, -1)]
    counts = [[len(grid[(int(row), attitude)]) for attitude in ATTITUDE_ORDER] for row in rows]
    texts, full = [], []
    for row in rows:
        line, hover = [], []
        for attitude in ATTITUDE_ORDER:
            cell = grid[(int(row), attitude)]
            names = [short_label(e.name, 26) for e in cell]
            extra = t("chart.stakeholders.more", count=len(names) - 3) if len(names) > 3 else ""
            line.append("<br>".join(names[:3] + ([extra] if extra else [])))
            hover.append("".join(f"<br>{plot_text(e.name)}" for e in cell))  # every name in full
        texts.append(line)
        full.append(hover)
    fig = go.Figure(
        go.Heatmap(z=counts, x=columns, y=rows, text=texts, texttemplate="%{text}", showscale=False,
                   colorscale=[[0, "#f9fafb"], [1, "#fde68a"]], xgap=3, ygap=3, customdata=full,
                   hovertemplate=t("chart.stakeholders.grid_hover") + "%{customdata}<extra></extra>")
    )  # fmt: skip
    fig.add_shape(type="rect", x0=-0.5, x1=1.5, y0=-0.5, y1=1.5, line={"color": "#b91c1c", "width": 3})
    fig.add_annotation(x=0.5, y=-0.5, yshift=-4, text=plot_text(t("chart.stakeholders.win_first")), showarrow=False,
                       yanchor="top", font={"color": "#b91c1c"})  # fmt: skip
    fig.update_yaxes(title=t("chart.stakeholders.influence"), autorange="reversed", type="category")
    fig.update_xaxes(title=t("chart.stakeholders.attitude"), side="top", type="category")
    fig = styled(fig, t("chart.stakeholders.grid_title"), height=540)
    fig.update_layout(margin={"t": 110})  # room for the title above the attitude axis, which is on top
    return fig
