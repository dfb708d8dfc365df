"""Reading text, amounts and dates in the engine a lazy frame lives in (Spark, Dask, Polars…), with narwhals only.

narwhals' casts and date parsing are strict in every engine: one value that
does not read (``abc`` as an amount, ``31-02-2025`` as a date) stops the
whole job, where DuckDB's ``TRY_CAST`` and ``try_strptime`` give NULL. So a
text is first checked against a regular expression, and only a text that
fits is converted; the rest becomes null, and the analysis counts its row as
unreadable. Dates are not parsed by the engine at all: their parts are cut
out of the text (:data:`~klantlab.io.value_formats.DATE_ORDERS` patterns, as
DuckDB reads them: day and month of one or two digits, ``%y`` 69–99 in the
1900s), checked (month 1–12, day within the month, leap years) and given as
one number ``yyyymmdd`` (:func:`with_date_key`), which orders like the date.

The regular expressions keep to what Java (Spark), Python (pandas, Dask) and
Rust (Polars) read alike: ``[0-9]`` classes, no back-references, no
look-around.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from klantlab.io.value_formats import (
    CREDIT_MARK,
    CURRENCY_NOISE,
    DATE_ORDERS,
    DEBIT_CREDIT,
    EMPTY_MARKERS,
    MAX_AMOUNT,
    NO_CENTS,
    DateFormat,
    NumberFormat,
    grouping_pattern,
)

__all__ = [
    "as_narwhals",
    "day_from_key",
    "key_of_day",
    "marked_text",
    "number_value",
    "plain_float",
    "plain_text",
    "with_date_key",
    "with_date_text",
]

_FLOAT = r"^[+-]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][+-]?[0-9]+)?$"
_FIELDS = {
    "%Y": (r"[0-9]{1,4}", 4),
    "%y": (r"[0-9]{1,2}", 2),
    "%m": (r"[0-9]{1,2}", 2),
    "%d": (r"[0-9]{1,2}", 2),
    "%H": (r"(?:[01]?[0-9]|2[0-3])", 2),
    "%M": (r"[0-5]?[0-9]", 2),
    "%S": (r"[0-5]?[0-9]", 2),
    "%f": (r"[0-9]{1,6}", 6),
}


_DASK_NOTICE = "Dask support is moving"  # i18n: not user text (a library's warning, filtered out)


def as_narwhals(native: Any) -> Any:
    """``nw.from_native(native, pass_through=True)``, without narwhals' notice that its Dask support moves to a
    separate package (``narwhals-dask``): it is for developers, not for the person at the screen."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_DASK_NOTICE, category=FutureWarning)
        return nw.from_native(native, pass_through=True)


def plain_text(expr: nw.Expr, dtype: nw.dtypes.DType) -> nw.Expr:
    """``expr`` as text, whitespace stripped, an empty text null."""
    text = (expr if dtype == nw.String else expr.cast(nw.String)).str.strip_chars()
    return nw.when((text != "").fill_null(False)).then(text)


def marked_text(expr: nw.Expr, dtype: nw.dtypes.DType) -> nw.Expr:
    """:func:`plain_text` with the usual "no value" markers of exports (``(blank)``, ``n/a``…) null too,
    as :func:`~klantlab.io.value_formats.text_sql` reads them."""
    text = (expr if dtype == nw.String else expr.cast(nw.String)).str.strip_chars()
    return nw.when((~text.str.to_lowercase().is_in(list(EMPTY_MARKERS))).fill_null(False)).then(text)


def _finite(number: nw.Expr) -> nw.Expr:
    """``number`` when it is an amount (finite, below :data:`MAX_AMOUNT`), else null; as ``amount_sql`` in DuckDB."""
    return nw.when(number.abs() < MAX_AMOUNT).then(number)


def plain_float(expr: nw.Expr, dtype: nw.dtypes.DType) -> nw.Expr:
    """``expr`` as Float64: a number column as it is, a text that is a plain number (``-12.5``, ``1e3``) read,
    anything else (and NaN) null."""
    if dtype.is_numeric():
        return _finite(expr.cast(nw.Float64))
    text = (expr if dtype == nw.String else expr.cast(nw.String)).str.strip_chars()
    return _finite(nw.when(text.str.contains(_FLOAT).fill_null(False)).then(text).cast(nw.Float64))


