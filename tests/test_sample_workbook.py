"""The filled-in sample workbooks: load, round-trip losslessly, match their data, and say the same in two languages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from klantlab.i18n import catalog
from klantlab.io import WorkbookFile, samples_dir
from klantlab.model import CustomerLevel, StakeholderRole, Workbook

#: The sample workbook as a Dutch and as an English team filled it in.
SAMPLES = {"nl": "verpakkingsmachines.klantlab.json", "en": "packaging_machines.klantlab.json"}


def _path(lang: str) -> Path:
    return samples_dir() / SAMPLES[lang]


def _open(lang: str) -> Workbook:
    return WorkbookFile.open(_path(lang)).workbook


def _without_modified(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("modified")
    return data


@pytest.mark.parametrize("lang", SAMPLES)
def test_sample_workbook_round_trip_is_lossless(tmp_path: Path, lang: str) -> None:
    original = WorkbookFile.open(_path(lang))
    original.save_as(tmp_path / "kopie.klantlab.json")
    assert _without_modified(tmp_path / "kopie.klantlab.json") == _without_modified(_path(lang))
    again = WorkbookFile.open(tmp_path / "kopie.klantlab.json")
    assert again.workbook.model_dump(exclude={"modified"}) == original.workbook.model_dump(exclude={"modified"})


def _build(*args: str) -> None:
    subprocess.run(
        [sys.executable, str(samples_dir() / "build_sample_workbook.py"), *args], check=True, capture_output=True
    )


def test_sample_workbooks_are_rebuilt_byte_identically_leaving_no_backup_or_lock(tmp_path: Path) -> None:
    for _ in range(2):  # the second build replaces the first one's files, as `make sample-data` does
        _build("--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SAMPLES.values())
    for lang in SAMPLES:
        assert (tmp_path / SAMPLES[lang]).read_bytes() == _path(lang).read_bytes(), lang


def test_a_language_option_builds_only_that_workbook(tmp_path: Path) -> None:
    _build("--language", "en", "--out", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == [SAMPLES["en"]]


def test_sample_workbook_has_all_four_models_filled() -> None:
    wb = _open("nl")
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


def test_english_sample_workbook_is_written_in_english() -> None:
    wb = _open("en")
    assert [s.name for s in wb.segmentation.segments] == [
        "Dairy and food producers",
        "Pharmaceuticals and cosmetics",
        "E-commerce and fulfilment",
    ]
    assert "Packers who now pack by hand" in [
        s.name for s in wb.stakeholder_pyramid.stakeholders if s.role is StakeholderRole.saboteur
    ]
    english = catalog("en")  # the defaults a team starts with, as klantlab names them in English
    assert [(p.name, p.customer_sentence) for p in wb.journey.phases] == [
        (english[f"phase.{p.id}"], english[f"phase.{p.id}.sentence"]) for p in wb.journey.phases
    ]
    assert [f.name for f in wb.segmentation.factors] == [english[f"factor.{f.id}"] for f in wb.segmentation.factors]


def test_english_sample_workbook_points_to_the_same_data() -> None:
    nl, en = _open("nl"), _open("en")
    assert en.customer_pyramid.settings == nl.customer_pyramid.settings
    assert [(s.source_column, s.source_values) for s in en.segmentation.segments] == [
        (s.source_column, s.source_values) for s in nl.segmentation.segments
    ]
    assert en.segmentation.segments[0].source_values == ["Zuivel", "Voedingsmiddelen"]  # as in the customer file


def test_english_sample_workbook_has_the_same_figures() -> None:
    nl, en = _open("nl"), _open("en")

    def segments(wb: Workbook) -> list:
        texts = {"name", "description", "criteria", "notes"}
        return [(s.model_dump(exclude=texts), list(s.criteria)) for s in wb.segmentation.segments]

    def factors(wb: Workbook) -> list:
        return [f.model_dump(exclude={"name"}) for f in wb.segmentation.factors]

    def stakeholders(wb: Workbook) -> list:
        texts = {"name", "organisation", "motives", "approach", "notes", "verification_method"}
        return [s.model_dump(exclude=texts) for s in wb.stakeholder_pyramid.stakeholders]

    def touchpoints(wb: Workbook) -> list:
        return [t.model_dump(exclude={"description", "channel", "means", "notes"}) for t in wb.journey.touchpoints]

    for part in (segments, factors, stakeholders, touchpoints):
        assert part(en) == part(nl), part.__name__
    assert en.customer_pyramid.summary == nl.customer_pyramid.summary
    assert (en.journey.outside_in_interviews, en.journey.outside_in_threshold) == (12, nl.journey.outside_in_threshold)
    assert (en.created, en.modified, en.client.workshop_date) == (nl.created, nl.modified, nl.client.workshop_date)


# Strings in the file that are no text a team typed: ids, choices from a list, dates, and values from the client's
# data files (sectors, file and column names). They are the same in both languages.
_NOT_TYPED = {
    "id",
    "segment_id",
    "phase_id",
    "format",
    "created",
    "modified",
    "workshop_date",
    "reasons",
    "chosen_segment_ids",
    "source_column",
    "source_values",
    "settings",
    "summary",
    "side",
    "role",
    "attitude",
}
# Names of a company and a person: the same whoever writes about them.
_NAMES = {("client", "name"), ("client", "consultant")}


def _leaves(value: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path, value


def _typed(path: tuple, value: object) -> bool:
    """Whether the string ``value`` at ``path`` is a text the team typed (segmentation.criteria lists families)."""
    return (
        isinstance(value, str)
        and not _NOT_TYPED & set(path)
        and path[:2] != ("segmentation", "criteria")
        and path not in _NAMES
    )


def test_english_sample_workbook_has_the_same_structure_and_numbers_and_only_its_own_texts() -> None:
    nl = dict(_leaves(json.loads(_path("nl").read_text(encoding="utf-8"))))
    en = dict(_leaves(json.loads(_path("en").read_text(encoding="utf-8"))))
    assert list(en) == list(nl)  # the same fields, keys and list lengths, in the same order
    typed = [path for path, value in nl.items() if _typed(path, value)]
    assert len(typed) > 150  # the walk found the team's texts
    for path, value in nl.items():
        if path in typed:
            assert (en[path] == "") == (value == ""), path  # an empty field stays empty, a filled one filled
        else:  # numbers, yes/no, ids, choices, dates, data values, names
            assert en[path] == value and type(en[path]) is type(value), path
    dutch = {nl[path] for path in typed} - {""}
    english = {en[path] for path in typed} - {""}
    assert not dutch & english  # no Dutch text left anywhere in the English workbook, nor the other way round


def test_english_channels_and_means_name_the_same_ones_as_the_dutch() -> None:
    nl, en = _open("nl").journey, _open("en").journey
    for part in ("channel", "means"):
        pairs = {(getattr(a, part), getattr(b, part)) for a, b in zip(nl.touchpoints, en.touchpoints, strict=True)}
        # One English word for each Dutch one: the same list, just written in English.
        assert len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs}), part
        listed = {"channel": "channels", "means": "means"}[part]
        assert {b for _, b in pairs} == set(getattr(en, listed)), part
        assert {a for a, _ in pairs} == set(getattr(nl, listed)), part
