"""Reading a client's transactions (or customer list) into klantlab's own columns.

:func:`import_table` turns a :class:`SourceTable` and a column mapping into a
lazy DuckDB relation with the columns ``customer_id`` (text), ``date`` (DATE,
when mapped), ``revenue`` and ``margin`` (DOUBLE) and whichever of
``status``, ``potential``, ``contacts``, ``account_manager``, ``name``,
``invoice_number`` are mapped. A value that cannot be read becomes NULL; the
analysis then leaves its row out and counts it under a reason, and
:func:`left_out_rows` lists those rows with their line number and the text as
it stood in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb
import pandas as pd

from klantlab.errors import ImportFileError
from klantlab.i18n import label, t
from klantlab.io.client_files import SourceTable
from klantlab.io.column_mapping import ColumnTarget, guess_mapping, missing_targets
from klantlab.io.value_formats import (
    DATE_ORDERS,
    DateFormat,
    NumberFormat,
    amount_sql,
    date_sql,
    detect_currency,
    detect_date_format,
    detect_number_format,
    number_sql,
    quote_identifier,
    sql_text,
    text_sql,
)

__all__ = [
    "AMOUNT_TARGETS",
    "ImportedTable",
    "LeftOutReason",
    "ScanInput",
    "import_table",
    "left_out_rows",
    "row_reason_sql",
]

AMOUNT_TARGETS = (
    ColumnTarget.revenue,
    ColumnTarget.margin,
    ColumnTarget.quantity,
    ColumnTarget.unit_price,
    ColumnTarget.potential,
    ColumnTarget.contacts,
)
TEXT_TARGETS = (
    ColumnTarget.customer_id,
    ColumnTarget.status,
    ColumnTarget.account_manager,
    ColumnTarget.name,
    ColumnTarget.invoice_number,
)
_NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "UTINYINT", "USMALLINT",
                  "UINTEGER", "UBIGINT")  # fmt: skip


class LeftOutReason(StrEnum):
    """Why a row was left out of the analysis."""

    no_customer = "no_customer"
    bad_amount = "bad_amount"
    bad_date = "bad_date"
    outside_period = "outside_period"
    outlying_date = "outlying_date"


@dataclass(frozen=True, eq=False)
class ScanInput:
    """What an analysis scan reads: the customer id as it stands in the file, the amounts and the date read.

    The id is cleaned (:attr:`customer_sql`) once per distinct id after grouping, not on every row.
    """

    relation: duckdb.DuckDBPyRelation
    """``customer_id`` (text as in the file), ``revenue``, ``margin`` (DOUBLE) and ``date`` (DATE) when mapped."""
    customer_sql: str
    """SQL on ``customer_id`` giving the id the analysis uses (trimmed; NULL for "no value")."""
    rejects: str | None = None
    """For DuckDB's typed reading of a CSV: the table of rows it could not parse (check after the scan)."""


@dataclass(frozen=True, eq=False)
class ImportedTable:
    """A client's table in klantlab's columns, with the formats that were used to read it."""

    source: SourceTable
    mapping: dict[str, str]
    relation: duckdb.DuckDBPyRelation
    number_formats: dict[str, NumberFormat] = field(default_factory=dict)
    date_format: DateFormat | None = None
    currency: str | None = None
    """The currency the amounts or their column names show (ISO code), None when they show none."""
    scan_columns: dict[str, str] = field(default_factory=dict)
    """The expressions of the scans (:meth:`typed_input`, :meth:`text_input`): ``customer_id`` raw and cleaned,
    amounts, date."""

    def text_input(self) -> ScanInput:
        """The scan that reads every row as the text reading does (and reports every value it cannot read)."""
        columns = self.scan_columns
        text = [f"CAST({columns['customer_raw']} AS VARCHAR) AS customer_id"]
        text += [f"{columns[name]} AS {name}" for name in ("revenue", "margin", "date") if name in columns]
        return ScanInput(self.source.query(f"SELECT {', '.join(text)} FROM source"), columns["customer_sql"])

    def typed_input(self) -> ScanInput | None:
        """The fast scan, when there is one: DuckDB's typed reading of a CSV.

        When the file is a CSV whose amounts or dates show plain formats
        (``1234.5`` or ``1234,5``, one date pattern), DuckDB reads those columns
        typed while it reads the file, which is several times faster than
        reading text and converting it; the other columns keep the text
        reading's SQL. A row it cannot parse is not lost: it lands in the
        rejects table, and the caller then uses :meth:`text_input`, which reads
        and reports every row as always. None for other sources.
        """
        source, mapping, columns = self.source, self.mapping, self.scan_columns
        if not source.csv_options:
            return None
        types: dict[str, str] = {}
        options: list[str] = []
        plain = {target: self.number_formats.get(target.value) for target in (ColumnTarget.revenue, ColumnTarget.margin)
                 if target in mapping}  # fmt: skip
        plain = {target: f for target, f in plain.items() if f and not (f.strip_currency or f.signs or f.grouped)}
        decimals = {f.decimal for f in plain.values()}
        if len(decimals) > 1 or (decimals == {","} and source.separator == ","):
            plain = {}  # one decimal separator for the whole typed reading
        elif decimals == {","}:
            options.append("decimal_separator=','")
        types.update({mapping[target]: "DOUBLE" for target in plain})
        patterns = self.date_format.patterns if self.date_format else ()
        typed_date = ColumnTarget.date in mapping and len(patterns) == 1 and "%H" not in patterns[0]
        if typed_date:
            types[mapping[ColumnTarget.date]] = "DATE"
            if patterns[0] != "%Y-%m-%d":
                options.append(f"dateformat={sql_text(patterns[0])}")
        if not types:
            return None
        read = source.typed_csv(types, ", ".join(options))
        if read is None:
            return None
        relation, rejects = read
        selects = [f"CAST({columns['customer_raw']} AS VARCHAR) AS customer_id"]
        for target in (ColumnTarget.revenue, ColumnTarget.margin):
            if target in plain:
                name = quote_identifier(mapping[target])
                selects.append(f"{amount_sql(name)} AS {target.value}")
            elif target.value in columns:  # read as text, as the text reading does
                selects.append(f"{columns[target.value]} AS {target.value}")
        if typed_date:
            selects.append(f"{quote_identifier(mapping[ColumnTarget.date])} AS date")
        elif "date" in columns:
            selects.append(f"{columns['date']} AS date")
        typed = relation.query("typed", f"SELECT {', '.join(selects)} FROM typed")
        return ScanInput(typed, columns["customer_sql"], rejects)

    @property
    def has_dates(self) -> bool:
        return ColumnTarget.date in self.mapping

    @property
    def columns(self) -> list[str]:
        return list(self.relation.columns)


