"""The per-customer scan of :mod:`klantlab.analysis.period_scan`, done in the engine a lazy frame lives in.

A PySpark or Dask DataFrame, a Polars LazyFrame (any lazy frame narwhals
supports) is summed per customer where it lies, in one group-by written with
narwhals; only the grouped result, one row per customer, comes back as a
pandas frame, and :func:`~klantlab.analysis.period_scan.totals_from_frame`
turns it into the same :class:`~klantlab.analysis.period_scan.PeriodTotals`
as the DuckDB scan gives. Nothing is collected before that: not the rows, not
a sample beyond the first 5,000 dates of a text date column (to recognise
their format).

A DuckDB relation is lazy too, but stays on the SQL path of
:func:`~klantlab.analysis.period_scan.scan_relation`, as do pandas, Polars
and Arrow frames in memory and imported tables.

Values are read as :mod:`klantlab.io.engine_values` reads them (narwhals
converts strictly, so a text is checked before it is converted): the customer
as text, whitespace stripped, empty → no customer; amounts as Float64, a
non-number → unreadable; a Date or Datetime as it is, a text date in the
format :func:`~klantlab.io.value_formats.detect_date_format` recognises,
unreadable → no date. Dates travel through the engine as the number
``yyyymmdd``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Sequence
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import pandas as pd

from klantlab.analysis.period_scan import ROW_REASONS, PeriodTotals, ScanWindow, period_columns, totals_from_frame
from klantlab.io.client_files import SourceTable
from klantlab.io.engine_values import as_narwhals, day_from_key, key_of_day, plain_float, plain_text, with_date_key
from klantlab.io.transactions_import import ImportedTable, LeftOutReason
from klantlab.io.value_formats import DateFormat, detect_date_format

__all__ = ["engine_attributes", "engine_columns", "engine_date_counts", "engine_scan", "is_engine_frame"]

_SAMPLE_ROWS = 5000
_PANDAS_NOTICE = "PySpark does not yet fully support pandas"  # i18n: not user text (a library's warning)


def _lazy(data: Any) -> nw.LazyFrame | None:
    """``data`` as a narwhals LazyFrame when it is an engine frame, else None."""
    if isinstance(data, ImportedTable | SourceTable | duckdb.DuckDBPyRelation):
        return None
    frame = as_narwhals(data)
    if not isinstance(frame, nw.LazyFrame) or frame.implementation.is_duckdb():
        return None
    return frame


def is_engine_frame(data: Any) -> bool:
    """Whether ``data`` is a lazy frame of an engine narwhals supports (Spark, Dask, Polars lazy…), not DuckDB."""
    return _lazy(data) is not None


def _frame(data: Any) -> nw.LazyFrame:
    frame = _lazy(data)
    if frame is None:
        raise TypeError(type(data).__name__)
    return frame


def engine_columns(data: Any) -> list[str]:
    """The column names of an engine frame, from its schema (nothing is computed)."""
    return list(_frame(data).collect_schema().names())


def _date_format(frame: nw.LazyFrame, dtype: nw.dtypes.DType) -> DateFormat | None:
    """The format of a text date column, recognised from its first 5,000 filled-in values (None: a Date column)."""
    if dtype == nw.Date or dtype == nw.Datetime:
        return None
    head = frame.select(plain_text(nw.col("date"), dtype).alias("date")).head(_SAMPLE_ROWS).collect()
    return detect_date_format([value for value in head["date"].to_list() if isinstance(value, str)])  # NaN: none


def _with_day(frame: nw.LazyFrame, typed: nw.LazyFrame, dtype: nw.dtypes.DType) -> nw.LazyFrame:
    """``typed`` (with ``frame``'s ``date`` column) with ``day``: the date as ``yyyymmdd``, null when unreadable."""
    return with_date_key(typed, "date", dtype, _date_format(frame, dtype), "day")


def _collect(frame: nw.LazyFrame) -> pd.DataFrame:
    """The (small) grouped result as a pandas frame."""
    with warnings.catch_warnings():  # PySpark 4 warns about pandas 3 on every transfer; the result is checked here
        warnings.filterwarnings("ignore", message=_PANDAS_NOTICE, category=FutureWarning)
        return frame.collect(backend="pandas").to_native()


def engine_date_counts(data: Any) -> pd.DataFrame:
    """Rows per readable date (``date``, ``rows``), oldest first, counted in the engine."""
    frame = _frame(data)
    days = _with_day(frame, frame.select("date"), frame.collect_schema()["date"]).select("day")
    counts = _collect(days.filter(~nw.col("day").is_null()).group_by("day").agg(nw.len().alias("rows")))
    counts = counts.sort_values("day").reset_index(drop=True)
    return pd.DataFrame(
        {"date": day_from_key(counts["day"]).astype("datetime64[ns]"), "rows": counts["rows"].astype("int64")}
    )


def _flag(condition: nw.Expr) -> nw.Expr:
    return nw.when(condition).then(nw.lit(1)).otherwise(nw.lit(0))


def engine_scan(
    data: Any, basis: str, windows: Sequence[ScanWindow], outlying_after: dt.date | None = None
) -> PeriodTotals:
    """:func:`~klantlab.analysis.period_scan.scan_relation` for an engine frame: the same totals, summed in the
    engine in one group-by on the customer (usable rows) or null (the rows left out, counted per reason).

    Rows dated after ``outlying_after`` are left out as outlying dates.
    """
    frame = _frame(data)
    schema = frame.collect_schema()
    dated = "date" in schema and all(window.dated for window in windows)
    typed = frame.select(
        plain_text(nw.col("customer_id"), schema["customer_id"]).alias("customer_id"),
        *(
            (plain_float(nw.col(name), schema[name]) if name in schema else nw.lit(None, nw.Float64)).alias(name)
            for name in ("revenue", "margin")
        ),
        *([nw.col("date")] if dated else []),
    )
    typed = (
        _with_day(frame, typed, schema["date"]) if dated else typed.with_columns(nw.lit(None, nw.Float64).alias("day"))
    )
    day = nw.col("day")
    checks = {  # in the order of ROW_REASONS: a row counts under the first that holds
        LeftOutReason.no_customer: nw.col("customer_id").is_null(),
        LeftOutReason.bad_amount: nw.col(basis).is_null(),
        LeftOutReason.bad_date: day.is_null() if dated else None,
        LeftOutReason.outlying_date: day > key_of_day(outlying_after) if dated and outlying_after else None,
    }
    reasons: dict[str, nw.Expr] = {}
    usable = nw.lit(True)
    for reason in ROW_REASONS:
        check = checks.get(reason)
        reasons[reason.value] = (usable & check) if check is not None else nw.lit(False)
        if check is not None:
            usable = usable & ~check
    columns = [
        nw.when(usable).then(nw.col("customer_id")).alias("customer_id"),
        nw.lit(1).alias("rows"),
        *(_flag(reasons[reason.value]).alias(reason.value) for reason in ROW_REASONS),
        nw.when(usable).then(day).alias("first_date"),
    ]
    sums, maxima = ["rows", *(reason.value for reason in ROW_REASONS)], []
    for index, window in enumerate(windows):
        names = period_columns(index)
        if dated:
            start, end, look_back = (key_of_day(d) for d in (window.start, window.end, window.look_back_start))
            in_period = usable & (day >= start) & (day <= end)
            before = usable & (day >= look_back) & (day < start)
            outside = usable & ~((day >= look_back) & (day <= end))
        else:
            in_period, before, outside = usable, nw.lit(False), nw.lit(False)
        columns += [
            nw.when(in_period).then(nw.col("revenue")).otherwise(nw.lit(0.0)).alias(names["revenue"]),
            nw.when(in_period).then(nw.col("margin")).otherwise(nw.lit(0.0)).alias(names["margin"]),
            _flag(before).alias(names["before"]),
            _flag(in_period).alias(names["bought"]),
            _flag(outside).alias(names["outside"]),
        ]
        sums += [names["revenue"], names["margin"], names["outside"]]
        maxima += [names["before"], names["bought"]]
    grouped = (
        typed.select(*columns)
        .group_by("customer_id", drop_null_keys=False)
        .agg(
            *(nw.col(name).sum() for name in sums),
            *(nw.col(name).max() for name in maxima),
            nw.col("first_date").min(),
            nw.col("first_date").max().alias("last_date"),
        )
    )
    result = _collect(grouped)
    result = result.sort_values("customer_id", na_position="last", kind="stable").reset_index(drop=True)
    for name in sums:
        result[name] = result[name].fillna(0)
    for name in ("first_date", "last_date"):
        result[name] = day_from_key(result[name]) if dated else pd.NaT
    result["customer_id"] = result["customer_id"].astype(object).where(result["customer_id"].notna(), None)
    return totals_from_frame(result, windows, dated)


def engine_attributes(data: Any, kinds: dict[str, str]) -> pd.DataFrame:
    """One row per customer with the attribute columns ``kinds`` names (``number`` or ``text``), in the engine.

    Numbers take the largest value per customer; text the most frequent value
    (ties: the first in text order), found with a count per customer and
    value, the largest count per customer and a join, since narwhals has no
    ``mode`` for a group-by in a lazy engine. ``customer_id`` first, in
    ascending order.
    """
    frame = _frame(data)
    schema = frame.collect_schema()
    present = [name for name in kinds if name in schema]
    typed = frame.select(
        plain_text(nw.col("customer_id"), schema["customer_id"]).alias("customer_id"),
        *(
            (plain_float if kinds[name] == "number" else plain_text)(nw.col(name), schema[name]).alias(name)
            for name in present
        ),
    ).filter(~nw.col("customer_id").is_null())
    numbers = [name for name in present if kinds[name] == "number"]
    maxima = [nw.col(name).max() for name in numbers] or [nw.len().alias("_rows")]
    result = typed.group_by("customer_id").agg(*maxima)
    for name in present:
        if kinds[name] == "number":
            continue
        counts = typed.filter(~nw.col(name).is_null()).group_by("customer_id", name).agg(nw.len().alias("_count"))
        most = counts.group_by("customer_id").agg(nw.col("_count").max().alias("_most"))
        chosen = (
            counts.join(most, on="customer_id")
            .filter(nw.col("_count") == nw.col("_most"))
            .group_by("customer_id")
            .agg(nw.col(name).min())
        )
        result = result.join(chosen, on="customer_id", how="left")
    collected = _collect(result.select("customer_id", *present))
    collected = collected.sort_values("customer_id", kind="stable").reset_index(drop=True)
    collected["customer_id"] = collected["customer_id"].astype(str)
    return collected
