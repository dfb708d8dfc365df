"""Editing the client details through the form: saved at once, refused changes keep the input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ipywidgets as w

from klantlab.io import WorkbookFile
from klantlab.widgets import client_form


def _client(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["client"]


def _text(form) -> str:
    return "\n".join(x.value for x in form.messages.children if isinstance(x, w.HTML))


def test_each_change_is_saved_to_the_file(workbook_path: Path) -> None:
    form = client_form(WorkbookFile.open(workbook_path))
    form.fields["consultant"].value = "Bram Jansen"
    form.fields["workshop_date"].value = dt.date(2026, 3, 9)
    form.fields["description"].value = "Workshop met het MT"
    assert _client(workbook_path) == {
        "name": "Testklant B.V.",
        "consultant": "Bram Jansen",
        "description": "Workshop met het MT",
        "workshop_date": "2026-03-09",
    }
    assert "Opgeslagen in testklant.klantlab.json." in _text(form)


def test_an_empty_name_is_refused_with_a_dutch_message_and_the_input_kept(workbook_path: Path) -> None:
    form = client_form(WorkbookFile.open(workbook_path))
    before = workbook_path.read_bytes()
    form.fields["name"].value = "   "
    assert "Niet opgeslagen; pas dit aan:" in _text(form)
    assert "naam: mag niet leeg zijn" in _text(form)
    assert workbook_path.read_bytes() == before
    assert form.fields["name"].value == "   "
    form.fields["name"].value = "Testklant Holding"
    assert _client(workbook_path)["name"] == "Testklant Holding"


def test_a_change_made_elsewhere_meanwhile_is_kept_and_this_change_saved_on_top(workbook_path: Path) -> None:
    form = client_form(WorkbookFile.open(workbook_path))
    other = WorkbookFile.open(workbook_path)  # a second notebook on the same workbook
    other.workbook.client.description = "Uit het andere notebook"
    other.save()
    form.fields["consultant"].value = "Dit notebook"
    assert "in een ander notebook gewijzigd" in _text(form)
    assert _client(workbook_path)["consultant"] == "Dit notebook"
    assert _client(workbook_path)["description"] == "Uit het andere notebook"
    assert form.fields["description"].value == "Uit het andere notebook"  # the form shows the merged version


def test_read_only_form_has_no_controls_and_escapes_text(tmp_path: Path) -> None:
    handle = WorkbookFile.create(tmp_path / "x.klantlab.json", "<b>Klant</b>", consultant="Anna")
    form = client_form(handle, read_only=True)
    (table,) = form.children
    assert isinstance(table, w.HTML)
    assert "&lt;b&gt;Klant&lt;/b&gt;" in table.value and "<b>" not in table.value
