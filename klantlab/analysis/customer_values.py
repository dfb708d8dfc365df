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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
import numpy as np
import pandas as pd

from klantlab.analysis.engine_scan import engine_columns, engine_date_counts, engine_scan, is_engine_frame
from klantlab.analysis.period_scan import PeriodTotals, ScanWindow, period_columns, scan_relation
from klantlab.errors import ImportFileError
from klantlab.io.client_files import table_from_frame
from klantlab.io.transactions_import import ImportedTable, ScanInput, row_reason_sql
from klantlab.model import Basis

T = TypeVar("T")

__all__ = [
    "CustomerValues",
    "as_relation",
    "columns_of",
    "customer_values",
    "default_period",
    "months_before",
    "period_values",
    "previous_period",
    "scan_periods",
]


@dataclass(frozen=True, eq=False)
class CustomerValues:
    """Per customer: net value in the period and when they bought before it.

    ``customers`` has one row per customer with a usable row: ``customer_id``,
    ``revenue``, ``margin`` (net, in the period; 0 when they did not buy in
    it), ``first_date`` (first purchase in the data), ``bought_before``
    (bought in the look-back window before the period) and ``active``
    (positive net revenue in the period) and ``code`` (the customer's row in
    :attr:`totals`). Active customers come first, ranked on ``basis`` (ties:
    lower ``customer_id`` first).
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
    totals: PeriodTotals | None = field(default=None, repr=False)
    """The scan the values come from; ``code`` in :attr:`customers` is the row of ``totals.customers``,
    shared by every period of the same scan."""

    outlying_dates: tuple[tuple[dt.date, int], ...] = ()
    """Dates apart from the rest of the data (date, rows) that were left out and did not move the period."""

    @property
    def active(self) -> pd.DataFrame:
        return self.customers[self.customers["active"]]

    @property
    def data_start(self) -> dt.date | None:
        """The first date with a usable row in the data (None without dates)."""
        if self.totals is None or self.totals.customers.empty:
            return None
        first = self.totals.customers["first_date"].min()
        return None if pd.isna(first) else first.date()

    @property
    def no_value_customers(self) -> int:
        """Customers who bought in the period but net to zero or less, and did not buy before it: in no level."""
        frame = self.customers
        return int((frame["bought"] & ~frame["active"] & ~frame["bought_before"]).sum()) if "bought" in frame else 0

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


def date_counts(data: Any) -> pd.DataFrame:
    """How many rows each date has (``date``, ``rows``; rows with a readable date), oldest first.

    Small whatever the size of the data: one row per distinct date. Counted by
    the engine the data lives in.
    """
    if is_engine_frame(data):
        return engine_date_counts(data)

    def count(relation: duckdb.DuckDBPyRelation) -> pd.DataFrame:
        kind = str(relation.types[relation.columns.index("date")])
        date = "date" if kind == "DATE" else "TRY_CAST(date AS DATE)"
        return relation.query(
            "t", f"SELECT {date} AS date, count(*) AS rows FROM t WHERE {date} IS NOT NULL GROUP BY 1 ORDER BY 1"
        ).df()

    frame = _fastest(data, lambda scan: count(scan.relation)) if isinstance(data, ImportedTable) else None
    frame = count(as_relation(data)) if frame is None else frame
    return frame.assign(date=pd.to_datetime(frame["date"]), rows=frame["rows"].astype("int64"))


def _fastest(table: ImportedTable, run: Callable[[ScanInput], T]) -> T:
    """``run`` on DuckDB's typed reading of ``table`` when it parses every row, else on the text reading.

    A file removed, truncated or replaced since it was opened is an error, whatever the scan made of it.
    """
    try:
        typed = table.typed_input()
        if typed is not None:
            try:
                result = run(typed)
            except duckdb.Error:  # a file the typed reading cannot take: the text reading can
                result = None
            if not table.source.rejected_rows(typed.rejects) and result is not None:
                return result
        return run(table.text_input())
    finally:
        table.source.check_unchanged()  # raised here, it replaces the result or DuckDB's own error


@dataclass(frozen=True)
class DefaultPeriod:
    """The period chosen when the user chose none, and the outlying dates that were not allowed to move it."""

    start: dt.date
    end: dt.date
    outlying: tuple[tuple[dt.date, int], ...] = ()
    """Dates after the rest of the data (date, rows), left out of the analysis."""
    outlying_after: dt.date | None = None
    """Rows dated after this day are the outlying ones."""


_OUTLYING_MONTH_SHARE = 0.02
"""A last calendar month with less than this share of an average month before it holds outlying dates."""
_OUTLYING_GAP_MONTHS = 12
"""A last month more than this many months after the month before it, with fewer rows than the year before that
month, holds outlying dates too (a typing error in the year of a small file)."""


def period_from_dates(counts: pd.DataFrame) -> DefaultPeriod | None:
    """:class:`DefaultPeriod` from :func:`date_counts`: the calendar year of the latest date when that date is in
    December, otherwise the twelve months up to it.

    A last calendar month with under 2 % of the rows of an average month of
    the twelve before it (one stray invoice dated a day after the year, a
    typing error in the year) does not count: its dates are outlying, and the
    latest date is the one before them. Nor does a last month more than a
    year after the one before it with fewer rows than the year before that
    (one typo year in a small file). None without dates.
    """
    if counts.empty:
        return None
    months = counts.groupby(counts["date"].dt.to_period("M"))["rows"].sum()
    cut = len(months)
    while cut > 3:
        last, before = months.iloc[cut - 1], months.iloc[max(0, cut - 13) : cut - 1]
        span = (months.index[cut - 2] - months.index[max(0, cut - 13)]).n + 1  # months, empty ones included
        gap = (months.index[cut - 1] - months.index[cut - 2]).n
        far_and_few = gap > _OUTLYING_GAP_MONTHS and last < before.sum()
        if last >= _OUTLYING_MONTH_SHARE * before.sum() / span and not far_and_few:
            break
        cut -= 1
    kept = counts[counts["date"].dt.to_period("M") <= months.index[cut - 1]]
    outlying = counts.iloc[len(kept) :]
    latest = kept["date"].iloc[-1].date()
    if latest.month == 12:
        start, end = dt.date(latest.year, 1, 1), dt.date(latest.year, 12, 31)
    else:
        start, end = months_before(latest, 12) + dt.timedelta(days=1), latest
    return DefaultPeriod(
        start,
        end,
        tuple((day.date(), int(rows)) for day, rows in zip(outlying["date"], outlying["rows"], strict=True)),
        end if len(outlying) else None,
    )


def default_period(data: Any) -> tuple[dt.date, dt.date] | None:
    """The start and end of :func:`period_from_dates` for ``data``; None for a table without dates."""
    if "date" not in columns_of(data):
        return None
    chosen = period_from_dates(date_counts(data))
    return (chosen.start, chosen.end) if chosen else None


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before ``[start, end]``: 2025 → 2024, a quarter → the quarter before."""
    months = max(1, round((end - start).days / 30.44))
    return months_before(start, months), start - dt.timedelta(days=1)


