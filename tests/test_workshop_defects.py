"""The defects one real workshop hit on a new workbook, each as it happened (issue 13, items 1 to 7).

Every test starts from a NEW, empty workbook, goes across forms the way the
team did, and reads the saved file back after each step. Item 8 (layout in
JupyterLab) is checked in the browser: tests/browser/test_workshop_in_jupyterlab.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import nbformat
import openpyxl
import pytest
from helpers import saved, shown_text
from nbclient import NotebookClient

from klantlab import cli
from klantlab.analysis import analyse_pyramid, period_values
from klantlab.charts.stakeholder_pyramid import stakeholder_pyramid_figure
from klantlab.io import WORKBOOK_ENV, WorkbookFile, default_workbook_path, notebooks_dir
from klantlab.io.client_files import read_client_file
from klantlab.io.transactions_import import import_table
from klantlab.model import Stakeholder, StakeholderRole
from klantlab.report.content import build_report
from klantlab.report.excel import excel_bytes
from klantlab.widgets import journey_form, pyramid_explorer, segmentation_form, stakeholder_form, workbook_overview


@pytest.fixture
def new_workbook(tmp_path: Path) -> Path:
    return WorkbookFile.create(tmp_path / "nieuwe-klant.klantlab.json", "Nieuwe Klant B.V.").path


def _segments(path: Path) -> list[tuple[str, str]]:
    return [(s["id"], s["name"]) for s in saved(path)["segmentation"]["segments"]]


def _new_segment(form, name: str) -> str:
    form.add_segment()
    form.segment_fields["name"].value = name
    return form.segment_list.value


# 1 -------------------------------------------------------------------------------------------------------------


def test_1_renaming_adding_or_deleting_a_segment_keeps_the_chosen_segment(new_workbook: Path) -> None:
    form = segmentation_form(WorkbookFile.open(new_workbook))
    zuivel = _new_segment(form, "Zuivel")
    farma = _new_segment(form, "Farma")
    form.chosen.value = (zuivel,)
    assert saved(new_workbook)["segmentation"]["chosen_segment_ids"] == [zuivel]
    form.segment_list.value = zuivel
    form.segment_fields["name"].value = "Zuivel en voeding"  # rename
    _new_segment(form, "E-commerce")  # add
    form.segment_list.value = farma
    form.delete_segment()  # delete another one
    assert _segments(new_workbook)[0] == (zuivel, "Zuivel en voeding") and len(_segments(new_workbook)) == 2
    assert saved(new_workbook)["segmentation"]["chosen_segment_ids"] == [zuivel]
    assert form.chosen.value == (zuivel,)
    assert [label for label, _ in form.chosen.options] == ["Zuivel en voeding", "E-commerce"]


# 2 -------------------------------------------------------------------------------------------------------------


def test_2_the_persona_segment_list_follows_segments_added_above_and_in_other_forms(new_workbook: Path) -> None:
    handle = WorkbookFile.open(new_workbook)
    form = segmentation_form(handle)
    assert form.persona_segment.options == ()
    zuivel = _new_segment(form, "Zuivel")
    assert form.persona_segment.options == (("Zuivel", zuivel),) and form.persona_segment.value == zuivel
    pyramid = stakeholder_form(handle)  # a segment typed in the next notebook cell
    pyramid.create_segment("Farma")
    assert [label for label, _ in form.persona_segment.options] == ["Zuivel", "Farma"]
    assert [label for label, _ in form.segment_list.options] == ["Zuivel", "Farma"]
    form.persona_fields["name"].value = "Inkoper Ingrid"
    assert saved(new_workbook)["segmentation"]["persona"]["segment_id"] == zuivel


# 3 -------------------------------------------------------------------------------------------------------------


def test_3_the_outside_in_threshold_is_saved_and_every_view_uses_it(new_workbook: Path) -> None:
    handle = WorkbookFile.open(new_workbook)
    form = journey_form(handle)
    form.interviews.value = "12"
    for description, mentions in (("Ik vraag een offerte", "4"), ("Ik bel de helpdesk", "2")):
        form.add_touchpoint()
        form.fields["description"].value = description
        form.fields["moment_of_truth_inside_out"].value = True
        form.fields["outside_in_mentions"].value = mentions
    # A quarter of 12 interviews is 3: only the offerte counts; the team lowers it to 2.
    assert "Focuslijst: momenten van de waarheid waar team en klanten het over eens zijn (1)" in shown_text(form.focus)
    form.min_mentions.value = "2"
    assert saved(new_workbook)["journey"]["outside_in_threshold"] == 2
    assert "(2)" in shown_text(form.focus)
    reopened = WorkbookFile.open(new_workbook)
    assert journey_form(reopened).min_mentions.value == "2"
    assert "momenten van de waarheid, 2 ook door klanten genoemd" in shown_text(workbook_overview(reopened))
    report = build_report(reopened.workbook)
    (journey,) = [s for s in report.sections if s.model == "journey" and s.table is not None][:1]
    assert any("2" in fact for fact in journey.facts)
    form.min_mentions.value = ""  # empty: back to a quarter of the interviews
    assert saved(new_workbook)["journey"]["outside_in_threshold"] is None and form.min_mentions.value == "3"


# 4 -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed", "stored", "shown"),
    [
        ("revenue", "1.200.000", 1_200_000, "1.200.000"),
        ("revenue", "1.200.000,50", 1_200_000.5, "1.200.000,50"),  # the text stays as typed
        ("revenue", "€ 1.200", 1_200, "€ 1.200"),
        ("margin", "1200000.5", 1_200_000.5, "1200000.5"),
        ("customers", "1.200", 1_200, "1.200"),
    ],
)
def test_4_dutch_numbers_are_stored_as_meant(new_workbook: Path, field: str, typed: str, stored, shown: str) -> None:
    form = segmentation_form(WorkbookFile.open(new_workbook))
    _new_segment(form, "Zuivel")
    form.segment_fields[field].value = typed
    assert saved(new_workbook)["segmentation"]["segments"][0][field] == stored
    assert form.segment_fields[field].value == shown


def test_4_text_that_is_no_number_is_refused_named_and_kept(new_workbook: Path) -> None:
    form = segmentation_form(WorkbookFile.open(new_workbook))
    _new_segment(form, "Zuivel")
    form.segment_fields["customers"].value = "40"
    before = new_workbook.read_bytes()
    form.segment_fields["customers"].value = "veel"
    assert "Klanten: 'veel' is geen getal. Typ bijvoorbeeld 1.200; je invoer staat nog in het vak." in shown_text(form)
    assert form.segment_fields["customers"].value == "veel" and new_workbook.read_bytes() == before
    form.segment_fields["name"].value = "Zuivel en voeding"  # another change elsewhere leaves the typed text
    assert form.segment_fields["customers"].value == "veel"
    form.segment_fields["customers"].value = "1,5"
    assert "'1,5' is geen heel getal" in shown_text(form)
    form.segment_fields["customers"].value = "41"
    assert saved(new_workbook)["segmentation"]["segments"][0]["customers"] == 41


# 5 -------------------------------------------------------------------------------------------------------------


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    ("notebook", "says"),
    [
        ("00_start.ipynb", "nog leeg: begin met notebook 01_klantsegment_kiezen.ipynb"),
        ("01_klantsegment_kiezen.ipynb", "Nog geen segmenten: maak ze in het formulier hierboven"),
        ("02_klanttype_piramide.ipynb", "Er is nog geen segment. Kies eerst het doelsegment in notebook 01"),
        ("03_klantenpiramide.ipynb", "Nog geen klantenpiramide: lees eerst een bestand in bij Stap 1"),
        ("04_customer_journey.ipynb", "Nog geen kloof te zien: geef de contactmomenten in Stap 1"),
        ("05_opleveren.ipynb", "Exporteer"),
    ],
)
def test_5_run_all_on_a_new_workbook_shows_no_traceback_and_says_what_to_do_first(
    new_workbook: Path, monkeypatch, notebook: str, says: str
) -> None:
    monkeypatch.setenv(WORKBOOK_ENV, str(new_workbook))
    nb = nbformat.read(notebooks_dir() / notebook, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True).execute()
    assert [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"] == []
    states = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"].values()
    texts = " ".join(str(m["state"].get("value", "")) + str(m["state"].get("description", "")) for m in states)
    assert says in texts.replace("&#x27;", "'")


def test_5_the_next_steps_views_fill_in_once_the_step_before_is_done(new_workbook: Path) -> None:
    from klantlab.widgets import pyramid_levels, segment_ranking

    handle = WorkbookFile.open(new_workbook)
    form = segmentation_form(handle)
    ranking = segment_ranking(handle)
    levels = pyramid_levels(handle)
    assert shown_text(ranking).startswith("Nog geen segmenten")
    assert shown_text(levels).startswith("Nog geen klantenpiramide: lees eerst een bestand in bij Stap 1")
    _new_segment(form, "Zuivel")
    assert shown_text(ranking) == "plaats Naam gewogen score aantrekkelijkheid fit Gekozen segment(en) 1 Zuivel"


# 6 -------------------------------------------------------------------------------------------------------------


def test_6_klantlab_lab_opens_the_clients_own_copy_of_the_notebooks(new_workbook: Path, monkeypatch) -> None:
    shipped = {p: p.read_bytes() for p in notebooks_dir().rglob("*.ipynb")}
    started = []
    monkeypatch.setattr(cli, "_run_server", lambda command, env: started.append(command) or 0)
    assert cli.main(["lab", str(new_workbook), "--no-browser"]) == 0
    (command,) = started
    own = new_workbook.parent / "nieuwe-klant-notebooks"
    assert f"--notebook-dir={new_workbook.parent}" in command
    assert f"--ServerApp.file_to_run={own / '00_start.ipynb'}" in command
    assert sorted(p.relative_to(own).as_posix() for p in own.rglob("*.ipynb")) == [
        "00_start.ipynb", "01_klantsegment_kiezen.ipynb", "02_klanttype_piramide.ipynb", "03_klantenpiramide.ipynb",
        "04_customer_journey.ipynb", "05_opleveren.ipynb", "oefeningen/oefeningen.ipynb",
    ]  # fmt: skip
    for copy in own.rglob("*.ipynb"):
        cells = json.loads(copy.read_text(encoding="utf-8"))["cells"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
    monkeypatch.delenv(WORKBOOK_ENV, raising=False)
    for folder in (own, own / "oefeningen"):  # their kernels start there and open this client's workbook
        monkeypatch.chdir(folder)
        assert default_workbook_path() == new_workbook.resolve()
    assert {p: p.read_bytes() for p in notebooks_dir().rglob("*.ipynb")} == shipped


def test_6_the_sample_is_worked_on_in_a_copy_never_in_the_project(tmp_path: Path, monkeypatch) -> None:
    started = []
    monkeypatch.setattr(cli, "_run_server", lambda command, env: started.append((command, env)) or 0)
    monkeypatch.delenv(WORKBOOK_ENV, raising=False)  # no workbook named: the sample
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", "--no-browser"]) == 0
    (_command, env), copy = started[0], tmp_path / "voorbeeld"
    assert env[WORKBOOK_ENV] == str(copy / "verpakkingsmachines.klantlab.json")
    assert sorted(p.name for p in copy.iterdir()) == [
        "verpakkingsmachines-notebooks", "verpakkingsmachines.klantlab.json", "verpakkingsmachines_crm.csv",
        "verpakkingsmachines_facturen.csv", "verpakkingsmachines_klanten.csv",
    ]  # fmt: skip


# 7 -------------------------------------------------------------------------------------------------------------


def test_7_a_new_touchpoint_goes_into_the_phase_chosen_in_the_list(new_workbook: Path) -> None:
    form = journey_form(WorkbookFile.open(new_workbook))
    form.add_touchpoint()  # in the first phase
    form.phase_list.value = "choice"
    form.add_touchpoint()
    form.add_fixed("website")  # a fixed touchpoint keeps its usual phase (orientation)
    phases = [tp["phase_id"] for tp in saved(new_workbook)["journey"]["touchpoints"]]
    assert phases == ["awareness", "choice", "orientation"]
    form.touchpoint_list.value = saved(new_workbook)["journey"]["touchpoints"][0]["id"]
    assert form.phase_list.value == "awareness"  # choosing a touchpoint shows its phase


def test_7_the_journey_is_for_the_chosen_segment_unless_set_otherwise(new_workbook: Path) -> None:
    handle = WorkbookFile.open(new_workbook)
    segments = segmentation_form(handle)
    _new_segment(segments, "Zuivel")
    farma = _new_segment(segments, "Farma")
    segments.chosen.value = (farma,)
    journey = journey_form(handle)
    assert journey.segment.value == farma
    assert handle.workbook.journey_segment().name == "Farma"


def test_7_more_mentions_than_interviews_is_pointed_out(new_workbook: Path) -> None:
    form = journey_form(WorkbookFile.open(new_workbook))
    form.interviews.value = "10"
    form.add_touchpoint()
    form.fields["outside_in_mentions"].value = "12"
    assert saved(new_workbook)["journey"]["touchpoints"][0]["outside_in_mentions"] == 12  # saved anyway
    assert "is door 12 klanten genoemd, maar er zijn 10 interviews ingevuld" in shown_text(form.mentions_warning)


def test_7_a_share_reads_the_same_on_screen_in_the_deck_and_in_excel(tmp_path: Path) -> None:
    # 27,649 of 100,000: 27,6 %. The summary used to keep 0.2765, which the deck showed as 27,7 %.
    rows = ["klantnummer;factuurdatum;omzet"] + [
        f"K{i};01-03-2025;{amount}" for i, amount in enumerate(("40000", "27649", "20000", "12351"), start=1)
    ]
    (tmp_path / "export.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    handle = WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant")
    explorer = pyramid_explorer(handle)
    explorer.preset.value = "custom"
    for box, value in zip(explorer.thresholds, ("25", "50", "75"), strict=True):
        box.value = value
    explorer.file.value = "export.csv"
    assert "27,6 %" in shown_text(explorer.tables["pyramid"]) and "27,7" not in shown_text(explorer.tables["pyramid"])
    workbook = WorkbookFile.open(handle.path).workbook
    report = build_report(workbook)
    (_, pyramid) = [s for s in report.sections if s.model == "customer_pyramid"]  # the board, the levels
    assert [row[-1] for row in pyramid.table.rows][:4] == ["40,0 %", "27,6 %", "20,0 %", "12,4 %"]
    table = import_table(read_client_file(tmp_path / "export.csv"))
    values = period_values(table, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    analysis = analyse_pyramid(*values, preset="custom", thresholds=[0.25, 0.5, 0.75])
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(workbook, analysis, "01-12-2026")))["Niveaus"]
    share = [cell.value for cell in sheet[1]].index("Omzetaandeel") + 1
    assert [sheet.cell(row, share).value for row in range(2, 6)] == [0.4, 0.276, 0.2, 0.124]
    from klantlab.widgets import pyramid_levels

    assert "27,6 %" in shown_text(pyramid_levels(handle))


def test_7_a_post_it_names_the_person_and_the_organisation(new_workbook: Path) -> None:
    entry = Stakeholder(segment_id="s", name="Hoofdredacteur", organisation="Vakblad Zorgvisie",
                        role=StakeholderRole.influencer, verified=True)  # fmt: skip
    long = Stakeholder(segment_id="s", name="Directeur", organisation="Coöperatieve Zuivelbedrijven Noord-Nederland",
                       role=StakeholderRole.decision_maker, verified=True)  # fmt: skip
    figure = stakeholder_pyramid_figure([entry, long])
    texts = [a.text for a in figure.layout.annotations]
    assert "Hoofdredacteur<br><i>Vakblad</i><br><i>Zorgvisie</i>" in texts
    assert "Directeur<br><i>Coöperatieve</i><br><i>Zuivelbedrijv…</i><br><i>Noord-…</i>" in texts  # shortened
    hovers = [h for trace in figure.data if trace.hovertext for h in trace.hovertext]
    assert any("Coöperatieve Zuivelbedrijven Noord-Nederland" in h for h in hovers)  # in full in the hover


def test_7_a_typed_channel_stays_when_the_team_moves_on(new_workbook: Path) -> None:
    form = journey_form(WorkbookFile.open(new_workbook))
    form.add_touchpoint()
    first = form.touchpoint_list.value
    form.fields["channel"].value = "WhatsApp"
    form.add_touchpoint()
    form.fields["channel"].value = "telefoon"
    form.touchpoint_list.value = first
    assert form.fields["channel"].value == "WhatsApp"
    journey = saved(new_workbook)["journey"]
    assert [tp["channel"] for tp in journey["touchpoints"]] == ["WhatsApp", "telefoon"]
    assert "WhatsApp" in journey["channels"] and "WhatsApp" in form.fields["channel"].options


def test_7_a_deleted_party_comes_back_with_undo(new_workbook: Path) -> None:
    handle = WorkbookFile.open(new_workbook)
    form = stakeholder_form(handle)
    form.create_segment("Zuivel")
    form.add()
    form.fields["name"].value = "Henk Bosman"
    form.fields["organisation"].value = "Bosman Zuivel"
    form.delete()  # no question asked: undo can bring it back
    assert saved(new_workbook)["stakeholder_pyramid"]["stakeholders"] == []
    assert "'Henk Bosman' is verwijderd. Met 'Ongedaan maken' zet je het terug." in shown_text(form.messages)
    form.undo_bar.undo_button.click()
    (entry,) = saved(new_workbook)["stakeholder_pyramid"]["stakeholders"]
    assert (entry["name"], entry["organisation"]) == ("Henk Bosman", "Bosman Zuivel")
    assert [label for label, _ in form.entries.options] == ["Beïnvloeder · Henk Bosman (Bosman Zuivel)"]


def test_4_in_english_numbers_are_read_the_english_way(new_workbook: Path) -> None:
    from klantlab.i18n import language

    with language("en"):
        form = segmentation_form(WorkbookFile.open(new_workbook))
        _new_segment(form, "Dairy")
        form.segment_fields["revenue"].value = "1,200,000.50"
        form.segment_fields["customers"].value = "1,200"
        segment = saved(new_workbook)["segmentation"]["segments"][0]
        assert (segment["revenue"], segment["customers"]) == (1_200_000.5, 1_200)
        form.segment_fields["margin"].value = "lots"
        assert "Margin: 'lots' is not a number. Type for example 1,200,000.5; what you typed is still in the box." in (
            shown_text(form)
        )