def number_value(expr: nw.Expr, dtype: nw.dtypes.DType, number_format: NumberFormat) -> nw.Expr:
    """A text amount in ``number_format`` (``€ 1.234,50``, ``(12,50)``, ``12,50-``) as Float64, as
    :func:`~klantlab.io.value_formats.number_sql` reads it; null when it is not a number."""
    if dtype.is_numeric():
        return plain_float(expr, dtype)
    text = (expr if dtype == nw.String else expr.cast(nw.String)).str.strip_chars()
    credit = None
    if number_format.debit_credit:  # "100,00 C": a credit note
        credit = text.str.to_uppercase().str.contains(CREDIT_MARK).fill_null(False)
        text = text.str.replace_all("(?i)" + DEBIT_CREDIT, "")
    if number_format.strip_currency:
        text = text.str.replace_all(CURRENCY_NOISE, "")
    for pattern, replacement in NO_CENTS:  # the Dutch "12,-": twelve, no cents
        text = text.str.replace_all(pattern, replacement)
    thousands = "." if number_format.decimal == "," else ","
    misgrouped = (
        text.str.contains(thousands, literal=True) & ~text.str.contains(f"^{grouping_pattern(number_format.decimal)}$")
    ).fill_null(False)
    text = nw.when(~misgrouped).then(text)  # another format slipped in: unreadable, as number_sql reads it
    if number_format.grouped:
        text = text.str.replace_all(thousands, "", literal=True)
    if number_format.decimal == ",":
        text = text.str.replace_all(",", ".", literal=True)
    dash = text.is_in(["-", "–"]).fill_null(False)  # Excel's accounting zero ("€ -")
    value = nw.when(dash).then(nw.lit(0.0)).otherwise(plain_float(text, nw.String))
    if number_format.signs:
        negative = (text.str.contains(r"^[(].*[)]$") | text.str.contains(r"-$")).fill_null(False)
        bare = text.str.replace_all(r"^[(]|[)]$|-$", "")
        value = nw.coalesce(value, nw.when(negative).then(-plain_float(bare, nw.String)))
    return value if credit is None else nw.when(credit).then(-value).otherwise(value)


# --- dates ------------------------------------------------------------------------------------------------------

_TEMP = "__klantlab_"
_DATE_FIELDS = ("%Y", "%y", "%m", "%d")


def _tokens(pattern: str) -> list[str]:
    """``"%d-%m-%Y"`` → ``["%d", "-", "%m", "-", "%Y"]``."""
    return re.findall(r"%[A-Za-z]|[^%]", pattern)


def _regex(tokens: list[str]) -> str:
    return "".join(_FIELDS[token][0] if token in _FIELDS else re.escape(token) for token in tokens)


def _date_groups(date_format: DateFormat) -> list[tuple[str, list[str]]]:
    """The date part of each pattern, in the order first used, with the times that may follow it.

    Patterns that share their date part give the same date, so they are
    checked with one regular expression (``try_strptime`` takes the first
    pattern that reads; within a date part the time does not change the date).
    """
    # Month names ("1-mrt-2025") are read by DuckDB only: the engines take the dates written in digits.
    patterns = tuple(p for p in date_format.patterns if "%b" not in p and "%B" not in p)
    if patterns == ("%Y-%m-%d",):  # DuckDB's own ISO reading: also with "/" and with a time
        patterns = tuple(p.replace("-", sep, 2) for sep in "-/" for p in DATE_ORDERS["iso"] if p.startswith("%Y-%m-%d"))
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        date, time = re.fullmatch(r"(.*?)([ T]%H.*)?", pattern).groups()
        groups.setdefault(date, []).append(time or "")
    return list(groups.items())


def _is_date(dtype: nw.dtypes.DType) -> bool:
    return dtype == nw.Date or dtype == nw.Datetime


def _with_parts(
    frame: nw.LazyFrame, source: str, dtype: nw.dtypes.DType, date_format: DateFormat
) -> tuple[nw.LazyFrame, list[dict[str, str]]]:
    """``frame`` with, per date part of ``date_format``, temporary columns: the digits of each field (text), the
    year, month and day (Float64) and whether they make a date; the names of those columns per date part.

    The steps are separate columns so that no engine repeats a long
    expression where it is used more than once.
    """
    text = f"{_TEMP}text"
    frame = frame.with_columns(plain_text(nw.col(source), dtype).alias(text))
    groups, digits = [], []
    for number, (date, times) in enumerate(_date_groups(date_format)):
        tokens = _tokens(date)
        time = "|".join(_regex(_tokens(t)) for t in times if t)
        suffix = f"(?:{time})?" if "" in times else f"(?:{time})"
        names = {"fits": f"{_TEMP}fits{number}", "valid": f"{_TEMP}valid{number}", "two_digit": "%y" in tokens}
        digits.append(
            nw.col(text)
            .str.contains("^" + _regex(tokens) + (suffix if time else "") + "$")
            .fill_null(False)
            .alias(names["fits"])
        )
        for index, token in enumerate(tokens):
            if token not in _DATE_FIELDS:
                continue
            part = "year" if token in ("%Y", "%y") else {"%m": "month", "%d": "day"}[token]
            names[part] = f"{_TEMP}{part}{number}"
            names[f"{part}_text"] = f"{_TEMP}{part}_text{number}"
            rest = nw.col(text).str.replace_all("^" + _regex(tokens[:index]), "") if index else nw.col(text)
            digits.append(
                rest.str.replace_all(r"[^0-9].*$", "").str.slice(0, _FIELDS[token][1]).alias(names[f"{part}_text"])
            )
        groups.append(names)
    frame = frame.with_columns(*digits)
    numbers = []
    for names in groups:
        fits = nw.col(names["fits"])
        for part in ("year", "month", "day"):
            found = nw.col(names[f"{part}_text"])
            number = nw.when(fits & (found != "").fill_null(False)).then(found).cast(nw.Float64)
            if part == "year" and names["two_digit"]:
                number = number + nw.when(number < 69).then(nw.lit(2000.0)).otherwise(nw.lit(1900.0))
            numbers.append(number.alias(names[part]))
    frame = frame.with_columns(*numbers)
    checks = []
    for names in groups:
        year, month, day = nw.col(names["year"]), nw.col(names["month"]), nw.col(names["day"])
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        february = nw.when(leap).then(nw.lit(29.0)).otherwise(nw.lit(28.0))
        short = month.is_in([4.0, 6.0, 9.0, 11.0])
        days = nw.when(month == 2).then(february).otherwise(nw.when(short).then(nw.lit(30.0)).otherwise(nw.lit(31.0)))
        in_range = ((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)).fill_null(False)
        checks.append((nw.col(names["fits"]) & in_range).alias(names["valid"]))
    return frame.with_columns(*checks), groups


