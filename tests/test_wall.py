"""The workshop wall, driven as the browser drives it (its actions), on a new workbook across forms and views.

After every action the saved file is read back and the other views are
checked: the form beside the wall, the follow-up lists, the gap table, the
dashboard's read-only wall.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import saved, shown_text

from klantlab.i18n import language
from klantlab.io import WorkbookFile
from klantlab.model.edits import place
from klantlab.state import WorkbookState
from klantlab.widgets import journey_form, journey_gaps, stakeholder_form, workbook_overview
from klantlab.widgets.wall import JourneyWall, StakeholderWall, Wall


@pytest.fixture
def state(tmp_path: Path) -> WorkbookState:
    path = WorkbookFile.create(tmp_path / "kaas.klantlab.json", "Kaasmakerij De Graaf").path
    return WorkbookState(WorkbookFile.open(path))


def _entries(state: WorkbookState) -> list[tuple[str, str, str, str]]:
    return [(e["name"], e["organisation"], e["role"], e["side"]) for e in saved(state.path)["stakeholder_pyramid"]
            ["stakeholders"]]  # fmt: skip


def _notes(wall: Wall) -> list[tuple[str, str, str | None]]:
    return [(note["text"], note["lane"], note.get("side")) for note in wall.board["notes"]]


def _add(wall: Wall, lane: str, text: str, sub: str = "", side: str | None = "inside", index: int | None = None):
    return wall.act({"action": "add", "lane": lane, "side": side, "text": text, "sub": sub, "index": index})


def test_place_puts_an_item_among_its_group_and_keeps_every_other_order() -> None:
    items = ["a1", "b1", "a2", "b2"]
    place(items, "a3", lambda x: x.startswith("a"), 0)
    assert items == ["a3", "a1", "b1", "a2", "b2"]
    place(items, "a3", lambda x: x.startswith("a"), None)
    assert items == ["a1", "b1", "a2", "a3", "b2"]
    place(items, "b1", lambda x: x.startswith("b"), 5)
    assert items == ["a1", "a2", "a3", "b2", "b1"]
    place(items, "c1", lambda x: x.startswith("c"), 0)
    assert items == ["a1", "a2", "a3", "b2", "b1", "c1"]


def test_a_new_workbook_wall_asks_for_a_segment_first(state: WorkbookState) -> None:
    wall = StakeholderWall(state)
    assert (wall.board["can_add"], wall.board["title"]) == (
        False,
        "Nog geen segment: kies of maak er een in het formulier hieronder.",
    )
    assert [lane["title"] for lane in wall.board["lanes"]] == [
        "Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur"
    ]  # fmt: skip
    reply = _add(wall, "influencer", "Vakblad Zuivelzicht")
    assert reply == {"ok": False, "message": "Kies eerst een segment of voeg er een toe."}
    assert saved(state.path)["stakeholder_pyramid"]["stakeholders"] == []


def test_post_its_added_moved_and_set_on_the_wall_are_saved_and_shown_in_the_form(state: WorkbookState) -> None:
    form = stakeholder_form(state)
    form.create_segment("Kaasmakers")
    wall = form.wall
    assert wall.board["can_add"] is True
    assert _add(wall, "influencer", "Vakblad Zuivelzicht", "Zuivelzicht")["ok"]
    assert _add(wall, "influencer", "Ingenieursbureau Van Dijk", index=0)["ok"]
    reply = _add(wall, "decision_maker", "Henk Bosman", "Kaasmakerij De Graaf")
    assert reply["ok"] and reply["message"] == "Opgeslagen in kaas.klantlab.json."
    assert _entries(state) == [
        ("Ingenieursbureau Van Dijk", "", "influencer", "inside"),
        ("Vakblad Zuivelzicht", "Zuivelzicht", "influencer", "inside"),
        ("Henk Bosman", "Kaasmakerij De Graaf", "decision_maker", "inside"),
    ]
    # the new post-it is the one the form shows, for its motives and approach
    assert form.entries.value == reply["id"] and form.fields["name"].value == "Henk Bosman"
    assert wall.selected == reply["id"]

    vakblad = next(note["id"] for note in wall.board["notes"] if note["text"] == "Vakblad Zuivelzicht")
    assert wall.act({"action": "select", "id": vakblad}) == {"ok": True}  # a click on a post-it
    assert (form.entries.value, form.fields["organisation"].value) == (vakblad, "Zuivelzicht")
    assert wall.act({"action": "move", "id": vakblad, "lane": "recommender", "side": "outside", "index": 0})["ok"]
    assert _entries(state) == [  # the only one outside: last in the list, the others keep their order
        ("Ingenieursbureau Van Dijk", "", "influencer", "inside"),
        ("Henk Bosman", "Kaasmakerij De Graaf", "decision_maker", "inside"),
        ("Vakblad Zuivelzicht", "Zuivelzicht", "recommender", "outside"),
    ]
    assert ("Aanbeveler · Vakblad Zuivelzicht (Zuivelzicht)", vakblad) in form.entries.options
    for field, value in (("attitude", "supporter"), ("verified", True), ("influence", 5), ("strategic_partner", True)):
        assert wall.act({"action": "set", "id": vakblad, "field": field, "value": value})["ok"]
    entry = saved(state.path)["stakeholder_pyramid"]["stakeholders"][2]
    assert (entry["attitude"], entry["verified"], entry["influence"], entry["strategic_partner"]) == (
        "supporter", True, 5, True
    )  # fmt: skip
    assert "Mogelijke strategische partners (1)" in shown_text(form.follow_up)
    # the undo bar names the wall's last change
    assert (
        form.undo_bar.undo_button.tooltip
        == "Ongedaan maken: partij 'Vakblad Zuivelzicht': mogelijke strategische partner"
    )


def test_a_refused_entry_keeps_the_file_and_says_why(state: WorkbookState) -> None:
    form = stakeholder_form(state)
    form.create_segment("Kaasmakers")
    wall = form.wall
    _add(wall, "end_user", "Kaasmeester")
    before = state.path.read_bytes()
    note = wall.board["notes"][0]["id"]
    assert wall.act({"action": "edit", "id": note, "text": "  ", "sub": ""}) == {
        "ok": False, "message": "Niet opgeslagen; pas dit aan:", "details": ["naam: mag niet leeg zijn"], "id": ""
    }  # fmt: skip
    assert wall.act({"action": "set", "id": note, "field": "influence", "value": 9})["details"] == [
        "invloed: mag hoogstens 5 zijn"
    ]
    twice = _add(wall, "end_user", "Kaasmeester")
    assert not twice["ok"] and twice["details"] == [
        "klanttype-piramide: 'Kaasmeester' staat al in dit segment met dezelfde organisatie; geef een andere naam of "
        "organisatie"
    ]
    assert wall.act({"action": "set", "id": note, "field": "segment_id", "value": "x"})["message"] == (
        "Deze actie op de muur kon klantlab niet uitvoeren. Probeer het opnieuw, of gebruik het formulier onder de "
        "muur."
    )
    assert wall.act({"action": "move", "id": "weg", "lane": "saboteur", "side": "inside"})["message"].startswith(
        "Dit onderdeel bestaat niet meer"
    )
    assert state.path.read_bytes() == before


def test_delete_on_the_wall_and_undo_brings_the_post_it_back_everywhere(state: WorkbookState) -> None:
    form = stakeholder_form(state)
    form.create_segment("Kaasmakers")
    wall, dashboard_wall = form.wall, StakeholderWall(state, read_only=True)
    _add(wall, "saboteur", "Huidige leverancier", "Handpak B.V.", side="outside")
    note = wall.board["notes"][0]["id"]
    assert wall.act({"action": "delete", "id": note})["ok"]
    assert (_entries(state), _notes(dashboard_wall), form.entries.options) == ([], [], ())
    assert state.undo().saved
    assert _notes(wall) == _notes(dashboard_wall) == [("Huidige leverancier", "saboteur", "outside")]
    assert _entries(state) == [("Huidige leverancier", "Handpak B.V.", "saboteur", "outside")]


def test_the_form_and_another_kernel_reach_the_wall(state: WorkbookState) -> None:
    form = stakeholder_form(state)
    form.create_segment("Kaasmakers")
    _add(form.wall, "recommender", "Hoofd TD")
    form.fields["name"].value = "Hoofd technische dienst"
    assert _notes(form.wall) == [("Hoofd technische dienst", "recommender", "inside")]
    other = WorkbookState(WorkbookFile.open(state.path))  # another notebook's kernel
    assert other.apply(lambda wb: setattr(wb.stakeholder_pyramid.stakeholders[0], "side", "outside"),
                       form_change()).saved  # fmt: skip
    assert state.sync()
    assert _notes(form.wall) == [("Hoofd technische dienst", "recommender", "outside")]


def form_change():
    from klantlab.state import Change

    return Change("change.stakeholder.field", {"field_key": "field.side", "name": "Hoofd technische dienst"})


def test_a_read_only_wall_changes_nothing(state: WorkbookState) -> None:
    stakeholder_form(state).create_segment("Kaasmakers")
    wall = StakeholderWall(state, read_only=True)
    before = state.path.read_bytes()
    assert _add(wall, "influencer", "Vakblad") == {
        "ok": False,
        "message": "Alleen lezen: wijzigen kan in de notebooks.",
    }
    assert state.path.read_bytes() == before


def test_touchpoints_on_the_journey_wall_follow_into_the_gap_table_and_the_curve(state: WorkbookState) -> None:
    form = journey_form(state)
    wall = form.wall
    gaps = journey_gaps(state)
    assert [lane["title"] for lane in wall.board["lanes"]] == [
        "Bewustwording", "Oriëntatie", "Keuze", "Gebruik", "Heroriëntatie"
    ]  # fmt: skip
    first = _add(wall, "orientation", "Ik google naar kaasmachines", "Google", side=None)
    _add(wall, "orientation", "Ik lees een review", side=None)
    last = _add(wall, "choice", "Ik vraag een offerte aan", "e-mail", side=None)
    assert _notes(wall) == [
        ("Ik google naar kaasmachines", "orientation", None),
        ("Ik lees een review", "orientation", None),
        ("Ik vraag een offerte aan", "choice", None),
    ]
    assert wall.act({"action": "move", "id": first["id"], "lane": "choice", "index": 1})["ok"]
    points = saved(state.path)["journey"]["touchpoints"]
    assert [(tp["description"], tp["phase_id"]) for tp in points] == [
        ("Ik lees een review", "orientation"),
        ("Ik vraag een offerte aan", "choice"),
        ("Ik google naar kaasmachines", "choice"),
    ]
    assert saved(state.path)["journey"]["channels"] == ["Google", "e-mail"]
    for field, value in (("expectation", 4), ("performance", 2), ("emotion", -2), ("moment_of_truth_inside_out", True),
                         ("outside_in_mentions", 3)):  # fmt: skip
        assert wall.act({"action": "set", "id": first["id"], "field": field, "value": value})["ok"]
    note = next(note for note in wall.board["notes"] if note["id"] == first["id"])
    assert (note["emotion"], note["moment"], note["mentions"], note["outside"]) == (-2, True, 3, True)
    assert [n["emotion"] for n in wall.board["notes"]] == [0, 0, -2]  # the curve, in journey order
    assert shown_text(gaps).endswith("Keuze Ik google naar kaasmachines 4 2 -2")
    assert form.touchpoint_list.value == last["id"]  # the last post-it added is the one the form shows
    assert wall.act({"action": "set", "id": first["id"], "field": "expectation", "value": None})["ok"]
    assert saved(state.path)["journey"]["touchpoints"][2]["expectation"] is None
    assert wall.act({"action": "move", "id": first["id"], "lane": "nergens", "index": 0})["ok"] is False


def test_the_dashboard_shows_the_same_walls_read_only(state: WorkbookState) -> None:
    form = stakeholder_form(state)
    form.create_segment("Kaasmakers")
    _add(form.wall, "decision_maker", "Directeur")
    _add(JourneyWall(state), "use", "Ik bel de storingsdienst", side=None)
    overview = workbook_overview(state)
    walls = [(wall.kind, wall.read_only, _notes(wall)) for wall in overview.walls.values()]
    assert walls == [
        ("stakeholders", True, [("Directeur", "decision_maker", "inside")]),
        ("journey", True, [("Ik bel de storingsdienst", "use", None)]),
    ]


def test_the_wall_speaks_english_too(state: WorkbookState) -> None:
    with language("en"):
        form = stakeholder_form(state)
        form.create_segment("Cheese makers")
        wall = form.wall
        assert wall.board["title"] == "Stakeholder pyramid · Cheese makers"
        assert [lane["title"] for lane in wall.board["lanes"]][:2] == ["Decision maker", "Economic buyer"]
        assert wall.texts["stakeholders.inside"] == "Inside the customer's organisation"
        assert wall.texts["attitude.opponent"] == "Opponent"
        assert JourneyWall(state).texts["emotion.-2"] == "very negative"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_text_the_wall_module_asks_for_is_in_the_catalog(lang: str) -> None:
    from klantlab.widgets.wall import _STATIC, wall_texts

    script = (_STATIC / "wall.js").read_text(encoding="utf-8")
    plain = set(re.findall(r'\bT\("([a-z_.]+)"', script))
    per_kind = {f"{kind}.{key}" for key in re.findall(r"\bT\(`\$\{kind\(\)\}\.([a-z_]+)`", script)
                for kind in ("stakeholders", "journey")}  # fmt: skip
    assert len(plain) > 30 and len(per_kind) == 6
    with language(lang):
        texts = wall_texts()
    assert sorted((plain | per_kind) - texts.keys()) == []
    assert {f"attitude.{a}" for a in ("supporter", "neutral", "opponent")} <= texts.keys()
    assert {f"emotion.{e}" for e in range(-2, 3)} <= texts.keys()
