"""The filled-in sample workbook: loads, round-trips losslessly, and matches its data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from klantlab.io import WorkbookFile, sample_workbook_path, samples_dir
from klantlab.model import CustomerLevel, StakeholderRole


def _without_modified(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("modified")
    return data


def test_sample_workbook_round_trip_is_lossless(tmp_path: Path) -> None:
    original = WorkbookFile.open(sample_workbook_path())
    original.save_as(tmp_path / "kopie.klantlab.json")
    assert _without_modified(tmp_path / "kopie.klantlab.json") == _without_modified(sample_workbook_path())
    again = WorkbookFile.open(tmp_path / "kopie.klantlab.json")
    assert again.workbook.model_dump(exclude={"modified"}) == original.workbook.model_dump(exclude={"modified"})


def test_sample_workbook_is_rebuilt_identically_from_the_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(samples_dir() / "build_sample_workbook.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert _without_modified(tmp_path / sample_workbook_path().name) == _without_modified(sample_workbook_path())


def test_sample_workbook_has_all_four_models_filled() -> None:
    wb = WorkbookFile.open(sample_workbook_path()).workbook
    seg = wb.segmentation
    assert [s.name for s in seg.segments] == [
        "Zuivel- en voedingsproducenten",
        "Farmacie en cosmetica",
        "E-commerce en fulfilment",
    ]
    assert seg.chosen_segment_ids == ["food"]
    assert seg.persona is not None and seg.persona.segment_id == "food"
    roles = [s.role for s in wb.stakeholder_pyramid.for_segment("food")]
    assert {role: roles.count(role) for role in StakeholderRole} == {
        StakeholderRole.decision_maker: 1,
        StakeholderRole.economic_buyer: 2,
        StakeholderRole.recommender: 3,
        StakeholderRole.influencer: 3,
        StakeholderRole.end_user: 2,
        StakeholderRole.saboteur: 3,
    }
    assert "Inpakkers die nu met de hand verpakken" in [
        s.name for s in wb.stakeholder_pyramid.stakeholders if s.role is StakeholderRole.saboteur
    ]
    assert [len(wb.journey.in_phase(p.id)) for p in wb.journey.phases] == [3, 4, 3, 5, 3]
    assert wb.journey.segment_id == "food"
    summary = wb.customer_pyramid.summary
    assert [lv.level for lv in summary.levels] == list(CustomerLevel)
