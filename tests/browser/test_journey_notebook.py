"""The customer journey notebook in a real browser: the map, the gaps and the overlap are drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klantlab.io import notebooks_dir, sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_journey_map_gaps_and_overlap_are_drawn(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), workbook)
    server = serve(workbook, notebook=notebooks_dir() / "04_customer_journey.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=LOAD_MS)
    body = page.inner_text("body")
    assert "Traceback" not in body and "Focuslijst" in body
    heights = page.locator(".js-plotly-plot").evaluate_all(
        "plots => plots.map(p => Math.round(p.getBoundingClientRect().height))"
    )
    assert heights == [654, 520]
    wall = page.locator(".kl-wall")
    assert wall.locator(".kl-phase-name").all_inner_texts() == [
        "Bewustwording", "Oriëntatie", "Keuze", "Gebruik", "Heroriëntatie"
    ]  # fmt: skip
    assert wall.locator(".kl-note[data-id]").count() == 18 and wall.locator(".kl-curve-dot").count() == 18
    screenshot("journey-notebook")
    ARTIFACTS.mkdir(exist_ok=True)
    wall.screenshot(path=str(ARTIFACTS / "journey-notebook-map.png"))
