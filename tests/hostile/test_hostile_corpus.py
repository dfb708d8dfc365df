"""Every hostile file of the corpus (issue 16) through the command line and the Python API.

One parametrised test runs each case of :mod:`cases` twice: as
``klantlab pyramid FILE --json …`` in this process (``klantlab.cli.main``),
and through the API the command uses (``read_client_file``, ``import_table``,
``period_values``, ``analyse_pyramid``, ``pyramid_json``). Both must give the
case's outcome: exit code 0 and the exact figures, or exit code 2 and the
message of the case's catalog key (its Dutch text on stderr; the key of the
``ImportFileError`` in the API); never a traceback, never another exception.
A few cases also run in a real ``python -m klantlab.cli`` process.
"""

from __future__ import annotations

import argparse
import builtins
import datetime as dt
import errno
import io
import json
import math
import os
import re
import subprocess
import sys
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from cases import CASES, KINDS, Case, Figures, Message, Outcome, Refused, cases_by_id
from generate import main as generate_main
from generate import write_case

from klantlab.analysis import analyse_pyramid, period_values
from klantlab.cli import main
from klantlab.cli_pyramid import pyramid_json
from klantlab.errors import KlantlabError
from klantlab.i18n import catalog
from klantlab.io.client_files import read_client_file
from klantlab.io.column_mapping import mapping_with
from klantlab.io.transactions_import import import_table
from klantlab.model import Basis

ACTIVE = ("top", "large", "medium", "small")
#: The operating system's refusals, as the command line's boundary names them.
OS_KEYS = {errno.EACCES: "error.os.permission", errno.EPERM: "error.os.permission", errno.ENOENT: "error.os.not_found"}
#: Cases that also run in a real process: a message, figures, an argparse refusal, an encoding, a broken quote.
SUBPROCESS_CASES = ("binary-without-nul", "huge-1e308", "pareto-nan", "utf16le-without-bom", "unclosed-quote")


# --- what happened ----------------------------------------------------------------------------------------------


@dataclass
class Run:
    """What one path did: exit code and output (CLI), or the result or the exception (API)."""

    code: int | None = None
    out: str = ""
    err: str = ""
    data: dict | None = None
    per_customer: dict[str, float] | None = None
    error: BaseException | None = None
    escaped: str | None = None
    """An exception that should not have escaped: its type and the last line of its traceback."""

    def describe(self) -> str:
        if self.escaped:
            return f"escaped {self.escaped}"
        if self.error is not None:
            return f"raised {type(self.error).__name__}(key={getattr(self.error, 'key', None)!r}): {self.error}"
        if self.data is not None and self.code in (None, 0):
            return f"exit {self.code}, figures {observed(self.data)}"
        shown = (self.err or self.out).strip().splitlines()
        return f"exit {self.code}: {shown[-1] if shown else '(no output)'}"


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    return f"{type(error).__name__}: {lines[-1].strip()[:300]}"


def _strict_json(text: str) -> dict:
    """``text`` as JSON, refusing Infinity and NaN (which ``json.loads`` would accept)."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} in the JSON output")

    return json.loads(text, parse_constant=refuse)


# --- the command line -------------------------------------------------------------------------------------------


def run_cli(capsys, path: Path, args: tuple[str, ...]) -> Run:
    run = Run()
    try:
        run.code = main(["pyramid", str(path), "--json", *args])
    except SystemExit as stop:  # argparse refuses an option
        run.code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    except Exception as error:  # what escapes is the finding
        run.escaped = _last_line(error)
    captured = capsys.readouterr()
    run.out, run.err = captured.out, captured.err
    return _with_data(run)


def _with_data(run: Run) -> Run:
    """``run`` with its JSON read when it succeeded (output that is no strict JSON is a finding)."""
    if run.code == 0:
        try:
            run.data = _strict_json(run.out)
        except ValueError as error:
            run.escaped = f"output is no valid JSON ({error}): {run.out[:200]!r}"
    return run


def start_process(path: Path, args: tuple[str, ...], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "klantlab.cli", "pyramid", str(path), "--json", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def finish_process(process: subprocess.Popen) -> Run:
    out, err = process.communicate(timeout=300)
    run = Run(code=process.returncode, out=out, err=err)
    return _with_data(run)


# --- the Python API ---------------------------------------------------------------------------------------------


def _api_settings(options: tuple[str, ...]) -> argparse.Namespace:
    """The case's options as the API's values, taken as they are (the API, not argparse, must refuse them)."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--sheet")
    parser.add_argument("--map", action="append", default=[])
    parser.add_argument("--date-order")
    parser.add_argument("--period", nargs=2)
    parser.add_argument("--basis", default="revenue")
    parser.add_argument("--inactive-months", default="12")
    parser.add_argument("--pareto", default="80")
    parser.add_argument("--preset", nargs="+", default=["curry"])
    settings = parser.parse_args(list(options))
    settings.inactive_months = int(settings.inactive_months)
    settings.pareto = float(settings.pareto.replace(",", ".")) / 100
    settings.period = tuple(dt.date.fromisoformat(day) for day in settings.period) if settings.period else None
    name, *shares = settings.preset
    settings.preset, settings.thresholds = name, [float(share) / 100 for share in shares] or None
    return settings