def _column_type(source: SourceTable, column: str) -> str:
    return str(source.relation.types[source.columns.index(column)])


def _number_expression(source: SourceTable, column: str, decimal: str | None) -> tuple[str, NumberFormat | None]:
    name = quote_identifier(column)
    kind = _column_type(source, column)
    if kind in _NUMERIC_TYPES or kind.startswith("DECIMAL"):
        return amount_sql(f"CAST({name} AS DOUBLE)"), None
    detected = detect_number_format(source.samples(column), prefer_decimal_comma=source.separator == ";")
    chosen = NumberFormat(decimal, detected.strip_currency, debit_credit=detected.debit_credit)
    number_format = chosen if decimal else detected
    return number_sql(name, number_format), number_format


def _date_expression(source: SourceTable, column: str, order: str | None) -> tuple[str, DateFormat | None]:
    name = quote_identifier(column)
    kind = _column_type(source, column)
    if kind == "DATE" or kind.startswith("TIMESTAMP"):
        return f"CAST({name} AS DATE)", None
    samples = source.samples(column)
    detected = detect_date_format(samples)
    if order is not None:
        detected = DateFormat(order, DATE_ORDERS[order])
    elif detected is None:
        raise ImportFileError(
            "error.import.no_dates", source.path or source.name, column=column, example=samples[0] if samples else ""
        )
    return date_sql(name, detected), detected


