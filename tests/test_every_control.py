"""Every control of every form is saved: set it, reopen the file, read it back, and see it in a new form.

Starts from a new, empty workbook (the customer pyramid from a copy of the
sample's files). Not workbook content, so not saved: the controls that choose
what a form shows (the segment list in Klantsegment kiezen, the segment and
entry lists of the klanttype-piramide, the phase and touchpoint lists of the
journey, the tabs) and the options of an action (poster size and format,
the export panel's files, poster size and folder, the library of fixed
touchpoints, which adds one).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import saved

from klantlab.io import WorkbookFile, samples_dir
from klantlab.model import CriterionFamily, SegmentationReason
from klantlab.widgets import (
    client_form,
    journey_form,
    pyramid_explorer,
    segmentation_form,
    stakeholder_form,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant").path


def _reopened(path: Path) -> WorkbookFile:
    return WorkbookFile.open(path)


def test_client_form(path: Path) -> None:
    form = client_form(WorkbookFile.open(path))
    typed = {"name": "Bakkerij Jansen", "consultant": "Anna", "workshop_date": dt.date(2026, 3, 15),
             "description": "Twee vestigingen"}  # fmt: skip
    for name, value in typed.items():
        form.fields[name].value = value
    assert saved(path)["client"] == {**typed, "workshop_date": "2026-03-15"}
    again = client_form(_reopened(path))
    assert {name: again.fields[name].value for name in typed} == typed


def test_segmentation_form(path: Path) -> None:
    form = segmentation_form(WorkbookFile.open(path))
    for reason in (SegmentationReason.loyalty, SegmentationReason.know_customers):
        form.reasons[reason].value = True
    form.goal.value = "Groeien in zuivel"
    for family in CriterionFamily:
        form.criteria[family].value = True
    form.add_segment()
    fields = {"name": "Zuivel", "description": "Kaas en melk", "source_column": "sector",
              "source_values": "Zuivel, Kaas", "customers": "1.200", "revenue": "1.200.000,50",
              "margin": "€ 300.000"}  # fmt: skip
    for name, value in fields.items():
        form.segment_fields[name].value = value
    for family in CriterionFamily:
        form.criteria_values[family].value = f"{family.value}-waarde"
    factor_row = form.factor_box.children[0]
    factor_row.children[0].value = "Omvang van de markt"
    factor_row.children[1].value = "2,5"
    form.score_grid.children[1].children[1].value = 4  # the first segment's score on the first factor
    form.chosen.value = (form.segment_list.value,)
    form.reason.value = "Past bij ons"
    form.threshold.value = "12,5"
    form.persona_fields["name"].value = "Inkoper Ingrid"
    for step in ("who", "goals", "frustrations", "decision_making", "enthusiasm"):
        form.persona_fields[step].value = f"{step}-tekst"

    data = saved(path)["segmentation"]
    (segment,) = data["segments"]
    assert data["reasons"] == ["know_customers", "loyalty"] and data["goal"] == "Groeien in zuivel"
    assert data["criteria"] == [family.value for family in CriterionFamily]
    assert {k: segment[k] for k in fields} == {
        "name": "Zuivel", "description": "Kaas en melk", "source_column": "sector", "source_values": ["Zuivel", "Kaas"],
        "customers": 1200, "revenue": 1_200_000.5, "margin": 300_000,
    }  # fmt: skip
    assert segment["criteria"] == {family.value: f"{family.value}-waarde" for family in CriterionFamily}
    assert (data["factors"][0]["name"], data["factors"][0]["weight"]) == ("Omvang van de markt", 2.5)
    assert segment["scores"] == {"size": 4}
    assert data["chosen_segment_ids"] == [segment["id"]] and data["choice_reason"] == "Past bij ons"
    assert data["change_threshold"] == 0.125
    assert data["persona"] == {"segment_id": segment["id"], "name": "Inkoper Ingrid", "who": "who-tekst",
                               "goals": "goals-tekst", "frustrations": "frustrations-tekst",
                               "decision_making": "decision_making-tekst",
                               "enthusiasm": "enthusiasm-tekst"}  # fmt: skip

    again = segmentation_form(_reopened(path))
    assert [box.value for box in again.reasons.values()] == [True, False, False, True, False, False, False]
    assert {name: again.segment_fields[name].value for name in fields} == {
        **fields, "customers": "1.200", "revenue": "1.200.000,5", "margin": "300.000",
    }  # fmt: skip
    assert again.factor_box.children[0].children[1].value == "2,5"
    assert again.score_grid.children[1].children[1].value == 4
    assert (again.chosen.value, again.threshold.value, again.persona_segment.value) == (
        (segment["id"],), "12,5", segment["id"],
    )  # fmt: skip


def test_stakeholder_form(path: Path) -> None:
    form = stakeholder_form(WorkbookFile.open(path))
    form.new_segment.value = "Zuivel"
    form.add_segment.click()
    form.add()
    values = {"name": "Henk Bosman", "organisation": "Bosman Zuivel", "side": "outside", "role": "decision_maker",
              "influence": 5, "attitude": "supporter", "motives": "Groei", "approach": "Bezoek", "notes": "Belt graag",
              "verified": True, "verification_method": "klantinterview", "strategic_partner": True}  # fmt: skip
    for name, value in values.items():
        form.fields[name].value = value
    (entry,) = saved(path)["stakeholder_pyramid"]["stakeholders"]
    assert {k: entry[k] for k in values} == values
    again = stakeholder_form(_reopened(path))
    assert {name: again.fields[name].value for name in values} == values


def test_journey_form(path: Path) -> None:
    handle = WorkbookFile.open(path)
    segmentation_form(handle).add_segment()
    form = journey_form(handle)
    segment_id = saved(path)["segmentation"]["segments"][0]["id"]
    form.segment.value = segment_id
    form.interviews.value = "10"
    form.min_mentions.value = "4"  # (a quarter of the 10 interviews would be 3)
    form.phase_name.value = "Ontdekken"
    form.phase_sentence.value = "Ik merk dat het anders kan"
    form.add_touchpoint()
    values = {"phase_id": "choice", "description": "Ik vraag een offerte", "channel": "e-mail", "means": "offerte",
              "expectation": 4, "performance": 2, "emotion": -1, "intensity": 5, "moment_of_truth_inside_out": True,
              "outside_in_mentions": "7", "notes": "Duurt te lang"}  # fmt: skip
    for name, value in values.items():
        form.fields[name].value = value
    journey = saved(path)["journey"]
    assert (journey["segment_id"], journey["outside_in_interviews"], journey["outside_in_threshold"]) == (
        segment_id, 10, 4,
    )  # fmt: skip
    assert (journey["phases"][0]["name"], journey["phases"][0]["customer_sentence"]) == (
        "Ontdekken", "Ik merk dat het anders kan",
    )  # fmt: skip
    (touchpoint,) = journey["touchpoints"]
    assert {k: touchpoint[k] for k in values} == {**values, "outside_in_mentions": 7}
    again = journey_form(_reopened(path))
    again.touchpoint_list.value = touchpoint["id"]
    assert {name: again.fields[name].value for name in values} == values
    assert (again.segment.value, again.interviews.value, again.min_mentions.value) == (segment_id, "10", "4")


def test_pyramid_explorer(path: Path) -> None:
    for name in ("verpakkingsmachines_facturen.csv", "verpakkingsmachines_klanten.csv", "verpakkingsmachines_crm.csv"):
        shutil.copyfile(samples_dir() / name, path.parent / name)
    form = pyramid_explorer(WorkbookFile.open(path))
    form.extra_files["customers_file"].value = "verpakkingsmachines_klanten.csv"
    form.extra_files["crm_file"].value = "verpakkingsmachines_crm.csv"
    form.file.value = "verpakkingsmachines_facturen.csv"
    form.date_order.value = "day_first"
    form.decimal.value = ","
    form.columns["invoice_number"].value = ""
    form.apply_columns.click()
    form.start.value, form.end.value = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    form.basis.value = "margin"
    form.window.value = 18
    form.preset.value = "custom"
    for box, value in zip(form.thresholds, ("2", "10", "30"), strict=True):
        box.value = value
    form.pareto_share.value = 70
    settings = saved(path)["customer_pyramid"]["settings"]
    assert {k: settings[k] for k in ("source_file", "customers_file", "crm_file", "sheet", "date_order",
                                     "decimal_comma", "basis", "period_start", "period_end",
                                     "inactive_window_months", "preset", "thresholds")} == {
        "source_file": "verpakkingsmachines_facturen.csv", "customers_file": "verpakkingsmachines_klanten.csv",
        "crm_file": "verpakkingsmachines_crm.csv", "sheet": "", "date_order": "day_first", "decimal_comma": True,
        "basis": "margin", "period_start": "2025-01-01", "period_end": "2025-12-31", "inactive_window_months": 18,
        "preset": "custom", "thresholds": [0.02, 0.1, 0.3],
    }  # fmt: skip
    assert "invoice_number" not in settings["column_map"] and settings["column_map"]["customer_id"] == "klantnummer"
    assert saved(path)["customer_pyramid"]["summary"]["pareto_threshold"] == 0.7
    again = pyramid_explorer(_reopened(path))
    shown = (again.file.value, again.date_order.value, again.decimal.value, again.basis.value, again.window.value,
             again.preset.value, [box.value for box in again.thresholds], again.pareto_share.value,
             again.columns["invoice_number"].value)  # fmt: skip
    assert shown == ("verpakkingsmachines_facturen.csv", "day_first", ",", "margin", 18, "custom", ["2", "10", "30"],
                     70, "")  # fmt: skip
