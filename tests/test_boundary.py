"""The boundary: an unexpected error anywhere a user acts becomes a message in their language, never a traceback.

Every entry point is tried with an exception injected where its work happens
(monkeypatched): each subcommand of the command line, every kind of widget
action (a button, a choice, a typed entry, undo, the wall), the export panel,
the dashboard and the notebook factories. Each time the user reads what was
being done, that nothing was changed and where the details are; the details
(with the traceback) are in the log file, and the workbook on disk is as it was.
"""

from __future__ import annotations

import dataclasses
import errno
import importlib
import shutil
from pathlib import Path

import ipywidgets as w
import pytest
from helpers import saved, shown_text

import klantlab.cli_pyramid
import klantlab.report.export
import klantlab.widgets as kw
from klantlab import cli
from klantlab.boundary import LOG_ENV, guarded, problem_of
from klantlab.errors import WorkbookNotFoundError
from klantlab.i18n import t
from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.io.sample_data import SAMPLE_FILES
from klantlab.state import WorkbookState
from klantlab.widgets.wall import JourneyWall, StakeholderWall

SECRET = "interne fout 0xDEADBEEF"  # the raw text of the injected error: it may reach the log, never the user


def _boom(*_args, **_kwargs):
    raise RuntimeError(SECRET)


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log" / "klantlab.log"
    monkeypatch.setenv(LOG_ENV, str(path))
    return path


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the filled sample workbook with the files it names."""
    folder = tmp_path / "sample"
    folder.mkdir()
    for name in [sample_workbook_path().name, *SAMPLE_FILES.values()]:
        shutil.copyfile(sample_workbook_path().parent / name, folder / name)
    return folder / sample_workbook_path().name


def _unexpected(action: str, log: Path) -> str:
    return t("error.unexpected", action=t(f"action.{action}"), log=str(log))


def _assert_told(text: str, action: str, log: Path) -> None:
    """The user read the unexpected-error sentence for ``action``; the log holds the traceback and the raw text."""
    assert _unexpected(action, log) in text
    assert "Traceback" not in text and SECRET not in text and "RuntimeError" not in text
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and SECRET in logged


# --- the pieces ---------------------------------------------------------------------------------------------------


def test_the_sentence_says_what_was_being_done_that_nothing_changed_and_where_the_details_are(log: Path) -> None:
    try:
        _boom()
    except RuntimeError as raised:
        error = problem_of(raised, "export")
    assert error.message == (
        f"Bij het maken van de bestanden ging iets onverwachts mis. Er is niets gewijzigd: wat al bewaard was, "
        f"blijft bewaard. De details staan in {log}; stuur dat bestand mee als je het meldt."
    )
    logged = log.read_text(encoding="utf-8")
    assert "export\nTraceback (most recent call last)" in logged and "in _boom" in logged
    assert logged.count(f"RuntimeError: {SECRET}") == 1


def test_the_operating_systems_refusals_name_the_file_and_are_not_logged(log: Path) -> None:
    cases = {
        PermissionError(errno.EACCES, "Permission denied", "/data/omzet.csv"): (
            "Bij het inlezen van het bestand weigerde het systeem de toegang tot '/data/omzet.csv'. Er is niets "
            "gewijzigd. Vraag lees- en schrijfrechten voor dat bestand of die map, of kies een andere plek."
        ),
        OSError(errno.ENOSPC, "No space left on device", "/data/uit"): (
            "Bij het inlezen van het bestand raakte de schijf vol ('/data/uit'). Er is niets half weggeschreven. "
            "Maak ruimte vrij of kies een andere map, en probeer het opnieuw."
        ),
        OSError(errno.EROFS, "Read-only file system", "/mnt/cd"): (
            "Bij het inlezen van het bestand bleek '/mnt/cd' alleen te lezen (een schijf of map waarop niet "
            "geschreven mag worden). Er is niets gewijzigd. Kies een andere map."
        ),
        FileNotFoundError(errno.ENOENT, "No such file or directory", "/data/weg.csv"): (
            "Bij het inlezen van het bestand was '/data/weg.csv' er niet (meer). Er is niets gewijzigd. Controleer "
            "of het bestand of de map nog bestaat en kies het opnieuw."
        ),
    }
    for error, sentence in cases.items():
        assert problem_of(error, "read_file").message == sentence
    assert problem_of(MemoryError(), "analyse").key == "error.os.memory"
    assert not log.exists()


def test_a_klantlab_error_says_itself_and_in_a_notebook_shows_its_message_without_a_traceback(log: Path) -> None:
    error = WorkbookNotFoundError("/x/kaas.klantlab.json")
    assert problem_of(error, "save") is error
    assert error._render_traceback_() == [str(error)]  # what IPython prints for it in a notebook cell


def test_an_unwritable_log_falls_back_to_the_temporary_folder(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(LOG_ENV, str(blocker / "sub" / "klantlab.log"))  # a folder inside a file: cannot be made
    error = problem_of(RuntimeError(SECRET), "export")
    assert error.params["log"].endswith("klantlab.log") and Path(error.params["log"]).parent != blocker / "sub"
    assert SECRET in Path(error.params["log"]).read_text(encoding="utf-8")


def test_guarded_reports_instead_of_raising_and_passes_results_through(log: Path) -> None:
    shown = []
    assert guarded("export", shown.append)(lambda x: x * 2)(21) == 42
    assert guarded("export", shown.append)(_boom)() is None
    assert [error.key for error in shown] == ["error.unexpected"]


# --- the command line -----------------------------------------------------------------------------------------------


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_every_subcommand_turns_an_unexpected_error_into_a_message_and_exit_code_2(
    log: Path, sample: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(klantlab.cli_pyramid, "period_values", _boom)
    monkeypatch.setattr(klantlab.report.export, "export_deliverables", _boom)  # imported when the command runs
    monkeypatch.setattr(cli, "_new", _boom)
    monkeypatch.setattr(cli, "_serve", _boom)
    monkeypatch.setattr(cli, "run_template_command", _boom)
    transactions = sample.parent / SAMPLE_FILES["transactions"]
    runs = {
        "analyse": ["pyramid", str(transactions)],
        "export": ["export", str(sample), "--out", str(tmp_path)],
        "create_workbook": ["new", "Kaas B.V.", "--dir", str(tmp_path)],
        "canvas": ["template", "journey"],
        "command": ["dashboard", str(sample)],
    }
    for action, argv in runs.items():
        code, text = _run(capsys, argv)
        assert code == 2, argv
        _assert_told(text, action, log)
    code, text = _run(capsys, ["--language", "en", "lab", str(sample)])
    assert code == 2 and text.startswith("Something unexpected went wrong while running this command.")


def test_a_refused_file_on_the_command_line_names_it(log: Path, sample: Path, monkeypatch, capsys) -> None:
    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/data/omzet.csv")

    monkeypatch.setattr(klantlab.cli_pyramid, "read_client_file", refused)
    code, text = _run(capsys, ["pyramid", "/data/omzet.csv"])
    assert code == 2
    assert text.startswith(
        "Bij het berekenen van de klantenpiramide weigerde het systeem de toegang tot '/data/omzet.csv'."
    )
    assert "Traceback" not in text and "Permission denied" not in text


# --- the widgets -----------------------------------------------------------------------------------------------------


def _all_widgets(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _all_widgets(child)
    return found


def _klantlab_callbacks(widget: w.Widget) -> list:
    """The callbacks klantlab registered on ``widget``: click handlers and trait observers from klantlab's code."""
    callbacks = list(getattr(getattr(widget, "_click_handlers", None), "callbacks", []))
    for by_type in widget._trait_notifiers.values():
        for handlers in by_type.values():
            callbacks += handlers
    return [c for c in callbacks if getattr(c, "__module__", "").startswith("klantlab")]


