"""Saving and opening workbook files: nothing the user entered is ever lost."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from klantlab.errors import (
    WorkbookConflictError,
    WorkbookCorruptError,
    WorkbookCreateError,
    WorkbookExistsError,
    WorkbookForeignError,
    WorkbookInvalidError,
    WorkbookNotFoundError,
    WorkbookReadOnlyError,
    WorkbookTooDeepError,
    WorkbookTooNewError,
    WorkbookWriteError,
)
from klantlab.i18n import language
from klantlab.io import WorkbookFile, backup_path, safe_files
from klantlab.model import Segment, Stakeholder, StakeholderRole


def _data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- round trip -------------------------------------------------------------


def test_new_workbook_has_defaults_and_client(workbook_path: Path) -> None:
    data = _data(workbook_path)
    assert data["format"] == "klantlab-workbook"
    assert data["schema_version"] == 3
    assert data["client"] == {
        "name": "Testklant B.V.",
        "consultant": "Anna de Vries",
        "description": "",
        "workshop_date": None,
    }
    assert [p["name"] for p in data["journey"]["phases"]] == [
        "Bewustwording",
        "Oriëntatie",
        "Keuze",
        "Gebruik",
        "Heroriëntatie",
    ]
    assert [(f["id"], f["weight"]) for f in data["segmentation"]["factors"]] == [
        ("size", 2.0),
        ("growth", 2.0),
        ("margin", 3.0),
        ("fit", 3.0),
        ("reachability", 1.0),
        ("competition", 1.0),
    ]


def test_round_trip_keeps_every_value(workbook_path: Path, tmp_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    segment = Segment(name="Zuivel 👩‍🌾", description='Regel 1\nRegel 2 «quote» "dubbel"', customers=12, revenue=0.1)
    handle.workbook.segmentation.segments.append(segment)
    handle.workbook.stakeholder_pyramid.stakeholders.append(
        Stakeholder(segment_id=segment.id, name="<b>Inkoper</b> & co", role=StakeholderRole.economic_buyer)
    )
    handle.save()
    first = WorkbookFile.open(workbook_path)
    first.save_as(tmp_path / "copy.klantlab.json")
    second = WorkbookFile.open(tmp_path / "copy.klantlab.json")
    assert second.workbook.model_dump(exclude={"modified"}) == handle.workbook.model_dump(exclude={"modified"})
    assert second.workbook.segmentation.segments[0].description == 'Regel 1\nRegel 2 «quote» "dubbel"'
    assert second.workbook.segmentation.segments[0].revenue == 0.1


def test_save_keeps_previous_version_as_backup(workbook_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    before = workbook_path.read_bytes()
    handle.workbook.client.consultant = "Bram Jansen"
    handle.save()
    assert backup_path(workbook_path).read_bytes() == before
    assert _data(workbook_path)["client"]["consultant"] == "Bram Jansen"
    assert _leftovers(workbook_path.parent) == []


def test_create_refuses_an_existing_file(workbook_path: Path) -> None:
    before = workbook_path.read_bytes()
    with pytest.raises(WorkbookExistsError) as err:
        WorkbookFile.create(workbook_path, "Ander")
    assert "Er staat al een bestand op" in str(err.value)
    assert workbook_path.read_bytes() == before


def test_invalid_change_is_refused_before_anything_is_written(workbook_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    before = workbook_path.read_bytes()
    handle.workbook.stakeholder_pyramid.stakeholders.append(
        Stakeholder(segment_id="bestaat-niet", name="Jan", role=StakeholderRole.decision_maker)
    )
    with pytest.raises(WorkbookInvalidError) as err:
        handle.save()
    assert err.value.details == [
        "klanttype-piramide › klanttypen: verwijst naar segment 'bestaat-niet', dat niet in het werkboek staat"
    ]
    assert workbook_path.read_bytes() == before
    assert len(handle.workbook.stakeholder_pyramid.stakeholders) == 1


# --- conflicts ----------------------------------------------------------------


def _opened_twice_first_saved(path: Path) -> tuple[WorkbookFile, WorkbookFile]:
    """Two notebooks open the same workbook; the first one saves a change."""
    first, second = WorkbookFile.open(path), WorkbookFile.open(path)
    first.workbook.client.consultant = "Eerste"
    first.save()
    return first, second


def test_second_writer_gets_a_conflict_and_keeps_its_changes(workbook_path: Path, tmp_path: Path) -> None:
    _, second = _opened_twice_first_saved(workbook_path)
    saved_by_first = workbook_path.read_bytes()

    second.workbook.client.consultant = "Tweede"
    with pytest.raises(WorkbookConflictError) as err:
        second.save()
    assert str(err.value).startswith(f"Het werkboek '{workbook_path}' is gewijzigd sinds je het opende")
    assert workbook_path.read_bytes() == saved_by_first
    assert second.workbook.client.consultant == "Tweede"

    second.save_as(tmp_path / "tweede.klantlab.json")
    assert WorkbookFile.open(tmp_path / "tweede.klantlab.json").workbook.client.consultant == "Tweede"


def test_forced_save_overwrites_and_backs_up_the_other_version(workbook_path: Path) -> None:
    _, second = _opened_twice_first_saved(workbook_path)
    saved_by_first = workbook_path.read_bytes()
    second.workbook.client.consultant = "Tweede"
    second.save(force=True)
    assert backup_path(workbook_path).read_bytes() == saved_by_first
    assert _data(workbook_path)["client"]["consultant"] == "Tweede"


def test_reload_takes_the_other_writers_version(workbook_path: Path) -> None:
    _, second = _opened_twice_first_saved(workbook_path)
    second.reload()
    second.workbook.client.description = "Na herladen"
    second.save()
    assert _data(workbook_path)["client"] == {
        "name": "Testklant B.V.",
        "consultant": "Eerste",
        "description": "Na herladen",
        "workshop_date": None,
    }


# --- failures while writing ---------------------------------------------------


def test_failed_rename_leaves_the_old_file_and_no_temp_files(workbook_path: Path, monkeypatch) -> None:
    handle = WorkbookFile.open(workbook_path)
    before = workbook_path.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if Path(dst) == workbook_path:
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(safe_files.os, "replace", failing_replace)
    handle.workbook.client.consultant = "Niet opgeslagen"
    with pytest.raises(WorkbookWriteError) as err:
        handle.save()
    assert err.value.message.startswith(f"Opslaan van '{workbook_path}' is mislukt; het vorige bestand is ongewijzigd")
    assert err.value.details == ["geen toegang (rechten)"]
    assert workbook_path.read_bytes() == before
    assert _leftovers(workbook_path.parent) == []
    assert handle.workbook.client.consultant == "Niet opgeslagen"
    monkeypatch.undo()
    handle.save()  # the same handle can save once the cause is gone
    assert _data(workbook_path)["client"]["consultant"] == "Niet opgeslagen"


def test_full_disk_leaves_the_old_file(workbook_path: Path, monkeypatch) -> None:
    handle = WorkbookFile.open(workbook_path)
    before = workbook_path.read_bytes()

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_files.os, "fsync", no_space)
    handle.workbook.client.consultant = "Vol"
    with pytest.raises(WorkbookWriteError) as err:
        handle.save()
    assert err.value.details == ["de schijf is vol"]
    assert workbook_path.read_bytes() == before
    assert _leftovers(workbook_path.parent) == []


# The child saves a bigger workbook and stops for good at its N-th call of
# os.fsync or os.replace (the moments between which the files on disk
# change); the parent kills it there. Whatever the moment, the workbook must
# open, as either the old or the new version.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from klantlab.io import WorkbookFile
    from klantlab.model import Segment

    path, stop_at = sys.argv[1], int(sys.argv[2])
    calls = 0

    def hook(real):
        def wrapper(*args):
            global calls
            calls += 1
            if calls == stop_at:
                print("STOPPED", real.__name__, flush=True)
                time.sleep(60)
            return real(*args)
        return wrapper

    handle = WorkbookFile.open(path)
    for i in range(300):
        handle.workbook.segmentation.segments.append(Segment(name=f"Segment {i}", description="x" * 500))
    os.fsync, os.replace = hook(os.fsync), hook(os.replace)
    handle.save()
    print("DONE", calls, flush=True)
    """
)