def run_api(path: Path, options: tuple[str, ...]) -> Run:
    settings = _api_settings(options)
    run = Run()
    try:
        source = read_client_file(path, sheet=settings.sheet)
        mapping = mapping_with(source.columns, settings.map) if settings.map else None
        table = import_table(source, mapping, date_order=settings.date_order)
        start, end = settings.period or (None, None)
        current, previous = period_values(table, start, end, basis=Basis(settings.basis),
                                          inactive_window_months=settings.inactive_months)  # fmt: skip
        analysis = analyse_pyramid(current, previous, preset=settings.preset, thresholds=settings.thresholds,
                                   pareto_threshold=settings.pareto)  # fmt: skip
        data = pyramid_json(analysis, table)
        bought = current.customers[current.customers["bought"]]
        customers = dict(zip(bought["customer_id"], bought["revenue"].astype(float), strict=True))
    except (KlantlabError, ValueError, OSError) as error:
        run.error = error
        return run
    except Exception as error:
        run.escaped = _last_line(error)
        return run
    try:
        json.dumps(data, allow_nan=False)
    except ValueError as error:
        run.escaped = f"pyramid_json holds a value JSON cannot carry ({error})"
    run.data, run.per_customer, run.code = data, customers, 0
    return run


def _api_key(error: BaseException) -> str | None:
    if isinstance(error, KlantlabError):
        return error.key
    if isinstance(error, OSError) and error.errno in OS_KEYS:
        return OS_KEYS[error.errno]
    return None


# --- checking an outcome ----------------------------------------------------------------------------------------


def message_pattern(key: str) -> re.Pattern[str]:
    """The Dutch text of ``key`` with its ``{placeholders}`` as wildcards."""
    parts = re.split(r"\{[^{}]*\}", catalog("nl")[key])
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def observed(data: dict) -> dict:
    """The figures of a ``pyramid_json`` result, shaped like :class:`Figures`."""
    levels = {level["level"]: level for level in data["levels"]}
    return {
        "customers": sum(levels[name]["customers"] for name in ACTIVE),
        "revenue": round(sum(levels[name]["revenue"] for name in ACTIVE), 2),
        "rows": data["rows_total"],
        "left_out": {reason: count for reason, count in data["rows_left_out"].items() if count},
        "inactive": levels["inactive"]["customers"],
        "period": tuple(data["period"]) if data["period"] else None,
        "warnings": [warning["key"] for warning in data["warnings"]],
        "currency": data["currency"],
    }


def figure_problems(expected: Figures, run: Run, api: bool) -> list[str]:
    seen = observed(run.data)
    problems = []
    wanted = {"customers": expected.customers, "rows": expected.rows, "left_out": dict(expected.left_out),
              "inactive": expected.inactive}  # fmt: skip
    for name, value in wanted.items():
        if seen[name] != value:
            problems.append(f"{name} {seen[name]!r}, expected {value!r}")
    if not math.isclose(seen["revenue"], expected.revenue, abs_tol=0.005):
        problems.append(f"revenue {seen['revenue']!r}, expected {expected.revenue!r}")
    if expected.period is not None and seen["period"] != expected.period:
        problems.append(f"period {seen['period']!r}, expected {expected.period!r}")
    missing = [key for key in expected.warnings if key not in seen["warnings"]]
    if missing:
        problems.append(f"warnings {seen['warnings']!r} lack {missing!r}")
    if expected.currency is not None and seen["currency"] != expected.currency:
        problems.append(f"currency {seen['currency']!r}, expected {expected.currency!r}")
    if api and expected.per_customer is not None:
        got = {customer: round(value, 2) for customer, value in (run.per_customer or {}).items()}
        if got != dict(expected.per_customer):
            problems.append(f"per customer {got!r}, expected {dict(expected.per_customer)!r}")
    return problems


def problems(outcome: Outcome, run: Run, api: bool) -> list[str]:
    """What differs between ``run`` and ``outcome`` (empty: it matches)."""
    found = []
    if run.escaped:
        return [f"escaped {run.escaped}"]
    if not api and "Traceback" in run.out + run.err:
        found.append("a traceback in the output")
    if isinstance(outcome, Figures):
        if run.error is not None:
            return [*found, f"raised {type(run.error).__name__}(key={_api_key(run.error)!r}): {run.error}"]
        if run.code != 0 or run.data is None:
            return [*found, f"exit {run.code}, expected 0: {(run.err or run.out).strip()[-400:]}"]
        return found + figure_problems(outcome, run, api)
    if api:
        if run.error is None:
            return [f"no error: figures {observed(run.data)}" if run.data else "no error"]
        if isinstance(outcome, Refused):
            ok = isinstance(run.error, KlantlabError | ValueError)
            return [] if ok else [f"raised {type(run.error).__name__}: {run.error}"]
        key = _api_key(run.error)
        if key != outcome.key:
            return [f"raised {type(run.error).__name__}(key={key!r}), expected key {outcome.key!r}: {run.error}"]
        message = str(run.error)
    else:
        if run.code != 2:
            found.append(f"exit {run.code}, expected 2")
        if run.out.strip():
            found.append(f"stdout not empty: {run.out[:200]!r}")
        message = run.err
        if outcome.key not in catalog("nl"):
            return [*found, f"the catalog has no key {outcome.key!r} (stderr: {run.err.strip()[-300:]!r})"]
        if not message_pattern(outcome.key).search(message):
            found.append(f"stderr is not the message {outcome.key!r}: {message.strip()[-400:]!r}")
    found += [f"message lacks {text!r}" for text in getattr(outcome, "says", ()) if text not in message]
    return found


