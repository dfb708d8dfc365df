"""Deliverables: each file opened again with its own library, and checked against the sample's figures."""

from __future__ import annotations

import errno
import io
import re
from pathlib import Path

import openpyxl
import pypdf
import pytest
from helpers import SAMPLE, sample_copy
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from klantlab.cli import main
from klantlab.errors import ExportError
from klantlab.i18n import set_language
from klantlab.io import WorkbookFile, safe_files, sample_workbook_path
from klantlab.model import Attitude, Segment, Side, Stakeholder, StakeholderRole
from klantlab.report import Table, build_report, export_deliverables
from klantlab.report.excel import safe_text_cell
from klantlab.widgets import export_panel, pyramid_explorer

MM_PER_PT = 25.4 / 72


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The sample workbook exported once: deck, report, two A1 posters, Excel."""
    set_language("nl")
    folder = tmp_path_factory.mktemp("export")
    handle = WorkbookFile.open(sample_copy(folder))
    result = export_deliverables(handle, out_dir=folder)
    assert result.remarks == []
    names = [path.name for path in result.written]
    assert names == [
        f"{SAMPLE}.pptx",
        f"{SAMPLE}-rapport.pdf",
        f"{SAMPLE}-poster-klanttype-piramide-zuivel-en-voedingsproducenten-A1.pdf",
        f"{SAMPLE}-poster-customer-journey-A1.pdf",
        f"{SAMPLE}.xlsx",
    ]
    return {"pptx": result.written[0], "pdf": result.written[1], "posters": result.written[2:4],
            "xlsx": result.written[4]}  # fmt: skip


def _table_rows(slide) -> list[list[str]]:
    (table,) = [shape.table for shape in slide.shapes if shape.has_table]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_deck_has_a_slide_per_part_with_native_tables_and_notes(exported) -> None:
    deck = Presentation(str(exported["pptx"]))
    titles = [slide.shapes.title.text for slide in deck.slides]
    pyramid = "Klanttype-piramide: Zuivel- en voedingsproducenten"
    journey = "Customer journey: Zuivel- en voedingsproducenten"
    assert titles == [
        "Verpakkingstechniek Nederland B.V.", "Kerncijfers",
        "Klantsegment kiezen", "Klantsegment kiezen (vervolg)", "Persona: Martin Visser, productiemanager",
        pyramid, f"{pyramid} (vervolg)", f"{pyramid} (vervolg)",
        "Klantenpiramide", "Klanten en omzet per niveau", "Klanten en omzet per niveau (vervolg)",
        "Concentratie (Pareto)", "Migratie tussen de perioden", "Migratie tussen de perioden (vervolg)",
        journey, f"{journey} (vervolg)", "Verwachting tegenover prestatie", "Verwachting tegenover prestatie (vervolg)",
        "Emotie langs de klantreis", "Over deze cijfers",
    ]  # fmt: skip
    slides = list(deck.slides)
    assert _table_rows(slides[1])[1:] == [
        ["Gekozen doelsegment", "Zuivel- en voedingsproducenten"], ["Klanttypen in de piramide", "14"],
        ["Actieve klanten", "1.800"], ["Klanten voor 80 % van de omzet", "165 (9,2 %)"],
        ["Momenten van de waarheid (team én klanten)", "8"],
    ]  # fmt: skip
    levels = _table_rows(slides[10])
    assert levels[0] == ["Niveau", "Klanten", "% van actieve klanten", "Omzet", "Marge", "% van de omzet"]
    assert levels[1] == ["Topklanten", "18", "1,0 %", "€ 29.228.973", "€ 9.475.964", "46,4 %"]
    assert [row[:2] for row in levels[5:]] == [
        ["Inactieve klanten", "220"], ["Prospecten", "250"], ["Suspecten", "900"]
    ]  # fmt: skip
    assert _table_rows(slides[13])[1] == ["Verloren (kochten vorige periode, nu niet)", "220", "€ 7.131.361"]
    # The stakeholder table runs over two slides: 3 saboteurs, 4 partners, 8 still to check = 15 rows.
    assert len(_table_rows(slides[6])) - 1 + len(_table_rows(slides[7])) - 1 == 15
    notes = slides[5].notes_slide.notes_text_frame.text.splitlines()
    assert notes[0] == "Volgende stappen:"
    assert notes[1].startswith("- Toets de aannames in gesprekken met echte klanten")
    assert not slides[0].has_notes_slide


def _groups(slide) -> dict[str, list[str]]:
    """Per group shape (a layer, a phase): the texts of its post-its (rectangles holding text)."""
    return {
        shape.name: [s.text_frame.text for s in shape.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
                     and s.has_text_frame and s.text_frame.text and s.width < shape.width]
        for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.GROUP
    }  # fmt: skip


def test_the_deck_draws_the_walls_as_shapes_and_the_charts_as_charts_with_their_data(exported) -> None:
    """Everything the consultant adjusts next is PowerPoint's own: a post-it is a shape to type over, a layer or
    phase a group, a chart's figures are in its sheet ("Edit data"); nothing is a picture."""
    slides = list(Presentation(str(exported["pptx"])).slides)
    assert [shape for slide in slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE] == []

    layers = _groups(slides[5])  # the klanttype-piramide: one shape per party, with its name and organisation
    assert {name: len(texts) for name, texts in layers.items()} == {
        "layer:decision_maker": 1, "layer:economic_buyer": 2, "layer:recommender": 3, "layer:influencer": 3,
        "layer:end_user": 2, "layer:saboteur": 3,
    }  # fmt: skip
    assert layers["layer:decision_maker"] == ["0 Henk Bosman, directeur-eigenaar\nZuivelfabriek (klant)"]
    assert "+ ★ ? Accountmanager zakelijk, Rabobank Vallei en Rijn\nBank" in layers["layer:economic_buyer"]

    phases = _groups(slides[14])  # the journey map: one shape per touchpoint, under its phase
    assert {name: len(texts) for name, texts in phases.items()} == {
        "phase:awareness": 3, "phase:orientation": 4, "phase:choice": 3, "phase:use": 5, "phase:reorientation": 3,
    }  # fmt: skip
    assert (
        phases["phase:use"][0] == "★ De machine wordt geïnstalleerd en mijn operators worden opgeleid\n"
        "persoonlijk gesprek · installatie"
    )

    (chart,) = [shape.chart for shape in slides[9].shapes if shape.has_chart]  # the level shares, a native chart
    assert list(chart.plots[0].categories) == ["Topklanten", "Grote klanten", "Middelgrote klanten", "Kleine klanten"]
    customers, value = chart.plots[0].series
    assert (customers.name, value.name) == ("% van de actieve klanten", "% van de omzet")
    assert list(customers.values) == [18 / 1800, 72 / 1800, 270 / 1800, 1440 / 1800]
    summary = WorkbookFile.open(sample_workbook_path()).workbook.customer_pyramid.summary
    assert list(value.values) == [level.revenue_share for level in summary.levels[:4]]
    assert list(value.values) == [0.4641408380809382, 0.2509356453008529, 0.18629136100043187, 0.09863215561777705]
    charts = {slide.shapes.title.text: [s.chart.chart_type for s in slide.shapes if s.has_chart] for slide in slides}
    assert charts["Klantsegment kiezen"] == [XL_CHART_TYPE.BAR_CLUSTERED]
    (curve,) = [shape.chart for shape in slides[11].shapes if shape.has_chart]  # lines through (x, y) points
    assert curve.chart_type in (XL_CHART_TYPE.XY_SCATTER, XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS)
    equal, concentration, point = curve.plots[0].series
    assert list(equal.values) == [0.0, 1.0]
    assert list(point.values) == [0.8]  # 165 customers (9,2 %) make 80 % of the revenue
    assert concentration.values[-1] == 1.0
    assert charts["Verwachting tegenover prestatie"] == [XL_CHART_TYPE.BAR_CLUSTERED]
    assert charts["Emotie langs de klantreis"] == [XL_CHART_TYPE.LINE_MARKERS]
    migration = _table_rows(slides[12])  # the migration matrix as a table whose cells are coloured by count
    assert migration[0][0] == "rij: vorige periode, kolom: deze periode"


