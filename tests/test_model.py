"""The workbook model: validation messages, references between sections, migrations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from klantlab.i18n import language
from klantlab.model import (
    ClientInfo,
    PyramidSettings,
    Segment,
    Stakeholder,
    StakeholderRole,
    Touchpoint,
    Workbook,
    describe_validation_error,
    migrations,
    new_workbook,
)


def _problems(fn) -> list[str]:
    with pytest.raises(ValidationError) as err:
        fn()
    return describe_validation_error(err.value)


def test_empty_and_overlong_names_are_told_per_field() -> None:
    assert _problems(lambda: ClientInfo(name="   ")) == ["naam: mag niet leeg zijn"]
    assert _problems(lambda: Segment(name="x" * 121)) == ["naam: is te lang (hoogstens 120 tekens)"]


def test_scores_outside_one_to_five_are_refused() -> None:
    assert _problems(lambda: Stakeholder(segment_id="a", name="Jan", role="decision_maker", influence=0)) == [
        "invloed: moet minstens 1 zijn"
    ]
    assert _problems(lambda: Touchpoint(phase_id="use", description="Ik bel", emotion=3)) == [
        "emotie: mag hoogstens 2 zijn"
    ]


def test_unknown_role_lists_the_choices() -> None:
    assert _problems(lambda: Stakeholder(segment_id="a", name="Jan", role="baas")) == [
        "klanttype: kies uit: decision_maker, economic_buyer, recommender, influencer, end_user, saboteur"
    ]


def test_assignment_is_validated_like_loading() -> None:
    segment = Segment(name="Zuivel")
    assert _problems(lambda: setattr(segment, "customers", -1)) == ["klanten: moet minstens 0 zijn"]
    assert segment.customers is None


def test_thresholds_must_ascend_between_zero_and_one() -> None:
    assert PyramidSettings(thresholds=[0.01, 0.05, 0.2]).thresholds == [0.01, 0.05, 0.2]
    message = ["werkboek: de grenzen moeten tussen 0 en 1 liggen, oplopend en zonder dubbele"]
    assert _problems(lambda: PyramidSettings(thresholds=[0.2, 0.05])) == message
    assert _problems(lambda: PyramidSettings(thresholds=[0.05, 1.0])) == message


def test_references_to_missing_segments_and_phases_are_named() -> None:
    wb = new_workbook("Klant")
    data = wb.model_dump(mode="json")
    data["segmentation"]["chosen_segment_ids"] = ["s9"]
    assert _problems(lambda: Workbook.model_validate(data)) == [
        "segmentatie › gekozen segmenten: verwijst naar segment 's9', dat niet in het werkboek staat"
    ]
    data = wb.model_dump(mode="json")
    data["journey"]["touchpoints"] = [{"phase_id": "kassa", "description": "Ik betaal"}]
    assert _problems(lambda: Workbook.model_validate(data)) == [
        "klantreis › contactmomenten: verwijst naar fase 'kassa', die niet in de klantreis staat"
    ]


def test_duplicate_ids_are_refused() -> None:
    data = new_workbook("Klant").model_dump(mode="json")
    data["segmentation"]["segments"] = [{"id": "a", "name": "Eén"}, {"id": "a", "name": "Twee"}]
    assert _problems(lambda: Workbook.model_validate(data)) == [
        "segmentatie › segmenten: de code 'a' komt meer dan eens voor"
    ]


def test_messages_in_english() -> None:
    with language("en"):
        assert _problems(lambda: ClientInfo(name="")) == ["name: must not be empty"]
        wb = new_workbook("Client")
    assert [p.name for p in wb.journey.phases] == ["Awareness", "Orientation", "Choice", "Use", "Reorientation"]


def test_stakeholders_of_a_segment_keep_their_order() -> None:
    wb = new_workbook("Klant")
    wb.segmentation.segments.append(Segment(id="s1", name="Zuivel"))
    wb.segmentation.segments.append(Segment(id="s2", name="Farma"))
    for name, seg in [("Directeur", "s1"), ("Inkoper", "s2"), ("Operator", "s1")]:
        entry = Stakeholder(segment_id=seg, name=name, role=StakeholderRole.end_user)
        wb.stakeholder_pyramid.stakeholders.append(entry)
    assert [s.name for s in wb.stakeholder_pyramid.for_segment("s1")] == ["Directeur", "Operator"]


def test_migration_chain_runs_each_step_in_order(monkeypatch) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    steps = {
        1: lambda d: {**d, "trail": [*d.get("trail", []), "1->2"]},
        2: lambda d: {**d, "trail": [*d["trail"], "2->3"]},
    }
    old = {"schema_version": 1, "client": {"name": "Oud"}}
    new = migrations.migrate(old, steps)
    assert new == {"schema_version": 3, "client": {"name": "Oud"}, "trail": ["1->2", "2->3"]}
    assert old == {"schema_version": 1, "client": {"name": "Oud"}}


def test_migration_without_a_step_says_which_version(monkeypatch) -> None:
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    with pytest.raises(migrations.MissingMigrationError) as err:
        migrations.migrate({"schema_version": 2}, {1: dict})
    assert err.value.version == 2


def test_current_version_passes_unchanged() -> None:
    data = new_workbook("Klant").model_dump(mode="json")
    assert migrations.migrate(data) == data


def test_committed_json_schema_matches_the_model() -> None:
    from klantlab.model.schema import SCHEMA_FILE, workbook_schema

    assert SCHEMA_FILE.read_text(encoding="utf-8") == workbook_schema(), "run: python -m klantlab.model.schema"


def test_a_schema_1_workbook_opens_as_the_current_schema_with_nothing_lost() -> None:
    path = Path(__file__).parent / "fixtures" / "workbook_schema_1.klantlab.json"
    old = json.loads(path.read_text(encoding="utf-8"))
    workbook = Workbook.model_validate(migrations.migrate(old))
    assert workbook.schema_version == 3
    assert workbook.journey.outside_in_threshold is None  # schema 3: a quarter of the interviews, as before
    settings, summary = workbook.customer_pyramid.settings, workbook.customer_pyramid.summary
    assert (settings.sheet, settings.date_order, settings.decimal_comma) == ("", None, None)
    assert (summary.rows_total, summary.churn) == (0, None)
    assert [level.customers for level in summary.levels] == [18, 72, 270, 1440, 220, 250, 900]
    assert len(workbook.stakeholder_pyramid.stakeholders) == len(old["stakeholder_pyramid"]["stakeholders"]) == 14


def test_pasted_control_characters_and_direction_overrides_never_reach_the_workbook() -> None:
    from klantlab.model import Segment

    # Word's Shift+Enter is a vertical tab; U+202E would show "evil.exe" as "exe.live".
    segment = Segment(
        id="s1", name="  Food\x0bRetail \u202eexe.live\u202c ", description="regel 1\x0bregel 2\r\nregel 3\x07"
    )
    assert segment.name == "Food Retail exe.live"  # one line: a break becomes a space
    assert segment.description == "regel 1\nregel 2\nregel 3"  # free text keeps its lines, drops the bell
    with pytest.raises(ValidationError):
        Segment(id="s2", name="\x0b\x0c")  # nothing left: a name is required
