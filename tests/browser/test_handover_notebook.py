"""The handover notebook in a real browser: one click writes the deck and the Excel file next to the workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from klantlab.io import notebooks_dir, samples_dir

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000


def test_export_button_writes_the_chosen_files(serve, page, screenshot, tmp_path: Path) -> None:
    for path in samples_dir().glob("verpakkingsmachines*"):
        if not path.name.endswith(".bak"):
            shutil.copyfile(path, tmp_path / path.name)
    workbook = tmp_path / "verpakkingsmachines.klantlab.json"
    server = serve(workbook, notebook=notebooks_dir() / "05_opleveren.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.get_by_role("button", name="Exporteer").wait_for(timeout=LOAD_MS)
    page.get_by_label("PDF-rapport en posters").uncheck()
    page.get_by_role("button", name="Exporteer").click()
    page.wait_for_function("document.body.innerText.includes('Klaar. Geschreven:')", timeout=180_000)
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert str(tmp_path / "verpakkingsmachines.pptx") in body and str(tmp_path / "verpakkingsmachines.xlsx") in body
    screenshot("handover-notebook")
    assert len(Presentation(str(tmp_path / "verpakkingsmachines.pptx")).slides) == 17
    assert "Klanten" in openpyxl.load_workbook(tmp_path / "verpakkingsmachines.xlsx").sheetnames
    assert not list(tmp_path.glob("*.pdf"))
