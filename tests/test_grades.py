"""The teacher's view: a class's answer files gathered into Excel and CSV with exact scores; a broken file named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
from helpers import sample_copy

from klantlab.cli import main
from klantlab.widgets import ExerciseBox, exercise_sheet, grades_panel, student_panel


def _work(path: Path, student: str, answers: dict[str, tuple[str, int, bool]]) -> None:
    """``student`` does the customer pyramid's exercises on ``path`` as a student would: per exercise the answers
    given in turn, the hints asked, and whether the answer was shown."""
    panel = student_panel(path)
    panel.student = student
    sheet = exercise_sheet(path, "customer_pyramid", panel)
    boxes = {box.exercise.key: box for box in sheet.children if isinstance(box, ExerciseBox)}
    for key, (given, hints, reveal) in answers.items():
        box = boxes[key]
        for _ in range(hints):
            box.hint()
        for answer in given.split("|"):
            box.answer.value = answer
            box.check()
        if reveal:
            box.reveal()


def _class(folder: Path) -> Path:
    """Three students on copies of the sample, their answer files put in one folder; one file damaged."""
    for student, answers in (
        (
            "Sanne de Vries",
            {"pareto_share": ("9,2", 0, False), "top_share": ("46,4", 1, False), "lost": ("220", 0, False)},
        ),
        ("Ali Yilmaz", {"pareto_share": ("20|9,2", 2, False), "top_share": ("1", 0, True)}),
        ("Piet", {"lost": ("462", 0, False)}),
    ):
        work = folder / student.split()[0]
        work.mkdir()
        _work(sample_copy(work), student, answers)
    results = folder / "klas"
    results.mkdir()
    for answers in folder.glob("*/*.klantlab-answers.json"):
        answers.rename(results / answers.name)
    (results / "piet.klantlab-answers.json").write_text('{"format": "klantlab-answers", "stud', encoding="utf-8")
    (results / "notities.klantlab-answers.json").write_text(json.dumps({"a": 1}), encoding="utf-8")
    return results


def test_klantlab_grades_gathers_a_class_into_excel_and_csv_with_exact_scores(tmp_path: Path, capsys) -> None:
    folder = _class(tmp_path)
    assert main(["grades", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "Resultaten van 2 leerling(en) verzameld."
    assert err.splitlines() == [
        "Overgeslagen: 'notities.klantlab-answers.json' is geen antwoordbestand van klantlab. Het wordt niet gelezen "
        "en niet veranderd.",
        "Overgeslagen: Het antwoordbestand 'piet.klantlab-answers.json' is beschadigd en kan niet worden gelezen. Het "
        "blijft zoals het is: vraag je docent het te bekijken.",
    ]
    with (folder / "resultaten.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    # Sanne: three right, one hint (1 + 0,75 + 1). Ali: 3.1 right after a wrong try and two hints (0,5); 3.2 shown.
    assert rows == [
        ["Leerling", "Werkboek", "Goed", "Pogingen", "Hints", "Antwoord getoond", "Punten"],
        ["Ali Yilmaz", "verpakkingsmachines.klantlab.json", "1", "3", "2", "1", "0.5"],
        ["Sanne de Vries", "verpakkingsmachines.klantlab.json", "3", "3", "1", "0", "2.75"],
    ]
    book = openpyxl.load_workbook(folder / "resultaten.xlsx")
    assert book.sheetnames == ["Per leerling", "Per oefening"]
    per_exercise = [[cell.value for cell in row] for row in book["Per oefening"].iter_rows()]
    assert per_exercise[0] == ["Leerling", "Oefening", "Vraag", "Antwoord", "Goed", "Pogingen", "Hints",
                               "Antwoord getoond", "Punten"]  # fmt: skip
    assert [row[:2] + row[3:] for row in per_exercise[1:]] == [
        ["Ali Yilmaz", "3.1", "9,2", "ja", 2, 2, "nee", 0.5],
        ["Ali Yilmaz", "3.2", "1", "nee", 1, 0, "ja", 0],
        ["Sanne de Vries", "3.1", "9,2", "ja", 1, 0, "nee", 1],
        ["Sanne de Vries", "3.2", "46,4", "ja", 1, 1, "nee", 0.75],
        ["Sanne de Vries", "3.3", "220", "ja", 1, 0, "nee", 1],
    ]
    assert per_exercise[1][2] == "Welk percentage van de actieve klanten maakt samen 80 % van de omzet? (één decimaal)"


def test_a_folder_without_answer_files_is_told(tmp_path: Path, capsys) -> None:
    assert main(["grades", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"In de map '{tmp_path}' staat geen leesbaar antwoordbestand")


def test_the_teachers_panel_shows_the_class_and_offers_both_files(tmp_path: Path) -> None:
    folder = _class(tmp_path)
    panel = grades_panel(folder)
    panel.button.click()
    assert "Resultaten van 2 leerling(en) verzameld." in panel.messages.children[0].value
    assert "piet.klantlab-answers.json" in panel.messages.children[1].value
    assert [item["label"] for item in panel.downloads.items] == ["resultaten.xlsx", "resultaten.csv"]
    assert "<td style='text-align:left;padding:3px 10px'>Sanne de Vries</td>" in panel.table.value
    assert "2,75" in panel.table.value
    data = io.BytesIO(panel.downloads.file("0")[2])
    assert openpyxl.load_workbook(data).sheetnames == ["Per leerling", "Per oefening"]
