"""The read-only overview of one workbook: key figures, the four models, the customer pyramid."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from klantlab.analysis import key_figures, model_status
from klantlab.analysis.segments import attractiveness
from klantlab.boundary import guarded, problem_of
from klantlab.charts import pyramid_figure
from klantlab.charts.segments import ranking_figure
from klantlab.i18n import number, percent, t
from klantlab.io import FOLDER_ENV, default_workbook_path, workbook_in_folder, workbooks_in
from klantlab.report.content import pyramid_sentences
from klantlab.state import WorkbookState, live_state, open_state
from klantlab.widgets.actions import built_or_message, on_change, shows_in
from klantlab.widgets.figures import figure_output
from klantlab.widgets.headline_html import glossary_html, headline_html, with_terms
from klantlab.widgets.html import WRAP, alert, card, escape, problem_alert
from klantlab.widgets.journey_form import focus_html
from klantlab.widgets.live import LiveView
from klantlab.widgets.segmentation_form import persona_card
from klantlab.widgets.stakeholder_form import follow_up_html
from klantlab.widgets.wall import JourneyWall, StakeholderWall, Wall

__all__ = ["WorkbookOverview", "dashboard", "workbook_overview"]

_NOTEBOOKS = {
    "segmentation": "01_klantsegment_kiezen.ipynb",
    "stakeholder_pyramid": "02_klanttype_piramide.ipynb",
    "customer_pyramid": "03_klantenpiramide.ipynb",
    "journey": "04_customer_journey.ipynb",
}


def _header(handle: WorkbookState) -> w.HTML:
    client = handle.workbook.client
    facts = [t("app.overview.file", file=handle.path.name)]
    if client.consultant:
        facts.append(t("app.overview.consultant", name=client.consultant))
    if client.workshop_date:
        facts.append(t("app.overview.workshop", date=client.workshop_date.strftime("%d-%m-%Y")))
    facts.append(t("app.overview.modified", date=handle.workbook.modified.astimezone().strftime("%d-%m-%Y %H:%M")))
    return w.HTML(
        f"<h1 class='klantlab-client' style='font-size:24px;margin:4px 0;line-height:1.25;{WRAP}'>"
        f"{escape(client.name)}</h1>"
        f"<div style='color:#6b7280;{WRAP}'>{' · '.join(escape(f) for f in facts)}</div>"
    )


def _cards(handle: WorkbookState) -> w.HTML:
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


def _status(handle: WorkbookState) -> w.HTML:
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


def _heading(model: str) -> w.HTML:
    return w.HTML(f"<h3 class='klantlab-model' style='margin:18px 0 4px'>{escape(t(f'app.model.{model}'))}</h3>")


def _segmentation(handle: WorkbookState, _walls: dict[str, Wall]) -> list[w.Widget]:
    section = handle.workbook.segmentation
    if not section.segments:
        return []
    chosen = [s.name for s in section.segments if s.id in section.chosen_segment_ids]
    lines = [
        (t("app.segmentation.chosen"), ", ".join(chosen) or "—"),
        (t("field.choice_reason").capitalize(), section.choice_reason or "—"),
    ]
    text = "".join(f"<p style='margin:4px 0;{WRAP}'><b>{escape(k)}</b>: {escape(v)}</p>" for k, v in lines)
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    persona = section.persona
    parts: list[w.Widget] = [_heading("segmentation"), w.HTML(text)]
    if table["score"].notna().any():
        parts.append(figure_output(ranking_figure(table)))
    if persona is not None:
        parts.append(w.HTML(persona_card(persona, section.segment(persona.segment_id))))
    return parts


def _stakeholders(handle: WorkbookState, walls: dict[str, Wall]) -> list[w.Widget]:
    segment_id = handle.workbook.focus_segment_id()
    entries = handle.workbook.stakeholder_pyramid.for_segment(segment_id) if segment_id else []
    if not entries:
        return []
    return [_heading("stakeholder_pyramid"), walls["stakeholders"], w.HTML(follow_up_html(entries))]


def _customer_pyramid(handle: WorkbookState, _walls: dict[str, Wall]) -> list[w.Widget]:
    section = handle.workbook.customer_pyramid
    summary, settings = section.summary, section.settings
    if summary is None:
        return []
    lines = pyramid_sentences(summary)
    text = "".join(f"<p style='margin:4px 0'>{with_terms(line)}</p>" for line in lines)
    return [
        _heading("customer_pyramid"),
        figure_output(pyramid_figure(summary, settings.basis, settings.preset)),
        w.HTML(text),
    ]


def _journey(handle: WorkbookState, walls: dict[str, Wall]) -> list[w.Widget]:
    if not handle.workbook.journey.touchpoints:
        return []
    return [_heading("journey"), walls["journey"], w.HTML(focus_html(handle.workbook, team_only=False))]


class WorkbookOverview(LiveView):
    """Read-only overview of an open workbook: key figures, then every filled model; nothing can be changed.

    It is drawn anew from the live state after every change, also one saved
    by another notebook or by the consultant while a manager looks.
    """

    def __init__(self, source: Any) -> None:
        state = live_state(source)
        # made once: each wall follows the state itself, and nothing on them can be changed
        self.walls = {"stakeholders": StakeholderWall(state, read_only=True),
                      "journey": JourneyWall(state, read_only=True)}  # fmt: skip
        super().__init__(state, layout=w.Layout(max_width="1200px"))

    def redraw(self) -> None:
        parts: list[w.Widget] = [
            _header(self.state),
            w.HTML(headline_html(self.state.workbook)),
            _cards(self.state),
            _status(self.state),
        ]
        for section in (_segmentation, _stakeholders, _customer_pyramid, _journey):
            parts += section(self.state, self.walls)
        self.children = [*parts, w.HTML(glossary_html())]


@built_or_message
def workbook_overview(source: Any) -> WorkbookOverview:
    """The read-only overview of a workbook (its live state, open file or path), following every change."""
    return WorkbookOverview(source)


def _overview_or_message(path: Path) -> w.Widget:
    try:
        return workbook_overview(open_state(path))
    except Exception as error:  # the boundary: a missing, broken or unreadable workbook is a message
        return problem_alert(problem_of(error, "dashboard"))


def dashboard(path: Path | str | None = None, folder: Path | str | None = None) -> w.VBox:
    """The manager's dashboard of a workbook (default: ``$KLANTLAB_WORKBOOK`` or the sample).

    With ``folder`` (default ``$KLANTLAB_FOLDER``) a list offers the workbooks
    in that folder and nothing else. A missing or broken workbook shows a
    friendly message instead of a traceback.
    """
    title = w.HTML(f"<div style='color:#6b7280;font-size:13px'>{escape(t('app.dashboard.title'))}</div>")
    try:
        return w.VBox([title, *_dashboard_parts(path, folder)])
    except Exception as error:  # the boundary of the dashboard: a message on the page, never a traceback
        return w.VBox([title, problem_alert(problem_of(error, "dashboard"))])


def _dashboard_parts(path: Path | str | None, folder: Path | str | None) -> list[w.Widget]:
    folder = folder if folder is not None else os.environ.get(FOLDER_ENV)
    if not folder:
        return [_overview_or_message(Path(path) if path is not None else default_workbook_path())]
    folder = Path(folder)
    names = workbooks_in(folder)
    if not names:
        return [alert(t("app.dashboard.no_workbooks", folder=folder), kind="info")]
    chooser = w.Dropdown(
        options=names,
        value=names[0],
        description=t("app.dashboard.choose"),
        style={"description_width": "initial"},
        layout=w.Layout(width="560px", max_width="100%"),
    )
    shown = w.VBox()

    def show(name: str) -> None:
        shown.children = [_overview_or_message(workbook_in_folder(folder, name))]

    on_change(chooser, "dashboard", lambda change: show(change["new"]), shows_in(shown))
    guarded("dashboard", shows_in(shown))(show)(names[0])
    return [chooser, shown]
