"""Net value per customer over a period, from any transactions table, in one scan.

The input is an :class:`~klantlab.io.transactions_import.ImportedTable`, or
any pandas, Polars or PyArrow frame or DuckDB relation in klantlab's columns
(``customer_id``, ``revenue``, optionally ``margin`` and ``date``). DuckDB does
the scan and the group-by where the data lies: a frame is not converted to
pandas first. Only the per-customer result (one row per customer) comes back
as a pandas frame, sorted best first, ready to be split into levels any number
of times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from klantlab.errors import ImportFileError
from klantlab.io.client_files import table_from_frame
from klantlab.io.transactions_import import ImportedTable, LeftOutReason, row_reason_sql
from klantlab.model import Basis

__all__ = ["CustomerValues", "as_relation", "customer_values", "default_period", "months_before"]


@dataclass(frozen=True, eq=False)
class CustomerValues:
    """Per customer: net value in the period and when they bought before it.

    ``customers`` has one row per customer with a usable row: ``customer_id``,
    ``revenue``, ``margin`` (net, in the period; 0 when they did not buy in
    it), ``first_date`` (first purchase in the data), ``bought_before``
    (bought in the look-back window before the period) and ``active``
    (positive net revenue in the period). Active customers come first, ranked
    on ``basis`` (ties: lower ``customer_id`` first).
    """

    customers: pd.DataFrame
    basis: Basis
    period_start: dt.date | None
    period_end: dt.date | None
    inactive_window_months: int
    rows_total: int
    rows_left_out: dict[str, int] = field(default_factory=dict)
    reason_sql: str = ""
    """The SQL expression giving each row's reason to be left out (for listing those rows)."""

    @property
    def active(self) -> pd.DataFrame:
        return self.customers[self.customers["active"]]

    @property
    def rows_used(self) -> int:
        return self.rows_total - sum(self.rows_left_out.values())


def as_relation(data: Any) -> duckdb.DuckDBPyRelation:
    """The DuckDB relation of an imported table, a frame (pandas, Polars, PyArrow) or a relation."""
    if isinstance(data, ImportedTable):
        return data.relation
    return table_from_frame(data, "transactions").relation


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back ``months`` calendar months (the last day of a shorter month when needed)."""
    return (pd.Timestamp(day) - pd.DateOffset(months=months)).date()


def _sql_date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def default_period(data: Any) -> tuple[dt.date, dt.date] | None:
    """The period to analyse when the user chose none: the calendar year of the latest date when that date is
    in December, otherwise the twelve months up to it. None for a table without dates."""
    relation = as_relation(data)
    if "date" not in relation.columns:
        return None
    latest = relation.query("t", "SELECT max(date) FROM t").fetchall()[0][0]
    if latest is None:
        return None
    latest = latest.date() if isinstance(latest, dt.datetime) else latest
    if latest.month == 12:
        return dt.date(latest.year, 1, 1), dt.date(latest.year, 12, 31)
    return months_before(latest, 12) + dt.timedelta(days=1), latest


def customer_values(
    data: Any,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    *,
    basis: Basis = Basis.revenue,
    inactive_window_months: int = 12,
) -> CustomerValues:
    """Net revenue and margin per customer in ``[period_start, period_end]``, and who bought before it.

    Rows are left out, and counted per :class:`LeftOutReason`, when they have
    no customer, the ``basis`` amount cannot be read, the date cannot be read,
    or the date lies outside the period and its ``inactive_window_months``
    look-back window. Credit notes (negative amounts) are netted. A table
    without dates (one row per customer) counts every row in the period.
    """
    relation = as_relation(data)
    columns = list(relation.columns)
    basis = Basis(basis)
    where = getattr(getattr(data, "source", None), "name", "transactions")
    for needed in ("customer_id", basis.value):
        if needed not in columns:
            raise ImportFileError("error.import.missing_columns", where, needed=needed, columns=", ".join(columns))
    dated = "date" in columns
    if dated and (period_start is None or period_end is None):
        period = default_period(relation)
        if period is None:
            raise ImportFileError("error.import.no_usable_rows", where)
        period_start = period_start or period[0]
        period_end = period_end or period[1]
    if dated:
        window_start = months_before(period_start, inactive_window_months)
        in_window = f"date >= {_sql_date(window_start)} AND date <= {_sql_date(period_end)}"
        in_period = f"date >= {_sql_date(period_start)}"
        first_date = "min(date)"
        before = f"bool_or(reason IS NULL AND NOT ({in_period}))"
    else:
        in_window, in_period, first_date, before = None, "TRUE", "NULL::DATE", "FALSE"
    reason = row_reason_sql(columns, basis.value, in_window)
    margin = "margin" if "margin" in columns else "NULL::DOUBLE"
    used = f"reason IS NULL AND {in_period}"
    counts = ", ".join(f"count(*) FILTER (WHERE reason = '{r.value}') AS {r.value}" for r in LeftOutReason)
    types = dict(zip(columns, (str(kind) for kind in relation.types), strict=True))

    def cast(column: str, kind: str) -> str:
        """The column as ``kind``; no conversion when it already has that type (a frame or an import)."""
        if types.get(column) == kind:
            return column
        return f"CAST({column} AS VARCHAR)" if kind == "VARCHAR" else f"TRY_CAST({column} AS {kind})"

    sql = f"""
        WITH typed AS (
            SELECT {cast("customer_id", "VARCHAR")} AS customer_id, {cast("revenue", "DOUBLE")} AS revenue,
                   {cast(margin, "DOUBLE")} AS margin, {cast("date", "DATE") if dated else "NULL::DATE"} AS date
            FROM transactions
        ), reasoned AS (
            SELECT *, {reason} AS reason FROM typed
        )
        SELECT CASE WHEN reason IS NULL OR reason = 'outside_period' THEN customer_id END AS customer_id,
               coalesce(sum(revenue) FILTER (WHERE {used}), 0) AS revenue,
               coalesce(sum(margin) FILTER (WHERE {used}), 0) AS margin,
               {first_date} AS first_date,
               {before} AS bought_before,
               count(*) AS rows,
               {counts}
        FROM reasoned
        GROUP BY 1
        ORDER BY (coalesce(sum(revenue) FILTER (WHERE {used}), 0) > 0) DESC, {basis.value} DESC, customer_id
    """
    frame = relation.query("transactions", sql).df()
    reasons = [r.value for r in LeftOutReason]
    rows_left_out = {r: int(frame[r].sum()) for r in reasons if frame[r].sum()}
    rows_total = int(frame["rows"].sum())
    customers = frame[frame["customer_id"].notna()].drop(columns=[*reasons, "rows"]).reset_index(drop=True)
    customers["customer_id"] = customers["customer_id"].astype(str)
    customers["bought_before"] = customers["bought_before"].fillna(False).astype(bool)
    customers["active"] = customers["revenue"] > 0
    customers["first_date"] = pd.to_datetime(customers["first_date"])
    return CustomerValues(
        customers=customers,
        basis=basis,
        period_start=period_start,
        period_end=period_end,
        inactive_window_months=inactive_window_months,
        rows_total=rows_total,
        rows_left_out=rows_left_out,
        reason_sql=reason,
    )
