"""What the manager's dashboard shows, in order, as parts both the live page and the HTML snapshot draw.

A part is HTML (every user text already escaped), a :class:`Chart` (a plotly figure with its text
alternative and its data table) or a :class:`WallSlot` (one of the two read-only post-it walls, drawn
from ``wall.stakeholder_board`` / ``wall.journey_board``). The live dashboard turns them into widgets
(``overview.WorkbookOverview``); a snapshot turns them into one HTML file. One list, so both show the same.

Charts are drawn at one design width (:data:`CHART_WIDTH`) that fits a tablet, a desktop and an A4 page;
on a narrower screen the dashboard's style sheet (``static/dashboard.css``) shows the chart's data as a
table instead, where chart text would shrink past reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from klantlab.analysis import key_figures, model_status
from klantlab.analysis.segments import attractiveness
from klantlab.charts import pyramid_figure
from klantlab.charts.segments import ranking_figure
from klantlab.charts.style import level_name
from klantlab.i18n import LANGUAGES, get_language, label, language, number, percent, t
from klantlab.model import Workbook
from klantlab.report.content import Table, attractiveness_table, levels_table, pyramid_sentences
from klantlab.voila_page import LANGUAGE_PARAMETER
from klantlab.widgets.headline_html import glossary_html, headline_html, with_terms
from klantlab.widgets.html import WRAP, card, escape
from klantlab.widgets.journey_form import focus_html
from klantlab.widgets.segmentation_form import persona_card
from klantlab.widgets.stakeholder_form import follow_up_html

__all__ = [
    "CHART_WIDTH",
    "DASHBOARD_CSS",
    "Chart",
    "Part",
    "WallSlot",
    "chart_html",
    "dashboard_parts",
    "first_look_html",
    "page_title_html",
    "rows_html",
    "table_html",
]

#: The width every dashboard chart is drawn at (px): a tablet's column, a desktop's, an A4 page's (≈ 700 px).
CHART_WIDTH = 640
#: The dashboard's style sheet: narrow variants, print; the live page and the snapshot both carry it.
DASHBOARD_CSS = Path(__file__).with_name("static") / "dashboard.css"

_NOTEBOOKS = {
    "segmentation": "01_klantsegment_kiezen.ipynb",
    "stakeholder_pyramid": "02_klanttype_piramide.ipynb",
    "customer_pyramid": "03_klantenpiramide.ipynb",
    "journey": "04_customer_journey.ipynb",
}


@dataclass(frozen=True)
class Chart:
    """A chart with what a reader who cannot see it gets instead: a one-sentence summary and the data."""

    figure: go.Figure
    summary: str
    table: Table


@dataclass(frozen=True)
class WallSlot:
    """Where a read-only wall goes: ``stakeholders`` or ``journey``."""

    kind: str


Part = str | Chart | WallSlot


def table_html(table: Table, caption: str, css_class: str = "") -> str:
    """``table`` as an HTML table with a caption; number columns align right; every cell escaped."""

    def cell(tag: str, text: str, numeric: bool) -> str:
        return f"<{tag} class='{'kl-num' if numeric else ''}'>{escape(text)}</{tag}>"

    head = "".join(cell("th", c, n) for c, n in zip(table.columns, table.numeric, strict=True))
    rows = "".join(
        "<tr>" + "".join(cell("td", v, n) for v, n in zip(row, table.numeric, strict=True)) + "</tr>"
        for row in table.rows
    )
    return (
        f"<table class='kl-data {css_class}'><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def rows_html(table: Table, caption: str) -> str:
    """``table`` for a narrow screen: one block per row, named by its first text column, then label: value lines."""
    key = next((c for c, numeric in enumerate(table.numeric) if not numeric), 0)

    def block(row: list[str]) -> str:
        pairs = "".join(
            f"<div><dt>{escape(column)}</dt><dd>{escape(value)}</dd></div>"
            for c, (column, value) in enumerate(zip(table.columns, row, strict=True))
            if c != key and value
        )
        return f"<li><h4>{escape(row[key])}</h4><dl>{pairs}</dl></li>"

    return (
        f"<section class='kl-rows'><h3>{escape(caption)}</h3><ol>{''.join(block(r) for r in table.rows)}</ol></section>"
    )


def chart_html(chart: Chart) -> tuple[str, str]:
    """The HTML before and after a chart: its summary (the chart's text alternative), then its data.

    After the chart: the data table behind a keyboard-reachable "show the figures" (wide screens, print
    hides it), and the same table shown openly where the chart itself is hidden (narrow screens).
    """
    title = chart.figure.layout.title.text or ""
    before = f"<p class='kl-chart-summary' style='{WRAP}'>{escape(chart.summary)}</p>"
    after = (
        f"<details class='kl-chart-data kl-wide-only'><summary>{escape(t('dashboard.chart.show_data'))}</summary>"
        f"{table_html(chart.table, title)}</details>"
        f"<div class='kl-narrow-only'>{rows_html(chart.table, title)}</div>"
    )
    return before, after


def _designed(fig: go.Figure) -> go.Figure:
    """``fig`` at the dashboard's design width: its text is laid out once, for a width that fits everywhere."""
    return fig.update_layout(width=CHART_WIDTH, autosize=False)


def _header(workbook: Workbook, file_name: str) -> str:
    client = workbook.client
    facts = [t("app.overview.file", file=file_name)]
    if client.consultant:
        facts.append(t("app.overview.consultant", name=client.consultant))
    if client.workshop_date:
        facts.append(t("app.overview.workshop", date=client.workshop_date.strftime("%d-%m-%Y")))
    facts.append(t("app.overview.modified", date=workbook.modified.astimezone().strftime("%d-%m-%Y %H:%M")))
    return (
        f"<h1 class='klantlab-client' style='font-size:24px;margin:4px 0;line-height:1.25;{WRAP}'>"
        f"{escape(client.name)}</h1>"
        f"<div class='kl-facts' style='color:#4b5563;{WRAP}'>{' · '.join(escape(f) for f in facts)}</div>"
    )


def _cards(workbook: Workbook) -> str:
    k = key_figures(workbook)
    empty = t("app.overview.empty")
    cards = [
        card(
            t("app.card.segment"),
            ", ".join(k.chosen_segments) if k.chosen_segments else empty,
            t("app.card.segment_note", segments=k.segments, persona=k.persona or empty),
        ),
        card(
            t("app.card.stakeholders"),
            number(k.stakeholders),
            t("app.card.stakeholders_note", checked=number(k.stakeholders_checked)),
        ),
        card(
            t("app.card.active_customers"),
            number(k.active_customers) if k.active_customers is not None else empty,
            t("app.card.top_share", share=percent(k.top_share)) if k.top_share is not None else "",
        ),
        card(
            t("app.card.pareto", share=percent(k.pareto_threshold or 0.8, 0)),
            number(k.pareto_customers) if k.pareto_customers is not None else empty,
            t("app.card.pareto_note", share=percent(k.pareto_customer_share))
            if k.pareto_customer_share is not None
            else "",
        ),
        card(
            t("app.card.touchpoints"),
            number(k.touchpoints),
            t("app.card.moments_note", inside_out=number(k.moments_inside_out), both=number(k.moments_both)),
        ),
    ]
    return f"<div class='kl-cards' style='display:flex;flex-wrap:wrap;gap:10px;margin:10px 0'>{''.join(cards)}</div>"


def _status(workbook: Workbook) -> str:
    rows = []
    for number_, status in enumerate(model_status(workbook), start=1):
        state = (
            t(f"app.status.{status.model}.filled", count=number(status.count))
            if status.filled
            else t("app.status.empty", notebook=_NOTEBOOKS[status.model])
        )
        colour = "#15803d" if status.filled else "#b45309"
        rows.append(
            f"<tr><td style='padding:4px 12px 4px 0'>{number_}. {escape(t(f'app.model.{status.model}'))}</td>"
            f"<td style='padding:4px 0;color:{colour}'>{escape(state)}</td></tr>"
        )
    return (
        f"<h2 style='font-size:17px;margin:12px 0 4px'>{escape(t('app.status.title'))}</h2>"
        f"<table class='kl-status'>{''.join(rows)}</table>"
    )


def _heading(model: str) -> str:
    return f"<h2 class='klantlab-model' style='font-size:19px;margin:18px 0 4px'>{escape(t(f'app.model.{model}'))}</h2>"


def _segmentation(workbook: Workbook) -> list[Part]:
    section = workbook.segmentation
    if not section.segments:
        return []
    chosen = [s.name for s in section.segments if s.id in section.chosen_segment_ids]
    lines = [
        (t("app.segmentation.chosen"), ", ".join(chosen) or "—"),
        (t("field.choice_reason").capitalize(), section.choice_reason or "—"),
    ]
    text = "".join(f"<p style='margin:4px 0;{WRAP}'><b>{escape(k)}</b>: {escape(v)}</p>" for k, v in lines)
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    parts: list[Part] = [_heading("segmentation"), text]
    scored = table[table["score"].notna()]
    if not scored.empty:
        best, worst = scored.iloc[0], scored.iloc[-1]
        summary = t(
            "dashboard.chart.ranking",
            count=number(len(scored)),
            best=best["name"],
            best_score=number(best["score"], 2),
            worst=worst["name"],
            worst_score=number(worst["score"], 2),
            chosen=", ".join(chosen) or "—",
        )
        parts.append(Chart(_designed(ranking_figure(table)), summary, attractiveness_table(table)))
    if section.persona is not None:
        parts.append(persona_card(section.persona, section.segment(section.persona.segment_id)))
    return parts


def _stakeholders(workbook: Workbook) -> list[Part]:
    segment_id = workbook.focus_segment_id()
    entries = workbook.stakeholder_pyramid.for_segment(segment_id) if segment_id else []
    if not entries:
        return []
    return [_heading("stakeholder_pyramid"), WallSlot("stakeholders"), follow_up_html(entries)]


def _pyramid_summary(workbook: Workbook) -> str:
    pyramid = workbook.customer_pyramid
    summary, preset = pyramid.summary, pyramid.settings.preset
    active = summary.levels[:4]
    levels = ", ".join(f"{level_name(lv.level, preset)} {number(lv.customers)}" for lv in active)
    top = active[0]
    return t(
        "dashboard.chart.pyramid",
        customers=number(sum(lv.customers for lv in active)),
        levels=levels,
        top=level_name(top.level, preset),
        share=percent(top.revenue_share),
        basis=label(pyramid.settings.basis).lower(),
    )


def _customer_pyramid(workbook: Workbook) -> list[Part]:
    section = workbook.customer_pyramid
    summary, settings = section.summary, section.settings
    if summary is None:
        return []
    text = "".join(f"<p style='margin:4px 0'>{with_terms(line)}</p>" for line in pyramid_sentences(summary))
    chart = Chart(
        _designed(pyramid_figure(summary, settings.basis, settings.preset)),
        _pyramid_summary(workbook),
        levels_table(summary, settings.preset),
    )
    return [_heading("customer_pyramid"), chart, text]


def _journey(workbook: Workbook) -> list[Part]:
    if not workbook.journey.touchpoints:
        return []
    return [_heading("journey"), WallSlot("journey"), focus_html(workbook, team_only=False)]


def page_title_html(language_switch: bool = False) -> str:
    """The line above every dashboard: what the page is (klantlab, a workbook, read-only).

    On a served page (``language_switch``) it ends with a link to the same page in the other language.
    """
    switch = ""
    if language_switch:
        other = next(lang for lang in LANGUAGES if lang != get_language())
        with language(other):
            name = t("app.language_name")
        switch = (
            f" · <a class='kl-language' href='?{LANGUAGE_PARAMETER}={other}' hreflang='{other}' lang='{other}'"
            f" style='color:#1d4ed8;text-decoration:underline'>{escape(name)}</a>"
        )
    return f"<div style='color:#4b5563;font-size:13px'>{escape(t('app.dashboard.title'))}{switch}</div>"


def first_look_html(workbook: Workbook, file_name: str, language_switch: bool = False) -> str:
    """The dashboard's first three parts as one HTML block with its style sheet: what a page shows before its
    scripts have loaded (klantlab's Voilà template writes it into the page; the live dashboard then replaces it).
    """
    style = DASHBOARD_CSS.read_text(encoding="utf-8")
    parts = (_header(workbook, file_name), headline_html(workbook), _cards(workbook))
    title = page_title_html(language_switch)
    return f"<style>{style}</style><div class='kl-dashboard kl-first-look'>{title}{''.join(parts)}</div>"


def dashboard_parts(workbook: Workbook, file_name: str) -> list[Part]:
    """Everything the dashboard shows of ``workbook`` (saved as ``file_name``), in order: the headline first."""
    parts: list[Part] = [_header(workbook, file_name), headline_html(workbook), _cards(workbook), _status(workbook)]
    for section in (_segmentation, _stakeholders, _customer_pyramid, _journey):
        parts += section(workbook)
    return [*parts, glossary_html()]
