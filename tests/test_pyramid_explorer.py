"""The Klantenpiramide widget without a browser: what it shows, what it saves, how it reports mistakes."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import ipywidgets as w
import pytest
from helpers import shown_text

from klantlab.io import WorkbookFile, samples_dir
from klantlab.widgets import pyramid_explorer
from klantlab.widgets.pyramid_explorer import _Progress

EXPORT = (
    "Klantnr;Factuurdatum;Bedrag;Marge\n"
    "A;05-03-2025;1.000,00;300,00\n"
    "A;06-03-2025;-400,00;-120,00\n"
    "B;07-03-2025;500,00;50,00\n"
    "C;08-03-2025;100,00;80,00\n"
    "D;09-03-2024;900,00;90,00\n"
    "(blank);10-03-2025;70,00;7,00\n"
)


@pytest.fixture
def explorer(workbook_path: Path):
    (workbook_path.parent / "export.csv").write_text(EXPORT, encoding="utf-8")
    view = pyramid_explorer(workbook_path)
    view.file.value = "export.csv"  # next to the workbook
    return view


def _saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["customer_pyramid"]


def test_reading_a_file_guesses_columns_analyses_and_saves(explorer, workbook_path: Path) -> None:
    assert {t: d.value for t, d in explorer.columns.items() if d.value} == {
        "customer_id": "Klantnr",
        "date": "Factuurdatum",
        "revenue": "Bedrag",
        "margin": "Marge",
    }
    # The latest date is 10 March 2025: the period is the twelve months up to it.
    assert (str(explorer.start.value), str(explorer.end.value)) == ("2024-03-11", "2025-03-10")
    # Active: A 600 (credit note netted), B 500, C 100; Curry: ceil(3 x 1 %) = 1 top, the rest small.
    # D bought on 9 March 2024, in the twelve months before the period: inactive.
    assert explorer.analysis.result.levels["customers"].tolist() == [1, 0, 0, 2, 1, 0, 0]
    saved = _saved(workbook_path)
    assert saved["settings"]["source_file"] == "export.csv"
    assert saved["settings"]["column_map"]["revenue"] == "Bedrag"
    assert saved["summary"]["rows_left_out"] == {"no_customer": 1}
    assert "5 van de 6 regels gebruikt" in explorer.tables["pyramid"].value
    assert "geen klantnummer" in explorer.tables["left_out"].value and ">(blank)<" in explorer.tables["left_out"].value


def test_a_threshold_change_reclassifies_and_saves_at_once(explorer, workbook_path: Path) -> None:
    explorer.preset.value = "custom"
    explorer.thresholds[0].value = "34"  # 34 % of 3 active customers: ceil(1.02) = 2 in the top
    explorer.thresholds[1].value = ""
    explorer.thresholds[2].value = ""
    assert explorer.analysis.result.levels["customers"].tolist()[:4] == [2, 0, 0, 1]
    saved = _saved(workbook_path)
    assert saved["settings"]["preset"] == "custom" and saved["settings"]["thresholds"] == [0.34]
    assert [level["customers"] for level in saved["summary"]["levels"]][:4] == [2, 0, 0, 1]


def test_thresholds_out_of_order_give_a_message_and_keep_the_input(explorer, workbook_path: Path) -> None:
    explorer.preset.value = "custom"
    before = _saved(workbook_path)
    explorer.thresholds[1].value = "0,5"  # below the 1 % of the first box
    assert "kloppen niet" in explorer.messages.children[0].value
    assert explorer.thresholds[1].value == "0,5"
    assert _saved(workbook_path) == before


def test_a_missing_file_is_named_and_nothing_is_lost(explorer, workbook_path: Path) -> None:
    explorer.file.value = "weg.csv"
    message = explorer.messages.children[0].value
    assert "weg.csv" in message and "bestaat niet" in message
    assert explorer.file.value == "weg.csv"
    assert _saved(workbook_path)["settings"]["source_file"] == "export.csv"


def test_a_period_in_the_wrong_order_is_refused(explorer) -> None:
    explorer.start.value, explorer.end.value = explorer.end.value, explorer.start.value
    assert "De periode klopt niet" in explorer.messages.children[0].value


def test_read_only_shows_the_analysis_without_controls(explorer, workbook_path: Path) -> None:
    view = pyramid_explorer(WorkbookFile.open(workbook_path), read_only=True)
    assert view.analysis is not None
    assert all(control.disabled for control in view._controls())


def test_the_progress_bar_appears_only_for_slow_work() -> None:
    bar = w.FloatProgress(layout=w.Layout(display="none"))

    class Connection:
        def query_progress(self) -> float:
            return 42.0

    seen: list[tuple[str | None, float]] = []

    def slow() -> str:
        time.sleep(1.5)
        seen.append((bar.layout.display, bar.value))
        return "klaar"

    assert _Progress(bar).run(Connection(), lambda: "snel") == "snel"
    assert bar.layout.display == "none"
    assert _Progress(bar).run(Connection(), slow) == "klaar"
    assert seen == [(None, 0.42)] and bar.layout.display == "none"


def test_the_crm_list_box_adds_prospects_and_a_wrong_name_is_told(tmp_path: Path) -> None:
    for path in samples_dir().glob("verpakkingsmachines*.csv"):
        shutil.copyfile(path, tmp_path / path.name)
    workbook = tmp_path / "verpakkingsmachines.klantlab.json"
    shutil.copyfile(samples_dir() / workbook.name, workbook)
    view = pyramid_explorer(workbook)

    def leads() -> list[int]:
        levels = {row["level"]: row["customers"] for row in _saved(workbook)["summary"]["levels"]}
        return [levels["prospect"], levels["suspect"]]

    assert view.extra_files["crm_file"].value == "verpakkingsmachines_crm.csv" and leads() == [250, 900]
    view.extra_files["crm_file"].value = ""
    assert leads() == [0, 0] and _saved(workbook)["settings"]["crm_file"] == ""
    view.extra_files["crm_file"].value = "bestaat-niet.csv"
    assert "bestaat-niet.csv" in view.messages.children[0].value
    assert _saved(workbook)["settings"]["crm_file"] == "" and view.extra_files["crm_file"].value == "bestaat-niet.csv"
    view.extra_files["crm_file"].value = "verpakkingsmachines_crm.csv"
    assert leads() == [250, 900] and "bestaat-niet" not in shown_text(view.messages)


def test_the_explorer_follows_an_undo_and_a_change_from_another_notebook(explorer, workbook_path: Path) -> None:
    explorer.preset.value = "custom"
    explorer.thresholds[0].value = "34"  # 2 of the 3 active customers in the top
    explorer.thresholds[1].value = explorer.thresholds[2].value = ""
    assert _saved(workbook_path)["settings"]["thresholds"] == [0.34]
    # Saved were: the file read, the own split (still 1 / 5 / 20), 34 % (34 / 5 / 20 and 34 / 20 were refused).
    explorer.undo_bar.undo_button.click()  # back to 1 / 5 / 20
    explorer.undo_bar.undo_button.click()  # and to Curry
    assert _saved(workbook_path)["settings"]["preset"] == "curry"
    assert (explorer.preset.value, [box.value for box in explorer.thresholds]) == ("curry", ["1", "5", "20"])
    assert explorer.analysis.result.levels["customers"].tolist() == [1, 0, 0, 2, 1, 0, 0]  # drawn anew
    other = WorkbookFile.open(workbook_path)  # a second notebook sets the look-back window
    other.workbook.customer_pyramid.settings.inactive_window_months = 24
    other.save()
    explorer.state.sync()  # what the watcher does within a second
    assert explorer.window.value == 24
    assert _saved(workbook_path)["settings"]["inactive_window_months"] == 24


def test_a_lazy_frame_is_analysed_in_its_own_engine_with_the_same_figures_as_the_file(
    explorer, workbook_path: Path
) -> None:
    import polars as pl

    frame = pl.LazyFrame(
        {
            "customer_id": ["A", "A", "B", "C", "D", None],
            "date": pl.Series(
                ["2025-03-05", "2025-03-06", "2025-03-07", "2025-03-08", "2024-03-09", "2025-03-10"]
            ).str.to_date(),
            "revenue": [1000.0, -400.0, 500.0, 100.0, 900.0, 70.0],
            "margin": [300.0, -120.0, 50.0, 80.0, 90.0, 7.0],
        }
    )  # the rows of EXPORT, as a frame in klantlab's columns
    from_file = explorer._summary  # what the same rows gave through the file
    view = pyramid_explorer(workbook_path, data=frame)
    assert "polars-frame met de kolommen customer_id, date, revenue, margin" in view.file_info.value
    assert view.analysis.result.levels["customers"].tolist() == [1, 0, 0, 2, 1, 0, 0]
    assert view._summary.model_dump(exclude={"computed_at"}) == from_file.model_dump(exclude={"computed_at"})
    view.tabs.selected_index = 5
    assert (
        "geen klantnummer" in view.tables["left_out"].value and "niet hierheen gehaald" in view.tables["left_out"].value
    )
    view.preset.value = "abc"  # a change of the split: classified again, saved
    assert _saved(workbook_path)["settings"]["preset"] == "abc"


def test_an_xlsx_whose_first_sheet_is_empty_offers_the_sheets_with_data(workbook_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    data = book.create_sheet("Omzet 2025")
    for row in (("Klantnr", "Factuurdatum", "Bedrag"), ("A", "05-03-2025", 1000), ("B", "07-03-2025", 500)):
        data.append(row)
    book.save(workbook_path.parent / "export.xlsx")
    view = pyramid_explorer(workbook_path)
    view.file.value = "export.xlsx"
    assert "Omzet 2025" in shown_text(view.messages) and "Blad1" in shown_text(view.messages)
    assert list(view.sheet.options) == [("—", ""), ("Omzet 2025", "Omzet 2025")]
    assert view.sheet.layout.display is None  # shown, so the user can choose
    view.sheet.value = "Omzet 2025"
    assert view.analysis.result.levels["customers"].tolist()[:4] == [1, 0, 0, 1]
    assert _saved(workbook_path)["summary"]["total_revenue"] == 1500
    assert _saved(workbook_path)["settings"]["sheet"] == "Omzet 2025"
