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
    date_sql,
    detect_date_format,
    detect_number_format,
    number_sql,
    quote_identifier,
    text_sql,
)

__all__ = ["AMOUNT_TARGETS", "ImportedTable", "LeftOutReason", "import_table", "left_out_rows", "row_reason_sql"]

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


@dataclass(frozen=True, eq=False)
class ImportedTable:
    """A client's table in klantlab's columns, with the formats that were used to read it."""

    source: SourceTable
    mapping: dict[str, str]
    relation: duckdb.DuckDBPyRelation
    number_formats: dict[str, NumberFormat] = field(default_factory=dict)
    date_format: DateFormat | None = None

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
        return f"CAST({name} AS DOUBLE)", None
    detected = detect_number_format(source.samples(column), prefer_decimal_comma=source.separator == ";")
    number_format = NumberFormat(decimal, detected.strip_currency) if decimal else detected
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
    for target in TEXT_TARGETS:
        if target in mapping:
            column = quote_identifier(mapping[target])
            expression = text_sql(column)
            if target == ColumnTarget.customer_id and any(
                re.fullmatch(r"\d+\.0+", value.strip()) for value in source.samples(mapping[target])
            ):  # Excel writes numbers as 17850.0
                expression = f"regexp_replace({expression}, '^(\\d+)\\.0+$', '\\1')"
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
    date_format = None
    if ColumnTarget.date in mapping:
        expression, date_format = _date_expression(source, mapping[ColumnTarget.date], date_order)
        selects.append(f"{expression} AS date")
    raw = [ColumnTarget.customer_id, ColumnTarget.date, ColumnTarget.revenue, ColumnTarget.margin,
           ColumnTarget.quantity, ColumnTarget.unit_price]  # fmt: skip
    selects += [
        f"CAST({quote_identifier(mapping[target])} AS VARCHAR) AS {target.value}_text"
        for target in raw
        if target in mapping
    ]
    relation = source.query(f"SELECT {', '.join(selects)} FROM source")
    return ImportedTable(source, dict(mapping), relation, number_formats, date_format)


def _listing(columns: list[str]) -> str:
    return ", ".join(f"'{column}'" for column in columns)


def row_reason_sql(columns: list[str], basis: str, in_window: str | None) -> str:
    """SQL giving the :class:`LeftOutReason` of a row of canonical columns, NULL for a usable row.

    ``in_window`` is a condition on ``date`` that is true inside the period
    and its look-back window (None: every dated row counts).
    """
    cases = ["WHEN customer_id IS NULL THEN 'no_customer'", f"WHEN {basis} IS NULL THEN 'bad_amount'"]
    if "date" in columns:
        cases.append("WHEN date IS NULL THEN 'bad_date'")
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
