"""The export button of the notebooks: PowerPoint, PDF report with posters, Excel, in one click.

The files go to a folder of their own beside the workbook (``oplevering``), which the file browser of
``klantlab lab`` shows; each file written is also a link that downloads it to the computer of whoever clicks,
in JupyterLab and in Voilà alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from klantlab.errors import KlantlabError
from klantlab.i18n import t
from klantlab.report import KINDS, POSTER_SIZES, ExportResult, export_deliverables
from klantlab.state import live_state
from klantlab.widgets.actions import built_or_message, on_click
from klantlab.widgets.download_buttons import FileDownloads
from klantlab.widgets.html import alert, escape, problem_alert

__all__ = ["ExportPanel", "export_panel"]

_STYLE = {"description_width": "initial"}


class ExportPanel(w.VBox):
    """Choose the files, the poster size and the folder; **Exporteer** writes them and lists where.

    Existing files are never replaced: a new version gets ``(2)`` after its
    name. A problem (no browser, folder missing) shows as a message and
    leaves no half-written file.
    """

    def __init__(self, source: Any) -> None:
        self.handle = live_state(source)
        self.default_folder = self.handle.path.parent / t("export.default_folder")
        self.kinds = {
            kind: w.Checkbox(
                value=True, description=t(f"export.kind.{kind}"), indent=False, layout=w.Layout(width="280px")
            )
            for kind in KINDS
        }
        self.poster_size = w.Dropdown(
            options=POSTER_SIZES,
            value="A1",
            description=t("export.poster_size"),
            style=_STYLE,
            layout=w.Layout(width="200px"),
        )
        self.folder = w.Text(
            value=str(self.default_folder),
            description=t("export.folder"),
            style=_STYLE,
            layout=w.Layout(width="95%", max_width="900px"),
        )
        self.button = w.Button(description=t("export.button"), button_style="primary", icon="download")
        self.status = w.HTML()
        self.messages = w.VBox()
        self.downloads = FileDownloads()
        self.result: ExportResult | None = None
        on_click(self.button, "export", self.export, self._problem)
        super().__init__(
            [
                w.HBox(list(self.kinds.values())),
                w.HBox([self.poster_size]),
                self.folder,
                w.HBox([self.button, self.status]),
                self.messages,
                self.downloads,
            ]
        )

    def _problem(self, error: KlantlabError) -> None:
        self.messages.children = [problem_alert(error)]

    def _say(self, text: str) -> None:
        self.status.value = f"<span style='color:#6b7280'>{escape(text)}</span>"

    def export(self) -> ExportResult | None:
        """Write the chosen files; the panel then lists them (or says what went wrong)."""
        kinds = [kind for kind, box in self.kinds.items() if box.value]
        if not kinds:
            self.messages.children = [alert(t("export.nothing"), kind="info")]
            return None
        self.button.disabled = True
        self.messages.children = []
        self.downloads.show([])
        folder = Path(self.folder.value).expanduser()
        if folder == self.default_folder:
            folder.mkdir(exist_ok=True)  # the panel's own folder is made when first used; another must exist
        try:
            self.result = export_deliverables(
                self.handle,
                kinds,
                folder,
                poster_size=self.poster_size.value,
                progress=self._say,
            )
        finally:
            self.button.disabled = False
            self.status.value = ""
        shown = [alert(t("export.done", folder=str(folder)), kind="ok")]  # the links below list the files
        self.downloads.show(self.result.written)
        shown += [alert(remark, kind="info") for remark in self.result.remarks]
        if self.result.problems:
            shown.append(alert(t("export.some_failed"), self.result.problems, kind="error"))
        self.messages.children = shown
        return self.result


@built_or_message
def export_panel(source: Any) -> ExportPanel:
    """The export panel of a workbook (its live state, open file or path; see :class:`ExportPanel`)."""
    return ExportPanel(source)
