"""What the notebooks show when run on (a copy of) the sample workbook, read from their widget state."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import executed_notebook, states_figures, states_html, widget_states

from klantlab.io import dashboard_notebook, notebooks_dir, sample_workbook_path


def _run(notebook: Path, workbook: Path, monkeypatch) -> dict:
    """Execute ``notebook`` on ``workbook``; return the widget models' states by id."""
    return widget_states(executed_notebook(notebook, workbook, monkeypatch, timeout=120))


_html, _figures = states_html, states_figures


def _buttons(states: dict) -> list[str]:
    return [s["description"] for s in states.values() if s.get("_model_name") == "ButtonModel"]


def _walls(states: dict) -> list[dict]:
    """The walls a notebook shows (anywidget models), each as its kind, read-only flag and board."""
    return [
        {"kind": s["kind"], "read_only": s["read_only"], **s["board"]}
        for s in states.values()
        if s.get("_model_name") == "AnyModel" and s.get("kind")
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
    titles = sorted(figure["layout"]["title"]["text"] for figure in _figures(states))
    assert titles == [  # the overview shows every filled model: two charts and two walls
        "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)",
        "Klantenpiramide: klanten en hun aandeel in de omzet",
    ]
    walls = [(wall["kind"], wall["read_only"], wall["title"], len(wall["notes"])) for wall in _walls(states)]
    assert walls == [
        ("stakeholders", True, "Klanttype-piramide · Zuivel- en voedingsproducenten", 14),
        ("journey", True, "Customer journey · Zuivel- en voedingsproducenten", 18),
    ]
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
    pyramid = next(f for f in _figures(states) if f["layout"]["title"]["text"].startswith("Klantenpiramide"))
    assert [trace["name"] for trace in pyramid["data"]][:2] == ["Topklanten", "Grote klanten"]
    assert len(_figures(states)) == 2
    assert [(wall["kind"], wall["read_only"]) for wall in _walls(states)] == [("stakeholders", True), ("journey", True)]


@pytest.mark.timeout(300)
def test_dashboard_notebook_on_a_missing_workbook_shows_the_message(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "weg.klantlab.json"
    states = _run(dashboard_notebook(), missing, monkeypatch)
    assert "Het werkboek weg.klantlab.json is er niet (meer)." in _html(states)
    assert str(tmp_path) not in _html(states)  # a manager reads no path on the server
    assert _figures(states) == []


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """A copy of the sample workbook with the client's files it names."""
    for path in sample_workbook_path().parent.glob("verpakkingsmachines*"):
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path / sample_workbook_path().name


@pytest.mark.timeout(300)
def test_customer_pyramid_notebook_shows_levels_charts_and_saves(sample_folder: Path, monkeypatch) -> None:
    states = _run(notebooks_dir() / "03_klantenpiramide.ipynb", sample_folder, monkeypatch)
    html = _html(states)
    # The level table: real share beside the textbook figure, and the rows used.
    assert ">Topklanten<" in html and ">18<" in html and ">46,4 %<" in html and ">40 %<" in html
    assert "21.919 van de 21.919 regels gebruikt" in html
    assert (
        "Vergeleken met 2024-01-01 tot en met 2024-12-31 (1.778 actieve klanten): 12,4 % van hen is verloren." in html
    )
    assert "165 klanten (9,2 % van de actieve klanten) maken 80 % van de omzet; Gini 0,87." in html
    titles = [figure["layout"]["title"]["text"] for figure in _figures(states)]
    assert titles == [
        "Klantenpiramide: klanten en hun aandeel in de omzet",
        "Concentratie: hoeveel klanten maken de omzet? (Gini 0,87)",
        "Verschuiving tussen de perioden: 220 verloren, 242 nieuw, 0 teruggekomen",
        "Klantstromen van de vorige naar deze periode",
        titles[4],
        "Aandacht per niveau: aandeel in de omzet tegen aandeel in de contactmomenten",
    ]
    assert titles[4].startswith("Huidige waarde tegen potentieel: ") and titles[4].endswith("kunnen een niveau hoger")
    # Every figure stays small: the concentration curve is downsampled.
    assert max(len(str(figure)) for figure in _figures(states)) < 40_000
    saved = json.loads(sample_folder.read_text(encoding="utf-8"))["customer_pyramid"]
    assert [level["customers"] for level in saved["summary"]["levels"]] == [18, 72, 270, 1440, 220, 250, 900]
    assert saved["summary"]["churn"]["lost"] == 220


@pytest.mark.timeout(300)
def test_stakeholder_notebook_shows_the_pyramid_form_and_follow_up(sample_copy: Path, monkeypatch) -> None:
    before = sample_copy.read_bytes()
    states = _run(notebooks_dir() / "02_klanttype_piramide.ipynb", sample_copy, monkeypatch)
    html = _html(states)
    assert "Nog controleren bij klanten (8)" in html and "Mogelijke strategische partners (4)" in html
    assert "Saboteurs en invloedrijke tegenstanders: aanpak (3)" in html
    assert "Inpakkers die nu met de hand verpakken" in html and "omscholing tot lijnoperator" in html
    titles = [figure["layout"]["title"]["text"] for figure in _figures(states)]
    assert titles == ["Invloed en houding: wie win je het eerst voor je?"]
    [wall] = _walls(states)
    assert (wall["kind"], wall["read_only"], wall["title"]) == (
        "stakeholders",
        False,
        "Klanttype-piramide · Zuivel- en voedingsproducenten",
    )
    layer_names = [lane["title"] for lane in wall["lanes"]]
    assert layer_names == ["Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur"]
    assert len(wall["notes"]) == 14 and sum(note["side"] == "outside" for note in wall["notes"]) == 5
    selects = [s for s in states.values() if s.get("_model_name") == "SelectModel"]
    assert len(selects) == 1 and len(selects[0]["_options_labels"]) == 14
    assert _buttons(states).count("Download leeg invulformat") == 1  # the blank canvas for the wall
    assert sample_copy.read_bytes() == before  # showing the notebook changes nothing


@pytest.mark.timeout(300)
def test_segmentation_notebook_shows_the_ranking_matrix_and_persona(sample_copy: Path, monkeypatch) -> None:
    before = sample_copy.read_bytes()
    states = _run(notebooks_dir() / "01_klantsegment_kiezen.ipynb", sample_copy, monkeypatch)
    html = _html(states)
    assert "klantlab-persona" in html and "Martin" in html
    titles = [figure["layout"]["title"]["text"] for figure in _figures(states)]
    assert titles == [
        "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)",
        "Aantrekkelijkheid en fit: waar kiezen we voor?",
    ]
    ranking = _figures(states)[0]["data"][0]
    assert ranking["y"] == ["Zuivel- en voedingsproducenten", "Farmacie en cosmetica", "E-commerce en fulfilment"]
    assert ranking["text"] == ["4,08", "3,42", "2,83"]
    assert _buttons(states).count("Download leeg invulformat") == 1  # the persona on paper
    assert sample_copy.read_bytes() == before  # showing the notebook changes nothing


@pytest.mark.timeout(300)
def test_journey_notebook_shows_the_map_gaps_and_focus_list(sample_copy: Path, monkeypatch) -> None:
    before = sample_copy.read_bytes()
    states = _run(notebooks_dir() / "04_customer_journey.ipynb", sample_copy, monkeypatch)
    html = _html(states)
    # 12 interviews: outside-in from 3 customers; 8 moments of truth that team and customers share.
    assert "Focuslijst: momenten van de waarheid waar team en klanten het over eens zijn (8)" in html
    titles = [figure["layout"]["title"]["text"] for figure in _figures(states)]
    assert titles == [
        "Verwachting tegen prestatie per contactmoment (grootste tekort bovenaan)",
        "Momenten van de waarheid: 8 waar team en klanten het over eens zijn",
    ]
    [wall] = _walls(states)
    assert wall["title"] == "Customer journey · Zuivel- en voedingsproducenten" and wall["minimum"] == 3
    emotions = [note["emotion"] for note in wall["notes"]]
    assert len(emotions) == 18 and emotions[:3] == [-2, 1, 1]
    assert sum(note["moment"] and note["outside"] for note in wall["notes"]) == 8
    assert _buttons(states).count("Download leeg invulformat") == 1
    assert sample_copy.read_bytes() == before  # showing the notebook changes nothing


@pytest.mark.timeout(300)
def test_exercise_notebook_shows_twelve_questions(sample_copy: Path, monkeypatch) -> None:
    states = _run(notebooks_dir() / "oefeningen" / "oefeningen.ipynb", sample_copy, monkeypatch)
    html = _html(states)
    numbers = [f"<b>{model}.{n}</b>" for model in range(1, 5) for n in range(1, 4)]
    assert all(html.count(number) == 1 for number in numbers)  # three questions per model, numbered 1.1 … 4.3
    assert "Welk percentage van de actieve klanten maakt samen 80 % van de omzet?" in html
    buttons = [s["description"] for s in states.values() if s.get("_model_name") == "ButtonModel"]
    assert buttons.count("Controleer") == 12 and buttons.count("Toon antwoord (kost het punt)") == 12


@pytest.mark.timeout(300)
def test_handover_notebook_offers_the_three_files_and_writes_nothing_by_itself(sample_copy: Path, monkeypatch) -> None:
    states = _run(notebooks_dir() / "05_opleveren.ipynb", sample_copy, monkeypatch)
    boxes = [(s["description"], s["value"]) for s in states.values() if s.get("_model_name") == "CheckboxModel"]
    assert boxes == [("PowerPoint-presentatie", True), ("PDF-rapport en posters", True),
                     ("Excel-bestand met alle tabellen", True)]  # fmt: skip
    (folder,) = [s["value"] for s in states.values() if s.get("_model_name") == "TextModel"]
    assert folder == str(sample_copy.parent / "oplevering")
    buttons = [s["description"] for s in states.values() if s.get("_model_name") == "ButtonModel"]
    assert buttons == ["Exporteer"]
    assert sorted(p.name for p in sample_copy.parent.iterdir()) == [sample_copy.name]
