"""``klantlab pyramid FILE``: the Klantenpiramide of an export without a notebook (batch use, checks).

The same import and analysis as the notebook widget; the result is printed as
a short report in the user's language, or with ``--json`` as one JSON object
for other programs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
from pathlib import Path
from typing import Any

from klantlab.analysis import (
    TEXTBOOK_SHARES,
    PyramidAnalysis,
    analyse_pyramid,
    period_values,
)
from klantlab.analysis.customer_attributes import pyramid_extras
from klantlab.analysis.pyramid_warnings import warning_texts
from klantlab.charts.concentration import pareto_sentence
from klantlab.charts.style import level_name
from klantlab.errors import ImportFileError
from klantlab.i18n import get_currency, label, money, number, percent, set_currency, t
from klantlab.io import SUFFIX, WorkbookFile
from klantlab.io.client_files import read_client_file
from klantlab.io.column_mapping import ColumnTarget, mapping_with
from klantlab.io.engine_files import ENGINES, is_url, open_engine_table
from klantlab.io.transactions_import import ImportedTable, LeftOutReason, import_table
from klantlab.model import Basis, Currency, DateOrder, ThresholdPreset
from klantlab.workbook_pyramid import workbook_pyramid

__all__ = ["add_pyramid_command", "pyramid_json", "pyramid_report", "run_pyramid_command"]


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if 1900 <= day.year <= 2999:  # a look-back window before the year 1 does not exist
            return day
    raise argparse.ArgumentTypeError(t("cli.pyramid.bad_date", value=text))


def _months(text: str) -> int:
    """The look-back window in months: a whole number from 1 to 120 (as the workbook allows)."""
    try:
        months = int(text)
    except ValueError:
        months = 0
    if not 1 <= months <= 120:
        raise argparse.ArgumentTypeError(t("cli.pyramid.bad_months", value=text))
    return months


def _share(text: str) -> float:
    """The Pareto share in percent: more than 0, at most 100."""
    try:
        share = float(text.replace(",", "."))
    except ValueError:
        share = float("nan")
    if not 0 < share <= 100:  # NaN fails too
        raise argparse.ArgumentTypeError(t("cli.pyramid.bad_pareto", value=text))
    return share


#: The defaults of the options a workbook answers itself (its settings): given with a workbook, they are refused.
_WORKBOOK_SETTINGS = {
    "basis": Basis.revenue.value, "preset": [ThresholdPreset.curry.value], "period": None, "inactive_months": 12,
    "pareto": 80.0, "map": [], "sheet": None, "date_order": None, "crm": None, "customers": None, "engine": ENGINES[0],
}  # fmt: skip


def add_pyramid_command(commands: argparse._SubParsersAction) -> None:
    """Add ``pyramid`` to the command line's subcommands."""
    sub = commands.add_parser("pyramid", help=t("cli.pyramid.help"), description=t("cli.pyramid.help"))
    # A URL (hdfs://, s3://) stays text: Path would fold its "//", and only --engine spark|dask can read it.
    sub.add_argument("file", type=lambda text: text if is_url(text) else Path(text), metavar=t("cli.placeholder.file"),
                     help=t("cli.pyramid.file"))  # fmt: skip
    sub.add_argument("--basis", choices=[b.value for b in Basis], default=_WORKBOOK_SETTINGS["basis"],
                     help=t("cli.pyramid.basis"))  # fmt: skip
    sub.add_argument("--preset", nargs="+", metavar=t("cli.placeholder.preset"), default=_WORKBOOK_SETTINGS["preset"],
                     help=t("cli.pyramid.preset"))  # fmt: skip
    sub.add_argument(
        "--period",
        nargs=2,
        type=_date,
        metavar=(t("cli.placeholder.from"), t("cli.placeholder.to")),
        help=t("cli.pyramid.period"),
    )
    sub.add_argument(
        "--inactive-months",
        type=_months,
        default=_WORKBOOK_SETTINGS["inactive_months"],
        metavar=t("cli.placeholder.months"),
        help=t("cli.pyramid.inactive"),
    )
    sub.add_argument(
        "--pareto",
        type=_share,
        default=_WORKBOOK_SETTINGS["pareto"],
        metavar=t("cli.placeholder.percent"),
        help=t("cli.pyramid.pareto"),
    )
    sub.add_argument(
        "--map",
        action="append",
        default=_WORKBOOK_SETTINGS["map"],
        metavar=t("cli.placeholder.mapping"),
        help=t("cli.pyramid.map"),
    )
    sub.add_argument("--sheet", metavar=t("cli.placeholder.sheet"), help=t("cli.pyramid.sheet"))
    sub.add_argument("--date-order", choices=[d.value for d in DateOrder], help=t("cli.pyramid.date_order"))
    sub.add_argument("--crm", type=Path, metavar=t("cli.placeholder.file"), help=t("cli.pyramid.crm"))
    sub.add_argument("--customers", type=Path, metavar=t("cli.placeholder.file"), help=t("cli.pyramid.customers"))
    sub.add_argument("--currency", choices=[c.value for c in Currency], help=t("cli.pyramid.currency"))
    sub.add_argument("--json", action="store_true", help=t("cli.pyramid.json"))
    sub.add_argument("--engine", choices=ENGINES, default=_WORKBOOK_SETTINGS["engine"], help=t("cli.pyramid.engine"))