def test_report_is_a4_with_every_section_and_the_sample_figures(exported) -> None:
    reader = pypdf.PdfReader(exported["pdf"])
    assert len(reader.pages) >= 6
    for page in reader.pages:
        assert (round(float(page.mediabox.width) * MM_PER_PT), round(float(page.mediabox.height) * MM_PER_PT)) == (
            210,
            297,
        )
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for title in ("Kerncijfers", "Klantsegment kiezen", "Persona: Martin Visser", "Klantenpiramide",
                  "Concentratie (Pareto)", "Migratie tussen de perioden", "Verwachting tegenover prestatie",
                  "Volgende stappen"):  # fmt: skip
        assert title in text
    assert "165 klanten (9,2 % van de actieve klanten) maken 80 % van de omzet" in text
    assert "€ 29.228.973" in text
    assert reader.metadata.title == "Verpakkingstechniek Nederland B.V."
    # A table of contents with page numbers on the cover, and every section a bookmark leading to its page.
    sections = [
        "Klantsegment kiezen", "Persona: Martin Visser, productiemanager",
        "Klanttype-piramide: Zuivel- en voedingsproducenten", "Klantenpiramide", "Klanten en omzet per niveau",
        "Concentratie (Pareto)", "Migratie tussen de perioden", "Customer journey: Zuivel- en voedingsproducenten",
        "Verwachting tegenover prestatie", "Emotie langs de klantreis", "Over deze cijfers",
    ]  # fmt: skip
    assert [entry.title for entry in reader.outline] == sections
    pages = [reader.get_destination_page_number(entry) + 1 for entry in reader.outline]
    assert pages == sorted(pages) and pages[0] == 2
    contents = " ".join(reader.pages[0].extract_text().split())
    listed = contents[contents.index("Inhoud") :]
    assert all(title in listed for title in sections)
    assert [int(n) for n in re.findall(r"(?<![\d.,])\d+(?![\d.,])", listed)] == pages  # each entry's page number


