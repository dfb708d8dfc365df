"""Recognising how a client's export writes numbers and dates, and reading them in SQL.

Exports from Dutch Excel write ``1.234,56`` and ``5-1-2024``; English ones
``1,234.56`` and ``1/5/2024`` (month first). The format of a column is decided
once from a sample of its values; the whole column is then read by DuckDB with
that format, and a value that does not fit becomes NULL (and its row is
reported, never silently dropped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

__all__ = [
    "DATE_ORDERS",
    "MAX_AMOUNT",
    "NO_CENTS",
    "DateFormat",
    "NumberFormat",
    "amount_sql",
    "date_sql",
    "detect_currency",
    "detect_date_format",
    "detect_number_format",
    "number_sql",
    "quote_identifier",
    "sql_text",
    "text_sql",
]

#: Text that means "no value" in exports (compared lower-case, after trimming).
EMPTY_MARKERS = ("", "(blank)", "(leeg)", "nan", "null", "none", "n/a", "nb", "#n/a", "-")

_CURRENCY = r"[€$£\s\x{00A0}]|EUR|GBP|USD"
_GROUPED_DOT = re.compile(r"^[-+(]?\d{1,3}(\.\d{3})+(,\d*)?[)-]?$")
_GROUPED_COMMA = re.compile(r"^[-+(]?\d{1,3}(,\d{3})+(\.\d*)?[)-]?$")


def quote_identifier(name: str) -> str:
    """``name`` as a DuckDB identifier: double quotes, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def text_sql(column: str) -> str:
    """SQL for a text column, trimmed, with the usual "no value" markers as NULL."""
    trimmed = f"trim(CAST({column} AS VARCHAR))"
    # A chain of comparisons: DuckDB turns a long IN list into a (much slower) hash join.
    empty = " OR ".join(f"lower({trimmed}) = {sql_text(marker)}" for marker in EMPTY_MARKERS)
    return f"CASE WHEN {empty} THEN NULL ELSE {trimmed} END"


# --- numbers ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberFormat:
    """How a column writes its amounts."""

    decimal: str = "."
    """The decimal separator: ``.`` or ``,``."""
    strip_currency: bool = False
    """Whether values carry currency signs, codes or spaces (``€ 1.234,50``)."""
    signs: bool = True
    """Whether negatives may be written as ``(12,50)`` or ``12,50-`` (off when the samples show none)."""
    grouped: bool = True
    """Whether thousands separators may occur (off when the samples show none)."""


def detect_number_format(samples: Sequence[str], prefer_decimal_comma: bool = False) -> NumberFormat:
    """The format that reads the most of ``samples``.

    A value with both ``.`` and ``,`` tells: the last one is the decimal
    separator. Otherwise a lone comma followed by other than three digits is a
    decimal comma; ``1,234`` alone is ambiguous and follows
    ``prefer_decimal_comma`` (true for ``;``-separated files, as Dutch Excel
    writes them).
    """
    comma_votes = dot_votes = 0
    strip = False
    for raw in samples:
        value = raw.strip()
        if re.search(r"[€$£\s\u00a0]|EUR|GBP|USD", value):
            strip = True
            value = re.sub(r"[€$£\s\u00a0]|EUR|GBP|USD", "", value)
        value = _no_cents(value)
        has_comma, has_dot = "," in value, "." in value
        if has_comma and has_dot:
            if value.rfind(",") > value.rfind("."):
                comma_votes += 1
            else:
                dot_votes += 1
        elif has_comma:
            if _GROUPED_COMMA.match(value) and not prefer_decimal_comma:
                dot_votes += 1
            elif value.count(",") == 1:
                comma_votes += 1
        elif has_dot:
            if _GROUPED_DOT.match(value) and prefer_decimal_comma:
                comma_votes += 1
            elif value.count(".") == 1:
                dot_votes += 1
    if comma_votes == dot_votes:
        decimal = "," if prefer_decimal_comma else "."
    else:
        decimal = "," if comma_votes > dot_votes else "."
    thousands = "." if decimal == "," else ","
    # Simpler SQL when the samples need none of it; a later value that does fails to read and is reported.
    plain = [_no_cents(re.sub(r"[€$£\s\u00a0]|EUR|GBP|USD", "", v.strip())) for v in samples]
    signs = any(v.startswith("(") or v.endswith("-") for v in plain)
    grouped = any(thousands in v for v in samples)
    return NumberFormat(decimal=decimal, strip_currency=strip, signs=signs, grouped=grouped)


MAX_AMOUNT = 1e15
"""Amounts from a quadrillion up (and infinity, NaN) are no amounts: sums of them would overflow."""


def amount_sql(expression: str) -> str:
    """SQL keeping a DOUBLE amount only when it is finite and below :data:`MAX_AMOUNT` (else NULL: unreadable)."""
    return f"CASE WHEN isfinite({expression}) AND abs({expression}) < {MAX_AMOUNT:.0f} THEN {expression} END"


#: The Dutch "no cents" endings ``12,-`` and ``1.250,–``, as regular expressions and what they stand for.
NO_CENTS = ((r",[-–]$", ",0"), (r"\.[-–]$", ".0"))