def test_every_button_choice_and_entry_of_every_widget_goes_through_the_boundary(sample: Path) -> None:
    state = WorkbookState(WorkbookFile.open(sample))
    built = [
        kw.client_form(state),
        kw.segmentation_form(state),
        kw.stakeholder_form(state),
        kw.pyramid_explorer(state),
        kw.journey_form(state),
        kw.export_panel(state),
        kw.canvas_panel("journey", folder=sample.parent),
        kw.workbook_picker(sample.parent),
        kw.exercise_sheet(state),
        kw.dashboard(sample),
        kw.dashboard(folder=sample.parent),
    ]
    callbacks = [c for widget in built for part in _all_widgets(widget) for c in _klantlab_callbacks(part)]
    assert len(callbacks) > 150  # the forms' bound fields, their buttons and lists, the panels, the exercises
    unguarded = [
        f"{c.__module__}:{getattr(c, '__qualname__', c)}" for c in callbacks if not hasattr(c, "klantlab_action")
    ]
    assert unguarded == []


def test_a_typed_entry_whose_save_fails_unexpectedly_says_so_and_keeps_the_file(log: Path, sample: Path, monkeypatch):
    state = WorkbookState(WorkbookFile.open(sample))
    form = kw.client_form(state)
    before = saved(sample)
    monkeypatch.setattr(state, "apply", _boom)
    form.fields["name"].value = "Nieuwe naam B.V."
    _assert_told(shown_text(form.messages), "save", log)
    assert saved(sample) == before


def test_buttons_of_the_forms_say_so_when_their_work_fails(log: Path, sample: Path, monkeypatch) -> None:
    state = WorkbookState(WorkbookFile.open(sample))
    forms = {
        "segmentation": (kw.segmentation_form(state), lambda f: f.add_button),
        "stakeholders": (kw.stakeholder_form(state), lambda f: f.buttons["add"]),
        "journey": (kw.journey_form(state), lambda f: f.buttons["add"]),
    }
    monkeypatch.setattr(state, "apply", _boom)
    for name, (form, button) in forms.items():
        button(form).click()
        _assert_told(shown_text(form.messages), "save", log), name
    monkeypatch.setattr(state, "undo", _boom)
    form = forms["journey"][0]
    form.undo_bar.undo_button.disabled = False
    form.undo_bar.undo_button.click()
    _assert_told(shown_text(form.messages), "history", log)