def _mapping(pairs: list[str], table_columns: list[str]) -> dict[str, str] | None:
    return mapping_with(table_columns, pairs) if pairs else None  # none given: import_table guesses


def _preset(values: list[str]) -> tuple[ThresholdPreset, list[float] | None]:
    name, *numbers = values
    try:
        preset = ThresholdPreset(name)
        shares = [float(value.replace(",", ".")) / 100 for value in numbers]
    except ValueError as error:
        raise ImportFileError("error.import.bad_thresholds", None, thresholds=" ".join(values)) from error
    valid = 1 <= len(shares) <= 3 and all(0 < x < 1 for x in shares) and shares == sorted(set(shares))
    if (preset == ThresholdPreset.custom and not valid) or (preset != ThresholdPreset.custom and shares):
        raise ImportFileError("error.import.bad_thresholds", None, thresholds=" ".join(values))
    return preset, shares or None


def run_pyramid_command(args: argparse.Namespace) -> int:
    """Run the analysis the arguments ask for and print it; raises ImportFileError for the user's mistakes.

    With ``--engine spark`` or ``dask`` the file (or folder, or pattern) is
    read and summed per customer by that engine; only the per-customer table
    comes back to this computer.
    """

    if isinstance(args.file, Path) and args.file.name.endswith(SUFFIX):
        return _run_on_workbook(args)
    preset, thresholds = _preset(args.preset)
    if args.period and args.period[0] > args.period[1]:
        raise ImportFileError("error.import.bad_period", None, start=args.period[0], end=args.period[1])
    engine = getattr(args, "engine", "duckdb")
    if engine == "duckdb":
        source = read_client_file(args.file, sheet=args.sheet)
        table = import_table(source, _mapping(args.map, source.columns), date_order=args.date_order)
        data, running = table, contextlib.nullcontext()
    else:
        table = running = open_engine_table(args.file, engine, args.map, date_order=args.date_order)
        data = table.frame  # pyramid_json and pyramid_report read .source, .mapping and .currency of either
    with running:
        basis = Basis(args.basis)
        if basis == Basis.margin and ColumnTarget.margin not in table.mapping:
            raise ImportFileError("error.import.no_margin", args.file)
        start, end = args.period or (None, None)
        current, previous = period_values(data, start, end, basis=basis, inactive_window_months=args.inactive_months)
        # The lists given, else the transactions' own columns; nothing is read for columns the file does not have.
        crm, attributes = pyramid_extras(data, _list(args.customers) if args.customers else None,
                                         _list(args.crm) if args.crm else None)  # fmt: skip
        analysis = analyse_pyramid(current, previous, preset=preset, thresholds=thresholds,
                                   pareto_threshold=args.pareto / 100, crm=crm, attributes=attributes)  # fmt: skip
    set_currency(args.currency or table.currency)
    if args.json:
        print(json.dumps(pyramid_json(analysis, table), ensure_ascii=False, indent=2))
    else:
        print(pyramid_report(analysis, table))
    return 0


def _run_on_workbook(args: argparse.Namespace) -> int:
    """``klantlab pyramid WORKBOOK``: the workbook's files and settings, as notebook 03 and the export use them."""
    given = [name for name, default in _WORKBOOK_SETTINGS.items() if getattr(args, name, default) != default]
    if given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        raise ImportFileError("error.import.options_with_workbook", args.file, options=options)
    handle = WorkbookFile.open(args.file)
    worked_out = workbook_pyramid(handle)
    if worked_out is None:
        raise ImportFileError("error.import.workbook_without_file", args.file)
    table = worked_out.inputs.transactions
    set_currency(args.currency or handle.workbook.customer_pyramid.settings.currency or table.currency)
    if args.json:
        print(json.dumps(pyramid_json(worked_out.analysis, table), ensure_ascii=False, indent=2))
    else:
        print(pyramid_report(worked_out.analysis, table))
    return 0