def test_posters_are_a1_landscape_single_pages(exported) -> None:
    for poster in exported["posters"]:
        (page,) = pypdf.PdfReader(poster).pages
        width, height = float(page.mediabox.width) * MM_PER_PT, float(page.mediabox.height) * MM_PER_PT
        assert abs(width - 841) <= 1 and abs(height - 594) <= 1


def test_a0_posters_of_a_journey_only_workbook(tmp_path: Path) -> None:
    handle = WorkbookFile.open(sample_copy(tmp_path))
    wb = handle.workbook
    wb.segmentation.persona = None
    wb.stakeholder_pyramid.stakeholders.clear()
    wb.segmentation.chosen_segment_ids.clear()
    result = export_deliverables(handle, ["pdf"], tmp_path, poster_size="A0")
    assert [p.name for p in result.written] == [f"{SAMPLE}-rapport.pdf", f"{SAMPLE}-poster-customer-journey-A0.pdf"]
    (page,) = pypdf.PdfReader(result.written[1]).pages
    width, height = float(page.mediabox.width) * MM_PER_PT, float(page.mediabox.height) * MM_PER_PT
    assert abs(width - 1189) <= 1 and abs(height - 841) <= 1


def test_excel_has_a_sheet_per_table_with_formats_and_frozen_headers(exported) -> None:
    book = openpyxl.load_workbook(exported["xlsx"])
    assert book.sheetnames == ["Overzicht", "Over deze cijfers", "Segmenten", "Klanttypen", "Klanten", "Niveaus",
                               "Migratie", "Contactmomenten"]  # fmt: skip
    assert {sheet.freeze_panes for sheet in book} == {"A2"}
    assert book["Niveaus"].auto_filter.ref == "A1:F8" and book["Klanten"].auto_filter.ref == "A1:D3171"
    # Columns as wide as their longest text: "Zuivel- en voedingsproducenten" (30 characters) + 2.
    assert book["Segmenten"].column_dimensions["B"].width == 32
    levels = book["Niveaus"]
    assert [c.value for c in levels[1]] == ["Niveau", "Klanten", "% van actieve klanten", "Omzet", "Marge",
                                            "Omzetaandeel"]  # fmt: skip
    # Shares as every view shows them (46,4 %): 29,228,972.72 / 62,974,361.06 = 0.46414…
    assert [c.value for c in levels[2]] == ["Topklanten", 18, 0.01, 29228972.72, 9475963.59, 0.464]
    assert (levels["C2"].number_format, levels["D2"].number_format) == ("0.0%", '"€" #,##0.00')
    assert levels["A1"].font.bold
    customers = book["Klanten"]
    assert [c.value for c in customers[1]] == ["Klantnummer", "Niveau", "Omzet", "Marge"]
    assert customers.max_row == 1 + 1800 + 220 + 250 + 900
    counted = {}
    for (level,) in customers.iter_rows(min_row=2, min_col=2, max_col=2, values_only=True):
        counted[level] = counted.get(level, 0) + 1
    assert counted == {"Topklanten": 18, "Grote klanten": 72, "Middelgrote klanten": 270, "Kleine klanten": 1440,
                       "Inactieve klanten": 220, "Prospecten": 250, "Suspecten": 900}  # fmt: skip
    migration = book["Migratie"]
    assert [c.value for c in migration["A"]][1:] == ["Topklanten", "Grote klanten", "Middelgrote klanten",
                                                     "Kleine klanten", "niet actief"]  # fmt: skip
    assert migration["F2"].value == 3  # top customers of 2024 lost in 2025
    assert book["Klanttypen"].max_row == 15 and book["Contactmomenten"].max_row == 19


