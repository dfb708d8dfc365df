"""Klantsegment kiezen: scoring arithmetic, figures from the sample data, period comparison, persona, the form."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers import shown_text
from pydantic import ValidationError

from klantlab.analysis import customer_pyramid
from klantlab.analysis.segments import attractiveness, compare_periods, segment_figures
from klantlab.charts.segments import matrix_figure, ranking_figure
from klantlab.io import WorkbookFile, sample_workbook_path, samples_dir
from klantlab.io.client_files import read_client_file
from klantlab.io.pyramid_inputs import customer_table
from klantlab.io.transactions_import import import_table
from klantlab.model import AttractivenessFactor, Persona, Segment, describe_validation_error
from klantlab.widgets import persona_card, segmentation_form
from klantlab.widgets.segmentation_form import ranking_frame

FACTORS = [
    AttractivenessFactor(id="size", name="Omvang", weight=2),
    AttractivenessFactor(id="margin", name="Marge", weight=1),
    AttractivenessFactor(id="fit", name="Fit", weight=1),
]


def test_weighted_scores_by_hand() -> None:
    segments = [
        Segment(id="a", name="A", scores={"size": 4, "margin": 2, "fit": 5}),  # (8 + 2 + 5) / 4 = 3.75
        Segment(id="b", name="B", scores={"size": 5, "margin": 5, "fit": 1}),  # (10 + 5 + 1) / 4 = 4.0
        Segment(id="c", name="C", scores={"size": 3}),  # only one factor scored: 3.0, not complete
        Segment(id="d", name="D"),  # not scored: last
    ]
    table = attractiveness(segments, FACTORS, chosen=["a"])
    assert table["name"].tolist() == ["B", "A", "C", "D"]
    assert table["score"].tolist()[:3] == [4.0, 3.75, 3.0] and pd.isna(table["score"][3])
    # Without fit: B (10 + 5) / 3 = 5.0, A (8 + 2) / 3 = 3.333…
    assert table["attractiveness"].round(4).tolist()[:2] == [5.0, 3.3333]
    assert table["fit"].tolist()[:2] == [1, 5]
    assert table["complete"].tolist() == [True, True, False, False]
    assert table["chosen"].tolist() == [False, True, False, False]
    assert table["rank"].tolist() == [1, 2, 3, 4]


def test_a_weight_of_zero_leaves_a_factor_out() -> None:
    factors = [*FACTORS[:2], AttractivenessFactor(id="fit", name="Fit", weight=0)]
    table = attractiveness([Segment(id="a", name="A", scores={"size": 4, "margin": 1, "fit": 5})], factors)
    assert table["score"].tolist() == [3.0]  # (8 + 1) / 3


def test_segment_figures_from_the_sample_data() -> None:
    transactions = import_table(read_client_file(samples_dir() / "verpakkingsmachines_facturen.csv"))
    customers = customer_table(samples_dir() / "verpakkingsmachines_klanten.csv")
    segments = WorkbookFile.open(sample_workbook_path()).workbook.segmentation.segments
    now = segment_figures(customer_pyramid(transactions, dt.date(2025, 1, 1), dt.date(2025, 12, 31)), customers,
                          segments)  # fmt: skip
    assert now[["segment_id", "customers", "revenue", "margin", "top_customers"]].values.tolist() == [
        ["food", 709, 25555576.12, 8586296.59, 7],
        ["pharma", 217, 11521013.83, 4028559.43, 4],
        ["ecommerce", 363, 14683835.54, 5055653.24, 6],
    ]
    assert now["top_share"].round(4).tolist() == [0.3889, 0.2222, 0.3333]  # of the 18 top customers
    before = segment_figures(customer_pyramid(transactions, dt.date(2024, 1, 1), dt.date(2024, 12, 31)), customers,
                             segments)  # fmt: skip
    table = compare_periods(before, now, threshold=0.05)
    assert table["customers_before"].tolist() == [695, 220, 357]
    # food revenue 24,277,357.31 -> 25,555,576.12 is +5.27 %; e-commerce +6.80 %: both beyond 5 %.
    assert table["revenue_change"].round(4).tolist() == [0.0527, -0.0428, 0.068]
    assert table["flag"].tolist() == [True, False, True]


def test_period_comparison_by_hand() -> None:
    before = pd.DataFrame({"segment_id": ["a", "b", "c"], "name": ["A", "B", "C"], "customers": [100, 50, 0],
                           "revenue": [1000.0, 500.0, 0.0]})  # fmt: skip
    now = pd.DataFrame({"segment_id": ["a", "b", "c"], "customers": [109, 40, 3], "revenue": [1100.0, 505.0, 10.0]})
    table = compare_periods(before, now, threshold=0.10)
    assert table["customers_change"].tolist()[:2] == [0.09, -0.2]
    assert table["revenue_change"].tolist()[:2] == [pytest.approx(0.1), 0.01]
    assert pd.isna(table["customers_change"][2])  # nothing before: no relative change
    assert table["flag"].tolist() == [False, True, False]  # +10.0 % is not more than 10 %


def test_persona_round_trip_and_card_escaping(workbook_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    handle.workbook.segmentation.segments.append(Segment(id="s1", name="Zuivel <b>"))
    handle.workbook.segmentation.persona = Persona(segment_id="s1", name="Martin <script>", who="Productiemanager",
                                                   goals="Minder stilstand\nSnel omstellen")  # fmt: skip
    handle.save()
    again = WorkbookFile.open(workbook_path).workbook.segmentation
    assert again.persona == handle.workbook.segmentation.persona
    card = persona_card(again.persona, again.segments[0])
    assert "Martin &lt;script&gt;" in card and "<script>" not in card and "Zuivel &lt;b&gt;" in card
    assert "Minder stilstand\nSnel omstellen" in card  # line breaks kept (pre-wrap)
    with pytest.raises(ValidationError) as error:
        Persona(segment_id="s1", name="")
    assert describe_validation_error(error.value) == ["naam: mag niet leeg zijn"]


def test_validation_messages_for_segments_and_factors() -> None:
    with pytest.raises(ValidationError) as score:
        Segment(name="A", scores={"size": 6})
    assert describe_validation_error(score.value) == ["scores › size: mag hoogstens 5 zijn"]
    with pytest.raises(ValidationError) as weight:
        AttractivenessFactor(name="Omvang", weight=-1)
    assert describe_validation_error(weight.value) == ["gewicht: moet minstens 0 zijn"]


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    for path in samples_dir().glob("verpakkingsmachines*"):
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path / sample_workbook_path().name


def _saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["segmentation"]


def test_the_form_scores_chooses_and_saves(sample_folder: Path) -> None:
    form = segmentation_form(WorkbookFile.open(sample_folder))
    grid = form.score_grid.children
    pharma_fit = grid[2].children[1 + [f.id for f in form.workbook.segmentation.factors].index("fit")]
    pharma_fit.value = 5
    assert _saved(sample_folder)["segments"][1]["scores"]["fit"] == 5
    ranked = ranking_frame(form.workbook)
    assert ranked.iloc[:, 1].tolist()[:2] == ["Zuivel- en voedingsproducenten", "Farmacie en cosmetica"]
    # Pharma: (2*2 + 4*2 + 5*3 + 5*3 + 3*1 + 2*1) / 12 = 47 / 12 = 3.9166…
    assert ranked.iloc[1, 2] == "3,92"
    form.chosen.value = ("food", "pharma")
    assert _saved(sample_folder)["chosen_segment_ids"] == ["food", "pharma"]
    form.reasons[next(iter(form.reasons))].value = True  # the list follows the order of the model
    assert _saved(sample_folder)["reasons"] == [
        "know_customers",
        "targeted_campaigns",
        "best_customers",
        "reach_segment",
    ]


def test_the_form_computes_figures_and_flags_shifts(sample_folder: Path) -> None:
    form = segmentation_form(WorkbookFile.open(sample_folder))
    form.threshold.value = "5"
    table = form.compute_figures()
    assert table["flag"].tolist() == [True, False, True]
    assert "verschoven" in form.comparison.value and "+5,3 %" in form.comparison.value


def test_deleting_a_chosen_segment_asks_takes_what_uses_it_and_undo_brings_it_all_back(sample_folder: Path) -> None:
    form = segmentation_form(WorkbookFile.open(sample_folder))
    before = json.loads(sample_folder.read_text(encoding="utf-8"))
    form.segment_list.value = "food"
    form.delete_segment()
    question = shown_text(form.confirm)
    assert "het is het gekozen doelsegment, 14 partijen in de klanttype-piramide, de persona, de customer journey" in (
        question
    )
    assert [s["id"] for s in _saved(sample_folder)["segments"]] == ["food", "pharma", "ecommerce"]  # not yet
    form.confirm.children[1].children[0].click()  # "Verwijder toch"
    after = json.loads(sample_folder.read_text(encoding="utf-8"))
    assert [s["id"] for s in after["segmentation"]["segments"]] == ["pharma", "ecommerce"]
    assert (after["segmentation"]["chosen_segment_ids"], after["segmentation"]["persona"]) == ([], None)
    assert (after["stakeholder_pyramid"]["stakeholders"], after["journey"]["segment_id"]) == ([], None)
    form.undo_bar.undo_button.click()
    again = json.loads(sample_folder.read_text(encoding="utf-8"))
    assert {k: v for k, v in again.items() if k != "modified"} == {k: v for k, v in before.items() if k != "modified"}
    form.segment_list.value = "ecommerce"  # used nowhere: goes at once, undo can bring it back
    form.delete_segment()
    assert [s["id"] for s in _saved(sample_folder)["segments"]] == ["food", "pharma"]


def test_read_only_has_no_controls_and_shows_the_choice(sample_folder: Path, editable_controls) -> None:
    form = segmentation_form(WorkbookFile.open(sample_folder), read_only=True)
    assert editable_controls(form) == []
    assert "Zuivel- en voedingsproducenten" in form.summary.value and "klantlab-persona" in form.card.value


def test_charts_rank_and_place_the_segments() -> None:
    segments = [Segment(id="a", name="A <i>", scores={"size": 4, "margin": 2, "fit": 5}, revenue=100.0),
                Segment(id="b", name="B", scores={"size": 5, "margin": 5, "fit": 1})]  # fmt: skip
    table = attractiveness(segments, FACTORS, chosen=["a"])
    ranking = ranking_figure(table)
    assert list(ranking.data[0].y) == ["B", "A &lt;i&gt;"] and list(ranking.data[0].x) == [4.0, 3.75]
    matrix = matrix_figure(table)
    assert list(matrix.data[0].x) == [5.0, pytest.approx(10 / 3)] and list(matrix.data[0].y) == [1, 5]
