"""The download button for a blank canvas: paper size, PDF or PowerPoint, one click, written next to the workbook."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from klantlab.i18n import t
from klantlab.io import default_workbook_path
from klantlab.io.client_notebooks import is_sample
from klantlab.report.canvases import CANVAS_KINDS, CANVAS_SIZES, check_canvas, write_canvas
from klantlab.widgets.actions import built_or_message, on_click, shows_in
from klantlab.widgets.html import alert, escape

__all__ = ["CanvasPanel", "canvas_folder", "canvas_panel"]

_STYLE = {"description_width": "initial"}


def canvas_folder(folder: Path | str | None = None) -> Path:
    """Where a canvas goes: ``folder``, else the folder of the workbook the notebook opens.

    The shipped sample workbook is read-only material, so next to it means the
    current folder instead.
    """
    if folder is not None:
        return Path(folder).expanduser()
    workbook = default_workbook_path()
    return Path.cwd() if is_sample(workbook) else workbook.parent


class CanvasPanel(w.VBox):
    """Paper size, PDF or PowerPoint and **Download leeg invulformat**; then a message naming the file.

    An existing file is never replaced: a second download gets ``(2)`` after
    its name. A problem (the folder is gone) shows as a message.
    """

    def __init__(self, model: str, folder: Path | str | None = None) -> None:
        check_canvas(model, "A1")
        self.model = model
        self.folder = canvas_folder(folder)
        self.size = w.Dropdown(
            options=CANVAS_SIZES,
            value="A1",
            description=t("canvas.panel.size"),
            style=_STYLE,
            layout=w.Layout(width="180px"),
        )
        self.kind = w.ToggleButtons(
            options=[(t(f"canvas.panel.{kind}"), kind) for kind in CANVAS_KINDS],
            value="pdf",
            description=t("canvas.panel.format"),
            style={**_STYLE, "button_width": "110px"},
        )
        self.button = w.Button(
            description=t("canvas.panel.button"), button_style="primary", icon="download", layout=w.Layout(width="auto")
        )
        where = escape(t("canvas.panel.folder", folder=self.folder))
        self.where = w.HTML(f"<span style='color:#6b7280;font-size:12px'>{where}</span>")
        self.messages = w.VBox()
        self.written: Path | None = None
        on_click(self.button, "canvas", self.download, shows_in(self.messages))
        super().__init__([w.HBox([self.size, self.kind]), w.HBox([self.button]), self.where, self.messages])

    def download(self) -> Path | None:
        """Write the blank canvas as chosen; the panel then names the file (or says what went wrong)."""
        self.button.disabled = True
        try:
            self.written = write_canvas(self.model, self.folder, self.size.value, self.kind.value)
        finally:
            self.button.disabled = False
        self.messages.children = [alert(t("canvas.panel.written"), [str(self.written)], kind="ok")]
        return self.written


@built_or_message
def canvas_panel(model: str, folder: Path | str | None = None) -> CanvasPanel:
    """The download panel of the blank canvas of ``model`` (stakeholders, journey, persona); see CanvasPanel."""
    return CanvasPanel(model, folder)