PAYLOADS = ['=HYPERLINK("http://x.example","klik")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


def test_formula_payloads_are_written_as_text(workbook_path: Path, tmp_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    handle.workbook.segmentation.segments.append(Segment(id="s1", name="=1+2"))
    for n, payload in enumerate(PAYLOADS):
        handle.workbook.stakeholder_pyramid.stakeholders.append(
            Stakeholder(segment_id="s1", name=payload, organisation="@org", side=Side.outside,
                        role=StakeholderRole.influencer, attitude=Attitude.neutral, motives=f"-{n}")
        )  # fmt: skip
    handle.save()
    (path,) = export_deliverables(handle, ["xlsx"], tmp_path).written
    sheet = openpyxl.load_workbook(path)["Klanttypen"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[1].value for row in rows] == PAYLOADS
    for row in rows:
        for cell in (row[0], row[1], row[2], row[7]):
            assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert rows[0][0].value == "=1+2" and rows[0][7].value == "-0"
    assert not rows[0][4].quotePrefix  # "Beïnvloeder": ordinary text keeps the ordinary style
    assert openpyxl.load_workbook(path)["Segmenten"]["B2"].value == "=1+2"


def test_tab_and_carriage_return_starts_are_text_too(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([safe_text_cell(sheet, v) for v in ("\tTAB", "\r=1+1", "Jan", "a\x01b")])
    book.save(tmp_path / "x.xlsx")
    cells = next(openpyxl.load_workbook(tmp_path / "x.xlsx")["x"].iter_rows())
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("\tTAB", "s", True), ("\r=1+1", "s", True), ("Jan", "s", False), ("ab", "s", False)
    ]  # fmt: skip


def test_empty_models_are_left_out(workbook_path: Path, tmp_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    assert build_report(handle.workbook).sections == []
    result = export_deliverables(handle, ["pptx", "xlsx"], tmp_path)
    deck = Presentation(str(result.written[0]))
    assert [slide.shapes.title.text for slide in deck.slides] == ["Testklant B.V."]
    assert openpyxl.load_workbook(result.written[1]).sheetnames == ["Overzicht"]


def test_existing_files_are_kept_and_new_ones_get_a_number(workbook_path: Path, tmp_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    first = export_deliverables(handle, ["xlsx"], tmp_path).written[0]
    first.write_bytes(b"the client's own edits")
    second = export_deliverables(handle, ["xlsx"], tmp_path).written[0]
    third = export_deliverables(handle, ["xlsx"], tmp_path).written[0]
    assert (first.name, second.name, third.name) == ("testklant.xlsx", "testklant (2).xlsx", "testklant (3).xlsx")
    assert first.read_bytes() == b"the client's own edits"
    replaced = export_deliverables(handle, ["xlsx"], tmp_path, overwrite=True).written[0]
    assert replaced == first and openpyxl.load_workbook(first).sheetnames == ["Overzicht"]


def test_a_failed_write_leaves_no_file(workbook_path: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_files.os, "fsync", no_space)
    with pytest.raises(ExportError) as failed:
        export_deliverables(WorkbookFile.open(workbook_path), ["xlsx"], out)
    assert "No space left on device" in failed.value.message and "geen half bestand" in failed.value.message
    assert list(out.iterdir()) == []


def test_without_a_browser_the_deck_the_report_the_posters_and_the_excel_are_all_made(
    tmp_path: Path, monkeypatch
) -> None:
    """Charts and boards are drawn natively: no Chromium is started (BROWSER_PATH points nowhere)."""
    handle = WorkbookFile.open(sample_copy(tmp_path))
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))  # nor found on the path
    result = export_deliverables(handle, ["pptx", "pdf", "xlsx"], tmp_path)
    assert result.problems == []
    assert [p.suffix for p in result.written] == [".pptx", ".pdf", ".pdf", ".pdf", ".xlsx"]


def test_a_full_disk_for_one_file_still_writes_the_others_and_names_it(tmp_path: Path, monkeypatch) -> None:
    import klantlab.report.export as export_module

    handle = WorkbookFile.open(sample_copy(tmp_path))
    out = tmp_path / "out"
    out.mkdir()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / f"{SAMPLE}.pptx"))

    monkeypatch.setattr(export_module, "deck_bytes", full)
    result = export_deliverables(handle, ["pptx", "xlsx"], out)
    assert [p.name for p in result.written] == [f"{SAMPLE}.xlsx"]
    assert result.problems == [
        f"Niet gemaakt: PowerPoint-presentatie. Bij het maken van de bestanden raakte de schijf vol "
        f"('{out / SAMPLE}.pptx'). Er is niets half weggeschreven. Maak ruimte vrij of kies een andere map, en "
        "probeer het opnieuw."
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{SAMPLE}.xlsx"]
    code = main(["export", str(handle.path), "--pptx", "--xlsx", "--out", str(out)])
    assert code == 2  # the command says not everything was made


def test_missing_client_file_is_named_and_the_summary_is_used(tmp_path: Path) -> None:
    handle = WorkbookFile.open(sample_copy(tmp_path))
    (tmp_path / f"{SAMPLE}_facturen.csv").unlink()
    report = build_report(handle.workbook, None, ["x"])
    assert [s.title for s in report.sections if s.model == "customer_pyramid"] == [
        "Klantenpiramide", "Klanten en omzet per niveau"
    ]  # fmt: skip
    result = export_deliverables(handle, ["xlsx"], tmp_path)
    (remark,) = result.remarks
    assert f"{SAMPLE}_facturen.csv" in remark and "opgeslagen samenvatting" in remark
    assert "Klanten" not in openpyxl.load_workbook(result.written[0]).sheetnames


def test_export_command(tmp_path: Path, capsys) -> None:
    workbook = sample_copy(tmp_path)
    out = tmp_path / "opleveren"
    out.mkdir()
    assert main(["export", str(workbook), "--xlsx", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Geschreven: {out / (SAMPLE + '.xlsx')}\n"
    assert main(["export", str(tmp_path / "nope.klantlab.json")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert main(["export", str(workbook), "--xlsx", "--out", str(tmp_path / "nowhere")]) == 2
    assert "De map" in capsys.readouterr().err
    assert main(["--language", "en", "export", str(workbook), "--xlsx", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Written: {out / (SAMPLE + ' (2).xlsx')}\n"


def test_export_panel_writes_the_chosen_files_and_offers_each_as_a_download(
    workbook_path: Path, tmp_path: Path
) -> None:
    panel = export_panel(WorkbookFile.open(workbook_path))
    assert panel.folder.value == str(workbook_path.parent / "oplevering")  # beside the workbook, in its own folder
    for box in panel.kinds.values():
        box.value = False
    panel.button.click()
    assert "Kies minstens één soort bestand" in panel.messages.children[0].value
    panel.kinds["xlsx"].value = True
    panel.folder.value = str(tmp_path / "missing")
    panel.button.click()
    assert "bestaat niet" in panel.messages.children[0].value and panel.result is None
    panel.folder.value = str(workbook_path.parent / "oplevering")  # made when first used
    panel.kinds["pptx"].value = True
    panel.button.click()
    folder = workbook_path.parent / "oplevering"
    assert [p.name for p in panel.result.written] == ["testklant.pptx", "testklant.xlsx"]
    assert f"Klaar. Klik op een bestand hieronder om het te downloaden; alles staat ook in {folder}." in (
        panel.messages.children[0].value
    )
    assert not panel.button.disabled
    links = panel.downloads
    assert links.items == [
        {"id": "0", "label": "testklant.pptx", "hint": "testklant.pptx downloaden naar deze computer"},
        {"id": "1", "label": "testklant.xlsx", "hint": "testklant.xlsx downloaden naar deze computer"},
    ]
    sent: list = []
    links.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    links._received(links, {"action": "download", "kind": "1", "request": 3}, [])
    ((content, (data,)),) = sent
    assert content == {"reply": 3, "ok": True, "name": "testklant.xlsx", "size": len(data),
                       "mime": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip
    assert data == (folder / "testklant.xlsx").read_bytes()
    links._received(links, {"action": "download", "kind": "../../etc/passwd", "request": 4}, [])
    links._received(links, {"action": "download", "kind": "2", "request": 5}, [])
    assert len(sent) == 1  # only the files offered, by number: never a path the page names
    (folder / "testklant.pptx").unlink()  # removed meanwhile: a message, no traceback
    links._received(links, {"action": "download", "kind": "0", "request": 6}, [])
    assert sent[1][0]["ok"] is False and "testklant.pptx" in sent[1][0]["message"]


def test_table_columns_share_the_width_and_count_wrapped_lines() -> None:
    table = Table(["Nr", "Partij", "Aanpak"], [["1", "Ingenieursbureau Van Dijk", "Betrekken bij de proefopstelling"]],
                  [True, False, False])  # fmt: skip

    def measure(text: str, bold: bool) -> float:
        return len(text) * (1.25 if bold else 1.0)

    # Natural widths (longest text or bold header word, + 3 padding): 5.5, 28 and 35; 50 available.
    # The number keeps its 5.5; the texts keep their longest word ("Ingenieursbureau" 16 + 3, "proefopstelling"
    # 15 + 3: no word broken inside itself) and share the 7.5 left as 9 : 17.
    assert table.fits(50, measure, 3) and not table.fits(40, measure, 3)
    widths = table.widths(50, measure, 3)
    assert widths == [5.5, 19 + 7.5 * 9 / 26, 18 + 7.5 * 17 / 26]
    # Lines: 25 characters in 21.6 - 3 → 2, 32 characters in 22.9 - 3 → 2.
    assert table.line_counts(widths, measure, 3) == [1, 2]
    assert table.widths(100, measure, 3) == [100 * 5.5 / 68.5, 100 * 28 / 68.5, 100 * 35 / 68.5]


def test_without_a_margin_column_no_column_of_zeros(workbook_path: Path, tmp_path: Path) -> None:
    (workbook_path.parent / "facturen.csv").write_text(
        "klant;datum;omzet\nA;01-03-2025;100\nB;02-03-2025;50,5\nC;03-03-2025;25,25\n", encoding="utf-8"
    )
    handle = WorkbookFile.open(workbook_path)
    handle.workbook.customer_pyramid.settings.source_file = "facturen.csv"
    handle.save()
    pyramid_explorer(handle)  # works the pyramid out and saves its summary, as in the notebook
    (_, section, *_) = [s for s in build_report(handle.workbook).sections if s.model == "customer_pyramid"]
    assert section.table.columns == ["Niveau", "Klanten", "% van actieve klanten", "Omzet", "% van de omzet"]
    # 3 customers: 1 % rounds up to one top customer (100 of 175,75 = 56,9 %), the other two are small.
    assert section.table.rows[0] == ["Topklanten", "1", "33,3 %", "€ 100", "56,9 %"]
    (path,) = export_deliverables(handle, ["xlsx"], tmp_path).written
    book = openpyxl.load_workbook(path)
    assert [[c.value for c in row] for row in book["Klanten"].iter_rows()] == [
        ["Klantnummer", "Niveau", "Omzet"], ["A", "Topklanten", 100], ["B", "Kleine klanten", 50.5],
        ["C", "Kleine klanten", 25.25],
    ]  # fmt: skip
    assert "Marge" not in [c.value for c in book["Niveaus"][1]]


def test_a_pdf_with_a_saboteurs_approach_as_long_as_the_workbook_allows_splits_the_row_over_pages(
    tmp_path: Path,
) -> None:
    from klantlab.report.pdf_report import report_bytes

    handle = WorkbookFile.open(sample_copy(tmp_path))
    entry = next(s for s in handle.workbook.stakeholder_pyramid.stakeholders if s.role == StakeholderRole.saboteur)
    entry.approach = ("Bel elke maand en vraag naar de planning van de productielijn. " * 70)[:4000]  # the limit
    report = build_report(handle.workbook)
    pdf = report_bytes(report)  # reportlab raised LayoutError on page 4
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("productielijn") >= 60  # all of it is printed, over as many pages as it takes


def test_exporting_a_new_empty_workbook_says_only_what_it_does(tmp_path: Path, capsys) -> None:
    from klantlab.cli import main

    assert main(["new", "Leeg B.V.", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["export", str(tmp_path / "leeg-b-v.klantlab.json")]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [  # no pyramid worked out (there is no file), the missing posters named
        "PowerPoint-bestand schrijven…",
        "PDF-bestand schrijven…",
        "Excel-bestand schrijven…",
        "Let op: Geen posters gemaakt: de klanttype-piramide, de customer journey en de klantenpiramide zijn nog "
        "leeg. Vul er een in (notebook 02, 03 of 04) en exporteer opnieuw.",
    ]
    assert captured.out.splitlines() == [
        f"Geschreven: {tmp_path / name}" for name in ("leeg-b-v.pptx", "leeg-b-v-rapport.pdf", "leeg-b-v.xlsx")
    ]
