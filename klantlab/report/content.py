"""What a deliverable says: the workbook turned into sections of figures, sentences, tables and next steps.

The deck and the PDF report are two layouts of the same :class:`Report`, so
they can never tell a client different things. Everything here is text in the
active language and drawings (``report.drawings``: charts, tables and boards of shapes that the deck and the
PDF draw natively, without a browser); nothing is written to disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from klantlab.analysis import PyramidAnalysis, key_figures
from klantlab.analysis.journey import gaps, journey_table, outside_in_minimum, overlap
from klantlab.analysis.pyramid_warnings import warning_texts
from klantlab.analysis.segments import attractiveness
from klantlab.analysis.stakeholder_followup import follow_up
from klantlab.charts.concentration import pareto_sentence
from klantlab.charts.style import level_name, short_label
from klantlab.i18n import label, money, number, percent, set_currency, t
from klantlab.model import PyramidSummary, Stakeholder, ThresholdPreset, Workbook
from klantlab.report.about import about_figures
from klantlab.report.content_table import Measure, Table
from klantlab.report.drawings import Drawing
from klantlab.report.section_drawings import (
    concentration_chart,
    emotion_chart,
    gap_chart,
    journey_map,
    level_share_chart,
    migration_table,
    pyramid_board,
    ranking_chart,
    stakeholder_map,
)

__all__ = [
    "Measure",
    "Report",
    "Section",
    "Table",
    "attractiveness_table",
    "build_report",
    "levels_table",
    "pyramid_sentences",
]

_MAX_GAP_ROWS = 8


@dataclass(frozen=True)
class Section:
    """One part of a deliverable: a slide (or more) in the deck, a page (or more) in the report."""

    model: str
    """The model it belongs to: segmentation, stakeholder_pyramid, customer_pyramid or journey."""
    title: str
    facts: list[str] = field(default_factory=list)
    drawing: Drawing | None = None
    table: Table | None = None
    next_steps: list[str] = field(default_factory=list)
    poster: str | None = None
    """A short name when this figure is also printed as a poster (the file name says which)."""


@dataclass(frozen=True)
class Report:
    client: str
    subtitle: str
    """The workshop's date (and the consultant): what the deliverable is the result of."""
    made: str
    """When the deliverable was made, in small print."""
    key_figures: list[tuple[str, str]]
    sections: list[Section]
    remarks: list[str]
    """What could not be shown and why (e.g. the client's data file was not found)."""
    about: Table | None = None
    """What the figures rest on: files, period, basis, rows read, used and left out ("Over deze cijfers")."""


def _steps(model: str) -> list[str]:
    return t(f"report.next.{model}").split("\n")


def attractiveness_table(table: pd.DataFrame) -> Table:
    """The segments' attractiveness (``analysis.segments.attractiveness``) as the reader sees it, best first."""

    def score(value: float | None) -> str:
        return "—" if value is None or value != value else number(value, 2)

    rows = [
        [
            str(row.rank),
            row.name,
            score(row.score),
            score(row.attractiveness),
            "—" if row.fit is None or row.fit != row.fit else str(int(row.fit)),
            number(row.customers) if row.customers is not None and row.customers == row.customers else "—",
            money(row.revenue) if row.revenue is not None and row.revenue == row.revenue else "—",
            t("report.yes") if row.chosen else "",
        ]
        for row in table.itertuples()
    ]
    columns = [
        t(f"report.segmentation.col.{c}")
        for c in ("rank", "segment", "score", "attractiveness", "fit", "customers", "revenue", "chosen")
    ]
    return Table(columns, rows, [True, False, True, True, True, True, True, False])


