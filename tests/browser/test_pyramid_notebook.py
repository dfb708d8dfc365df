"""The Klantenpiramide notebook in a real browser: every tab draws its chart, a preset change redraws."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klantlab.io import notebooks_dir, sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TABS = ["Piramide", "Pareto", "Migratie", "Potentieel", "Aandacht", "Weggelaten regels"]


def _sample_folder(tmp_path: Path) -> Path:
    for path in sample_workbook_path().parent.glob("verpakkingsmachines*"):
        shutil.copyfile(path, tmp_path / path.name)
    return tmp_path / sample_workbook_path().name


def _tabs_picture(page, name: str) -> None:
    """A picture of the tab area alone (the page scrolls inside Voilà, so a full-page shot misses it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".widget-tab, .jupyter-widget-tab").first.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _drawn_heights(page) -> list[int]:
    return page.locator(".js-plotly-plot").evaluate_all(
        "plots => plots.filter(p => p.offsetParent !== null).map(p => Math.round(p.getBoundingClientRect().height))"
    )


def test_every_tab_draws_and_a_preset_change_redraws(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = _sample_folder(tmp_path)
    server = serve(workbook, notebook=notebooks_dir() / "03_klantenpiramide.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .trace", timeout=LOAD_MS)
    body = page.inner_text("body")
    assert "Traceback" not in body
    for text in ("1 · Het bestand van de klant", "Topklanten", "46,4 %", "21.919 van de 21.919 regels gebruikt"):
        assert text in body
    assert _drawn_heights(page) == [520]
    screenshot("pyramid-notebook-controls")
    _tabs_picture(page, "pyramid-notebook-pyramid")
    expected = {"Pareto": [460], "Migratie": [440, 480], "Potentieel": [420], "Aandacht": [420]}
    for tab in TABS[1:]:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(800)
        assert _drawn_heights(page) == expected.get(tab, []), tab
        _tabs_picture(page, f"pyramid-notebook-{tab.split()[0].lower()}")
    page.get_by_role("tab", name="Piramide").click()
    page.locator("select").filter(has_text="ABC-indeling").select_option(
        label="ABC-indeling: A 1 % / B 4 % / C 15 % / D rest"
    )
    page.wait_for_function("document.body.innerText.includes('(boek: 50 %)')", timeout=30_000)
    assert "Traceback" not in page.inner_text("body")
    _tabs_picture(page, "pyramid-notebook-abc")
