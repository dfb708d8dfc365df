"""The klanttype-piramide notebook in a real browser: the form, the post-it pyramid and a new entry saved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from klantlab.io import notebooks_dir, sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_form_draws_the_pyramid_and_saves_a_new_entry(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), workbook)
    server = serve(workbook, notebook=notebooks_dir() / "02_klanttype_piramide.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_MS)
    body = page.inner_text("body")
    assert "Traceback" not in body
    for text in ("Accountmanager zakelijk, Rabobank", "Nog controleren bij klanten (8)", "Uitleg: de zes"):
        assert text in body
    heights = page.locator(".js-plotly-plot").evaluate_all(
        "plots => plots.map(p => Math.round(p.getBoundingClientRect().height))"
    )
    assert heights == [540]  # the influence × attitude grid; the pyramid is the wall above the form
    wall = page.locator(".kl-wall")
    assert wall.locator(".kl-layer").all_inner_texts() == [
        "Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur"
    ]  # fmt: skip
    assert wall.locator(".kl-note[data-id]").count() == 14
    screenshot("stakeholder-notebook")
    ARTIFACTS.mkdir(exist_ok=True)
    wall.screenshot(path=str(ARTIFACTS / "stakeholder-notebook-pyramid.png"))
    page.locator("button[title='Nieuw']").click()  # the form's button still adds a party, on the wall too
    wall.locator(".kl-note-text", has_text="Nieuwe partij 15").wait_for(timeout=30_000)
    page.wait_for_function("document.body.innerText.includes('Nog controleren bij klanten (9)')", timeout=30_000)
    saved = json.loads(workbook.read_text(encoding="utf-8"))["stakeholder_pyramid"]["stakeholders"]
    assert [entry["name"] for entry in saved][-1] == "Nieuwe partij 15"
    assert "Traceback" not in page.inner_text("body")
