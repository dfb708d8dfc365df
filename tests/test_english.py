"""English is complete: every English notebook, the exercises and the dashboard, run on the English sample, show
no text of the Dutch catalogue that English does not share (only what a team typed may be Dutch)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import dutch_in, dutch_only_fragments, executed_notebook, states_figures, states_html, widget_states

from klantlab.i18n import LANGUAGE_ENV
from klantlab.io import dashboard_notebook, notebooks_dir, sample_workbook_path, samples_dir
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
    monkeypatch.setenv(LANGUAGE_ENV, "en")  # as `klantlab dashboard --language en` starts its kernels
    # the teacher's results page looks for answer files in the folder it runs in
    notebook = executed_notebook(notebooks_dir() / page, english_sample, monkeypatch, folder=english_sample.parent)
    outputs = [cell.get("outputs", []) for cell in notebook.cells]
    widgets = notebook.metadata.get("widgets", {})
    texts = shown_strings([outputs, widgets], [])
    texts += [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    shown = "\n".join(texts)
    for word in client_data_words():  # the client's file names and column names are the client's, as they are
        shown = shown.replace(word, "")
    assert len(shown) > 2000  # the page showed its forms and figures, not a message
    assert dutch_in(shown, dutch_only_fragments()) == []
    assert notebooks_dir() / page != dashboard_notebook() or "workbook overview (read-only)" in shown


def _english_run(page: str, workbook: Path, monkeypatch) -> dict:
    return widget_states(executed_notebook(notebooks_dir() / page, workbook, monkeypatch))


def _titles(states: dict) -> list[str]:
    return [figure["layout"]["title"]["text"] for figure in states_figures(states)]


@pytest.mark.timeout(300)
def test_the_english_start_notebook_in_exact_words(english_sample: Path, monkeypatch) -> None:
    states = _english_run("en/00_start.ipynb", english_sample, monkeypatch)
    html = states_html(states)
    assert ">1,800<" in html and ">top customers: 46.4% of revenue<" in html
    assert "<b>18 top customers (1% of the active customers) bring 46% of the revenue</b>" in html
    assert "filled in: 14 stakeholders" in html
    assert sorted((s["description"], s["value"]) for s in states.values() if s.get("_model_name") == "TextModel") == [
        ("Consultant", ""), ("Consultant", "Anna de Vries"), ("Name", "Verpakkingstechniek Nederland B.V."),
        ("New client", ""),
    ]  # fmt: skip
    assert sorted(_titles(states)) == [
        "Attractiveness of the segments (weighted score, 1–5)",
        "Customer pyramid: customers and their share of revenue",
    ]


@pytest.mark.timeout(300)
def test_the_english_customer_pyramid_notebook_in_exact_words(english_sample: Path, monkeypatch) -> None:
    states = _english_run("en/03_customer_pyramid.ipynb", english_sample, monkeypatch)
    html = states_html(states)
    assert "21,919 of 21,919 rows used; see the tab &#x27;Rows left out&#x27;." in html
    assert "165 customers (9.2% of the active customers) make 80% of revenue; Gini 0.87." in html
    assert "Compared with 2024-01-01 to 2024-12-31 (1,778 active customers): 12.4% of them were lost." in html
    assert [s["description"] for s in states.values() if s.get("_model_name") == "ButtonModel"][:4] == [
        "Undo", "Redo", "Read file", "Use these columns",
    ]  # fmt: skip
    assert _titles(states) == [
        "Customer pyramid: customers and their share of revenue",
        "Concentration: how many customers make the revenue? (Gini 0.87)",
        "Moves between the periods: 220 lost, 242 new, 0 reactivated",
        "Customer flows from the previous to this period",
        "Current value against potential: 365 customers outside the top could move up a level",
        "Attention per level: share of revenue against share of contact moments",
    ]
