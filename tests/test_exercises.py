"""The students' exercises: feedback that teaches without telling, on the sample and on a workbook with other
figures; hints with their table; a student's work kept beside the workbook and found again after a reload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import sample_copy

from klantlab.exercises import exercises
from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.model import CustomerLevel
from klantlab.widgets import ExerciseBox, exercise_sheet, student_panel
from klantlab.widgets.exercise_sheet import shuffled


@pytest.fixture(scope="module")
def by_key() -> dict:
    return {e.key: e for e in exercises(WorkbookFile.open(sample_workbook_path()).workbook)}


def test_three_exercises_per_model_on_the_sample(by_key) -> None:
    models = [e.model for e in by_key.values()]
    assert {m: models.count(m) for m in set(models)} == {
        "segmentation": 3, "stakeholder_pyramid": 3, "customer_pyramid": 3, "journey": 3,
    }  # fmt: skip


RIGHT = {  # the right answer of each exercise on the sample, and how it is written in the answer
    "best_segment": ("food", "Zuivel- en voedingsproducenten"),
    "segment_score": ("3,42", "3,42"),
    "criterion_family": ("technographic", "Technografisch"),
    "role_economic": ("economic_buyer", "Economische koper"),
    "role_recommender": ("recommender", "Aanbeveler"),
    "role_saboteur": ("saboteur", "Saboteur"),
    "pareto_share": ("9,2", "9,2"),
    "top_share": ("46,4", "46,4"),
    "lost": ("220", "220"),
    "largest_gap": ("tp13", "De machine staat stil en ik bel de storingsdienst"),
    "moments_both": ("8", "8"),
    "inside_only": ("tp02", "Ik lees een praktijkverhaal"),
}


def test_a_wrong_answer_is_told_why_and_never_the_answer(by_key) -> None:
    for key, exercise in by_key.items():
        right, shown = RIGHT[key]
        assert exercise.check(right).correct, key
        wrongs = [value for _, value in exercise.options if not exercise.check(value).correct] or ["1", "99999"]
        for wrong in wrongs:
            feedback = exercise.check(wrong)
            assert not feedback.correct and not feedback.malformed, (key, wrong)
            assert shown not in feedback.message, (key, wrong, feedback.message)  # neither the value nor the option
        assert shown in exercise.answer  # the answer itself is there, for after a real attempt


def test_the_feedback_on_the_sample_in_exact_words(by_key) -> None:
    best = by_key["best_segment"]
    assert best.check("pharma").message == (
        "Farmacie en cosmetica scoort 3,42. Er is een segment met een hogere gewogen score: reken ze allemaal uit "
        "met Σ (gewicht × score) / Σ gewichten."
    )
    assert best.check("food").message == (
        "Inderdaad: Zuivel- en voedingsproducenten scoort 4,08, het hoogst van de 3 segmenten."
    )
    score = by_key["segment_score"]  # pharma: (2*2 + 2*4 + 3*5 + 3*3 + 1*3 + 1*2) / 12 = 41 / 12 = 3.42
    assert score.check("3,5").message == (
        "3,50 is te hoog. Deel je door de som van de gewichten, niet door het aantal factoren? En telt elke score "
        "mee met het gewicht van zijn eigen factor?"
    )
    assert score.check("3.42").message == "Goed gerekend: 3,42."
    assert score.stronger_hint == (
        "De som van de gewichten is 12,0. Begin bij de eerste factor: Omvang weegt 2,0 en 'Farmacie en cosmetica' "
        "scoort er 2; dat geeft 4,0. Doe zo ook de andere factoren."
    )
    # The example of how to write a number is never the answer (9,2 was, for 3.1).
    assert by_key["pareto_share"].check("abc").message == "'abc' is geen getal. Schrijf alleen het getal, zoals 12,5."
    assert by_key["segment_score"].check("x").message == "'x' is geen getal. Schrijf alleen het getal, zoals 12,5."
    recommender = by_key["role_recommender"].check("influencer")
    assert recommender.message.startswith(
        "Nee, geen beïnvloeder. Een beïnvloeder kleurt de mening zonder dat iemand hem om advies vraagt"
    )
    assert by_key["role_recommender"].check("recommender").message == (
        "Klopt: Martin Visser, productiemanager is de aanbeveler. Het verschil met een beïnvloeder: de aanbeveler "
        "wordt om advies gevraagd."
    )
    assert by_key["pareto_share"].check("9,2 %").message == (
        "Goed: 165 klanten, 9,2 % van de actieve klanten. Dat is minder dan de 20 % uit de vuistregel van Pareto: "
        "de omzet zit bij weinig klanten."
    )
    assert by_key["top_share"].check("46,4").message == "Goed: 46,4 %. Dat is meer dan de 40 % uit het boek."
    assert by_key["top_share"].check("1").message == (
        "1,0 % is te laag. Gevraagd is het aandeel in de omzet; het aandeel van de topklanten in het aantal actieve "
        "klanten is 1,0 %, en dat is iets anders."
    )
    assert by_key["lost"].check("462").message == (
        "462 is te hoog. Verloren: actief in de vorige periode en nu niet meer. Wie nieuw is (242) of terugkwam, "
        "telt niet mee."
    )
    assert by_key["largest_gap"].check("tp01").message == (
        "Bij 'Ik zie dat mijn inpakkers steeds vaker uitvallen met rugklachten' is het verschil 0 (prestatie 3 min "
        "verwachting 3). Er is een moment met een groter tekort."
    )
    assert by_key["inside_only"].check("tp03").message == (
        "'Ik zie jullie lijn draaien op de vakbeurs' noemden 5 klanten: genoeg (minstens 3) om ook voor klanten een "
        "moment van de waarheid te zijn."
    )


def test_every_hint_comes_with_the_table_to_find_the_answer_in(by_key) -> None:
    assert all(e.material is not None and e.material.table.rows for e in by_key.values())
    pareto = by_key["pareto_share"].material.table  # 165 / 1.800 = 9,2 %: counted, not read off
    assert pareto.rows == [["Actieve klanten", "1.800"], ["Klanten die samen 80 % van de omzet maken", "165"]]
    lost = by_key["lost"].material.table  # 1.778 − 1.558 = 220
    assert lost.rows[:2] == [["Actief in de vorige periode", "1.778"],
                             ["Van hen ook nu actief (gestegen, gedaald of gelijk gebleven)", "1.558"]]  # fmt: skip
    levels = by_key["top_share"].material.table
    assert levels.columns == ["Niveau", "Klanten", "Omzet"]  # the amounts, not the shares: the share is asked
    assert levels.rows[0] == ["Topklanten", "18", "€ 29.228.973"]
    assert levels.rows[-1] == ["Alle actieve klanten", "1.800", "€ 62.974.361"]
    gaps = by_key["largest_gap"].material.table
    assert gaps.columns == ["Fase", "Contactmoment", "Verwachting", "Prestatie"]  # no gap column: it is asked
    assert by_key["pareto_share"].hint.startswith("Een aandeel van de klanten is een aantal klanten gedeeld door")


def test_the_options_are_in_the_teams_order_and_each_student_sees_an_order_of_their_own(by_key) -> None:
    best = by_key["best_segment"].options
    assert [value for _, value in best] == ["food", "pharma", "ecommerce"]  # the workbook's order, not the ranking
    gap = [value for _, value in by_key["largest_gap"].options]
    assert gap[0] == "tp01" and gap.index("tp13") > 0  # journey order: the largest gap is not first
    family = by_key["criterion_family"].options
    assert shuffled(family, "Jan:criterion_family") == shuffled(family, "Jan:criterion_family")
    orders = {tuple(v for _, v in shuffled(family, f"{name}:criterion_family")) for name in ("Jan", "Piet", "Ali")}
    assert len(orders) == 3
    firsts = {shuffled(e.options, f"Jan:{e.key}")[0][1] for e in by_key.values() if e.options}
    assert not firsts <= {RIGHT[e.key][0] for e in by_key.values() if e.options}  # the right one is not always first


def _other_figures(path: Path) -> Path:
    """The sample with other figures: top customers bring 30 % of the revenue, 25 % of the customers make 80 %."""
    data = json.loads(path.read_text(encoding="utf-8"))
    summary = data["customer_pyramid"]["summary"]
    summary["levels"][0]["revenue_share"] = 0.30
    summary["pareto_customer_share"] = 0.25
    summary["pareto_customers"] = 450
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_feedback_follows_the_figures_of_the_workbook_in_use(tmp_path: Path) -> None:
    workbook = WorkbookFile.open(_other_figures(sample_copy(tmp_path))).workbook
    by_key = {e.key: e for e in exercises(workbook)}
    assert by_key["top_share"].check("30").message == "Goed: 30,0 %. Dat is minder dan de 40 % uit het boek."
    assert by_key["pareto_share"].check("25").message == (
        "Goed: 450 klanten, 25,0 % van de actieve klanten. Dat is meer dan de 20 % uit de vuistregel van Pareto: de "
        "omzet is breder gespreid."
    )
    assert by_key["pareto_share"].answer == "25,0 % (450 van de 1.800 actieve klanten)."
    top = next(level for level in workbook.customer_pyramid.summary.levels if level.level == CustomerLevel.top)
    assert top.revenue_share == 0.30


def test_an_empty_workbook_says_what_to_fill_in_first(tmp_path: Path) -> None:
    handle = WorkbookFile.create(tmp_path / "leeg.klantlab.json", "Leeg")
    sheet = exercise_sheet(handle)
    texts = [child.value for child in sheet.children]
    assert len(texts) == 8  # a heading and a message per model
    assert "Vul in notebook 01 de segmenten (tabblad 2) en hun scores per factor (tabblad 3) in" in texts[1]
    assert "Lees in notebook 03 het klantenbestand in" in texts[5]


def test_a_students_work_is_kept_beside_the_workbook_and_found_again_after_a_reload(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    panel = student_panel(path)
    assert panel.progress.startswith("Vul je naam of studentnummer in")
    assert panel.intro.startswith("Je oefent op de cijfers van Verpakkingstechniek Nederland B.V., de voorbeeldklant")
    panel.student = "Jan Jansen"
    assert panel.progress == "0 van 12 goed · hints gebruikt: 0 · 0,00 punten"
    sheet = exercise_sheet(path, "customer_pyramid", panel)
    pareto, top, _lost = (child for child in sheet.children if isinstance(child, ExerciseBox))
    assert pareto.answer_button.disabled  # the answer only after a real attempt
    pareto.answer.value = "20"
    assert pareto.check() is False
    assert "Tweede hint" not in pareto.feedback.children[-1].value
    pareto.answer.value = "15"
    pareto.check()
    assert "Tweede hint: Deel het aantal klanten" in pareto.feedback.children[1].value  # the second wrong answer
    pareto.hint()
    assert "165" in pareto.feedback.children[-1].value  # the table to count in
    pareto.answer.value = "9,2"
    assert pareto.check() is True
    top.answer.value = "tien"
    top.check()  # no number: no attempt
    assert top.answer_button.disabled
    top.answer.value = "40"
    top.check()
    top.reveal()
    assert "Antwoord: 46,4 %." in top.feedback.children[-1].value
    assert panel.progress == "1 van 12 goed · hints gebruikt: 1 · 0,75 punten"
    saved = json.loads((tmp_path / "jan-jansen.klantlab-answers.json").read_text(encoding="utf-8"))
    assert saved["student"] == "Jan Jansen" and saved["workbook"] == "verpakkingsmachines.klantlab.json"
    assert saved["exercises"]["pareto_share"] == {
        "number": "3.1",
        "question": "Welk percentage van de actieve klanten maakt samen 80 % van de omzet? (één decimaal)",
        "answer": "9,2", "attempts": 3, "correct": True, "hints": 1, "revealed": False,
    }  # fmt: skip
    assert saved["exercises"]["top_share"]["revealed"] is True and saved["exercises"]["top_share"]["attempts"] == 1

    again = student_panel(path)  # the page loaded again: the browser gives the name it kept
    again.student = "Jan Jansen"
    sheet = exercise_sheet(path, "customer_pyramid", again)
    pareto, top, _lost = (child for child in sheet.children if isinstance(child, ExerciseBox))
    assert (pareto.answer.value, pareto.attempts, pareto.hints) == ("9,2", 3, 1)
    assert pareto.feedback.children[0].value.count("Goed: 165 klanten") == 1
    assert "Antwoord: 46,4 %." in top.feedback.children[-1].value and top.answer_button.disabled
    assert again.progress == "1 van 12 goed · hints gebruikt: 1 · 0,75 punten"
    again.student = "Piet"  # someone else at the same computer: a clean sheet
    pareto = next(child for child in sheet.children if isinstance(child, ExerciseBox))
    assert (pareto.answer.value, pareto.attempts) == ("", 0)


def test_a_damaged_answer_file_is_told_and_never_overwritten(tmp_path: Path) -> None:
    path = sample_copy(tmp_path)
    broken = tmp_path / "jan.klantlab-answers.json"
    broken.write_text('{"format": "klantlab-answers", "student": ', encoding="utf-8")
    panel = student_panel(path)
    panel.student = "Jan"
    assert panel.progress == (
        "Het antwoordbestand 'jan.klantlab-answers.json' is beschadigd en kan niet worden gelezen. Het blijft zoals "
        "het is: vraag je docent het te bekijken."
    )
    sheet = exercise_sheet(path, "journey", panel)
    box = next(child for child in sheet.children if isinstance(child, ExerciseBox))
    box.answer.value = "tp13"
    box.check()
    assert broken.read_text(encoding="utf-8") == '{"format": "klantlab-answers", "student": '


def test_the_feedback_on_the_english_sample_in_exact_words() -> None:
    from klantlab.i18n import language

    with language("en"):
        by = {e.key: e for e in exercises(WorkbookFile.open(sample_workbook_path("en")).workbook)}
        assert by["best_segment"].options == [
            ("Dairy and food producers", "food"),
            ("Pharmaceuticals and cosmetics", "pharma"),
            ("E-commerce and fulfilment", "ecommerce"),
        ]
        assert by["best_segment"].check("pharma").message == (
            "Pharmaceuticals and cosmetics scores 3.42. There is a segment with a higher weighted score: work them all "
            "out with Σ (weight × score) / Σ weights."
        )
        assert by["segment_score"].check("3.5").message == (
            "3.50 is too high. Do you divide by the sum of the weights, not by the number of factors? And does each "
            "score count with its own factor's weight?"
        )
        assert by["segment_score"].check("3,42").message == "Well worked out: 3.42."
        assert by["segment_score"].stronger_hint == (
            "The weights add up to 12.0. Start with the first factor: Size weighs 2.0 and 'Pharmaceuticals and "
            "cosmetics' scores 2 on it; that gives 4.0. Do the other factors the same way."
        )
        assert by["pareto_share"].check("abc").message == "'abc' is not a number. Write only the number, like 12.5."
        assert by["role_recommender"].check("recommender").message == (
            "Right: Martin Visser, production manager is the recommender. The difference with an influencer: the "
            "recommender is asked for advice."
        )
        assert by["pareto_share"].check("9.2 %").message == (
            "Right: 165 customers, 9.2% of the active customers. That is less than the 20% of Pareto's rule of thumb: "
            "the revenue sits with few customers."
        )
        assert by["top_share"].check("1").message == (
            "1.0% is too low. The question is the share of the revenue; the top customers' share of the number of "
            "active customers is 1.0%, which is something else."
        )
        assert by["lost"].check("462").message == (
            "462 is too high. Lost: active in the previous period and not now. Whoever is new (242) or came back does "
            "not count."
        )
        assert by["inside_only"].check("tp03").message == (
            "'I see your line running at the trade fair' was named by 5 customers: enough (at least 3) to be a moment "
            "of truth for customers too."
        )