def _drop_temporary(frame: nw.LazyFrame) -> nw.LazyFrame:
    return frame.drop(*(name for name in frame.collect_schema().names() if name.startswith(_TEMP)))


def with_date_key(
    frame: nw.LazyFrame, source: str, dtype: nw.dtypes.DType, date_format: DateFormat | None, target: str
) -> nw.LazyFrame:
    """``frame`` with column ``target``: the date of ``source`` as the number ``yyyymmdd`` (Float64; null when
    unreadable).

    A Date or Datetime column gives its own date (a time of day is dropped);
    a text column is read with ``date_format``'s patterns, the first that
    gives a date winning, as ``try_strptime`` does with a list; without a
    format every date is unreadable.
    """
    column = nw.col(source)
    if _is_date(dtype):
        year, month, day = (part.cast(nw.Float64) for part in (column.dt.year(), column.dt.month(), column.dt.day()))
        return frame.with_columns((year * 10000 + month * 100 + day).alias(target))  # Polars' month is an Int8
    if date_format is None:
        return frame.with_columns(nw.lit(None, nw.Float64).alias(target))
    frame, groups = _with_parts(frame, source, dtype, date_format)
    keys = [
        nw.when(nw.col(names["valid"])).then(
            nw.col(names["year"]) * 10000 + nw.col(names["month"]) * 100 + nw.col(names["day"])
        )
        for names in groups
    ]
    return _drop_temporary(frame.with_columns((nw.coalesce(*keys) if len(keys) > 1 else keys[0]).alias(target)))


def with_date_text(
    frame: nw.LazyFrame, source: str, dtype: nw.dtypes.DType, date_format: DateFormat, target: str
) -> nw.LazyFrame:
    """``frame`` with column ``target``: a text date column rewritten as ``yyyy-mm-dd`` (null when unreadable),
    read with ``date_format``; a Date or Datetime column as it is."""
    if _is_date(dtype):
        return frame.with_columns(nw.col(source).alias(target))
    frame, groups = _with_parts(frame, source, dtype, date_format)
    texts = []
    for names in groups:
        year = nw.col(names["year_text"]).str.zfill(4)
        if names["two_digit"]:
            century = nw.when(nw.col(names["year"]) >= 2000).then(nw.lit("20")).otherwise(nw.lit("19"))
            year = nw.concat_str([century, nw.col(names["year_text"]).str.zfill(2)])
        month, day = nw.col(names["month_text"]).str.zfill(2), nw.col(names["day_text"]).str.zfill(2)
        texts.append(nw.when(nw.col(names["valid"])).then(nw.concat_str([year, nw.lit("-"), month, nw.lit("-"), day])))
    return _drop_temporary(frame.with_columns((nw.coalesce(*texts) if len(texts) > 1 else texts[0]).alias(target)))


def key_of_day(day: dt.date) -> float:
    """The :func:`with_date_key` number of ``day``."""
    return float(day.year * 10000 + day.month * 100 + day.day)


def day_from_key(keys: pd.Series) -> pd.Series:
    """``yyyymmdd`` numbers (NaN for none) as a datetime Series (NaT for none)."""
    numbers = pd.to_numeric(keys, errors="coerce")
    parts = pd.DataFrame({"year": numbers // 10000, "month": numbers // 100 % 100, "day": numbers % 100})
    return pd.to_datetime(parts, errors="coerce")