def verdict(outcomes: tuple[Outcome, ...], run: Run, api: bool) -> list[str]:
    """Empty when ``run`` matches one of ``outcomes``; else what differs from each."""
    reports = [problems(outcome, run, api) for outcome in outcomes]
    if any(not report for report in reports):
        return []
    if len(reports) == 1:
        return reports[0]
    return [f"alternative {number}: {'; '.join(report)}" for number, report in enumerate(reports, start=1)]


# --- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _log_in_tmp(tmp_path: Path, monkeypatch) -> None:
    """An unexpected error's details go to a log file: here, not into the user's log folder."""
    monkeypatch.setenv("KLANTLAB_LOG", str(tmp_path / "klantlab.log"))


def _refuse_reading(path: Path, monkeypatch) -> None:
    """As root, ``chmod 000`` stops nobody: opening ``path`` raises PermissionError as it would for a user."""
    target = path.resolve()
    real_open = io.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, str | bytes | os.PathLike) and Path(os.fsdecode(file)).resolve() == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)


# --- the tests --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.known_gap)) if c.known_gap else c for c in CASES],
    ids=[case.id for case in CASES],
)
def test_hostile_file_gives_figures_or_a_message(case: Case, tmp_path: Path, capsys, monkeypatch) -> None:
    path = write_case(case, tmp_path / "in")
    if case.unreadable and hasattr(os, "geteuid") and os.geteuid() == 0:
        _refuse_reading(path, monkeypatch)
    try:
        cli = run_cli(capsys, path, case.args)
        api = run_api(path, case.api_options)
    finally:
        if case.unreadable and path.exists():
            path.chmod(0o644)
    report = [f"CLI: {line}" for line in verdict(case.outcomes, cli, api=False)]
    report += [f"API: {line}" for line in verdict(case.api_outcomes, api, api=True)]
    if report:
        did = f"now: CLI {cli.describe()} | API {api.describe()}"
        pytest.fail(f"[{case.kind}] {case.id}: " + " || ".join(report) + f" || {did}", pytrace=False)


@pytest.fixture(scope="module")
def processes(tmp_path_factory) -> dict[str, subprocess.Popen]:
    """The real processes of :data:`SUBPROCESS_CASES`, started together (each one imports klantlab anew)."""
    folder = tmp_path_factory.mktemp("processes")
    env = {**os.environ, "KLANTLAB_LOG": str(folder / "klantlab.log"), "KLANTLAB_LANGUAGE": "nl"}
    started = {}
    for case_id in SUBPROCESS_CASES:
        case = cases_by_id()[case_id]
        started[case_id] = start_process(write_case(case, folder / case_id), case.args, env)
    yield started
    for process in started.values():
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_a_real_process_prints_no_traceback(case_id: str, processes: dict[str, subprocess.Popen]) -> None:
    run = finish_process(processes[case_id])
    assert "Traceback" not in run.err, run.err[-2000:]
    report = verdict(cases_by_id()[case_id].outcomes, run, api=False)
    assert not report, f"{case_id}: {report} (now: {run.describe()})"


def test_the_corpus_has_at_least_80_cases_counted_per_kind() -> None:
    counts = Counter(case.kind for case in CASES)
    print("\nhostile cases per kind:")
    for kind in KINDS:
        print(f"  {kind:<14}{counts[kind]:>4}")
    print(f"  {'total':<14}{len(CASES):>4}")
    assert len(CASES) >= 80
    assert len({case.id for case in CASES}) == len(CASES), "case ids must be unique"
    for case in CASES:  # every message a case expects names a real key, or says that it proposes one
        for outcome in (*case.outcomes, *case.api_outcomes):
            if isinstance(outcome, Message):
                assert outcome.key in catalog("nl") or "proposed key" in case.note, (case.id, outcome.key)


def test_the_generator_writes_every_case_into_its_own_folder(tmp_path: Path, capsys) -> None:
    assert generate_main([str(tmp_path)]) == 0
    assert f"{len(CASES)}  cases written" in capsys.readouterr().out
    for case in CASES:
        path = tmp_path / case.id / case.name
        if case.content is not None and case.id != "broken-symlink":
            assert path.exists() or path.is_dir(), case.id
        if case.unreadable:
            path.chmod(0o644)
