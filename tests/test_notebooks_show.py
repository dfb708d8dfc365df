"""What the notebooks show when run on (a copy of) the sample workbook, read from their widget state."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from klantlab.io import WORKBOOK_ENV, dashboard_notebook, notebooks_dir, sample_workbook_path

PLOTLY = "application/vnd.plotly.v1+json"


def _run(notebook: Path, workbook: Path, monkeypatch) -> dict:
    """Execute ``notebook`` on ``workbook``; return the widget models' states by id."""
    monkeypatch.setenv(WORKBOOK_ENV, str(workbook))
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True).execute()
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]
    assert errors == []
    models = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    return {key: model["state"] for key, model in models.items()}


def _html(states: dict) -> str:
    return "\n".join(s["value"] for s in states.values() if s.get("_model_name") == "HTMLModel")


def _figures(states: dict) -> list[dict]:
    return [
        out["data"][PLOTLY]
        for s in states.values()
        if s.get("_model_name") == "OutputModel"
        for out in s.get("outputs", [])
        if PLOTLY in out.get("data", {})
    ]


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), copy)
    return copy


@pytest.mark.timeout(300)
def test_start_notebook_shows_the_overview_and_the_picker(sample_copy: Path, monkeypatch) -> None:
    before = sample_copy.read_bytes()
    states = _run(notebooks_dir() / "00_start.ipynb", sample_copy, monkeypatch)
    html = _html(states)
    assert "Verpakkingstechniek Nederland B.V." in html
    assert ">1.800<" in html and "topklanten: 46,4 % van de omzet" in html
    assert "ingevuld: 14 klanttypen" in html
    texts = sorted((s["description"], s["value"]) for s in states.values() if s.get("_model_name") == "TextModel")
    assert texts == [  # the client form, then the picker's fields for a new workbook
        ("Consultant", ""),
        ("Consultant", "Anna de Vries"),
        ("Naam", "Verpakkingstechniek Nederland B.V."),
        ("Nieuwe klant", ""),
    ]
    (figure,) = _figures(states)
    assert len(figure["data"]) == 7
    dropdowns = [s for s in states.values() if s.get("_model_name") == "DropdownModel"]
    assert [(d["_options_labels"], d["index"]) for d in dropdowns] == [(["verpakkingsmachines.klantlab.json"], 0)]
    assert sample_copy.read_bytes() == before


@pytest.mark.timeout(300)
def test_dashboard_notebook_shows_the_overview_without_controls(sample_copy: Path, monkeypatch) -> None:
    states = _run(dashboard_notebook(), sample_copy, monkeypatch)
    assert "klantlab · overzicht van het werkboek (alleen lezen)" in _html(states)
    assert "Zuivel- en voedingsproducenten" in _html(states)
    editable = {"TextModel", "TextareaModel", "DropdownModel", "ButtonModel", "CheckboxModel"}
    assert sorted({s["_model_name"] for s in states.values()} & editable) == []
    assert [trace["name"] for trace in _figures(states)[0]["data"]][:2] == ["Topklanten", "Grote klanten"]


@pytest.mark.timeout(300)
def test_dashboard_notebook_on_a_missing_workbook_shows_the_message(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "weg.klantlab.json"
    states = _run(dashboard_notebook(), missing, monkeypatch)
    assert f"Het werkboek &#x27;{missing}&#x27; bestaat niet" in _html(states)
    assert _figures(states) == []
