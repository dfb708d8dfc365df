"""The teacher's view: a folder of the class's answer files gathered into one table, Excel and CSV."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from klantlab.cli_grades import write_grades
from klantlab.errors import KlantlabError
from klantlab.i18n import number, t
from klantlab.voila_page import follow_the_page_language
from klantlab.widgets.actions import built_or_message, on_click
from klantlab.widgets.download_buttons import FileDownloads
from klantlab.widgets.html import alert, escape, html_table, problem_alert

__all__ = ["GradesPanel", "grades_panel"]


class GradesPanel(w.VBox):
    """Choose the folder, **Verzamel**: the results per student, the files skipped (and why), download links."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = w.Text(
            value=str(Path(folder) if folder is not None else Path.cwd()),
            description=t("grades.folder"),
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", max_width="900px"),
        )
        self.button = w.Button(description=t("grades.button"), button_style="primary", icon="table")
        self.messages = w.VBox()
        self.table = w.HTML()
        self.downloads = FileDownloads()
        on_click(self.button, "grades", self.gather, self._problem)
        heading = w.HTML(
            f"<h1 style='font-size:1.6em;margin:6px 0 8px'>{escape(t('grades.title'))}</h1>"
            f"<p style='max-width:960px'>{escape(t('grades.intro'))}</p>"
        )
        super().__init__([heading, self.folder, self.button, self.messages, self.downloads, self.table])

    def _problem(self, error: KlantlabError) -> None:
        self.messages.children = [problem_alert(error)]
        self.table.value = ""
        self.downloads.show([])

    def gather(self) -> None:
        """Gather the folder's answer files; write and offer the Excel and CSV files."""
        folder = Path(self.folder.value).expanduser()
        results, written = write_grades(folder, overwrite=True)
        shown = [alert(t("grades.done", students=number(len(results.students)), folder=str(folder)), kind="ok")]
        if results.problems:
            shown.append(alert(t("cli.grades.skipped", problem=""), [str(p) for p in results.problems], kind="info"))
        self.messages.children = shown
        self.downloads.show(written)
        rows = [[str(value) if not isinstance(value, float) else number(value, 2) for value in row]
                for row in results.students]  # fmt: skip
        self.table.value = html_table(results.student_columns(), rows, align_right_from=2)


@built_or_message
def grades_panel(folder: Path | str | None = None) -> GradesPanel:
    """The teacher's panel on ``folder`` (default: the notebook's folder), in the language its page asks for."""
    follow_the_page_language()
    return GradesPanel(folder)
