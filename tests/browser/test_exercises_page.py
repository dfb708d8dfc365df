"""The exercises page in Voilà, as a student uses it: wrong, hint, right, reload; the work is still there."""

from __future__ import annotations

import json
import shutil

import pytest

from klantlab.io import notebooks_dir, samples_dir

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
LOAD_MS = 120_000


def _box(page, number: str):
    """The row of exercise ``number``: its answer box and buttons."""
    answer = page.locator(f"input[title='Jouw antwoord op oefening {number}']")  # its name, as the page gives it
    return answer, page.locator(".widget-hbox", has=answer).last


def _feedback_of(page, number: str) -> str:
    _answer, row = _box(page, number)
    return row.locator("xpath=following-sibling::*[1]").inner_text()


def test_a_student_is_taught_not_told_and_finds_the_work_again_after_a_reload(
    serve, page, screenshot, tmp_path
) -> None:
    for path in samples_dir().glob("verpakkingsmachines*"):
        if path.suffix in (".json", ".csv") and not path.name.endswith(".bak"):
            shutil.copyfile(path, tmp_path / path.name)
    server = serve(
        tmp_path / "verpakkingsmachines.klantlab.json", notebook=notebooks_dir() / "oefeningen" / "oefeningen.ipynb"
    )
    page.goto(server.url, timeout=LOAD_MS)
    page.get_by_role("textbox", name="Je naam of studentnummer").fill("Jan Jansen", timeout=LOAD_MS)
    page.get_by_role("button", name="Begin").click()
    progress = page.locator(".kl-student-progress")
    progress.filter(has_text="0 van 12 goed").wait_for()

    answer, row = _box(page, "3.1")
    assert row.get_by_role("button", name="Toon antwoord (kost het punt)").is_disabled()  # not before a try
    answer.fill("20")
    answer.press("Enter")
    row.get_by_role("button", name="Controleer").click()
    page.get_by_text("20,0 % is te hoog.").wait_for(timeout=60_000)
    told = _feedback_of(page, "3.1")
    assert "9,2" not in told and "165" not in told  # why it is wrong, not what is right
    row.get_by_role("button", name="Hint").click()
    page.get_by_text("Hint: Een aandeel van de klanten is een aantal klanten gedeeld door").wait_for()
    assert "Klanten die samen 80 % van de omzet maken" in _feedback_of(page, "3.1")  # the table to count in
    answer.fill("9,2")
    answer.press("Enter")
    row.get_by_role("button", name="Controleer").click()
    page.get_by_text("Goed: 165 klanten, 9,2 % van de actieve klanten.").wait_for()
    progress.filter(has_text="1 van 12 goed · hints gebruikt: 1 · 0,75 punten").wait_for()
    screenshot("exercises-student")

    saved = json.loads((tmp_path / "jan-jansen.klantlab-answers.json").read_text(encoding="utf-8"))
    assert {k: saved["exercises"]["pareto_share"][k] for k in ("number", "answer", "attempts", "hints", "correct")} == {
        "number": "3.1", "answer": "9,2", "attempts": 2, "hints": 1, "correct": True,
    }  # fmt: skip

    page.reload(timeout=LOAD_MS)  # the browser remembers the student: nothing to type again
    progress.filter(has_text="1 van 12 goed · hints gebruikt: 1 · 0,75 punten").wait_for(timeout=LOAD_MS)
    assert page.locator(".kl-student-who").inner_text().startswith("Je werkt als Jan Jansen.")
    answer, row = _box(page, "3.1")
    assert answer.input_value() == "9,2"
    assert "Goed: 165 klanten" in _feedback_of(page, "3.1")
    assert not row.get_by_role("button", name="Toon antwoord (kost het punt)").is_disabled()