def _segmentation(workbook: Workbook) -> list[Section]:
    section = workbook.segmentation
    if not section.segments:
        return []
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    chosen = [s.name for s in section.segments if s.id in section.chosen_segment_ids]
    facts = []
    reasons = ", ".join(label(r).lower() for r in section.reasons)
    if reasons or section.goal:
        facts.append(t("report.segmentation.goal", goal=" — ".join(x for x in (reasons, section.goal) if x)))
    facts.append(t("report.segmentation.chosen", segments=", ".join(chosen) or "—"))
    if section.choice_reason:
        facts.append(t("report.segmentation.reason", reason=section.choice_reason))

    figure = ranking_chart(table)
    parts = [
        Section(
            "segmentation",
            t("app.model.segmentation"),
            facts,
            figure,
            attractiveness_table(table),
            _steps("segmentation"),
        )
    ]
    persona = section.persona
    if persona is not None:
        segment = section.segment(persona.segment_id)
        steps = ("who", "goals", "frustrations", "decision_making", "enthusiasm")
        facts = [t("app.persona.of_segment", segment=segment.name if segment else "—")]
        facts += [f"{t(f'app.persona.step.{s}')}: {getattr(persona, s)}" for s in steps if getattr(persona, s)]
        parts.append(
            Section("segmentation", t("report.persona.title", name=persona.name), facts, next_steps=_steps("persona"))
        )
    return parts


def _stakeholder_rows(title: str, entries: Sequence[Stakeholder], detail: str) -> list[list[str]]:
    rows = []
    for entry in entries:
        where = entry.organisation or label(entry.side)
        note = getattr(entry, detail) if detail else ""
        if detail == "approach" and not note.strip():
            note = t("report.stakeholders.no_approach")
        rows.append([title, entry.name, where, label(entry.role), str(entry.influence), note])
    return rows


def _stakeholders(workbook: Workbook) -> list[Section]:
    segmentation = workbook.segmentation
    order = [*segmentation.chosen_segment_ids, *(s.id for s in segmentation.segments)]
    parts = []
    for segment_id in dict.fromkeys(order):
        entries = workbook.stakeholder_pyramid.for_segment(segment_id)
        if not entries:
            continue
        segment = segmentation.segment(segment_id)
        lists = follow_up(entries)
        facts = [
            t(
                "report.stakeholders.counts",
                parties=number(len(entries)),
                to_check=number(len(lists.to_check)),
                partners=number(len(lists.partners)),
                saboteurs=number(len(lists.saboteurs)),
            )
        ]
        rows = (
            _stakeholder_rows(t("app.stakeholders.short.saboteurs"), lists.saboteurs, "approach")
            + _stakeholder_rows(t("app.stakeholders.short.partners"), lists.partners, "motives")
            + _stakeholder_rows(t("app.stakeholders.short.to_check"), lists.to_check, "")
        )
        columns = [
            t(f"report.stakeholders.col.{c}")
            for c in ("list", "party", "organisation", "role", "influence", "approach")
        ]
        figure = stakeholder_map(entries, t("app.stakeholders.chart_title", segment=short_label(segment.name)))
        parts.append(
            Section(
                "stakeholder_pyramid",
                t("report.stakeholders.title", segment=segment.name),
                facts,
                figure,
                Table(columns, rows, [False, False, False, False, True, False]),
                _steps("stakeholder_pyramid"),
                poster=f"{t('app.model.stakeholder_pyramid')} {segment.name}",
            )
        )
    return parts


def pyramid_sentences(summary: PyramidSummary) -> list[str]:
    """The Pareto and churn sentences of a saved pyramid summary (those it has figures for), then its warnings."""
    sentences = []
    if summary.pareto_customers is not None and summary.pareto_customer_share is not None:
        sentences.append(
            t(
                "app.overview.pareto",
                customers=number(summary.pareto_customers),
                share=percent(summary.pareto_customer_share),
                threshold=percent(summary.pareto_threshold, 0),
                gini=number(summary.gini or 0, 2),
            )
        )
    churn = summary.churn
    if churn is not None:
        sentences.append(
            t(
                "app.overview.churn_unknown" if churn.unknown else "app.overview.churn",
                start=churn.previous_period_start,
                end=churn.previous_period_end,
                lost=number(churn.lost),
                new=number(churn.new),
                reactivated=number(churn.reactivated),
                unknown=number(churn.unknown),
                up=number(churn.up),
                down=number(churn.down),
            )
        )
    return sentences + warning_texts(summary.warnings)


