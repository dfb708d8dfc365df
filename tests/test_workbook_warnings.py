"""Warnings that help: shown beside the field, the change saved anyway."""

from __future__ import annotations

from pathlib import Path

from helpers import saved, shown_text

from klantlab.analysis.workbook_warnings import workbook_warnings
from klantlab.i18n import language
from klantlab.io import WorkbookFile
from klantlab.model import Journey, Phase, Segment, Stakeholder, StakeholderRole, Touchpoint, new_workbook
from klantlab.widgets import journey_form, segmentation_form, stakeholder_form


def _workbook():
    workbook = new_workbook("Klant")
    workbook.segmentation.segments = [
        Segment(id="a", name="Zuivel", scores={"size": 4}),
        Segment(id="b", name="Farma"),
    ]
    workbook.stakeholder_pyramid.stakeholders = [
        Stakeholder(segment_id="a", name="Henk", role=StakeholderRole.economic_buyer),
        Stakeholder(segment_id="b", name="Ria", role=StakeholderRole.decision_maker),
    ]
    workbook.journey = Journey(
        phases=[Phase(id="p1", name="Oriëntatie"), Phase(id="p2", name="Keuze")],
        touchpoints=[
            Touchpoint(id="t1", phase_id="p1", description="Ik google", outside_in_mentions=12),
            Touchpoint(id="t2", phase_id="p1", description="Ik bel", outside_in_mentions=10),
        ],
        outside_in_interviews=10,
    )
    return workbook


def test_each_warning_names_what_and_where() -> None:
    found = workbook_warnings(_workbook())
    assert [(w.model, w.key, w.item_id) for w in found] == [
        ("segmentation", "unscored_segment", "b"),
        ("stakeholder_pyramid", "no_decision_maker", "a"),
        ("journey", "mentions_above_interviews", "t1"),  # 12 of 10 interviews; 10 of 10 is fine
        ("journey", "empty_phase", "p2"),
    ]
    assert [w.text() for w in found] == [
        "Segment 'Farma' heeft nog geen enkele score en staat daarom onderaan de ranglijst.",
        "Segment 'Zuivel' heeft nog geen beslisser: wie zegt uiteindelijk ja of nee?",
        "'Ik google' is door 12 klanten genoemd, maar er zijn 10 interviews ingevuld. Klopt het aantal interviews?",
        "Fase 'Keuze' heeft nog geen contactmomenten.",
    ]
    with language("en"):
        assert found[1].text() == "Segment 'Zuivel' has no decision maker yet: who finally says yes or no?"


def test_a_new_workbook_warns_of_nothing() -> None:
    assert workbook_warnings(new_workbook("Klant")) == []  # five empty phases without any touchpoint: no nagging


def test_the_forms_show_the_warning_beside_the_field_and_save_anyway(tmp_path: Path) -> None:
    path = tmp_path / "klant.klantlab.json"
    handle = WorkbookFile(path, _workbook(), None)
    handle.save()
    journey = journey_form(handle)
    journey.touchpoint_list.value = "t2"
    journey.fields["outside_in_mentions"].value = "11"  # more than the 10 interviews
    assert saved(path)["journey"]["touchpoints"][1]["outside_in_mentions"] == 11
    assert shown_text(journey.mentions_warning) == (
        "⚠ 'Ik bel' is door 11 klanten genoemd, maar er zijn 10 interviews ingevuld. Klopt het aantal interviews?"
    )
    assert shown_text(journey.phase_warnings) == "⚠ Fase 'Keuze' heeft nog geen contactmomenten."
    journey.interviews.value = "12"
    assert shown_text(journey.mentions_warning) == ""
    assert "klantlab-warning" not in segmentation_form(handle).score_warnings.value.split("Farma")[1]
    assert shown_text(segmentation_form(handle).score_warnings) == (
        "⚠ Segment 'Farma' heeft nog geen enkele score en staat daarom onderaan de ranglijst."
    )
    pyramid = stakeholder_form(handle, segment_id="a")
    assert (
        shown_text(pyramid.warnings) == "⚠ Segment 'Zuivel' heeft nog geen beslisser: wie zegt uiteindelijk ja of nee?"
    )
    pyramid.fields["role"].value = "decision_maker"
    assert shown_text(pyramid.warnings) == ""
