"""Customer journey: order, gaps and overlap by hand; the form; the charts' structure; read-only."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from helpers import shown_text

from klantlab.analysis.journey import gaps, journey_table, overlap
from klantlab.charts.journey import gap_figure, journey_map_figure, overlap_figure
from klantlab.io import WorkbookFile
from klantlab.model import Journey, Phase, Touchpoint
from klantlab.widgets import journey_form


def _journey() -> Journey:
    phases = [Phase(id="a", name="Bewustwording"), Phase(id="b", name="Keuze"), Phase(id="c", name="Gebruik")]
    points = [
        Touchpoint(id="t1", phase_id="b", description="Ik ontvang een offerte", expectation=4, performance=2,
                   emotion=-1, moment_of_truth_inside_out=True, outside_in_mentions=5),
        Touchpoint(id="t2", phase_id="a", description="Ik zie een <b>advertentie</b>", expectation=3, performance=3,
                   emotion=1, outside_in_mentions=4),
        Touchpoint(id="t3", phase_id="c", description="De machine staat stil", expectation=5, performance=2,
                   emotion=-2, moment_of_truth_inside_out=True, outside_in_mentions=1),
        Touchpoint(id="t4", phase_id="b", description="Ik onderhandel", expectation=3, performance=4, emotion=0,
                   moment_of_truth_inside_out=True, outside_in_mentions=0),
        Touchpoint(id="t5", phase_id="c", description="Ik ontvang de factuur"),
    ]  # fmt: skip
    return Journey(phases=phases, touchpoints=points, outside_in_interviews=8)


def test_touchpoints_come_in_journey_order() -> None:
    table = journey_table(_journey())
    assert table["touchpoint_id"].tolist() == ["t2", "t1", "t4", "t3", "t5"]  # phase order, then the team's order
    assert table["step"].tolist() == [1, 2, 3, 4, 5]
    assert table["gap"].tolist()[:4] == [0, -2, 1, -3]  # performance - expectation


def test_gaps_put_the_largest_shortfall_first() -> None:
    table = gaps(_journey())
    assert table["touchpoint_id"].tolist() == ["t3", "t1", "t2", "t4"]  # -3, -2, 0, +1; t5 has no scores
    assert table["gap"].tolist() == [-3, -2, 0, 1]


def test_overlap_of_inside_out_and_outside_in() -> None:
    groups = overlap(_journey(), min_mentions=2)
    assert [tp.id for tp in groups.both] == ["t1"]  # marked, 5 mentions
    assert [tp.id for tp in groups.inside_only] == ["t4", "t3"]  # marked, 0 and 1 mentions
    assert [tp.id for tp in groups.outside_only] == ["t2"]  # 4 mentions, not marked
    assert [tp.id for tp in overlap(_journey(), min_mentions=1).both] == ["t1", "t3"]


def test_the_map_has_a_column_per_phase_and_the_curve_in_journey_order() -> None:
    fig = journey_map_figure(_journey(), min_mentions=2)
    columns = [trace for trace in fig.data if trace.name in ("Bewustwording", "Keuze", "Gebruik")]
    assert [trace.name for trace in columns] == ["Bewustwording", "Keuze", "Gebruik"]
    assert [list(trace.x) for trace in columns] == [[0], [1, 1], [2, 2]]
    assert list(columns[0].text) == ["Ik zie een &lt;b&gt;advertentie&lt;/b&gt;"]
    curve = next(trace for trace in fig.data if trace.name == "emotie")
    assert list(curve.y) == [1, -1, 0, -2, 0]
    assert list(curve.x) == sorted(curve.x)
    assert list(curve.marker.symbol) == ["circle", "star", "circle", "circle", "circle"]  # only t1 is "both"
    assert "<b>advertentie" not in " ".join(a.text for a in fig.layout.annotations)


def test_many_touchpoints_stay_readable() -> None:
    journey = _journey()
    journey.touchpoints = [Touchpoint(phase_id="b", description=f"Stap {i}") for i in range(30)]
    fig = journey_map_figure(journey)
    cards = [s for s in fig.layout.shapes if s.type == "rect" and s.fillcolor != "#fafafa"]
    assert len(cards) == 11  # 12 places per column, the last says how many more
    assert "+ 19 meer" in [a.text for a in fig.layout.annotations]
    tops = sorted(s.y1 for s in cards)
    assert all(b - a > 0.05 for a, b in itertools.pairwise(tops))  # cards do not overlap
    assert len(next(trace for trace in fig.data if trace.name == "emotie").y) == 30  # the curve keeps them all


def test_gap_and_overlap_charts() -> None:
    gap = gap_figure(_journey())
    assert list(gap.data[-2].x) == [5.0, 4.0, 3.0, 3.0] and list(gap.data[-1].x) == [2.0, 2.0, 3.0, 4.0]
    heat = overlap_figure(_journey(), min_mentions=2).data[0]
    assert [list(row) for row in heat.z] == [[1, 1], [2, 0]]
    assert heat.text[1][0] == "Ik onderhandel<br>De machine staat stil"


@pytest.fixture
def handle(workbook_path: Path) -> WorkbookFile:
    return WorkbookFile.open(workbook_path)


def _saved(handle: WorkbookFile) -> dict:
    return json.loads(handle.path.read_text(encoding="utf-8"))["journey"]


def test_phases_can_be_renamed_added_moved_and_removed(handle: WorkbookFile) -> None:
    form = journey_form(handle)
    form.phase_name.value = "Ontdekken"
    form.add_phase()
    form.phase_name.value = "Ambassadeur"
    form.move_phase(-1)
    assert [p["name"] for p in _saved(handle)["phases"]] == [
        "Ontdekken", "Oriëntatie", "Keuze", "Gebruik", "Ambassadeur", "Heroriëntatie",
    ]  # fmt: skip
    form.delete_phase()
    assert len(_saved(handle)["phases"]) == 5


def test_touchpoints_are_added_edited_moved_and_deleted_in_the_file(handle: WorkbookFile) -> None:
    form = journey_form(handle)
    form.add_touchpoint()
    form.fields["description"].value = "Ik google naar verpakkingsmachines"
    form.fields["expectation"].value = 4
    form.fields["emotion"].value = -1
    form.fields["moment_of_truth_inside_out"].value = True
    form.add_fixed("invoice")
    saved = _saved(handle)["touchpoints"]
    assert [(tp["description"], tp["phase_id"], tp["fixed"]) for tp in saved] == [
        ("Ik google naar verpakkingsmachines", "awareness", False),
        ("Ik ontvang de factuur", "choice", True),
    ]
    assert (saved[0]["expectation"], saved[0]["emotion"], saved[0]["moment_of_truth_inside_out"]) == (4, -1, True)
    form.touchpoint_list.value = saved[1]["id"]
    form.delete_touchpoint()
    assert [tp["description"] for tp in _saved(handle)["touchpoints"]] == ["Ik google naar verpakkingsmachines"]
    form.fields["description"].value = ""
    assert "mag niet leeg zijn" in form.messages.children[0].value
    assert _saved(handle)["touchpoints"][0]["description"] == "Ik google naar verpakkingsmachines"


def test_a_phase_goes_with_its_touchpoints_and_undo_brings_both_back(handle: WorkbookFile) -> None:
    form = journey_form(handle)
    form.add_touchpoint()
    form.delete_phase()
    assert "Fase 'Bewustwording' is verwijderd, met 1 contactmomenten" in shown_text(form.messages)
    assert (len(_saved(handle)["phases"]), _saved(handle)["touchpoints"]) == (4, [])
    form.undo_bar.undo_button.click()
    assert [p["id"] for p in _saved(handle)["phases"]] == ["awareness", "orientation", "choice", "use", "reorientation"]
    assert [tp["phase_id"] for tp in _saved(handle)["touchpoints"]] == ["awareness"]


def test_read_only_has_no_controls(handle: WorkbookFile, editable_controls) -> None:
    form = journey_form(handle, read_only=True)
    assert editable_controls(form) == []
    # The editable form does have them: on a new journey the phase buttons (add, delete, earlier, later) and
    # "new touchpoint"; delete and move of a touchpoint, undo and redo wait until there is something to act on.
    assert editable_controls(journey_form(handle)).count("Button") == 5


def test_a_quarter_of_the_interviews_is_rounded_up_and_the_teams_own_threshold_wins() -> None:
    from klantlab.analysis.journey import default_min_mentions, outside_in_minimum
    from klantlab.model import Journey

    assert [default_min_mentions(Journey(outside_in_interviews=n)) for n in (0, 1, 4, 5, 10, 12, 13)] == [
        1, 1, 1, 2, 3, 3, 4,
    ]  # fmt: skip
    assert outside_in_minimum(Journey(outside_in_interviews=12, outside_in_threshold=5)) == 5


def test_a_default_phase_is_shown_in_the_readers_language_and_a_teams_own_name_as_typed() -> None:
    from klantlab.i18n import language
    from klantlab.model.journey import default_phases

    dutch = default_phases()  # made while Dutch was chosen
    renamed = dutch[1].model_copy(update={"name": "Offerte vergelijken"})
    with language("en"):
        assert [phase.shown_name for phase in dutch] == [
            "Awareness", "Orientation", "Choice", "Use", "Reorientation"
        ]  # fmt: skip
        assert dutch[0].shown_sentence == "I realise I have a problem."
        assert renamed.shown_name == "Offerte vergelijken"
        assert Phase(id="x", name="Bewustwording").shown_name == "Bewustwording"  # not a default phase's id
    assert dutch[0].shown_name == "Bewustwording"
    assert dutch[0].name == "Bewustwording"  # stored as made