def test_the_pyramid_explorer_says_so_when_reading_the_file_fails_and_stays_usable(
    log: Path, sample: Path, monkeypatch
):
    explorer_module = importlib.import_module("klantlab.widgets.pyramid_explorer")

    state = WorkbookState(WorkbookFile.open(sample))
    explorer = kw.pyramid_explorer(state)
    monkeypatch.setattr(explorer_module, "read_client_file", _boom)
    explorer.file.value = "ander-bestand.csv"
    _assert_told(shown_text(explorer.messages), "read_file", log)
    assert explorer._busy is False and explorer.progress.layout.display == "none"
    monkeypatch.setattr(explorer_module, "analyse_pyramid", _boom)
    explorer.pareto_share.value = 70
    _assert_told(shown_text(explorer.messages), "analyse", log)


def test_the_export_panel_says_so_and_its_button_works_again(log: Path, sample: Path, monkeypatch) -> None:
    panel_module = importlib.import_module("klantlab.widgets.export_panel")

    panel = kw.export_panel(WorkbookState(WorkbookFile.open(sample)))
    monkeypatch.setattr(panel_module, "export_deliverables", _boom)
    panel.button.click()
    _assert_told(shown_text(panel.messages), "export", log)
    assert panel.button.disabled is False


def test_the_canvas_panel_the_picker_and_an_exercise_say_so(log: Path, sample: Path, monkeypatch) -> None:
    canvas_module = importlib.import_module("klantlab.widgets.canvas_panel")
    picker_module = importlib.import_module("klantlab.widgets.workbook_picker")

    canvas = kw.canvas_panel("journey", folder=sample.parent)
    monkeypatch.setattr(canvas_module, "write_canvas", _boom)
    canvas.button.click()
    _assert_told(shown_text(canvas.messages), "canvas", log)
    assert canvas.button.disabled is False

    picker = kw.workbook_picker(sample.parent)
    monkeypatch.setattr(picker_module, "ensure_client_notebooks", _boom)
    picker.open_button.click()
    _assert_told(shown_text(picker.message), "open_workbook", log)

    sheet = kw.exercise_sheet(WorkbookState(WorkbookFile.open(sample)))
    box = next(part for part in _all_widgets(sheet) if isinstance(part, kw.ExerciseBox))
    monkeypatch.setattr(box, "exercise", dataclasses.replace(box.exercise, check=_boom))
    next(b for b in _all_widgets(box) if isinstance(b, w.Button)).click()
    _assert_told(shown_text(box.feedback), "exercise", log)


def test_the_wall_answers_with_the_message_and_changes_nothing(log: Path, sample: Path, monkeypatch) -> None:
    state = WorkbookState(WorkbookFile.open(sample))
    before = saved(sample)
    for wall in (StakeholderWall(state), JourneyWall(state)):
        sent = []
        monkeypatch.setattr(wall, "act", _boom)
        monkeypatch.setattr(wall, "send", sent.append)
        wall._received(wall, {"action": "add", "request": 7, "lane": "x", "text": "Inkoper"}, [])
        assert sent[0]["reply"] == 7 and sent[0]["ok"] is False
        _assert_told(sent[0]["message"], "wall", log)
    assert saved(sample) == before


def test_a_view_that_cannot_redraw_says_so_and_the_other_views_still_follow(log: Path, sample: Path, monkeypatch):
    parts_module = importlib.import_module("klantlab.widgets.dashboard_parts")

    state = WorkbookState(WorkbookFile.open(sample))
    overview = kw.workbook_overview(state)
    form = kw.client_form(state)
    ranking = kw.segment_ranking(state)
    monkeypatch.setattr(parts_module, "_cards", _boom)
    form.fields["name"].value = "Kaasmakerij Noord"
    _assert_told(shown_text(overview), "redraw", log)
    assert saved(sample)["client"]["name"] == "Kaasmakerij Noord"  # the save stands
    assert "opgeslagen" in shown_text(form.messages).lower()
    assert ranking.value  # the other view redrew


def test_the_dashboard_shows_a_message_whatever_goes_wrong(log: Path, sample: Path, monkeypatch) -> None:
    overview_module = importlib.import_module("klantlab.widgets.overview")

    monkeypatch.setattr(overview_module, "workbook_overview", _boom)
    _assert_told(shown_text(kw.dashboard(sample)), "dashboard", log)
    folder_view = kw.dashboard(folder=sample.parent)
    folder_view.children[1].value = sample.name  # nothing is opened until a client is chosen
    _assert_told(shown_text(folder_view), "dashboard", log)
    monkeypatch.setattr(overview_module, "workbooks_in", _boom)
    _assert_told(shown_text(kw.dashboard(folder=sample.parent)), "dashboard", log)


def test_a_notebook_factory_that_cannot_build_shows_the_message_where_the_widget_would_be(tmp_path: Path) -> None:
    missing = tmp_path / "weg.klantlab.json"
    shown = kw.segmentation_form(missing)
    assert isinstance(shown, w.HTML)
    assert shown_text(shown).startswith(f"Het werkboek '{missing}' bestaat niet of is niet te lezen.")
