"""What the deliverables say the figures rest on, in the client's currency, dated by the workshop; no word broken.

Checked on real data nobody here wrote: the UCI "Online Retail" invoices (an excerpt in the fixtures; the whole
file where the shared datasets are present), read, analysed and exported the way a consultant does it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pypdf
import pytest
from helpers import sample_copy
from pptx import Presentation

from klantlab.io import WorkbookFile
from klantlab.report import build_report, export_deliverables
from klantlab.report.deck_drawings import CELL_MARGINS, measure_at
from klantlab.report.pdf_report import report_bytes
from klantlab.widgets import pyramid_explorer

FIXTURES = Path(__file__).parent / "fixtures"
EXCERPT = FIXTURES / "online_retail_excerpt.csv"
#: The whole file, beside the project where the team's shared datasets are (not in a clean checkout).
WHOLE = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "online_retail_invoices.csv"


def _analysed(tmp_path: Path, data: Path, client: str = "Online Retail Ltd") -> WorkbookFile:
    """A new workbook on the client's file, the pyramid worked out and saved as the notebook does it."""
    if data.parent != tmp_path:
        shutil.copyfile(data, tmp_path / data.name)
    handle = WorkbookFile.create(tmp_path / "retail.klantlab.json", client)
    handle.workbook.customer_pyramid.settings.source_file = data.name
    handle.save()
    pyramid_explorer(handle)
    return WorkbookFile.open(handle.path)


def _about_rows(deck: Path) -> list[list[str]]:
    (slide,) = [s for s in Presentation(str(deck)).slides if s.shapes.title.text == "Over deze cijfers"]
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize(
    ("data", "read", "used", "left_out", "period"),
    [
        (EXCERPT, "2.000", "1.652", "348", "11-01-2010 t/m 10-01-2011"),
        pytest.param(
            WHOLE,
            "25.943",
            "22.221",
            "3.722",
            "01-01-2011 t/m 31-12-2011",
            marks=pytest.mark.skipif(not WHOLE.exists(), reason="the shared datasets are not here"),
        ),
    ],
    ids=["excerpt", "whole-file"],
)
def test_every_deliverable_says_what_the_figures_rest_on(
    tmp_path: Path, data: Path, read: str, used: str, left_out: str, period: str
) -> None:
    """Rows read, used and left out (why), the file, the period and basis: in the deck, the PDF and the Excel."""
    handle = _analysed(tmp_path, data)
    written = export_deliverables(handle, out_dir=tmp_path).written
    deck, pdf, xlsx = (next(p for p in written if p.suffix == suffix) for suffix in (".pptx", ".pdf", ".xlsx"))
    expected = [
        ["Klantenbestand (facturen)", data.name],
        ["Periode", period],
        ["Regels gelezen", read],
        ["Regels gebruikt", used],
        ["Weggelaten: geen klantnummer", left_out],
    ]
    rows = _about_rows(deck)
    assert rows[0] == ["Onderdeel", "Waarde"]
    assert all(row in rows for row in expected), rows
    assert ["Ingedeeld op", "Omzet"] in rows and [
        "Grenzen tussen de niveaus",
        "Klantenpiramide (Curry): 1 % / 4 % / 15 % / rest",
    ] in rows
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)
    for what, value in expected:
        assert f"{what} {value}" in text
    sheet = openpyxl.load_workbook(xlsx)["Over deze cijfers"]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert all(row in cells for row in expected)
    assert int(read.replace(".", "")) - int(used.replace(".", "")) == int(left_out.replace(".", ""))


def test_a_file_in_pounds_is_written_in_pounds_throughout_and_the_cover_has_the_workshop_date(tmp_path: Path) -> None:
    (tmp_path / "uk.csv").write_text(
        "Customer;Date;Amount\nA;05-03-2025;£ 1.000,00\nB;06-03-2025;£ 250,00\nC;07-03-2025;£ 40,00\n",
        encoding="utf-8",
    )
    handle = _analysed(tmp_path, tmp_path / "uk.csv", "UK Ltd")
    handle.workbook.client.workshop_date = dt.date(2026, 3, 15)
    handle.save()
    written = export_deliverables(handle, ["pptx", "pdf", "xlsx"], tmp_path, today=dt.date(2026, 12, 1)).written
    deck, pdf, xlsx = (next(p for p in written if p.suffix == suffix) for suffix in (".pptx", ".pdf", ".xlsx"))
    slides = list(Presentation(str(deck)).slides)
    cover = [shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame]
    assert cover == ["UK Ltd", "Resultaten van de workshop van 15-03-2026", "Gemaakt met klantlab op 01-12-2026"]
    texts = " ".join(cell.text for slide in slides for shape in slide.shapes if shape.has_table
                     for row in shape.table.rows for cell in row.cells)  # fmt: skip
    assert "£ 1.000" in texts and "€" not in texts
    assert next(row for row in _about_rows(deck) if row[0] == "Valuta") == ["Valuta", "£"]
    report = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "£ 1.000" in report and "€" not in report
    assert "Resultaten van de workshop van 15-03-2026" in report and "Gemaakt met klantlab op 01-12-2026" in report
    book = openpyxl.load_workbook(xlsx)
    assert book["Niveaus"]["D2"].number_format == '"£" #,##0.00'
    assert not [cell for sheet in book for row in sheet.iter_rows() for cell in row
                if "€" in str(cell.number_format) or "€" in str(cell.value)]  # fmt: skip


def test_no_table_of_the_deck_or_the_report_breaks_a_word_inside_itself(tmp_path: Path) -> None:
    """Every word of every table cell fits its column in the deck (at the table's own letter size) and comes out
    of the PDF whole ("Zorginstellinge / n" was a word broken over two lines)."""
    handle = WorkbookFile.open(sample_copy(tmp_path))
    for entry in handle.workbook.stakeholder_pyramid.stakeholders[:3]:
        entry.organisation = "Zorginstellingen"
    handle.save()
    written = export_deliverables(handle, ["pptx"], tmp_path).written
    for slide in Presentation(str(written[0])).slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            table = shape.table
            for c, column in enumerate(table.columns):
                for row in table.rows:
                    cell = row.cells[c]
                    runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
                    if not runs:
                        continue
                    size, bold = runs[0].font.size.pt, bool(runs[0].font.bold)
                    for word in cell.text.split():  # as wide as the deck counts letters, plus the cell's margins
                        need = measure_at(size)(word[:40], bold) + CELL_MARGINS
                        assert need <= column.width, (slide.shapes.title.text, word, size)
    report = build_report(handle.workbook)
    lines = [line for page in pypdf.PdfReader(io.BytesIO(report_bytes(report))).pages
             for line in page.extract_text().splitlines()]  # fmt: skip
    tables = [section.table for section in report.sections if section.table]
    words = {word for table in tables for row in [table.columns, *table.rows] for cell in row
             for word in cell.split() if 3 < len(word) <= 40 and re.fullmatch(r"[\w-]+", word)}  # fmt: skip
    broken = [w for w in words if not any(w in line for line in lines)]
    assert broken == []
    assert "Zorginstellingen" in words
