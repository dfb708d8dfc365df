"""One pass over the transactions: per customer, the net value of every period asked for, in a single scan.

The period, the period before it (for the migration) and their look-back
windows are conditional sums of one grouped query, so a file is read once
however many periods the analysis needs. What comes back is small: one row
per customer (:class:`PeriodTotals`), with the customers in ``customer_id``
order so that their position is a code shared by every period.

:func:`scan_relation` runs the query in DuckDB (files, imported tables,
pandas, Polars and Arrow frames); :mod:`klantlab.analysis.engine_scan` runs
the same aggregation in the engine a lazy frame lives in (Spark, Dask,
Polars lazy…). Both fill the same :class:`PeriodTotals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from klantlab.io.transactions_import import LeftOutReason
from klantlab.io.value_formats import amount_sql

__all__ = ["PeriodTotals", "ScanWindow", "period_columns", "scan_relation", "totals_from_frame"]

#: Row reasons that do not depend on the period, in the order they are checked.
ROW_REASONS = (LeftOutReason.no_customer, LeftOutReason.bad_amount, LeftOutReason.bad_date,
               LeftOutReason.outlying_date)  # fmt: skip


@dataclass(frozen=True)
class ScanWindow:
    """One period and the look-back window before it; all None for a table without dates (every row counts)."""

    start: dt.date | None = None
    end: dt.date | None = None
    look_back_start: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None


def period_columns(index: int) -> dict[str, str]:
    """The names of period ``index``'s columns in :attr:`PeriodTotals.customers`."""
    return {
        "revenue": f"revenue_{index}",
        "margin": f"margin_{index}",
        "before": f"before_{index}",
        "bought": f"bought_{index}",
        "outside": f"outside_{index}",
    }


@dataclass(frozen=True, eq=False)
class PeriodTotals:
    """What one scan found: per customer the values of each window, and the rows left out.

    ``customers`` has one row per customer with at least one usable row
    (customer, amount and date readable), in ascending ``customer_id``; its
    position is the customer's code. Columns: ``customer_id`` (text),
    ``first_date`` (first usable row, NaT without dates), ``last_date``, and
    per window *i* (see :func:`period_columns`): ``revenue_i`` and
    ``margin_i`` (net in the period, 0 when none), ``before_i`` (bought in the
    look-back window before the period), ``bought_i`` (has a row in the
    period).
    """

    customers: pd.DataFrame
    windows: tuple[ScanWindow, ...]
    rows_total: int
    rows_left_out: tuple[dict[str, int], ...]
    """Per window: rows left out per :class:`LeftOutReason` (only reasons that occur)."""


def _sql_date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def _between(start: dt.date, end: dt.date) -> str:
    return f"date >= {_sql_date(start)} AND date <= {_sql_date(end)}"


