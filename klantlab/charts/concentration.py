"""The concentration curve (Pareto / Lorenz): how few customers make most of the value."""

from __future__ import annotations

import plotly.graph_objects as go

from klantlab.analysis import ParetoResult
from klantlab.charts.style import ACCENT, LEVEL_COLOURS, MUTED, styled
from klantlab.i18n import label, number, percent, t
from klantlab.model import Basis, CustomerLevel

__all__ = ["concentration_figure", "pareto_sentence"]


def pareto_sentence(result: ParetoResult, basis: Basis = Basis.revenue, key: str = "chart.pareto.sentence") -> str:
    """ "165 klanten (9,2 % van de actieve klanten) maken 80 % van de omzet; Gini 0,87." (or the chart's short form)."""
    return t(
        key,
        customers=number(result.customers),
        customer_share=percent(result.customer_share),
        share=percent(result.threshold, 0),
        basis=label(Basis(basis)).lower(),
        gini=number(result.gini, 2),
    )


def concentration_figure(result: ParetoResult, basis: Basis = Basis.revenue) -> go.Figure:
    """Cumulative share of value against share of customers (best first), with the Pareto point marked.

    The curve carries the result's downsampled points (a few hundred,
    whatever the number of customers); the diagonal is "everyone equal".
    """
    basis_name = label(Basis(basis)).lower()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", line={"color": MUTED, "dash": "dot", "width": 1},
            name=t("chart.concentration.equal"), hoverinfo="skip",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=result.curve_customer_share,
            y=result.curve_value_share,
            mode="lines",
            line={"color": LEVEL_COLOURS[CustomerLevel.top], "width": 3},
            fill="tonexty",
            fillcolor="rgba(249, 115, 22, 0.12)",
            name=t("chart.concentration.curve", basis=basis_name),
            hovertemplate=t("chart.concentration.hover", basis=basis_name) + "<extra></extra>",
        )
    )
    text = pareto_sentence(result, basis, "chart.concentration.point")
    fig.add_trace(
        go.Scatter(
            x=[result.customer_share], y=[result.threshold], mode="markers",
            marker={"color": ACCENT, "size": 11}, name=text, hoverinfo="name",
        )
    )  # fmt: skip
    fig.add_annotation(
        x=result.customer_share, y=result.threshold, text=text, showarrow=True, arrowhead=2, ax=60, ay=40,
        xanchor="left", font={"color": ACCENT},
    )  # fmt: skip
    fig.update_xaxes(title=t("chart.concentration.x"), tickformat=".0%", range=[0, 1], showgrid=True, gridcolor="#eee")
    fig.update_yaxes(
        title=t("chart.concentration.y", basis=basis_name), tickformat=".0%", range=[0, 1.02], showgrid=True,
        gridcolor="#eee",
    )  # fmt: skip
    title = t("chart.concentration.title", basis=basis_name, gini=number(result.gini, 2))
    fig = styled(fig, title, height=460)
    fig.update_layout(showlegend=False)
    return fig