def levels_table(summary: PyramidSummary, preset: ThresholdPreset) -> Table:
    """The pyramid's levels as the reader sees them: customers, their share, revenue (margin when known), share."""
    active_total = sum(lv.customers for lv in summary.levels[:4]) or 1
    keys = ["level", "customers", "customer_share", "revenue", "margin", "revenue_share"]
    if not any(lv.margin for lv in summary.levels):
        keys.remove("margin")  # the client's file has no margin column: no column of zeros
    rows = []
    for row in summary.levels:
        active = row.level.value in ("top", "large", "medium", "small")
        cells = {
            "level": level_name(row.level, preset),
            "customers": number(row.customers),
            "customer_share": percent(row.customers / active_total) if active else "",
            "revenue": money(row.revenue),
            "margin": money(row.margin),
            "revenue_share": percent(row.revenue_share) if active else "",
        }
        rows.append([cells[key] for key in keys])
    return Table([t(f"report.pyramid.col.{key}") for key in keys], rows, [key != "level" for key in keys])


def _customer_pyramid(workbook: Workbook, analysis: PyramidAnalysis | None) -> list[Section]:
    pyramid = workbook.customer_pyramid
    summary, settings = pyramid.summary, pyramid.settings
    if summary is None:
        return []
    basis, preset = settings.basis, settings.preset
    period = ""
    if settings.period_start and settings.period_end:
        period = t("report.pyramid.period", start=settings.period_start, end=settings.period_end)
    facts = [t("report.pyramid.basis", basis=label(basis).lower(), preset=label(preset)) + period]
    facts += pyramid_sentences(summary)
    basis_name = label(basis).lower()
    top = summary.levels[0] if summary.levels else None
    shares = [t("report.levels.sentence", level=level_name(top.level, preset), customers=number(top.customers),
                share=percent(top.revenue_share), basis=basis_name)] if top else []  # fmt: skip
    parts = [
        Section(
            "customer_pyramid",
            t("app.model.customer_pyramid"),
            facts,
            pyramid_board(summary, basis, preset),
            next_steps=_steps("customer_pyramid"),
        ),
        Section(
            "customer_pyramid",
            t("report.levels.title", basis=basis_name),
            shares,
            level_share_chart(summary, basis, preset),
            levels_table(summary, preset),
            _steps("customer_pyramid"),
        ),
    ]
    if analysis is None:
        return parts
    parts.append(
        Section(
            "customer_pyramid",
            t("report.pareto.title"),
            [pareto_sentence(analysis.pareto, basis)],
            concentration_chart(analysis.pareto, basis),
            next_steps=_steps("pareto"),
        )
    )
    if analysis.migration is not None:
        moves = analysis.migration.churn
        table_rows = [
            [t(f"report.churn.{key}"), number(count), money(value) if value is not None else ""]
            for key, count, value in (
                ("lost", moves.lost, moves.lost_value),
                ("new", moves.new, moves.new_value),
                ("reactivated", moves.reactivated, moves.reactivated_value),
                *([("unknown", moves.unknown, moves.unknown_value)] if moves.unknown else []),
                ("up", moves.up, None),
                ("down", moves.down, None),
                ("same", moves.same, None),
            )
        ]
        columns = [t("report.churn.col.move"), t("report.churn.col.customers"), t("report.churn.col.value")]
        parts.append(
            Section(
                "customer_pyramid",
                t("report.migration.title"),
                facts[2:3],
                migration_table(analysis.migration, preset),
                Table(columns, table_rows, [False, True, True]),
                _steps("migration"),
            )
        )
    return parts


