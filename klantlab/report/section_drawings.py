"""The drawings of the deliverables' sections, from the models and their analyses (pure: data in, data out)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from klantlab.analysis import MigrationResult, ParetoResult, PyramidResult
from klantlab.analysis.journey import gaps, journey_table
from klantlab.charts.migration import migration_label
from klantlab.charts.style import LEVEL_COLOURS, MUTED, level_name, shortened
from klantlab.i18n import label, number, percent, t
from klantlab.model import Basis, CustomerLevel, Journey, PyramidSummary, Stakeholder, ThresholdPreset
from klantlab.report.boards import customer_pyramid_board, journey_board, stakeholder_board
from klantlab.report.drawings import (
    Board,
    CategoryChart,
    CurveChart,
    CurveSeries,
    HeatTable,
    Series,
)

__all__ = [
    "concentration_chart",
    "emotion_chart",
    "gap_chart",
    "journey_map",
    "level_share_chart",
    "migration_table",
    "pyramid_board",
    "ranking_chart",
    "stakeholder_map",
]

_CHOSEN, _OTHER = "#c2410c", "#fdba74"
_ACTIVE = (CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small)
#: Category names on a chart's axis are shortened to this many characters (the table beside has them whole).
_AXIS_CHARS = 40


def ranking_chart(table: pd.DataFrame) -> CategoryChart | None:
    """The segments' weighted score (1–5), best at the top, the chosen ones in the strong colour."""
    scored = table[table["score"].notna()]
    if scored.empty:
        return None
    colours = tuple(_CHOSEN if chosen else _OTHER for chosen in scored["chosen"])
    series = Series(t("chart.segments.score"), tuple(float(v) for v in scored["score"]), _OTHER, colours)
    names = tuple(shortened(str(name), _AXIS_CHARS) for name in scored["name"])
    return CategoryChart(t("chart.segments.ranking_title"), names, (series,), t("chart.segments.score"), "0.00",
                    minimum=0.0, maximum=5.0)  # fmt: skip


def _level_rows(source: PyramidResult | PyramidSummary) -> dict[CustomerLevel, tuple[int, float]]:
    if isinstance(source, PyramidResult):
        return {CustomerLevel(r.level): (int(r.customers), float(r.revenue_share)) for r in source.levels.itertuples()}
    return {row.level: (row.customers, row.revenue_share) for row in source.levels}


def level_share_chart(source: PyramidResult | PyramidSummary, basis: Basis, preset: ThresholdPreset) -> CategoryChart:
    """Per active level its share of the active customers beside its share of the value: few top customers,
    much of the value."""
    rows = _level_rows(source)
    active = sum(rows.get(level, (0, 0.0))[0] for level in _ACTIVE) or 1
    basis_name = label(basis).lower()
    customers = Series(t("report.levels.customer_share"),
                       tuple(rows.get(level, (0, 0.0))[0] / active for level in _ACTIVE), MUTED)  # fmt: skip
    value = Series(t("report.levels.value_share", basis=basis_name),
                   tuple(rows.get(level, (0, 0.0))[1] for level in _ACTIVE), LEVEL_COLOURS[CustomerLevel.large],
                   tuple(LEVEL_COLOURS[level] for level in _ACTIVE))  # fmt: skip
    names = tuple(level_name(level, preset) for level in _ACTIVE)
    return CategoryChart(t("report.levels.title", basis=basis_name), names, (customers, value), t("report.levels.axis"),
                    "0.0%", horizontal=False, minimum=0.0)  # fmt: skip