def _run_writer(path: Path, stop_at: int) -> str:
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), str(stop_at)],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    proc.kill()
    proc.wait(timeout=30)
    return line


def test_writer_killed_at_any_moment_leaves_a_loadable_workbook(workbook_path: Path) -> None:
    old = workbook_path.read_bytes()
    # A run that is not stopped tells how many moments a save has.
    done = _run_writer(workbook_path, stop_at=10_000)
    moments = int(done.split()[1])
    assert moments == 6  # fsync+replace+fsync(dir) for the backup, the same for the workbook
    workbook_path.write_bytes(old)

    outcomes = []
    for stop_at in range(1, moments + 1):
        workbook_path.write_bytes(old)
        assert _run_writer(workbook_path, stop_at).startswith("STOPPED")
        handle = WorkbookFile.open(workbook_path)  # never raises: always a whole file
        outcomes.append(len(handle.workbook.segmentation.segments))
    # Killed before the workbook's own rename: old (0 segments); after it: new (300).
    assert outcomes == [0, 0, 0, 0, 0, 300]


def test_next_save_removes_what_a_killed_writer_left(workbook_path: Path) -> None:
    assert _run_writer(workbook_path, stop_at=4).startswith("STOPPED")  # at the workbook's temp file fsync
    assert len(_leftovers(workbook_path.parent)) == 1
    handle = WorkbookFile.open(workbook_path)
    handle.save()
    assert _leftovers(workbook_path.parent) == []