def scan_periods(
    data: Any, basis: Basis, windows: list[ScanWindow], outlying_after: dt.date | None = None
) -> PeriodTotals:
    """The per-customer totals of every window in one scan, done by the engine ``data`` lives in."""
    if is_engine_frame(data):
        return engine_scan(data, basis.value, windows, outlying_after)
    if not isinstance(data, ImportedTable):
        return scan_relation(as_relation(data), basis.value, windows, outlying_after=outlying_after)
    return _fastest(data, lambda scan: scan_relation(scan.relation, basis.value, windows, scan.customer_sql,
                                                      outlying_after))  # fmt: skip


def columns_of(data: Any) -> list[str]:
    """The column names of ``data`` (an imported table, a frame of any engine, a relation), without reading rows."""
    if is_engine_frame(data):
        return engine_columns(data)
    return list(as_relation(data).columns)


def check_period(start: dt.date | None, end: dt.date | None, inactive_window_months: int) -> None:
    """Refuse a period that cannot be analysed: start after end, years outside 1900–2999, a look-back window
    other than 1 to 120 whole months (as the workbook allows)."""
    if not (isinstance(inactive_window_months, int) and 1 <= inactive_window_months <= 120):
        raise ImportFileError("error.import.bad_window", None, value=inactive_window_months)
    for day in (start, end):
        if day is not None and not 1900 <= day.year <= 2999:
            raise ImportFileError("error.import.bad_period_year", None, day=day.isoformat())
    if start is not None and end is not None and start > end:
        raise ImportFileError("error.import.bad_period", None, start=start, end=end)


