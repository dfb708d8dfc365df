"""The live workbook state: one place that validates, saves, keeps the undo history and tells every view."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import saved

from klantlab.errors import KlantlabError
from klantlab.io import WorkbookFile
from klantlab.io.workbook_history import HISTORY_LIMIT, Change, history_path, read_history
from klantlab.model import Segment, Stakeholder, StakeholderRole
from klantlab.state import WorkbookState, live_state, open_state

RENAME = Change("change.client", {"field_key": "field.consultant"})


def _state(path: Path) -> WorkbookState:
    """A state as a kernel of its own would have it (not shared with other tests' states)."""
    return WorkbookState(WorkbookFile.open(path))


def _consultant(name: str):
    return lambda wb: setattr(wb.client, "consultant", name)


def test_a_change_is_validated_saved_recorded_and_told(workbook_path: Path) -> None:
    state = _state(workbook_path)
    told = []
    state.subscribe(told.append)
    outcome = state.apply(_consultant("Bram"), RENAME)
    assert (outcome.saved, outcome.message) == (True, "Opgeslagen in testklant.klantlab.json.")
    assert saved(workbook_path)["client"]["consultant"] == "Bram"
    assert [(e.kind, e.message) for e in told] == [("edit", "Opgeslagen in testklant.klantlab.json.")]
    history = read_history(workbook_path)
    assert (len(history.entries), history.cursor) == (1, 1)
    assert history.entries[0].what.text() == "klantgegevens: consultant"
    assert state.undo_text() == "klantgegevens: consultant"


def test_an_edit_that_changes_nothing_saves_nothing(workbook_path: Path) -> None:
    state = _state(workbook_path)
    before = workbook_path.read_bytes()
    outcome = state.apply(_consultant("Anna de Vries"), RENAME)  # already so
    assert (outcome.saved, outcome.changed) == (True, False)
    assert workbook_path.read_bytes() == before and not history_path(workbook_path).exists()


def test_a_refused_edit_changes_neither_file_nor_state(workbook_path: Path) -> None:
    state = _state(workbook_path)
    before = workbook_path.read_bytes()
    outcome = state.apply(lambda wb: setattr(wb.client, "name", "  "), RENAME)
    assert not outcome.saved
    assert outcome.message == "Niet opgeslagen; pas dit aan:"
    assert outcome.details == ["naam: mag niet leeg zijn"]
    assert workbook_path.read_bytes() == before and state.workbook.client.name == "Testklant B.V."

    def dangling(wb) -> None:  # a stakeholder of a segment that does not exist: the whole workbook is checked
        wb.stakeholder_pyramid.stakeholders.append(Stakeholder(segment_id="weg", name="X", role="saboteur"))

    assert not state.apply(dangling, RENAME).saved
    assert workbook_path.read_bytes() == before


def test_undo_and_redo_walk_the_history_exactly(workbook_path: Path) -> None:
    state = _state(workbook_path)
    for name in ("Bram", "Carla", "Dirk"):
        state.apply(_consultant(name), RENAME)
    assert state.undo().message == "Ongedaan gemaakt: klantgegevens: consultant."
    assert saved(workbook_path)["client"]["consultant"] == "Carla"
    state.undo()
    assert saved(workbook_path)["client"]["consultant"] == "Bram"
    assert state.redo().message == "Opnieuw gedaan: klantgegevens: consultant."
    assert saved(workbook_path)["client"]["consultant"] == "Carla"
    state.apply(_consultant("Eva"), RENAME)  # a new change: what could be redone is gone
    assert (state.redo_text(), state.redo().saved) == (None, False)
    assert state.redo().message == "Er is niets om opnieuw te doen."
    for expected in ("Carla", "Bram", "Anna de Vries"):
        state.undo()
        assert saved(workbook_path)["client"]["consultant"] == expected
    assert state.undo().message == "Er is niets om ongedaan te maken."


def test_at_least_fifty_changes_can_be_undone_and_the_history_stays_bounded(workbook_path: Path) -> None:
    state = _state(workbook_path)
    for number in range(1, HISTORY_LIMIT + 21):  # 120 changes
        state.apply(_consultant(f"Consultant {number}"), RENAME)
    history = read_history(workbook_path)
    assert (len(history.entries), history.cursor) == (HISTORY_LIMIT, HISTORY_LIMIT) == (100, 100)
    for _ in range(HISTORY_LIMIT):
        assert state.undo().saved
    assert saved(workbook_path)["client"]["consultant"] == "Consultant 20"  # 120 - 100
    assert not state.undo().saved
    size = history_path(workbook_path).stat().st_size
    for number in range(200):
        state.apply(_consultant(f"Nog een {number}"), RENAME)
    assert len(read_history(workbook_path).entries) == 100
    assert history_path(workbook_path).stat().st_size < 3 * size  # bounded, not growing with every change


def test_the_history_survives_a_kernel_restart(workbook_path: Path) -> None:
    first = _state(workbook_path)
    first.apply(lambda wb: wb.segmentation.segments.append(Segment(id="zuivel", name="Zuivel")), RENAME)
    first.apply(lambda wb: setattr(wb.segmentation.segments[0], "name", "Zuivel en voeding"), RENAME)
    restarted = _state(workbook_path)  # a new kernel opens the file
    assert restarted.undo().saved
    assert [s["name"] for s in saved(workbook_path)["segmentation"]["segments"]] == ["Zuivel"]
    assert restarted.undo().saved
    assert saved(workbook_path)["segmentation"]["segments"] == []


def test_a_deleted_entry_comes_back_with_undo(workbook_path: Path) -> None:
    state = _state(workbook_path)
    state.apply(lambda wb: wb.segmentation.segments.append(Segment(id="s", name="S")), RENAME)
    entry = Stakeholder(
        id="henk", segment_id="s", name="Henk", organisation="Bosman BV", role=StakeholderRole.decision_maker
    )
    state.apply(lambda wb: wb.stakeholder_pyramid.stakeholders.append(entry), RENAME)
    state.apply(lambda wb: wb.stakeholder_pyramid.stakeholders.clear(), RENAME)
    assert saved(workbook_path)["stakeholder_pyramid"]["stakeholders"] == []
    state.undo()
    (back,) = saved(workbook_path)["stakeholder_pyramid"]["stakeholders"]
    assert (back["id"], back["name"], back["organisation"], back["role"]) == (
        "henk",
        "Henk",
        "Bosman BV",
        "decision_maker",
    )


def test_a_change_saved_by_another_kernel_is_loaded_and_built_upon(workbook_path: Path) -> None:
    here, there = _state(workbook_path), _state(workbook_path)
    told = []
    here.subscribe(told.append)
    there.apply(lambda wb: setattr(wb.client, "description", "van daar"), RENAME)
    outcome = here.apply(_consultant("van hier"), RENAME)
    assert outcome.saved and "in een ander notebook gewijzigd" in outcome.message
    client = saved(workbook_path)["client"]
    assert (client["description"], client["consultant"]) == ("van daar", "van hier")
    assert [e.kind for e in told] == ["edit"]
    # The history is shared: undo here takes back this kernel's change, then the other one's.
    here.undo()
    assert saved(workbook_path)["client"]["consultant"] == "Anna de Vries"
    here.undo()
    assert saved(workbook_path)["client"]["description"] == ""


def test_views_hear_of_another_kernels_save_without_doing_anything(workbook_path: Path) -> None:
    here, there = _state(workbook_path), _state(workbook_path)
    told = []
    here.subscribe(told.append)
    there.apply(_consultant("elders"), RENAME)
    deadline = time.monotonic() + 10
    while not told and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [e.kind for e in told] == ["reload"]
    assert told[0].message.startswith("Het werkboek testklant.klantlab.json is in een ander notebook gewijzigd")
    assert here.workbook.client.consultant == "elders"


def test_a_file_changed_outside_klantlab_is_never_patched_by_undo(workbook_path: Path) -> None:
    state = _state(workbook_path)
    state.apply(_consultant("Bram"), RENAME)
    data = saved(workbook_path)
    data["client"]["consultant"] = "met de hand"
    workbook_path.write_text(json.dumps(data), encoding="utf-8")
    assert state.undo().message == "Er is niets om ongedaan te maken."
    assert saved(workbook_path)["client"]["consultant"] == "met de hand"
    state.apply(_consultant("Carla"), RENAME)  # a new history starts here
    assert len(read_history(workbook_path).entries) == 1
    state.undo()
    assert saved(workbook_path)["client"]["consultant"] == "met de hand"


def test_a_damaged_history_file_is_a_fresh_start_not_a_crash(workbook_path: Path) -> None:
    state = _state(workbook_path)
    history_path(workbook_path).write_text("{niet af", encoding="utf-8")
    assert state.undo_text() is None
    assert state.apply(_consultant("Bram"), RENAME).saved
    assert state.undo().saved and saved(workbook_path)["client"]["consultant"] == "Anna de Vries"


def test_an_edit_may_refuse_with_a_message_of_its_own(workbook_path: Path) -> None:
    class RefusedError(KlantlabError):
        key = "app.persona.name_first"

    def refuse(_wb) -> None:
        raise RefusedError

    outcome = _state(workbook_path).apply(refuse, RENAME)
    assert (outcome.saved, outcome.message) == (False, "Geef de persona eerst een naam (bovenaan); daarna wordt deze "
                                                       "stap opgeslagen. Je tekst staat nog in het vak.")  # fmt: skip


def test_one_state_per_workbook_in_a_kernel(workbook_path: Path) -> None:
    assert open_state(workbook_path) is open_state(str(workbook_path))
    handle = WorkbookFile.open(workbook_path)
    assert live_state(handle) is live_state(handle) and live_state(handle).file is handle


def test_a_listener_of_a_closed_view_is_dropped(workbook_path: Path) -> None:
    import ipywidgets as w

    state = _state(workbook_path)
    view = w.HTML()
    calls = []
    state.subscribe(lambda _e: calls.append(1), owner=view)
    state.apply(_consultant("een"), RENAME)
    view.close()
    state.apply(_consultant("twee"), RENAME)
    assert calls == [1] and not state.listening


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_history_labels_read_in_the_language_of_the_moment(workbook_path: Path, lang: str) -> None:
    from klantlab.i18n import language

    state = _state(workbook_path)
    state.apply(_consultant("Bram"), RENAME)
    with language(lang):
        assert state.undo_text() == {"nl": "klantgegevens: consultant", "en": "client details: consultant"}[lang]
