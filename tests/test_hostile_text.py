"""Hostile text in every output but the browser: 120-letter names, a 4,000-character approach, pasted controls.

Charts show a long name shortened with "…" and keep it whole in the hover; the
PDF, the deck and the Excel file wrap or shorten it inside the page, the slide
and the cell. The dashboard itself is checked in tests/browser/test_long_names.py.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import openpyxl
import pypdf
import pytest
from long_names import LETTERS, LONG_TEXT, LONG_WORD, OVERRIDE_SHOWN, PASTED, hostile_workbook
from pptx import Presentation
from pptx.util import Inches
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from klantlab.analysis.segments import attractiveness
from klantlab.charts.journey import gap_figure, journey_map_figure, overlap_figure
from klantlab.charts.segments import matrix_figure, ranking_figure
from klantlab.charts.stakeholder_pyramid import influence_grid_figure
from klantlab.charts.style import short_label, short_labels, shortened
from klantlab.io import WorkbookFile
from klantlab.model import Workbook
from klantlab.report import export
from klantlab.report.content import Table, build_report
from klantlab.report.deck import deck_bytes
from klantlab.report.excel import excel_bytes
from klantlab.report.pdf_report import report_bytes


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Workbook:
    return WorkbookFile.open(hostile_workbook(tmp_path_factory.mktemp("hostile"))).workbook


def test_pasted_controls_and_direction_overrides_are_gone_on_opening(workbook: Workbook) -> None:
    names = [s.name for s in workbook.stakeholder_pyramid.stakeholders[:3]]
    assert names == ["Henk Bosman, directeur-eigenaar", LONG_WORD, OVERRIDE_SHOWN]
    assert PASTED.replace("\x0b", " ") == names[0]
    assert OVERRIDE_SHOWN in [tp.description for tp in workbook.journey.touchpoints]


def test_a_label_is_shortened_after_a_word_or_inside_a_word_that_has_no_end() -> None:
    assert shortened(LETTERS) == "A" * 31 + "…"  # textwrap.shorten would leave only "…"
    assert shortened("Hoofd inkoop koopt niets en nog een lange naam") == "Hoofd inkoop koopt niets en…"
    assert shortened("Zuivel- en  voedingsproducenten\n") == "Zuivel- en voedingsproducenten"
    assert short_label("<b>" + LETTERS, 10) == "&lt;b&gt;AAAAAA…"
    # Over two lines of 20 for a segment's bar or bubble; a name of up to 32 characters stays as it is.
    assert short_label(LONG_WORD, lines=2) == "Verpakkingsmachinef…"
    assert (
        short_label("Hoofd inkoop koopt niets en nog een lange naam", lines=2)
        == "Hoofd inkoop koopt<br>niets en nog een…"
    )
    assert short_label("Zuivel- en voedingsproducenten", lines=2) == "Zuivel- en voedingsproducenten"
    # Plotly would draw two equal category labels as one bar: the second is told apart.
    assert short_labels([LETTERS, LETTERS[:-1]], 20) == ["A" * 19 + "…", "A" * 19 + "… (2)"]


def test_segment_charts_shorten_names_and_keep_them_whole_in_the_hover(workbook: Workbook) -> None:
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    bars = ranking_figure(table).data[0]
    assert list(bars.y) == ["A" * 19 + "…", "Verpakkingsmachinef…", "E-commerce en fulfilment"]
    assert list(bars.customdata) == [LETTERS, LONG_WORD, "E-commerce en fulfilment"]
    assert bars.hovertemplate == "%{customdata}: %{text}<extra></extra>"
    bubbles = matrix_figure(table).data[0]
    assert list(bubbles.text) == ["A" * 19 + "…", "Verpakkingsmachinef…", "E-commerce en fulfilment"]
    assert list(bubbles.customdata) == [LETTERS, LONG_WORD, "E-commerce en fulfilment"]
    assert bubbles.hovertemplate.startswith("%{customdata}<br>aantrekkelijkheid")


def test_stakeholder_grid_shortens_names_in_its_cells_and_lists_them_whole_in_the_hover(workbook: Workbook) -> None:
    grid = influence_grid_figure(workbook.stakeholder_pyramid.for_segment("food")).data[0]
    assert grid.text[2][0] == "A" * 25 + "…"  # the saboteur: influence 3, opponent
    assert grid.customdata[2][0] == f"<br>{LETTERS}"
    assert grid.text[0][1] == "Henk Bosman, directeur-ei…"
    assert grid.hovertemplate.endswith("%{customdata}<extra></extra>")


def test_journey_charts_cut_a_long_word_inside_its_card_and_keep_it_in_the_hover(workbook: Workbook) -> None:
    journey = workbook.journey
    cards = [a.text for a in journey_map_figure(journey).layout.annotations]
    assert cards[0].startswith("<b>Verpakkingsmachinefabrikanten…</b><br>")  # the phase, on one line
    assert cards[1] == "A" * 17 + "…"  # half a card's line: 120 capitals would run over the next column
    assert cards[2] == "Verpakkingsmachin…"
    columns = [trace for trace in journey_map_figure(journey).data if trace.text is not None and len(trace.x)]
    assert columns[0].text[:2] == (LETTERS, LONG_WORD)  # the hover of the first phase's cards
    gaps = gap_figure(journey)
    labels = list(gaps.data[-1].y)
    assert "A" * 59 + "…" in labels and max(len(label) for label in labels) == 60
    assert LETTERS in gaps.data[-1].hovertext and gaps.data[-1].hoverinfo == "x+text+name"
    heat = overlap_figure(journey).data[0]
    assert heat.text[0][1].startswith("A" * 39 + "…<br>")
    assert heat.customdata[0][1].startswith(f"<br>{LETTERS}<br>")


def test_chart_titles_shorten_the_segment_name(workbook: Workbook) -> None:
    titles = [section.drawing.title for section in build_report(workbook).sections if section.drawing]
    assert "Klanttype-piramide · " + "A" * 31 + "…" in titles
    assert "Customer journey · " + "A" * 31 + "…" in titles


def test_a_right_aligned_column_with_a_long_name_keeps_the_table_on_the_page() -> None:
    table = Table(["Kerncijfers", ""], [["Gekozen doelsegment", LETTERS], ["Actieve klanten", "1.800"]], [False, True])
    widths = table.widths(500.0, lambda text, bold: 6.0 * len(text), 14.0)
    assert sum(widths) <= 500.0 + 1e-6
    assert widths[0] >= 6.0 * len("Kerncijfers") + 14.0  # the header word still fits


def test_the_pdf_wraps_a_120_letter_word_and_a_4000_character_approach(workbook: Workbook) -> None:
    report = build_report(workbook)
    reader = pypdf.PdfReader(io.BytesIO(report_bytes(report)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert LETTERS in text and "Inkoopafdelingsvergaderingsverslaglegging" * 3 in text
    width = float(reader.pages[0].mediabox.width)
    for page in reader.pages:
        runs: list[tuple[float, float, str]] = []  # x, y, text of every piece of text drawn on the page

        def seen(text, cm, tm, font, size, runs=runs) -> None:
            if text.strip():
                runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

        page.extract_text(visitor_text=seen)
        assert all(0 <= x < width for x, _, _ in runs)
        # The footer: the client's name (cut with "…") ends before the page number starts.
        footer = sorted((x, text) for x, y, text in runs if y < 12 * mm)
        (client_x, client), (number_x, number) = footer[0], footer[-1]
        assert client.endswith("…") and number.startswith("Pagina ")
        assert client_x + stringWidth(client, "KlantlabSans", 8) < number_x


def test_excel_wraps_long_text_in_columns_at_most_60_wide(workbook: Workbook) -> None:
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(workbook, None, "01-01-2026")))
    for sheet in book:
        assert all(dimension.width <= 60 for dimension in sheet.column_dimensions.values())
    overview = book["Overzicht"]
    assert overview["B2"].value == LONG_WORD and overview["B2"].alignment.wrap_text
    stakeholders = book["Klanttypen"]
    approach = next(row[8] for row in stakeholders.iter_rows(min_row=2) if row[1].value == LETTERS)
    assert approach.value == LONG_TEXT[:4000].strip() and approach.alignment.wrap_text
    assert not stakeholders["F2"].alignment.wrap_text  # a number stays as it is


def _estimated_lines(text: str, width_in: float, size: float) -> int:
    per_line = max(1, int((width_in - 0.2) / (0.095 * size / 13)))
    return max(1, len(textwrap.wrap(text, per_line)))


def test_the_deck_keeps_every_text_inside_its_box_and_every_box_on_the_slide(workbook: Workbook) -> None:
    report = build_report(workbook)
    deck = Presentation(io.BytesIO(deck_bytes(report)))
    wide, high = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= wide, (number, shape.name)
            assert shape.top >= 0 and shape.top + shape.height <= high, (number, shape.name)
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            frame = shape.text_frame
            assert frame.word_wrap, (number, shape.name)
            sizes = [run.font.size.pt for p in frame.paragraphs for run in p.runs if run.font.size]
            size = max(sizes) if sizes else 44.0  # the title slide keeps the layout's size when it fits
            lines = sum(_estimated_lines(p.text, shape.width / Inches(1), size) for p in frame.paragraphs)
            needed = 0.1 + lines * size * 1.2 / 72 + (len(frame.paragraphs) - 1) * 10 / 72
            assert needed <= shape.height / Inches(1) + 0.15, (number, shape.name, frame.text[:40])
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert not any(LONG_TEXT[:4000].strip() in text for text in texts)  # cut on the slide…
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
    assert any(
        "Volledige tekst (op de dia ingekort):" in n and LONG_TEXT[:4000].strip() in n for n in notes
    )  # …whole here
    cells = [cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]  # fmt: skip
    assert LETTERS in cells and max(len(cell) for cell in cells) < 1000


def test_posters_of_long_names_get_file_names_a_file_system_takes(
    workbook: Workbook, tmp_path: Path, monkeypatch
) -> None:
    name = "a" * 120 + ".klantlab.json"  # what ``klantlab new`` makes of a 120-letter client name
    handle = WorkbookFile.open(hostile_workbook(tmp_path))
    handle.save_as(tmp_path / name)
    result = export.export_deliverables(handle, ["pdf"], tmp_path)
    assert len(result.written) == 3
    assert all(len(path.name.encode()) <= 255 for path in result.written)
    assert result.written[1].name == "a" * 100 + "-poster-klanttype-piramide-" + "a" * 61 + "-A1.pdf"
    assert len(pypdf.PdfReader(result.written[0]).pages) > 1
