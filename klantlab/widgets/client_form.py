"""The client details of a workbook: name, consultant, workshop date, description."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from klantlab.model import Workbook
from klantlab.state import Change
from klantlab.widgets.actions import built_or_message
from klantlab.widgets.html import escape, field_label
from klantlab.widgets.live import FORM_CSS, LiveForm, field_layout, live_html

__all__ = ["CLIENT_FIELDS", "ClientForm", "client_form"]

_STYLE = {"description_width": "140px"}
#: The client details a form shows, in order.
CLIENT_FIELDS = ("name", "consultant", "workshop_date", "description")


def _client_table(workbook: Workbook) -> str:
    client = workbook.client
    rows = [
        (field_label("name"), client.name),
        (field_label("consultant"), client.consultant),
        (field_label("workshop_date"), client.workshop_date.strftime("%d-%m-%Y") if client.workshop_date else ""),
        (field_label("description"), client.description),
    ]
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table>{body}</table>"


class ClientForm(LiveForm):
    """Edit the client details; each change is validated and saved at once.

    With ``read_only=True`` it shows the details as text and has no controls.
    """

    def __init__(self, source: Any, read_only: bool = False) -> None:
        super().__init__(source, read_only)
        if read_only:
            self.children = [live_html(self.state, _client_table)]
            return
        self.fields = {
            "name": w.Text(description=field_label("name"), continuous_update=False),
            "consultant": w.Text(description=field_label("consultant"), continuous_update=False),
            "workshop_date": w.DatePicker(description=field_label("workshop_date")),
            "description": w.Textarea(description=field_label("description"), continuous_update=False),
        }
        for name, control in self.fields.items():
            control.style = _STYLE
            control.layout = field_layout("560px", "90px" if name == "description" else None)
            self.bind(
                control,
                lambda wb, name=name: getattr(wb.client, name),
                lambda wb, value, name=name: setattr(wb.client, name, value),
                Change("change.client", {"field_key": f"field.{name}"}),
                show=(lambda v: v or "") if name != "workshop_date" else None,
            )
        self.children = [w.HTML(FORM_CSS), *self.fields.values(), self.messages, self.undo_bar]
        self.refresh()


@built_or_message
def client_form(source: Any, read_only: bool = False) -> ClientForm:
    """A form for the client details of a workbook (its live state, open file or path)."""
    return ClientForm(source, read_only)