def import_table(
    source: SourceTable,
    mapping: Mapping[str, str] | None = None,
    *,
    date_order: str | None = None,
    decimal: str | None = None,
    needs_revenue: bool = True,
) -> ImportedTable:
    """Read ``source`` with ``mapping`` (target → column; guessed when None).

    ``date_order`` (``iso``, ``day_first``, ``month_first``) and ``decimal``
    (``.`` or ``,``) override what is detected from the values. A list of
    customers (prospects, potential) needs no revenue: ``needs_revenue=False``. Raises
    :class:`ImportFileError` when the file has no rows, a mapped column does
    not exist, a needed column is missing, or a date column holds no dates.
    """
    where = source.path or source.name
    mapping = {key: value for key, value in (mapping if mapping is not None else guess_mapping(source.columns)).items()
               if value}  # fmt: skip
    unknown = sorted(set(mapping) - {target.value for target in ColumnTarget})
    if unknown:
        raise ImportFileError("error.import.unknown_target", where, target=unknown[0],
                              targets=", ".join(target.value for target in ColumnTarget))  # fmt: skip
    absent = [column for column in mapping.values() if column not in source.columns]
    if absent:
        raise ImportFileError("error.import.unknown_column", where, column=absent[0], columns=_listing(source.columns))
    missing = missing_targets(mapping)
    if not needs_revenue:
        missing = [target for target in missing if target != ColumnTarget.revenue]
    if missing:
        raise ImportFileError(
            "error.import.missing_columns",
            where,
            needed=", ".join(label(target) for target in missing),
            columns=_listing(source.columns),
        )
    if not source.has_rows():
        raise ImportFileError("error.import.header_only", where)

    selects: list[str] = []
    number_formats: dict[str, NumberFormat] = {}
    scan_columns: dict[str, str] = {}
    for target in TEXT_TARGETS:
        if target in mapping:
            column = quote_identifier(mapping[target])
            expression = text_sql(column)
            if target == ColumnTarget.customer_id:
                scan_columns["customer_raw"] = column
                if any(re.fullmatch(r"\d+\.0+", value.strip()) for value in source.samples(mapping[target])):
                    expression = f"regexp_replace({expression}, '^(\\d+)\\.0+$', '\\1')"  # Excel's 17850.0
                scan_columns["customer_sql"] = expression.replace(column, "customer_id")
            selects.append(f"{expression} AS {target.value}")
    amounts: dict[str, str] = {}
    for target in AMOUNT_TARGETS:
        if target in mapping:
            amounts[target], number_format = _number_expression(source, mapping[target], decimal)
            if number_format:
                number_formats[target.value] = number_format
    if ColumnTarget.revenue not in amounts and ColumnTarget.quantity in amounts and ColumnTarget.unit_price in amounts:
        amounts[ColumnTarget.revenue] = f"({amounts[ColumnTarget.quantity]}) * ({amounts[ColumnTarget.unit_price]})"
    selects += [f"{expression} AS {target.value}" for target, expression in amounts.items()]
    scan_columns.update({target.value: amounts[target] for target in (ColumnTarget.revenue, ColumnTarget.margin)
                         if target in amounts})  # fmt: skip
    date_format = None
    if ColumnTarget.date in mapping:
        expression, date_format = _date_expression(source, mapping[ColumnTarget.date], date_order)
        selects.append(f"{expression} AS date")
        scan_columns["date"] = expression
    raw = [ColumnTarget.customer_id, ColumnTarget.date, ColumnTarget.revenue, ColumnTarget.margin,
           ColumnTarget.quantity, ColumnTarget.unit_price]  # fmt: skip
    selects += [
        f"CAST({quote_identifier(mapping[target])} AS VARCHAR) AS {target.value}_text"
        for target in raw
        if target in mapping
    ]
    relation = source.query(f"SELECT {', '.join(selects)} FROM source")
    amount_columns = [mapping[target] for target in AMOUNT_TARGETS[:4] if target in mapping]
    shown = [text for column in amount_columns for text in [column, *source.samples(column)[:1000]]]
    return ImportedTable(source, dict(mapping), relation, number_formats, date_format, detect_currency(shown),
                         scan_columns)  # fmt: skip


def _listing(columns: list[str]) -> str:
    return ", ".join(f"'{column}'" for column in columns)


def row_reason_sql(columns: list[str], basis: str, in_window: str | None, outlying: str | None = None) -> str:
    """SQL giving the :class:`LeftOutReason` of a row of canonical columns, NULL for a usable row.

    ``in_window`` is a condition on ``date`` that is true inside the period
    and its look-back window (None: every dated row counts); ``outlying`` one
    that is true for the dates apart from the rest of the data.
    """
    cases = ["WHEN customer_id IS NULL THEN 'no_customer'", f"WHEN {basis} IS NULL THEN 'bad_amount'"]
    if "date" in columns:
        cases.append("WHEN date IS NULL THEN 'bad_date'")
        if outlying:
            cases.append(f"WHEN {outlying} THEN 'outlying_date'")
        if in_window:
            cases.append(f"WHEN NOT ({in_window}) THEN 'outside_period'")
    return f"CASE {' '.join(cases)} END"


def left_out_rows(table: ImportedTable, reason_sql: str | None = None, limit: int = 1000) -> pd.DataFrame:
    """The first ``limit`` rows left out: file line, reason (in the user's language) and the text as in the file.

    ``reason_sql`` is the analysis' :func:`row_reason_sql`; by default the rows
    whose customer, revenue or date cannot be read.
    """
    reason_sql = reason_sql or row_reason_sql(table.columns, ColumnTarget.revenue.value, None)
    raw = [column for column in table.columns if column.endswith("_text")]
    rows = table.relation.query(
        "imported",
        f"SELECT line, reason, {', '.join(raw)} FROM ("
        f"SELECT row_number() OVER () AS line, {reason_sql} AS reason, * FROM imported)"
        f" WHERE reason IS NOT NULL ORDER BY line LIMIT {int(limit)}",
    ).df()
    rows["line"] = table.source.file_lines(rows["line"].astype(int).tolist()) if len(rows) else rows["line"]
    rows["reason"] = [label(LeftOutReason(reason)) for reason in rows["reason"]]
    shown = {f"{target}_text": table.mapping[target] for target in ColumnTarget if f"{target}_text" in raw}
    return rows.rename(columns={"line": t("import.column.line"), "reason": t("import.column.reason"), **shown})
