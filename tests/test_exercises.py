"""The students' exercises: right, wrong and malformed answers on the sample case, and the sheet widget."""

from __future__ import annotations

import pytest

from klantlab.exercises import exercises
from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.widgets import exercise_sheet


@pytest.fixture(scope="module")
def by_key() -> dict:
    return {e.key: e for e in exercises(WorkbookFile.open(sample_workbook_path()).workbook)}


def test_three_exercises_per_model_on_the_sample(by_key) -> None:
    models = [e.model for e in by_key.values()]
    assert {m: models.count(m) for m in set(models)} == {
        "segmentation": 3, "stakeholder_pyramid": 3, "customer_pyramid": 3, "journey": 3,
    }  # fmt: skip


def test_number_answers_right_wrong_and_malformed(by_key) -> None:
    score = by_key["segment_score"]  # pharma: (2*2 + 2*4 + 3*5 + 3*3 + 1*3 + 1*2) / 12 = 41 / 12 = 3.42
    assert score.check("3,42").correct and score.check("3.42").correct
    wrong = score.check("3,5")
    assert not wrong.correct and not wrong.malformed
    assert wrong.message.startswith("3,50 is te hoog.") and "/ 12,0" in wrong.message  # says how to compute it
    assert score.check("abc").malformed and score.check("abc").message.startswith("'abc' is geen getal")
    assert score.check("").malformed and score.check(None).message.startswith("Je hebt nog geen antwoord")
    pareto = by_key["pareto_share"]
    assert pareto.check("9,2 %").correct and not pareto.check("20").correct
    assert "tot je 80 % van de omzet hebt" in pareto.check("20").message
    assert by_key["lost"].check("220").correct
    assert "nieuwe klanten (242) tellen niet mee" in by_key["lost"].check("462").message
    assert by_key["top_share"].check("46,4").correct and "niet het aandeel in het aantal klanten" in (
        by_key["top_share"].check("1").message
    )


def test_choice_answers_explain_why(by_key) -> None:
    best = by_key["best_segment"]
    assert best.check("food").correct
    assert not best.check("pharma").correct and "Het hoogst scoort Zuivel- en voedingsproducenten (4,08)" in (
        best.check("pharma").message
    )
    assert (
        best.check("onbekend").malformed
        and best.check("onbekend").message == "Kies een van de antwoorden uit de lijst."
    )
    recommender = by_key["role_recommender"]
    assert recommender.check("recommender").correct
    wrong = recommender.check("influencer")
    assert wrong.message.startswith("Geen Beïnvloeder: Kleurt de mening zonder dat iemand hem om advies vraagt")
    gap = by_key["largest_gap"]
    assert gap.check("tp13").correct and not gap.check("tp01").correct
    inside = by_key["inside_only"]
    assert inside.check("tp02").correct and inside.check("tp05").correct and not inside.check("tp08").correct
    assert (
        by_key["moments_both"].check("8").correct and "minstens 3 klanten" in by_key["moments_both"].check("9").message
    )


def test_hints_and_answers_are_there(by_key) -> None:
    assert by_key["pareto_share"].answer == "9,2 % (165 klanten)."
    assert by_key["segment_score"].hint.startswith("Gewogen score = Σ (gewicht × score) / Σ gewichten.")


def test_the_sheet_checks_hints_and_reveals(workbook_path) -> None:
    sheet = exercise_sheet(WorkbookFile.open(sample_workbook_path()), "customer_pyramid")
    boxes = [child for child in sheet.children if hasattr(child, "exercise")]
    assert [box.exercise.key for box in boxes] == ["pareto_share", "top_share", "lost"]
    boxes[0].answer.value = "9,2"
    assert boxes[0].check() is True and "Goed! Goed: 165 klanten" in boxes[0].feedback.children[0].value
    boxes[1].answer.value = "tien"
    assert boxes[1].check() is False and "&#x27;tien&#x27; is geen getal" in boxes[1].feedback.children[0].value
    boxes[2].reveal()
    assert "Antwoord: 220 van de 1.778 klanten." in boxes[2].feedback.children[0].value
