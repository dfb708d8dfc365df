"""The read-only overview of one workbook: key figures, the four models, the customer pyramid."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from klantlab.analysis import key_figures, model_status
from klantlab.charts import pyramid_figure
from klantlab.errors import KlantlabError
from klantlab.i18n import number, percent, t
from klantlab.io import WorkbookFile, default_workbook_path
from klantlab.widgets.figures import figure_output
from klantlab.widgets.html import card, escape, problem_alert

__all__ = ["dashboard", "workbook_overview"]

_NOTEBOOKS = {
    "segmentation": "01_klantsegment_kiezen.ipynb",
    "stakeholder_pyramid": "02_klanttype_piramide.ipynb",
    "customer_pyramid": "03_klantenpiramide.ipynb",
    "journey": "04_customer_journey.ipynb",
}


def _header(handle: WorkbookFile) -> w.HTML:
    client = handle.workbook.client
    facts = [t("app.overview.file", file=handle.path.name)]
    if client.consultant:
        facts.append(t("app.overview.consultant", name=client.consultant))
    if client.workshop_date:
        facts.append(t("app.overview.workshop", date=client.workshop_date.strftime("%d-%m-%Y")))
    facts.append(t("app.overview.modified", date=handle.workbook.modified.astimezone().strftime("%d-%m-%Y %H:%M")))
    return w.HTML(
        f"<h2 class='klantlab-client' style='margin:4px 0'>{escape(client.name)}</h2>"
        f"<div style='color:#6b7280'>{' · '.join(escape(f) for f in facts)}</div>"
    )


def _cards(handle: WorkbookFile) -> w.HTML:
    k = key_figures(handle.workbook)
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
    return w.HTML(f"<div style='display:flex;flex-wrap:wrap;gap:10px;margin:10px 0'>{''.join(cards)}</div>")


def _status(handle: WorkbookFile) -> w.HTML:
    rows = []
    for number_, status in enumerate(model_status(handle.workbook), start=1):
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
    return w.HTML(f"<h3 style='margin:12px 0 4px'>{escape(t('app.status.title'))}</h3><table>{''.join(rows)}</table>")


def workbook_overview(handle: WorkbookFile) -> w.VBox:
    """Read-only overview of an opened workbook; nothing in it can change the workbook."""
    parts: list[w.Widget] = [_header(handle), _cards(handle), _status(handle)]
    summary = handle.workbook.customer_pyramid.summary
    settings = handle.workbook.customer_pyramid.settings
    if summary is not None:
        parts.append(figure_output(pyramid_figure(summary, settings.basis, settings.preset)))
    return w.VBox(parts, layout=w.Layout(max_width="1100px"))


def dashboard(path: Path | str | None = None) -> w.VBox:
    """The manager's dashboard of a workbook (default: ``$KLANTLAB_WORKBOOK`` or the sample).

    A missing or broken workbook shows a friendly message instead of a traceback.
    """
    title = w.HTML(f"<div style='color:#6b7280;font-size:13px'>{escape(t('app.dashboard.title'))}</div>")
    try:
        handle = WorkbookFile.open(path if path is not None else default_workbook_path())
    except KlantlabError as error:
        return w.VBox([title, problem_alert(error)])
    return w.VBox([title, workbook_overview(handle)])