def period_values(
    data: Any,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    *,
    basis: Basis = Basis.revenue,
    inactive_window_months: int = 12,
    previous: bool = True,
) -> tuple[CustomerValues, CustomerValues | None]:
    """Values per customer for the period and (``previous``) the same length before it, from one scan.

    The period defaults to :func:`default_period`. Rows are left out, and
    counted per :class:`LeftOutReason`, when they have no customer, the
    ``basis`` amount cannot be read, the date cannot be read, or the date lies
    outside the period and its ``inactive_window_months`` look-back window.
    Credit notes (negative amounts) are netted. A table without dates (one
    row per customer) counts every row in the period and has no previous one.
    """
    basis = Basis(basis)
    check_period(period_start, period_end, inactive_window_months)
    columns = columns_of(data)
    where = getattr(getattr(data, "source", None), "name", "transactions")
    for needed in ("customer_id", basis.value):
        if needed not in columns:
            raise ImportFileError("error.import.missing_columns", where, needed=needed, columns=", ".join(columns))
    dated = "date" in columns
    windows = [ScanWindow()]
    chosen = None
    if dated:
        if period_start is None or period_end is None:
            chosen = period_from_dates(date_counts(data))
            if chosen is None:
                raise ImportFileError("error.import.no_usable_rows", where)
            half_given = period_start is not None or period_end is not None
            period_start, period_end = period_start or chosen.start, period_end or chosen.end
            if half_given:
                chosen = None  # the user chose (half) the range: no date of theirs is called outlying
        windows = [ScanWindow(period_start, period_end, months_before(period_start, inactive_window_months))]
        if previous:
            before = previous_period(period_start, period_end)
            windows.append(ScanWindow(*before, months_before(before[0], inactive_window_months)))
    outlying_after = chosen.outlying_after if chosen else None
    totals = scan_periods(data, basis, windows, outlying_after)
    values = [_values(totals, index, basis, columns, inactive_window_months, chosen)
              for index in range(len(windows))]  # fmt: skip
    return values[0], (values[1] if len(values) > 1 else None)


def _values(
    totals: PeriodTotals,
    index: int,
    basis: Basis,
    columns: list[str],
    months: int,
    chosen: DefaultPeriod | None,
) -> CustomerValues:
    """The values of window ``index``, active customers first, best first (ties: lower ``customer_id``)."""
    window, names, frame = totals.windows[index], period_columns(index), totals.customers
    revenue = frame[names["revenue"]].to_numpy(dtype=float)
    margin = frame[names["margin"]].to_numpy(dtype=float)
    active = revenue > 0
    ranked = revenue if basis == Basis.revenue else margin
    order = np.lexsort((-ranked, ~active))  # stable: equal values keep the customer_id order of the scan
    customers = pd.DataFrame(
        {
            "customer_id": frame["customer_id"].take(order).reset_index(drop=True),
            "revenue": revenue[order],
            "margin": margin[order],
            "first_date": frame["first_date"].take(order).reset_index(drop=True),
            "bought_before": frame[names["before"]].to_numpy(dtype=bool)[order],
            "active": active[order],
            "bought": frame[names["bought"]].to_numpy(dtype=bool)[order],
            "code": order.astype(np.int64),
        }
    )
    in_window = outlying = None
    if window.dated:
        in_window = f"date >= {_sql_date(window.look_back_start)} AND date <= {_sql_date(window.end)}"
    if chosen is not None and chosen.outlying_after is not None:
        outlying = f"date > {_sql_date(chosen.outlying_after)}"
    return CustomerValues(
        customers=customers,
        basis=basis,
        period_start=window.start,
        period_end=window.end,
        inactive_window_months=months,
        rows_total=totals.rows_total,
        rows_left_out=dict(totals.rows_left_out[index]),
        reason_sql=row_reason_sql(columns, basis.value, in_window, outlying),
        totals=totals,
        outlying_dates=chosen.outlying if chosen else (),
    )


def customer_values(
    data: Any,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    *,
    basis: Basis = Basis.revenue,
    inactive_window_months: int = 12,
) -> CustomerValues:
    """Net revenue and margin per customer in ``[period_start, period_end]``, and who bought before it.

    :func:`period_values` for one period (no previous one).
    """
    current, _ = period_values(
        data, period_start, period_end, basis=basis, inactive_window_months=inactive_window_months, previous=False
    )
    return current