# --- files that are refused -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error", "dutch"),
    [
        (b"", WorkbookCorruptError, "is beschadigd of onvolledig (fout bij positie 1:1)"),
        (None, WorkbookCorruptError, "is beschadigd of onvolledig"),  # truncated halfway
        (b"\xff\xfe\x00garbage", WorkbookCorruptError, "is beschadigd of onvolledig (fout bij positie 0)"),
        (b"[1, 2, 3]", WorkbookForeignError, "is geen klantlab-werkboek"),
        (b'{"cells": [], "nbformat": 4}', WorkbookForeignError, "is geen klantlab-werkboek"),
        (b'{"format": "klantlab-workbook", "schema_version": "1"}', WorkbookForeignError, "is geen klantlab-werkboek"),
        (None, WorkbookTooNewError, "is gemaakt met een nieuwere klantlab (werkboekversie 4; deze klantlab kent"),
        (None, WorkbookInvalidError, "bevat gegevens die niet kloppen"),
    ],
    ids=["empty", "truncated", "binary", "json-array", "notebook", "version-text", "newer", "invalid"],
)
def test_bad_files_are_refused_and_left_untouched(workbook_path, content, error, dutch) -> None:
    original = workbook_path.read_bytes()
    if content is None and error is WorkbookCorruptError:
        content = original[: len(original) // 2]
    elif content is None and error is WorkbookTooNewError:
        content = original.replace(b'"schema_version": 3', b'"schema_version": 4')
    elif content is None:
        content = original.replace(b'"name": "Testklant B.V."', b'"name": "  "')
    workbook_path.write_bytes(content)
    with pytest.raises(error) as err:
        WorkbookFile.open(workbook_path)
    message = str(err.value)
    assert f"'{workbook_path}'" in message
    assert dutch in message
    assert "is niet gewijzigd" in message
    assert workbook_path.read_bytes() == content
    assert not backup_path(workbook_path).exists()
    with pytest.raises(WorkbookExistsError):
        WorkbookFile.create(workbook_path, "Overschrijven?")
    assert workbook_path.read_bytes() == content


def test_invalid_file_lists_each_problem_in_dutch(workbook_path: Path) -> None:
    data = _data(workbook_path)
    data["client"]["name"] = ""
    data["journey"]["touchpoints"] = [{"phase_id": "use", "description": "Ik bel de servicedesk", "performance": 7}]
    workbook_path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WorkbookInvalidError) as err:
        WorkbookFile.open(workbook_path)
    assert err.value.details == [
        "klant › naam: mag niet leeg zijn",
        "klantreis › contactmomenten › nr. 1 › prestatie: mag hoogstens 5 zijn",
    ]