def concentration_chart(result: ParetoResult, basis: Basis) -> CurveChart:
    """The cumulative share of the value against the share of customers (best first), and everyone equal."""
    basis_name = label(basis).lower()
    curve = tuple(zip((float(x) for x in result.curve_customer_share),
                      (float(y) for y in result.curve_value_share), strict=True))  # fmt: skip
    point = t("chart.concentration.point", customers=number(result.customers),
              customer_share=percent(result.customer_share), share=percent(result.threshold, 0),
              basis=basis_name)  # fmt: skip
    return CurveChart(
        t("chart.concentration.title", basis=basis_name, gini=number(result.gini, 2)),
        (
            CurveSeries(t("chart.concentration.equal"), ((0.0, 0.0), (1.0, 1.0)), MUTED, dashed=True),
            CurveSeries(t("chart.concentration.curve", basis=basis_name), curve, LEVEL_COLOURS[CustomerLevel.top]),
            CurveSeries(point, ((float(result.customer_share), float(result.threshold)),), "#1d4ed8", marker=True),
        ),
        t("chart.concentration.x"),
        t("chart.concentration.y", basis=basis_name),
        "0%",
        "0%",
        (0.0, 1.0),
        (0.0, 1.0),
    )


def migration_table(result: MigrationResult, preset: ThresholdPreset) -> HeatTable:
    """Customers per level in the previous period (rows) and this one (columns), darker for more."""
    counts = result.customers
    churn = result.churn
    title = t("chart.migration.title", lost=number(churn.lost), new=number(churn.new),
              reactivated=number(churn.reactivated))  # fmt: skip
    if churn.unknown:
        title = t("chart.migration.title_unknown", lost=number(churn.lost), unknown=number(churn.unknown))
    return HeatTable(
        title,
        t("report.migration.corner"),
        tuple(migration_label(key, preset) for key in counts.index),
        tuple(migration_label(key, preset) for key in counts.columns),
        tuple(tuple(int(v) for v in row) for row in counts.to_numpy()),
        "#fff7ed",
        LEVEL_COLOURS[CustomerLevel.large],
    )


def gap_chart(journey: Journey) -> CategoryChart | None:
    """Expectation beside performance (1–5) per scored touchpoint, the largest shortfall at the top."""
    table = gaps(journey)
    if table.empty:
        return None
    names = tuple(shortened(str(d), _AXIS_CHARS) for d in table["description"])
    expectation = Series(t("chart.journey.expectation"), tuple(float(v) for v in table["expectation"]), "#9ca3af")
    performance = Series(t("chart.journey.performance"), tuple(float(v) for v in table["performance"]), "#c2410c")
    return CategoryChart(t("chart.journey.gap_title"), names, (expectation, performance), t("chart.journey.score"), "0",
                    minimum=0.0, maximum=5.0)  # fmt: skip


def emotion_chart(journey: Journey) -> CategoryChart | None:
    """The emotion (−2 … +2) over the touchpoints in journey order: the curve of the journey."""
    table = journey_table(journey)
    if table.empty:
        return None
    names = tuple(f"{step}. {shortened(str(d), 28)}" for step, d in enumerate(table["description"], start=1))
    series = Series(t("report.emotion.series"), tuple(float(v) for v in table["emotion"]), "#c2410c")
    marks = {-2.0: t("chart.journey.negative"), 0.0: t("chart.journey.neutral"), 2.0: t("chart.journey.positive")}
    return CategoryChart(t("report.emotion.title"), names, (series,), t("chart.journey.emotion"), "0", kind="line",
                         minimum=-2.0, maximum=2.0, value_labels=marks)  # fmt: skip


def stakeholder_map(entries: Sequence[Stakeholder], title: str) -> Board:
    """The klanttype-piramide with its parties, as a board for any box."""
    return Board(title, lambda width, height, scale: stakeholder_board(entries, width, height, scale), 2.0)


def journey_map(journey: Journey, minimum: int, title: str) -> Board:
    """The journey map, as a board for any box."""
    return Board(title, lambda width, height, scale: journey_board(journey, minimum, width, height, scale), 2.0)


def pyramid_board(source: PyramidResult | PyramidSummary, basis: Basis, preset: ThresholdPreset) -> Board:
    """The customer pyramid's levels, as a board for any box."""
    return Board(
        t("app.model.customer_pyramid"),
        lambda width, height, scale: customer_pyramid_board(source, basis, preset, width, height, scale),
        1.5,
    )
