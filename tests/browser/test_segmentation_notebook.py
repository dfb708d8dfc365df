"""The Klantsegment kiezen notebook in a real browser: each tab shows, the charts are drawn, a score is saved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from klantlab.io import notebooks_dir, sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_tabs_show_and_the_ranking_follows_a_score(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), workbook)
    server = serve(workbook, notebook=notebooks_dir() / "01_klantsegment_kiezen.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.wait_for_selector(".jupyter-widget-tab, .widget-tab", timeout=LOAD_MS)
    assert "Traceback" not in page.inner_text("body")
    screenshot("segmentation-goal")
    ARTIFACTS.mkdir(exist_ok=True)
    tabs = page.locator(".widget-tab, .jupyter-widget-tab").first
    page.get_by_role("tab", name="3 · Keuze").click()
    page.wait_for_selector(".js-plotly-plot .trace", timeout=30_000)
    heights = page.locator(".js-plotly-plot").evaluate_all(
        "plots => plots.filter(p => p.offsetParent !== null).map(p => Math.round(p.getBoundingClientRect().height))"
    )
    assert heights == [270, 480]
    tabs.screenshot(path=str(ARTIFACTS / "segmentation-choice.png"))
    page.get_by_role("tab", name="5 · Persona").click()
    page.wait_for_selector(".klantlab-persona", timeout=30_000)
    tabs.screenshot(path=str(ARTIFACTS / "segmentation-persona.png"))
    assert "Traceback" not in page.inner_text("body")
    saved = json.loads(workbook.read_text(encoding="utf-8"))["segmentation"]
    assert saved["chosen_segment_ids"] == ["food"]