def test_messages_follow_the_language(tmp_path: Path) -> None:
    missing = tmp_path / "weg.klantlab.json"
    with pytest.raises(WorkbookNotFoundError) as err:
        WorkbookFile.open(missing)
    assert str(err.value).startswith(f"Het werkboek '{missing}' bestaat niet")
    with language("en"):
        assert str(err.value).startswith(f"The workbook '{missing}' does not exist")


# --- hand-edited and misplaced workbooks (issue 16) ------------------------------------------------------------------


def test_a_file_nested_thousands_deep_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "diep.klantlab.json"
    path.write_text('{"format": "klantlab-workbook", "schema_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(WorkbookTooDeepError) as err:
        WorkbookFile.open(path)
    assert err.value.message.startswith(f"'{path}' is geen leesbaar werkboek: de gegevens zijn dieper genest")


def test_nan_or_infinity_in_a_hand_edited_file_is_named_when_opening_not_at_every_later_save(
    workbook_path: Path,
) -> None:
    for bad in ("NaN", "Infinity", "-Infinity"):
        text = workbook_path.read_text(encoding="utf-8")
        data = json.loads(text)
        data["segmentation"]["segments"] = [{"id": "s1", "name": "Bakkers", "revenue": 1}]
        edited = json.dumps(data).replace('"revenue": 1', f'"revenue": {bad}')
        path = workbook_path.with_name(f"{bad}.klantlab.json")
        path.write_text(edited, encoding="utf-8")
        with pytest.raises(WorkbookInvalidError) as err:
            WorkbookFile.open(path)
        assert err.value.details == [
            "segmentatie › segmenten › nr. 1 › omzet: geen gewoon getal (NaN of Infinity); vul een getal in of maak "
            "het veld leeg"
        ]


def test_a_read_only_workbook_is_not_overwritten_even_by_root(workbook_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    before = workbook_path.read_bytes()
    workbook_path.chmod(0o444)
    handle.workbook.client.consultant = "Niet opgeslagen"
    with pytest.raises(WorkbookReadOnlyError) as err:
        handle.save()
    assert err.value.message == (
        f"Het werkboek '{workbook_path}' staat op alleen-lezen; klantlab overschrijft het niet. Je wijzigingen zijn "
        "niet opgeslagen maar staan nog hier. Maak het bestand weer schrijfbaar, of bewaar je werk als nieuw "
        "bestand (save_as)."
    )
    assert workbook_path.read_bytes() == before and handle.workbook.client.consultant == "Niet opgeslagen"
    copy = workbook_path.with_name("kopie.klantlab.json")
    handle.save_as(copy)  # the way out the message names
    assert _data(copy)["client"]["consultant"] == "Niet opgeslagen"


def test_save_as_or_create_where_no_folder_can_be_made_says_so_for_a_new_file(workbook_path: Path) -> None:
    blocker = workbook_path.with_name("geen-map")
    blocker.write_text("een bestand, geen map")
    handle = WorkbookFile.open(workbook_path)
    with pytest.raises(WorkbookCreateError) as err:
        handle.save_as(blocker / "sub" / "kopie.klantlab.json")
    assert err.value.message.startswith(f"Het werkboek '{blocker / 'sub' / 'kopie.klantlab.json'}' kon niet worden")
    assert err.value.details == ["de map bestaat niet"]
    assert handle.path == workbook_path  # it goes on with the file it had
    with pytest.raises(WorkbookCreateError):
        WorkbookFile.create(blocker / "nieuw.klantlab.json", "Nieuw B.V.")
