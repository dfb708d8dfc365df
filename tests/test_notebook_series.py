"""The English notebook series in notebooks/en/ mirrors the Dutch guided notebooks cell for cell.

Same cells in the same order, the same calls (English variable names, one
``kl.set_language("en")`` before the workbook is opened), English text
without Dutch left in it, and a link from each Dutch notebook to its English
version. Read from the notebook files; nothing is run here (the test suite's
nbval run executes both series).
"""

import re
from pathlib import Path

import nbformat
import pytest

from klantlab.io import notebooks_dir

#: Each Dutch guided notebook and its English counterpart (in notebooks/en/).
SERIES = {
    "00_start.ipynb": "00_start.ipynb",
    "01_klantsegment_kiezen.ipynb": "01_choosing_the_segment.ipynb",
    "02_klanttype_piramide.ipynb": "02_stakeholder_pyramid.ipynb",
    "03_klantenpiramide.ipynb": "03_customer_pyramid.ipynb",
    "04_customer_journey.ipynb": "04_customer_journey.ipynb",
    "05_opleveren.ipynb": "05_handover.ipynb",
}
#: Dutch variable names in the code cells and the English names the English notebooks use instead.
NAMES = {"segmentatie": "segmentation", "vorm": "form", "piramide": "pyramid", "reis": "journey"}
SET_LANGUAGE = 'kl.set_language("en")'
OPEN_WORKBOOK = "wb = kl.open_workbook()"
#: Dutch words that never occur in English text (whole words, any case); none of them is an English word.
TELLTALE_DUTCH = (
    "het", "de", "een", "en", "van", "voor", "niet", "wordt", "naar", "ook", "je", "ik", "wie", "wat", "waar",
    "klant", "klanten", "klanttypen",
    "klanttype", "klanttypes", "werkboek", "stap", "voorbereiding", "daarna", "verder", "tabblad", "omzet",
    "marge", "bestand", "klik", "kies", "ongedaan", "opnieuw", "invulformat", "piramide", "segmenten",
)  # fmt: skip
_DUTCH = re.compile(r"\b(?:" + "|".join(TELLTALE_DUTCH) + r")\b", re.IGNORECASE)
#: What is not prose in a markdown cell: fenced code, inline code and link targets (file names, commands, paths).
_NOT_PROSE = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)", re.DOTALL)
_NOTEBOOK_NAME = re.compile(r"\b\d\d_\w+\.ipynb\b")


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _english(dutch: str) -> Path:
    return notebooks_dir() / "en" / SERIES[dutch]


def _in_english_names(code: str) -> str:
    for dutch, english in NAMES.items():
        code = re.sub(rf"\b{dutch}\b", english, code)
    return code


def _without_set_language(code: str) -> str:
    return "\n".join(line for line in code.split("\n") if line.strip() != SET_LANGUAGE)


def _markdown(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def dutch_telltales(markdown: str) -> list[str]:
    """The telltale Dutch words in the prose of a markdown text (code and link targets left out)."""
    return _DUTCH.findall(_NOT_PROSE.sub(" ", markdown))


@pytest.mark.parametrize("dutch", SERIES)
def test_each_dutch_notebook_has_an_english_one_with_the_same_cells_and_calls(dutch: str) -> None:
    assert _english(dutch).is_file(), f"{dutch} has no English version {_english(dutch)}"
    nl, en = _read(notebooks_dir() / dutch), _read(_english(dutch))
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in nl.cells]
    nl_code = [c.source for c in nl.cells if c.cell_type == "code"]
    en_code = [c.source for c in en.cells if c.cell_type == "code"]
    assert [_without_set_language(code) for code in en_code] == [_in_english_names(code) for code in nl_code]
    assert not any(re.search(rf"\b{name}\b", code) for code in en_code for name in NAMES)
    assert en.metadata.kernelspec == nl.metadata.kernelspec


@pytest.mark.parametrize("dutch", SERIES)
def test_each_english_notebook_switches_to_english_before_it_opens_the_workbook(dutch: str) -> None:
    cells = [c.source for c in _read(_english(dutch)).cells if c.cell_type == "code"]
    first = cells[0].split("\n")
    assert first[:2] == ["import klantlab as kl", "import klantlab.widgets as kw"]
    assert SET_LANGUAGE in first and OPEN_WORKBOOK in first, cells[0]
    assert first.index(SET_LANGUAGE) == first.index(OPEN_WORKBOOK) - 1
    assert sum(SET_LANGUAGE in code for code in cells) == 1


@pytest.mark.parametrize("dutch", SERIES)
def test_english_notebooks_are_stored_without_outputs(dutch: str) -> None:
    for cell in _read(_english(dutch)).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("dutch", SERIES)
def test_english_text_has_no_dutch_left_in_it(dutch: str) -> None:
    for text in _markdown(_read(_english(dutch))):
        assert dutch_telltales(text) == [], text
        assert "*English:*" not in text  # the pointer to the English version belongs in the Dutch notebook only


@pytest.mark.parametrize("dutch", SERIES)
def test_english_notebooks_name_the_english_notebooks(dutch: str) -> None:
    named = {name for text in _markdown(_read(_english(dutch))) for name in _NOTEBOOK_NAME.findall(text)}
    assert named <= set(SERIES.values()), named - set(SERIES.values())


def test_the_telltale_words_do_not_hit_english() -> None:
    english = (
        "Undo and Redo. The end user decides; den, dean, event, open, then, vane, hand-over, detail, klantlab. "
        "About the six stakeholder roles. Stakeholder pyramid: who plays which part? Step 1 · Read file `klantlab en`."
    )
    assert dutch_telltales(english) == []
    assert dutch_telltales("Klik op **Ongedaan maken** in het werkboek van de klant") == [
        "Klik", "Ongedaan", "het", "werkboek", "van", "de", "klant",
    ]  # fmt: skip


@pytest.mark.parametrize("dutch", SERIES)
def test_each_dutch_notebook_names_its_english_version(dutch: str) -> None:
    """By name and by command, not by a link: a client's copy of the series holds one language only."""
    markdown = "\n".join(_markdown(_read(notebooks_dir() / dutch)))
    targets = re.findall(r"`notebooks/(en/[^`]+\.ipynb)`", markdown)
    assert targets == [f"en/{SERIES[dutch]}"]
    assert (notebooks_dir() / targets[0]).resolve() == _english(dutch).resolve()
    assert (notebooks_dir() / targets[0]).is_file()
    assert "`klantlab lab --language en`" in markdown
    assert SET_LANGUAGE not in markdown  # the English version replaces the hint to switch languages by hand
