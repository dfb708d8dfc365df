"""Each client gets its own copy of the series, in the language klantlab runs in; the shipped series stays as it is."""

from __future__ import annotations

import json
from pathlib import Path

from klantlab.io import default_workbook_path, sample_workbook_path
from klantlab.io.client_notebooks import SERIES, copy_sample, ensure_client_notebooks, is_sample
from klantlab.io.locations import MARKER, notebooks_dir, workbook_of_folder


def test_the_english_series_is_copied_to_the_top_of_the_clients_folder(tmp_path: Path) -> None:
    workbook = copy_sample(tmp_path / "sample", sample_workbook_path("en"))
    assert workbook.name == "packaging_machines.klantlab.json"
    assert sorted(p.name for p in workbook.parent.iterdir()) == [
        "packaging_machines.klantlab.json", "verpakkingsmachines_crm.csv", "verpakkingsmachines_facturen.csv",
        "verpakkingsmachines_klanten.csv",
    ]  # fmt: skip
    folder = ensure_client_notebooks(workbook, "en")
    copied = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ipynb"))
    assert copied == [
        "00_start.ipynb", "01_choosing_the_segment.ipynb", "02_stakeholder_pyramid.ipynb", "03_customer_pyramid.ipynb",
        "04_customer_journey.ipynb", "05_handover.ipynb", "exercises/exercises.ipynb",
    ]  # fmt: skip
    assert workbook_of_folder(folder) == workbook.resolve()
    assert workbook_of_folder(folder / "exercises") == workbook.resolve()
    assert json.loads((folder / "exercises" / MARKER).read_text()) == {
        "workbook": "../../packaging_machines.klantlab.json"
    }
    shipped = json.loads((notebooks_dir() / SERIES["en"][1]).read_text(encoding="utf-8"))
    mine = json.loads((folder / "01_choosing_the_segment.ipynb").read_text(encoding="utf-8"))
    assert [c["source"] for c in mine["cells"]] == [c["source"] for c in shipped["cells"]]


def test_both_samples_are_samples_and_a_copy_is_not(tmp_path: Path) -> None:
    assert is_sample(sample_workbook_path("nl")) and is_sample(sample_workbook_path("en"))
    assert not is_sample(copy_sample(tmp_path, sample_workbook_path("en")))


def test_without_a_workbook_named_the_sample_of_the_language_is_opened(monkeypatch, tmp_path: Path) -> None:
    from klantlab.i18n import language

    monkeypatch.delenv("KLANTLAB_WORKBOOK", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_workbook_path() == sample_workbook_path("nl")
    with language("en"):
        assert default_workbook_path() == sample_workbook_path("en")
