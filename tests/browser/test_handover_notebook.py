"""The handover notebook in a real browser: one click writes the deck and the Excel file, links download them."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from klantlab.io import notebooks_dir, samples_dir

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000


def test_export_button_writes_the_chosen_files_and_each_link_downloads_one(
    serve, page, screenshot, tmp_path: Path
) -> None:
    """05 served by Voilà, as a consultant's colleague would open it: the files are made without a browser for
    the charts, and each written file is a link that downloads it."""
    for path in samples_dir().glob("verpakkingsmachines*"):
        if not path.name.endswith(".bak"):
            shutil.copyfile(path, tmp_path / path.name)
    workbook = tmp_path / "verpakkingsmachines.klantlab.json"
    server = serve(workbook, notebook=notebooks_dir() / "05_opleveren.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.get_by_role("button", name="Exporteer").wait_for(timeout=LOAD_MS)
    page.get_by_label("PDF-rapport en posters").uncheck()
    page.get_by_role("button", name="Exporteer").click()
    page.wait_for_function("document.body.innerText.includes('Klaar. Klik op een bestand')", timeout=180_000)
    body = page.inner_text("body")
    assert "Traceback" not in body
    delivered = tmp_path / "oplevering"
    assert f"alles staat ook in {delivered}" in body
    assert sorted(p.name for p in delivered.iterdir()) == ["verpakkingsmachines.pptx", "verpakkingsmachines.xlsx"]
    screenshot("handover-notebook")
    assert len(Presentation(str(delivered / "verpakkingsmachines.pptx")).slides) == 20
    assert "Klanten" in openpyxl.load_workbook(delivered / "verpakkingsmachines.xlsx").sheetnames
    for name in ("verpakkingsmachines.xlsx", "verpakkingsmachines.pptx"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=name).click()
        assert download.value.suggested_filename == name
        assert Path(download.value.path()).read_bytes() == (delivered / name).read_bytes()
    page.wait_for_function("document.body.innerText.includes('Gedownload: verpakkingsmachines.pptx')")
    assert not list(tmp_path.glob("**/*.pdf"))