def scan_relation(
    relation: duckdb.DuckDBPyRelation,
    basis: str,
    windows: Sequence[ScanWindow],
    customer_sql: str = "customer_id",
    outlying_after: dt.date | None = None,
) -> PeriodTotals:
    """Sum ``relation`` (klantlab's columns) per customer for every window, in one pass over its rows.

    ``basis`` is the amount column a row needs to be usable (``revenue`` or
    ``margin``). Columns that already have the right type are used as they
    are; others are cast (a value that does not cast is unreadable).
    ``customer_sql`` turns ``customer_id`` as it stands in the data into the
    id the analysis uses (trimmed, NULL for "no value"): the rows are grouped
    on the id as it stands, the few distinct ids are cleaned, and the groups
    of ids that clean to the same customer are added up. Rows dated after
    ``outlying_after`` are left out as outlying (dates apart from the rest).
    """
    columns = list(relation.columns)
    types = dict(zip(columns, (str(kind) for kind in relation.types), strict=True))
    dated = "date" in columns and all(window.dated for window in windows)

    def cast(column: str, kind: str) -> str:
        if column not in columns:
            return f"NULL::{kind}"
        if types[column] == kind:
            return column
        return f"CAST({column} AS VARCHAR)" if kind == "VARCHAR" else f"TRY_CAST({column} AS {kind})"

    # Each row falls in one stretch of time between the windows' boundaries (or is unusable: a code below -1).
    # Grouping on (id, stretch) needs five aggregates per row whatever the number of windows; the windows are
    # then added up from the stretches, per customer, on the small grouped table.
    bounds = sorted({day for w in windows if w.dated for day in (w.look_back_start, w.start,
                                                                 w.end + dt.timedelta(days=1))})  # fmt: skip
    stretch = ["WHEN " + basis + " IS NULL THEN -3"]
    if dated:
        stretch.append("WHEN date IS NULL THEN -2")
        if outlying_after is not None:
            stretch.append(f"WHEN date > {_sql_date(outlying_after)} THEN -4")
        stretch += [f"WHEN date < {_sql_date(day)} THEN {index - 1}" for index, day in enumerate(bounds)]
    stretch_sql = f"CASE {' '.join(stretch)} ELSE {len(bounds) - 1 if dated else 0} END"
    usable = "stretch >= -1"
    per_customer = [
        "customer_id",
        "sum(n) AS rows",
        f"sum(n) FILTER (WHERE {usable}) AS usable",
        "sum(n) FILTER (WHERE customer_id IS NULL) AS no_customer",
        "sum(n) FILTER (WHERE customer_id IS NOT NULL AND stretch = -3) AS bad_amount",
        "sum(n) FILTER (WHERE customer_id IS NOT NULL AND stretch = -2) AS bad_date",
        "sum(n) FILTER (WHERE customer_id IS NOT NULL AND stretch = -4) AS outlying_date",
        f"min(first_date) FILTER (WHERE {usable}) AS first_date",
        f"max(last_date) FILTER (WHERE {usable}) AS last_date",
    ]
    for index, window in enumerate(windows):
        names = period_columns(index)
        if dated:
            first, start, after = (bounds.index(day) for day in (window.look_back_start, window.start,
                                                                window.end + dt.timedelta(days=1)))  # fmt: skip
            in_period = f"stretch BETWEEN {start} AND {after - 1}"
            before = f"stretch BETWEEN {first} AND {start - 1}"
            outside = f"{usable} AND NOT (stretch >= {first} AND stretch < {after})"
        else:
            in_period, before, outside = usable, "FALSE", "FALSE"
        per_customer += [
            f"coalesce(sum(revenue) FILTER (WHERE {in_period}), 0) AS {names['revenue']}",
            f"coalesce(sum(margin) FILTER (WHERE {in_period}), 0) AS {names['margin']}",
            f"coalesce(bool_or({before}), FALSE) AS {names['before']}",
            f"coalesce(bool_or({in_period}), FALSE) AS {names['bought']}",
            f"sum(n) FILTER (WHERE customer_id IS NOT NULL AND {outside}) AS {names['outside']}",
        ]
    sql = f"""
        WITH typed AS (
            SELECT {cast("customer_id", "VARCHAR")} AS customer_id, {amount_sql(cast("revenue", "DOUBLE"))} AS revenue,
                   {amount_sql(cast("margin", "DOUBLE"))} AS margin,
                   {cast("date", "DATE") if dated else "NULL::DATE"} AS date
            FROM transactions
        ), by_id AS (
            SELECT customer_id, {stretch_sql} AS stretch, count(*) AS n, sum(revenue) AS revenue,
                   sum(margin) AS margin, min(date) AS first_date, max(date) AS last_date
            FROM typed
            GROUP BY 1, 2
        ), cleaned AS (
            SELECT * REPLACE ({customer_sql} AS customer_id) FROM by_id
        )
        SELECT {", ".join(per_customer)}
        FROM cleaned
        GROUP BY customer_id
        ORDER BY customer_id NULLS LAST
    """
    return totals_from_frame(relation.query("transactions", sql).df(), windows, dated)


def totals_from_frame(frame: pd.DataFrame, windows: Sequence[ScanWindow], dated: bool) -> PeriodTotals:
    """:class:`PeriodTotals` from the grouped frame of a scan: one row per customer plus one without a customer
    that holds the rows left out (``rows`` and a count per reason), customers in ascending ``customer_id``."""
    counts = [r.value for r in ROW_REASONS]
    outside = [period_columns(index)["outside"] for index in range(len(windows))]
    shared = {reason: int(frame[reason].fillna(0).sum()) if reason in frame else 0 for reason in counts}
    left_out = []
    for column in outside:
        reasons = {**shared, LeftOutReason.outside_period.value: int(frame[column].fillna(0).sum()) if dated else 0}
        left_out.append({reason: count for reason, count in reasons.items() if count})
    rows_total = int(frame["rows"].sum())
    known = frame["customer_id"].notna()
    if "usable" in frame:  # ids whose every row was left out are no customer
        known &= frame["usable"] > 0
        frame = frame.drop(columns="usable")
    customers = frame[known].drop(columns=[*counts, *outside, "rows"], errors="ignore")
    customers = customers.reset_index(drop=True)
    customers["customer_id"] = customers["customer_id"].astype(str)
    for column in ("first_date", "last_date"):
        customers[column] = pd.to_datetime(customers[column])
    for index in range(len(windows)):
        names = period_columns(index)
        for flag in ("before", "bought"):
            customers[names[flag]] = customers[names[flag]].fillna(False).astype(bool)
        for amount in ("revenue", "margin"):
            # Rounded far below a cent: engines (and DuckDB's threads) add in different orders, and equal
            # amounts must compare equal so that ties go to the lower customer_id everywhere.
            customers[names[amount]] = customers[names[amount]].astype(float).round(6)
    return PeriodTotals(customers, tuple(windows), rows_total, tuple(left_out))