def _no_cents(value: str) -> str:
    for pattern, replacement in NO_CENTS:
        value = re.sub(pattern, replacement, value)
    return value


def number_sql(column: str, number_format: NumberFormat) -> str:
    """SQL reading the text column as a DOUBLE in ``number_format``; NULL when it is not a finite number.

    Accepts a leading or trailing minus (``12,50-`` as some ERP exports write
    credit notes), accounting brackets ``(12,50)`` for negatives and the
    Dutch ``12,-`` for twelve (no cents, not a credit note).
    """
    value = f"trim(CAST({column} AS VARCHAR))"
    if number_format.strip_currency:
        value = f"regexp_replace({value}, '{_CURRENCY}', '', 'g')"
    for pattern, replacement in NO_CENTS:
        value = f"regexp_replace({value}, {sql_text(pattern)}, {sql_text(replacement)})"
    thousands = "." if number_format.decimal == "," else ","
    if number_format.grouped:
        value = f"replace({value}, '{thousands}', '')"
    if number_format.decimal == ",":
        value = f"replace({value}, ',', '.')"
    parsed = f"TRY_CAST({value} AS DOUBLE)"
    if number_format.signs:  # only a value that does not read as it is can be "(12,50)" or "12,50-"
        negative = f"(({value}) LIKE '(%)' OR ({value}) LIKE '%-')"
        parsed = f"coalesce({parsed}, CASE WHEN {negative} THEN -TRY_CAST(trim({value}, '()-') AS DOUBLE) END)"
    return amount_sql(parsed)


_CURRENCY_MARKS = {"€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "$": "USD", "USD": "USD"}


def detect_currency(texts: Sequence[str]) -> str | None:
    """The currency (ISO code) that ``texts`` (amounts, column names) show most often: ``€``, ``£``, ``$`` or the
    codes; None when they show none."""
    counts: dict[str, int] = {}
    for text in texts:
        for mark in re.findall(r"[€£$]|\b(?:EUR|GBP|USD)\b", str(text).upper()):
            code = _CURRENCY_MARKS[mark]
            counts[code] = counts.get(code, 0) + 1
    return max(counts, key=counts.get) if counts else None


# --- dates ------------------------------------------------------------------------------------------------------

_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M:%S", " %H:%M:%S.%f")


def _with_times(*dates: str) -> tuple[str, ...]:
    return tuple(date + time for date in dates for time in _TIMES)


#: Candidate date orders, the Dutch day-month-year first (it wins a tie).
DATE_ORDERS: dict[str, tuple[str, ...]] = {
    "iso": _with_times("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"),
    "day_first": _with_times("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y", "%d.%m.%y"),
    "month_first": _with_times("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y"),
}


@dataclass(frozen=True)
class DateFormat:
    """How a column writes its dates: one of :data:`DATE_ORDERS` and the patterns seen in it."""

    order: str
    patterns: tuple[str, ...]


def detect_date_format(samples: Sequence[str]) -> DateFormat | None:
    """The date order that reads the most of the distinct ``samples`` (ties go to day-month-year), or None if none
    reads any.

    The patterns of that order that occur in the samples are kept, the most
    frequent first. DuckDB tries them on the samples in one pass.
    """
    values = list(dict.fromkeys(value.strip() for value in samples if value and value.strip()))  # distinct values
    if not values:
        return None
    patterns = [pattern for order in DATE_ORDERS.values() for pattern in order]
    counts = ", ".join(f"count(try_strptime(v, {sql_text(pattern)}))" for pattern in patterns)
    row = duckdb.connect().execute(f"SELECT {counts} FROM unnest(?::VARCHAR[]) AS t(v)", [values]).fetchall()[0]
    hits = dict(zip(patterns, row, strict=True))
    best: DateFormat | None = None
    best_count = 0
    for order, order_patterns in DATE_ORDERS.items():
        # Two-digit years first: DuckDB's %Y also reads "24" as the year 24, %y never takes four digits.
        used = tuple(sorted((p for p in order_patterns if hits[p]), key=lambda p: ("%y" not in p, -hits[p])))
        if not used:
            continue
        listed = ", ".join(sql_text(pattern) for pattern in used)
        count = (
            duckdb.connect()
            .execute(f"SELECT count(try_strptime(v, [{listed}])) FROM unnest(?::VARCHAR[]) AS t(v)", [values])
            .fetchall()[0][0]
        )
        if count > best_count or (count == best_count and order == "day_first" and best and best.order == "iso"):
            best, best_count = DateFormat(order, used), count
    return best


def date_sql(column: str, date_format: DateFormat) -> str:
    """SQL reading the text column as a DATE in ``date_format``; NULL for text that is not such a date."""
    text = f"trim(CAST({column} AS VARCHAR))"
    if date_format.patterns == ("%Y-%m-%d",):
        return f"TRY_CAST({text} AS DATE)"  # DuckDB's own ISO reading is the fastest
    if len(date_format.patterns) == 1:
        return f"CAST(try_strptime({text}, {sql_text(date_format.patterns[0])}) AS DATE)"
    patterns = ", ".join(sql_text(pattern) for pattern in date_format.patterns)
    return f"CAST(try_strptime({text}, [{patterns}]) AS DATE)"
