"""English is complete: every English notebook, the exercises and the dashboard, run on the English sample, show
no text of the Dutch catalogue that English does not share (only what a team typed may be Dutch)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from helpers import dutch_in, dutch_only_fragments
from nbclient import NotebookClient

from klantlab.i18n import LANGUAGE_ENV
from klantlab.io import WORKBOOK_ENV, dashboard_notebook, notebooks_dir, sample_workbook_path, samples_dir
from klantlab.io.client_notebooks import SERIES
from klantlab.io.sample_data import SAMPLE_FILES

#: Widget state that is code or look, not text a reader sees.
_NOT_TEXT = {"_esm", "_css", "_view_module", "_model_module", "_view_name", "_model_name", "layout", "style"}


def shown_strings(value: object, into: list[str]) -> list[str]:
    """Every string in outputs or widget state that a reader could see."""
    if isinstance(value, str):
        if not value.startswith(("IPY_MODEL_", "data:")):
            into.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                shown_strings(item, into)
    elif isinstance(value, list):
        for item in value:
            shown_strings(item, into)
    return into


def test_the_check_finds_dutch_where_there_is_dutch() -> None:
    pieces = dutch_only_fragments()
    assert ("Ongedaan maken", "app.history.undo") in dutch_in("<button>Ongedaan maken</button>", pieces)
    assert [piece for piece, _ in dutch_in("Het werkboek is opgeslagen.", pieces)] != []
    assert dutch_in("1,800 customers · Undo · Pareto · Gini 0.87 · klantlab", pieces) == []


def client_data_words() -> list[str]:
    """The sample client's own words that a page may show as they are: its files' names and column names."""
    words = []
    for name in SAMPLE_FILES.values():
        words.append(name)
        words += (samples_dir() / name).read_text(encoding="utf-8-sig").splitlines()[0].replace(",", ";").split(";")
    return sorted(words, key=len, reverse=True)  # the longest first, so no name is cut into another


@pytest.fixture(scope="module")
def english_sample(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("english-sample")
    for name in [sample_workbook_path("en").name, *SAMPLE_FILES.values()]:
        shutil.copyfile(samples_dir() / name, folder / name)
    return folder / sample_workbook_path("en").name


ENGLISH_PAGES = [*SERIES["en"], "en/exercises/results.ipynb", "dashboards/overzicht.ipynb"]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_an_english_page_shows_no_dutch_catalogue_text(page: str, english_sample: Path, monkeypatch) -> None:
    monkeypatch.setenv(WORKBOOK_ENV, str(english_sample))
    monkeypatch.setenv(LANGUAGE_ENV, "en")  # as `klantlab dashboard --language en` starts its kernels
    notebook = nbformat.read(notebooks_dir() / page, as_version=4)
    folder = {"metadata": {"path": str(english_sample.parent)}}  # the teacher's results page looks there
    NotebookClient(notebook, timeout=240, kernel_name="python3", store_widget_state=True, resources=folder).execute()
    outputs = [cell.get("outputs", []) for cell in notebook.cells]
    assert [o for cell in outputs for o in cell if o.get("output_type") == "error"] == []
    widgets = notebook.metadata.get("widgets", {})
    texts = shown_strings([outputs, widgets], [])
    texts += [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    shown = "\n".join(texts)
    for word in client_data_words():  # the client's file names and column names are the client's, as they are
        shown = shown.replace(word, "")
    assert len(shown) > 2000  # the page showed its forms and figures, not a message
    assert dutch_in(shown, dutch_only_fragments()) == []
    assert notebooks_dir() / page != dashboard_notebook() or "workbook overview (read-only)" in shown