def _list(path: Path) -> ImportedTable:
    return import_table(read_client_file(path), needs_revenue=False)


def pyramid_json(analysis: PyramidAnalysis, table: ImportedTable) -> dict[str, Any]:
    """The result as plain data: levels top first, Pareto, Gini, rows left out per reason, and the settings used."""
    result, concentration = analysis.result, analysis.pareto
    data: dict[str, Any] = {
        "file": str(table.source.path or table.source.name),
        "columns": table.mapping,
        "basis": result.basis.value,
        "currency": get_currency(),
        "preset": result.preset.value,
        "thresholds": [round(x, 6) for x in result.thresholds],
        "period": [d.isoformat() for d in (result.period_start, result.period_end)] if result.period_start else None,
        "levels": [
            {
                "level": row.level,
                "customers": int(row.customers),
                "revenue": round(float(row.revenue), 2),
                "margin": round(float(row.margin), 2),
                "revenue_share": round(float(row.revenue_share), 6),
            }
            for row in result.levels.itertuples()
        ],
        "pareto": {
            "threshold": concentration.threshold,
            "customers": concentration.customers,
            "customer_share": round(concentration.customer_share, 6),
        },
        "gini": round(concentration.gini, 6),
        "rows_total": result.rows_total,
        "rows_left_out": {reason.value: result.rows_left_out.get(reason.value, 0) for reason in LeftOutReason},
    }
    if analysis.migration is not None:
        churn = analysis.migration.churn
        data["churn"] = {
            "previous_period": [analysis.previous.period_start.isoformat(), analysis.previous.period_end.isoformat()],
            "lost": churn.lost,
            "new": churn.new,
            "reactivated": churn.reactivated,
            "up": churn.up,
            "down": churn.down,
            "same": churn.same,
            "unknown": churn.unknown,
            "previous_coverage": round(churn.previous_coverage, 6),
        }
    summary = analysis.summary(dt.datetime.now(dt.UTC))
    data["no_value_customers"] = summary.no_value_customers
    data["warnings"] = [
        {"key": warning.key, "values": warning.values, "text": text}
        for warning, text in zip(summary.warnings, warning_texts(summary.warnings), strict=True)
    ]
    return data


def pyramid_report(analysis: PyramidAnalysis, table: ImportedTable) -> str:
    """A short report for the terminal, in the user's language."""
    result, concentration = analysis.result, analysis.pareto
    basis = label(result.basis).lower()
    lines = [t("cli.pyramid.read", file=table.source.name, rows=number(result.rows_total))]
    lines.append(
        "  " + ", ".join(f"{label(ColumnTarget(target))} = '{column}'" for target, column in table.mapping.items())
    )
    if result.period_start:
        lines.append(t("cli.pyramid.period_line", start=result.period_start, end=result.period_end))
    for reason, count in result.rows_left_out.items():
        lines.append(t("cli.pyramid.left_out", count=number(count), reason=label(LeftOutReason(reason))))
    lines.append("")
    textbook = list(TEXTBOOK_SHARES.get(result.preset, (None,) * 4)) + [None] * 3
    lines.append(t("cli.pyramid.header", basis=basis))
    for row, book in zip(result.levels.itertuples(), textbook, strict=True):
        value = row.revenue if result.basis == Basis.revenue else row.margin
        book_text = percent(book, 0) if book is not None else ""
        lines.append(
            f"  {level_name(row.level, result.preset):<22}{number(row.customers):>9}"
            f"{money(value):>18}{percent(row.revenue_share):>10}{book_text:>8}"
        )
    if any(book is not None for book in textbook):  # the column's name explained once, as the dashboard does
        lines.append(f"  ({t('term.textbook')}: {t('term.textbook.explained')})")
    lines.append("")
    lines.append(pareto_sentence(concentration, result.basis))
    if analysis.migration is not None:
        churn = analysis.migration.churn
        counts = {name: number(getattr(churn, name)) for name in ("lost", "new", "reactivated", "up", "down")}
        if churn.unknown:
            counts["unknown"] = number(churn.unknown)
        lines.append(t("cli.pyramid.churn_line_unknown" if churn.unknown else "cli.pyramid.churn_line", **counts))
    lines += [f"! {text}" for text in warning_texts(analysis.summary(dt.datetime.now(dt.UTC)).warnings)]
    return "\n".join(lines)