def _journey(workbook: Workbook) -> list[Section]:
    journey = workbook.journey
    if not journey.touchpoints:
        return []
    minimum = outside_in_minimum(journey)
    segment = workbook.journey_segment()
    title = t("app.journey.map_title", segment=short_label(segment.name)) if segment else None
    groups = overlap(journey, minimum)
    phases = {phase.id: phase.shown_name for phase in journey.phases}
    facts = [
        t(
            "report.journey.counts",
            touchpoints=number(len(journey.touchpoints)),
            both=number(len(groups.both)),
            inside=number(len(groups.inside_only)),
            outside=number(len(groups.outside_only)),
            interviews=number(journey.outside_in_interviews),
            minimum=number(minimum),
        )
    ]
    rows = [
        [str(n), phases.get(tp.phase_id, ""), tp.description, number(tp.outside_in_mentions)]
        for n, tp in enumerate(groups.both, start=1)
    ]
    columns = [t(f"report.journey.col.{c}") for c in ("number", "phase", "touchpoint", "mentions")]
    parts = [
        Section(
            "journey",
            t("report.journey.title", segment=segment.name) if segment else t("app.model.journey"),
            facts,
            journey_map(journey, minimum, title or t("app.model.journey")),
            Table(columns, rows, [True, False, False, True]),
            _steps("journey"),
            poster=t("app.model.journey"),
        )
    ]
    shortfalls = gaps(journey)
    shortfalls = shortfalls[shortfalls["gap"] < 0].head(_MAX_GAP_ROWS)
    if len(shortfalls):
        rows = [
            [row.phase, row.description, str(row.expectation), str(row.performance), number(row.gap, 0)]
            for row in shortfalls.itertuples()
        ]
        columns = [t(f"report.gaps.col.{c}") for c in ("phase", "touchpoint", "expectation", "performance", "gap")]
        parts.append(
            Section(
                "journey",
                t("report.gaps.title"),
                [t("report.gaps.sentence", count=number(len(rows)))],
                gap_chart(journey),
                Table(columns, rows, [False, False, True, True, True]),
                _steps("gaps"),
            )
        )
    curve = emotion_chart(journey)
    if curve is not None and any(curve.series[0].values):
        table = journey_table(journey)
        low, high = table.loc[table["emotion"].idxmin()], table.loc[table["emotion"].idxmax()]
        sentence = t("report.emotion.sentence", low=low["description"], low_value=_signed(low["emotion"]),
                     high=high["description"], high_value=_signed(high["emotion"]))  # fmt: skip
        parts.append(Section("journey", t("report.emotion.title"), [sentence], curve, next_steps=_steps("emotion")))
    return parts


def _signed(value: int) -> str:
    return "0" if value == 0 else f"{int(value):+d}".replace("-", "−")


def _key_figures(workbook: Workbook) -> list[tuple[str, str]]:
    k = key_figures(workbook)
    figures = []
    if k.chosen_segments:
        figures.append((t("app.card.segment"), ", ".join(k.chosen_segments)))
    if k.stakeholders:
        figures.append((t("app.card.stakeholders"), number(k.stakeholders)))
    if k.active_customers is not None:
        figures.append((t("app.card.active_customers"), number(k.active_customers)))
    if k.pareto_customers is not None and k.pareto_customer_share is not None:
        figures.append(
            (
                t("app.card.pareto", share=percent(k.pareto_threshold or 0.8, 0)),
                f"{number(k.pareto_customers)} ({percent(k.pareto_customer_share)})",
            )
        )
    if k.touchpoints:
        figures.append((t("report.key.moments_both"), number(k.moments_both)))
    return figures


def build_report(
    workbook: Workbook,
    analysis: PyramidAnalysis | None = None,
    remarks: Sequence[str] = (),
    today: dt.date | None = None,
) -> Report:
    """The report of ``workbook``: only the models that hold something, in the order of the method.

    ``analysis`` is the customer pyramid worked out from the client's data (for
    the Pareto curve and the migration); without it the saved summary is shown.
    Amounts are written in the workbook's currency.
    """
    set_currency(workbook.currency)
    client = workbook.client
    made = today or dt.date.today()
    workshop = client.workshop_date
    parts = [t("report.subtitle.workshop", date=workshop.strftime("%d-%m-%Y")) if workshop else t("report.subtitle")]
    if client.consultant:
        parts.append(client.consultant)
    sections = [
        *_segmentation(workbook),
        *_stakeholders(workbook),
        *_customer_pyramid(workbook, analysis),
        *_journey(workbook),
    ]
    computed = dt.datetime.combine(made, dt.time(), dt.UTC)
    return Report(
        client.name,
        " · ".join(parts),
        t("report.made", date=made.strftime("%d-%m-%Y")),
        _key_figures(workbook),
        sections,
        list(remarks),
        about_figures(workbook, analysis, computed),
    )
