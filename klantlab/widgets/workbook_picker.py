"""Open an existing workbook from a folder, or start a new one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from klantlab.errors import KlantlabError
from klantlab.i18n import get_language, t
from klantlab.io import WorkbookFile, file_name_for, workbooks_in
from klantlab.io.client_notebooks import ensure_client_notebooks
from klantlab.widgets.actions import built_or_message, on_click, shows_in
from klantlab.widgets.html import alert, problem_alert
from klantlab.widgets.live import field_layout

__all__ = ["WorkbookPicker", "workbook_picker"]


class WorkbookPicker(w.VBox):
    """Choose a ``*.klantlab.json`` in ``folder`` or create one; ``current`` is the opened workbook."""

    def __init__(self, folder: Path, on_open: Callable[[WorkbookFile], None] | None = None) -> None:
        self.folder = Path(folder)
        self.current: WorkbookFile | None = None
        self._on_open = on_open
        self.choice = w.Dropdown(description=t("app.picker.existing"), style={"description_width": "initial"},
                                 layout=field_layout("560px"))  # fmt: skip
        self.open_button = w.Button(description=t("app.picker.open"), icon="folder-open")
        self.client = w.Text(description=t("app.picker.client"), style={"description_width": "initial"})
        self.consultant = w.Text(description=t("app.picker.consultant"), style={"description_width": "initial"})
        self.create_button = w.Button(description=t("app.picker.create"), icon="plus", button_style="primary")
        self.message = w.VBox()
        on_click(self.open_button, "open_workbook", self.open_selected, shows_in(self.message))
        on_click(self.create_button, "create_workbook", self.create, shows_in(self.message))
        self.refresh()
        super().__init__(
            [
                w.HBox([self.choice, self.open_button]),
                w.HBox([self.client, self.consultant, self.create_button]),
                self.message,
            ]
        )

    def refresh(self) -> None:
        """List the workbooks in the folder again."""
        files = workbooks_in(self.folder)
        previous = self.choice.value
        self.choice.options = files
        self.choice.value = previous if previous in files else (files[0] if files else None)
        self.open_button.disabled = not files

    def open_selected(self) -> WorkbookFile | None:
        """Open the workbook chosen in the list."""
        if not self.choice.value:
            return None
        return self._use(lambda: WorkbookFile.open(self.folder / self.choice.value), "opened")

    def create(self) -> WorkbookFile | None:
        """Create a workbook for the client name typed in, in the folder."""
        name = self.client.value.strip()
        if not name:
            self.message.children = [alert(t("app.picker.name_missing"))]
            return None
        path = self.folder / file_name_for(name)
        handle = self._use(lambda: WorkbookFile.create(path, name, self.consultant.value.strip()), "created")
        self.refresh()
        return handle

    def _use(self, opener: Callable[[], WorkbookFile], done: str) -> WorkbookFile | None:
        """Open or create a workbook, give it its own notebooks and say where they are."""
        try:
            handle = opener()
            folder = ensure_client_notebooks(handle.path, get_language())
        except KlantlabError as error:
            self.message.children = [problem_alert(error)]
            return None
        except OSError as error:
            self.message.children = [alert(t("app.picker.no_notebooks", reason=error.strerror or str(error)))]
            return None
        self.current = handle
        text = t(f"app.picker.{done}", client=handle.workbook.client.name, folder=folder.name)
        self.message.children = [alert(text, kind="ok")]
        if self._on_open:
            self._on_open(handle)
        return handle


@built_or_message
def workbook_picker(folder: Path | str | None = None, on_open=None) -> WorkbookPicker:
    """A picker for the workbooks in ``folder`` (default: the current folder)."""
    return WorkbookPicker(Path(folder) if folder is not None else Path.cwd(), on_open)
