"""The client details of a workbook: name, consultant, workshop date, description."""

from __future__ import annotations

import ipywidgets as w

from klantlab.i18n import t
from klantlab.io import WorkbookFile
from klantlab.widgets.html import escape
from klantlab.widgets.saving import Saver

__all__ = ["ClientForm", "client_form"]

_STYLE = {"description_width": "140px"}


class ClientForm(w.VBox):
    """Edit the client details; each change is validated and saved at once.

    With ``read_only=True`` it shows the details as text and has no controls.
    """

    def __init__(self, handle: WorkbookFile, read_only: bool = False) -> None:
        self.saver = Saver(handle)
        client = handle.workbook.client
        if read_only:
            rows = [
                (t("field.name"), client.name),
                (t("field.consultant"), client.consultant),
                (t("field.workshop_date"), client.workshop_date.strftime("%d-%m-%Y") if client.workshop_date else ""),
                (t("field.description"), client.description),
            ]
            table = "".join(
                f"<tr><th style='text-align:left;padding-right:12px'>{escape(k.capitalize())}</th>"
                f"<td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            super().__init__([w.HTML(f"<table>{table}</table>")])
            return
        self.fields = {
            "name": w.Text(value=client.name, description=t("field.name").capitalize(), continuous_update=False),
            "consultant": w.Text(
                value=client.consultant, description=t("field.consultant").capitalize(), continuous_update=False
            ),
            "workshop_date": w.DatePicker(
                value=client.workshop_date, description=t("field.workshop_date").capitalize()
            ),
            "description": w.Textarea(
                value=client.description, description=t("field.description").capitalize(), continuous_update=False
            ),
        }
        for name, control in self.fields.items():
            control.style = _STYLE
            control.layout = w.Layout(width="560px", height="90px" if name == "description" else None)
            control.observe(lambda change, name=name: self._changed(name, change["new"]), names="value")
        super().__init__([*self.fields.values(), self.saver.messages])

    def _changed(self, field: str, value: object) -> None:
        client = self.saver.handle.workbook.client
        self.saver.apply(lambda: setattr(client, field, value))


def client_form(handle: WorkbookFile, read_only: bool = False) -> ClientForm:
    """A form for the client details of ``handle``'s workbook."""
    return ClientForm(handle, read_only)
