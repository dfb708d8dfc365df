"""The read-only overview of one workbook: key figures, the four models, the customer pyramid."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as w

from klantlab.boundary import problem_of
from klantlab.errors import WorkbookError, WorkbookNotFoundError, WorkbookTooNewError
from klantlab.i18n import t
from klantlab.io import FOLDER_ENV, client_name_of, default_workbook_path, workbook_in_folder, workbooks_in
from klantlab.state import live_state, open_state
from klantlab.voila_page import follow_the_page_language, served_by_voila
from klantlab.widgets.actions import built_or_message, on_change, shows_in
from klantlab.widgets.dashboard_parts import (
    DASHBOARD_CSS,
    Chart,
    Part,
    WallSlot,
    chart_html,
    dashboard_parts,
    first_look_html,
    page_title_html,
)
from klantlab.widgets.download_buttons import DownloadButtons
from klantlab.widgets.figures import figure_output
from klantlab.widgets.html import alert, escape, problem_alert
from klantlab.widgets.live import LiveView
from klantlab.widgets.wall import JourneyWall, StakeholderWall, Wall

__all__ = ["WorkbookOverview", "client_choices", "dashboard", "workbook_overview"]


def _chart(chart: Chart) -> w.VBox:
    """A chart with its summary before and its data after (the narrow variant shows the data instead)."""
    before, after = chart_html(chart)
    figure = figure_output(chart.figure)
    figure.add_class("kl-chart-figure")  # i18n: not user text
    box = w.VBox([w.HTML(before), figure, w.HTML(after)], layout=w.Layout(width="100%"))
    box.add_class("kl-chart")  # i18n: not user text
    return box


def _widget(part: Part, walls: dict[str, Wall]) -> w.Widget:
    if isinstance(part, Chart):
        return _chart(part)
    if isinstance(part, WallSlot):
        return walls[part.kind]
    return w.HTML(part)


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
        self._style = w.HTML(f"<style>{DASHBOARD_CSS.read_text(encoding='utf-8')}</style>")
        # made once too: "Download PDF" and "Download HTML" of the workbook as it is at the click
        self.downloads = DownloadButtons(state)
        super().__init__(state, layout=w.Layout(max_width="1200px", width="100%"))
        self.add_class("kl-dashboard")

    def redraw(self) -> None:
        parts = dashboard_parts(self.state.workbook, self.state.path.name)
        header, *rest = (_widget(part, self.walls) for part in parts)  # the buttons right under the client's name
        self.children = [self._style, header, self.downloads, *rest]


@built_or_message
def workbook_overview(source: Any) -> WorkbookOverview:
    """The read-only overview of a workbook (its live state, open file or path), following every change."""
    return WorkbookOverview(source)


def _viewer_problem(error: BaseException, file_name: str) -> w.HTML:
    """What a manager reads when a workbook cannot be shown: what is wrong and who to ask, no server path."""
    if isinstance(error, WorkbookNotFoundError):
        kind = "missing"
    elif isinstance(error, WorkbookTooNewError):
        kind = "too_new"
    elif isinstance(error, WorkbookError):
        kind = "broken"
    else:  # unforeseen: the usual sentence, naming the log that holds the details
        return problem_alert(problem_of(error, "dashboard"))
    return alert(t(f"dashboard.viewer.{kind}", file=file_name), [t(f"dashboard.viewer.{kind}_ask")])


def _overview_or_message(path: Path) -> w.Widget:
    try:
        return workbook_overview(open_state(path))
    except Exception as error:  # the boundary: a missing, broken or unreadable workbook is a message
        return _viewer_problem(error, path.name)


def _show_first_look(overview: WorkbookOverview) -> None:
    """On a Voilà page: the header, conclusions and key figures as plain HTML before the live dashboard.

    klantlab's page template shows this output before Voilà's scripts have loaded; the live dashboard replaces
    it once drawn. Elsewhere (JupyterLab, a test) nothing is shown twice.
    """
    if not served_by_voila():
        return
    from IPython.display import HTML, display

    html = first_look_html(overview.state.workbook, overview.state.path.name, language_switch=True)
    display(HTML(html), metadata={"klantlab": "first-look"})


def dashboard(path: Path | str | None = None, folder: Path | str | None = None) -> w.VBox:
    """The manager's dashboard of a workbook (default: ``$KLANTLAB_WORKBOOK`` or the sample).

    With ``folder`` (default ``$KLANTLAB_FOLDER``) a list offers the clients whose workbooks are in that
    folder and nothing else; nothing is opened until one is chosen. A missing or broken workbook shows a
    message for the manager (what is wrong, who to ask) instead of a traceback or a path on the server.
    Served by ``klantlab dashboard``, a warm kernel waits here for the page before it reads the workbook.
    """
    follow_the_page_language()
    title = w.HTML(page_title_html(language_switch=served_by_voila()))
    try:
        return w.VBox([title, *_dashboard_parts(path, folder)])
    except Exception as error:  # the boundary of the dashboard: a message on the page, never a traceback
        return w.VBox([title, problem_alert(problem_of(error, "dashboard"))])


def client_choices(folder: Path) -> list[tuple[str, str]]:
    """The workbooks in ``folder`` as (what the list shows, file name): the client's name, the file as detail.

    Sorted by client name; a file that cannot be read is listed by its file name, marked as such.
    """
    choices = []
    for name in workbooks_in(folder):
        client = client_name_of(folder / name)
        shown = (
            t("dashboard.folder.client", client=client, file=name)
            if client
            else t("dashboard.folder.unreadable", file=name)
        )
        choices.append((shown, name))
    return sorted(choices, key=lambda choice: choice[0].casefold())


def _dashboard_parts(path: Path | str | None, folder: Path | str | None) -> list[w.Widget]:
    folder = folder if folder is not None else os.environ.get(FOLDER_ENV)
    if not folder:
        shown = _overview_or_message(Path(path) if path is not None else default_workbook_path())
        if isinstance(shown, WorkbookOverview):
            _show_first_look(shown)
        return [shown]
    folder = Path(folder)
    choices = client_choices(folder)
    if not choices:
        return [alert(t("app.dashboard.no_workbooks", folder=folder.name), kind="info")]
    chooser = w.Dropdown(
        options=[(t("dashboard.folder.choose_one"), ""), *choices],
        value="",
        description=t("dashboard.folder.choose"),
        style={"description_width": "initial"},
        layout=w.Layout(width="560px", max_width="100%"),
    )
    shown = w.VBox([w.HTML(f"<p style='color:#4b5563'>{escape(t('dashboard.folder.hint', count=len(choices)))}</p>")])

    def show(name: str) -> None:
        if name:
            shown.children = [_overview_or_message(workbook_in_folder(folder, name))]

    on_change(chooser, "dashboard", lambda change: show(change["new"]), shows_in(shown))
    return [chooser, shown]
