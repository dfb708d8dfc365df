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
    "AMOUNT_SPACES",
    "CREDIT_MARK",
    "CURRENCY_NOISE",
    "DATE_ORDERS",
    "DEBIT_CREDIT",
    "MAX_AMOUNT",
    "NO_CENTS",
    "DateFormat",
    "NumberFormat",
    "amount_sql",
    "date_sql",
    "detect_currency",
    "detect_date_format",
    "detect_number_format",
    "grouping_pattern",
    "number_sql",
    "quote_identifier",
    "sql_text",
    "text_sql",
]

#: Text that means "no value" in exports (compared lower-case, after trimming), and the totals row at the foot of
#: an export or report ("Totaal"): no customer, so never added to the figures a second time.
EMPTY_MARKERS = ("", "(blank)", "(leeg)", "nan", "null", "none", "n/a", "nb", "#n/a", "-",
                 "totaal", "totalen", "eindtotaal", "subtotaal", "totaal generaal", "total", "grand total")  # fmt: skip

#: Spaces and invisible marks that stand around or inside amounts (no-break, narrow and figure spaces as thousands
#: separators, direction marks, zero-width spaces), as literal characters every regular-expression engine reads.
AMOUNT_SPACES = "\u00a0\u2007\u202f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
#: What is stripped from an amount with currency: signs, codes, spaces.
CURRENCY_NOISE = f"[€$£\\s{AMOUNT_SPACES}]|EUR|GBP|USD"
_GROUPED_DOT = re.compile(r"^[-+(]?\d{1,3}(\.\d{3})+(,\d*)?[)-]?$")
_GROUPED_COMMA = re.compile(r"^[-+(]?\d{1,3}(,\d{3})+(\.\d*)?[)-]?$")


def quote_identifier(name: str) -> str:
    """``name`` as a DuckDB identifier: double quotes, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


#: Characters no one sees or types on purpose: control characters (Word's Shift+Enter \x0b, Ctrl+Z), zero-width
#: spaces and joiners, direction marks and overrides, the byte order mark. They are removed from ids and names.
INVISIBLE = r"[\x{0000}-\x{001F}\x{007F}-\x{009F}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2069}\x{FEFF}]"
#: Space at either end, also the no-break and narrow spaces Excel and web exports put there.
_EDGE_SPACE = r"^[\s\x{00A0}\x{2007}\x{202F}]+|[\s\x{00A0}\x{2007}\x{202F}]+$"
#: UTF-8 read as Windows-1252 ("MÃ¼ller" for "Müller"), for every letter of Latin-1: each starts with Ã or Â.
MOJIBAKE = {
    chr(code).encode("utf-8").decode("cp1252"): chr(code)
    for code in range(0xA0, 0x100)
    if all(byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for byte in chr(code).encode("utf-8"))  # no cp1252 letter
}


def _repaired_sql(text: str) -> str:
    """SQL turning the mojibake of :data:`MOJIBAKE` in ``text`` back into the letter (only where Ã or Â occurs)."""
    repaired = text
    for wrong, right in MOJIBAKE.items():
        repaired = f"replace({repaired}, {sql_text(wrong)}, {sql_text(right)})"
    return f"CASE WHEN contains({text}, 'Ã') OR contains({text}, 'Â') THEN {repaired} ELSE {text} END"


def text_sql(column: str) -> str:
    """SQL for a text column as one text: the same letters written the same way, trimmed, "no value" as NULL.

    Invisible characters (:data:`INVISIBLE`) are removed, letters composed
    the same way (NFC: "ü" typed or as "u" plus dots), UTF-8 misread as
    Windows-1252 repaired ("MÃ¼ller" is "Müller", as when one file mixes
    both encodings) and spaces at the ends dropped, so one customer is never
    split in two by how a system wrote their id.
    """
    raw = f"CAST({column} AS VARCHAR)"
    plain = f"nfc_normalize(regexp_replace({raw}, {sql_text(INVISIBLE)}, '', 'g'))"
    full = f"regexp_replace({_repaired_sql(plain)}, {sql_text(_EDGE_SPACE)}, '', 'g')"
    # Most ids are printable ASCII without spaces at the ends: they skip the work (a distinct id at a time anyway).
    cleaned = f"CASE WHEN regexp_full_match({raw}, '[!-~]([ -~]*[!-~])?') THEN {raw} ELSE {full} END"
    markers = ", ".join(sql_text(marker) for marker in EMPTY_MARKERS)
    return f"CASE WHEN list_contains([{markers}], lower({cleaned})) THEN NULL ELSE {cleaned} END"


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
    debit_credit: bool = False
    """Whether amounts end in D or C (debit, credit: ``100,00 C`` is a credit note), as Twinfield writes them."""


#: The debit/credit mark after an amount ("1.000,00 D", "100,00 Cr"); a credit is a credit note (negative).
DEBIT_CREDIT = r"\s*(D|C|DR|CR|DB)\.?$"
CREDIT_MARK = r"\d\s*(C|CR)\.?$"
_ANY_CASE = "(?i)"


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
    marked = [raw for raw in samples if re.search(r"\d" + DEBIT_CREDIT, raw.strip(), flags=re.IGNORECASE)]
    debit_credit = bool(samples) and len(marked) == len([raw for raw in samples if raw.strip()])
    if debit_credit:
        samples = [re.sub(DEBIT_CREDIT, "", raw.strip(), flags=re.IGNORECASE) for raw in samples]
    for raw in samples:
        value = raw.strip()
        if re.search(CURRENCY_NOISE, value):
            strip = True
            value = re.sub(CURRENCY_NOISE, "", value)
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
    plain = [_no_cents(re.sub(CURRENCY_NOISE, "", v.strip())) for v in samples]
    signs = any(v.startswith("(") or v.endswith("-") for v in plain)
    grouped = any(thousands in v for v in samples)
    return NumberFormat(decimal=decimal, strip_currency=strip, signs=signs, grouped=grouped, debit_credit=debit_credit)


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


def grouping_pattern(decimal: str) -> str:
    """The regular expression a value that holds the thousands separator must match in full: groups of three.

    In a column with decimal comma ``1.250,00`` matches, ``12.50`` and
    ``1,250.00`` do not (another format slipped in: unreadable, not 1.250 or
    1,25); the same the other way round.
    """
    thousands = r"\." if decimal == "," else ","
    point = "," if decimal == "," else r"\."
    return rf"[-+(]?\d{{1,3}}(?:{thousands}\d{{3}})+(?:{point}\d*)?[)-]?"  # no groups: Dask warns of them


def number_sql(column: str, number_format: NumberFormat) -> str:
    """SQL reading the text column as a DOUBLE in ``number_format``; NULL when it is not a finite number.

    Accepts a leading or trailing minus (``12,50-`` as some ERP exports write
    credit notes), accounting brackets ``(12,50)`` for negatives and the
    Dutch ``12,-`` for twelve (no cents, not a credit note).
    """
    value = f"trim(CAST({column} AS VARCHAR))"
    credit = None
    if number_format.debit_credit:
        credit = f"regexp_matches(upper({value}), {sql_text(CREDIT_MARK)})"
        value = f"regexp_replace({value}, {sql_text(_ANY_CASE + DEBIT_CREDIT)}, '')"
    if number_format.strip_currency:
        value = f"regexp_replace({value}, {sql_text(CURRENCY_NOISE)}, '', 'g')"
    for pattern, replacement in NO_CENTS:
        value = f"regexp_replace({value}, {sql_text(pattern)}, {sql_text(replacement)})"
    thousands = "." if number_format.decimal == "," else ","
    written = value
    if number_format.grouped:
        value = f"replace({value}, '{thousands}', '')"
    if number_format.decimal == ",":
        value = f"replace({value}, ',', '.')"
    parsed = f"TRY_CAST({value} AS DOUBLE)"
    if number_format.signs:  # only a value that does not read as it is can be "(12,50)" or "12,50-"
        negative = f"(({value}) LIKE '(%)' OR ({value}) LIKE '%-')"
        parsed = f"coalesce({parsed}, CASE WHEN {negative} THEN -TRY_CAST(trim({value}, '()-') AS DOUBLE) END)"
    grouping = sql_text(grouping_pattern(number_format.decimal))
    has_thousands = f"contains({written}, '{thousands}')"
    misgrouped = f"{has_thousands} AND NOT regexp_full_match({written}, {grouping})"  # i18n: not user text
    # A lone dash is Excel's accounting zero ("€ -"); a value with another format slipped in is unreadable.
    if credit is not None:
        parsed = f"CASE WHEN {credit} THEN -({parsed}) ELSE {parsed} END"
    return amount_sql(f"CASE WHEN {written} IN ('-', '–') THEN 0 WHEN {misgrouped} THEN NULL ELSE {parsed} END")


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

_TIMES = ("", " %H:%M", " %H:%M:%S", "T%H:%M:%S", " %H:%M:%S.%f", "T%H:%M:%SZ", "T%H:%M:%S.%fZ")  # Z: UTC


def _with_times(*dates: str) -> tuple[str, ...]:
    return tuple(date + time for date in dates for time in _TIMES)


#: Candidate date orders, the Dutch day-month-year first (it wins a tie).
DATE_ORDERS: dict[str, tuple[str, ...]] = {
    "iso": _with_times("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"),
    "day_first": (
        *_with_times("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y", "%d.%m.%y"),
        *("%d-%b-%Y", "%d %b %Y", "%d-%b-%y", "%d %b %y", "%d-%B-%Y", "%d %B %Y"),  # 1-mrt-2025, 1 maart 2025
    ),
    "month_first": _with_times("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y"),
}


#: Dutch month names that English does not share, as the English names DuckDB's ``%b`` and ``%B`` read
#: (April, september, november, december and most abbreviations are the same in both).
DUTCH_MONTHS = {
    "januari": "january", "februari": "february", "maart": "march", "mrt": "mar", "mei": "may", "juni": "june",
    "juli": "july", "augustus": "august", "oktober": "october", "okt": "oct", "sept": "sep",
}  # fmt: skip


def _english_months(text: str) -> str:
    """``text`` with Dutch month names in English ("1-mrt-2025" → "1-mar-2025"), as :func:`date_sql` reads it."""
    for dutch, english in DUTCH_MONTHS.items():
        text = re.sub(rf"(?i)\b{dutch}\b\.?", english, text)
    return text


def _english_months_sql(text: str) -> str:
    translated = f"lower({text})"
    for dutch, english in DUTCH_MONTHS.items():
        word = sql_text(rf"\b{dutch}\b\.?")
        translated = f"regexp_replace({translated}, {word}, {sql_text(english)})"
    return f"CASE WHEN regexp_matches({text}, '[A-Za-z]{{3}}') THEN {translated} ELSE {text} END"


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
    values = [_english_months(value) if re.search("[A-Za-z]{3}", value) else value for value in values]
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
    if any("%b" in pattern or "%B" in pattern for pattern in date_format.patterns):
        text = _english_months_sql(text)
    if date_format.patterns == ("%Y-%m-%d",):
        return f"TRY_CAST({text} AS DATE)"  # DuckDB's own ISO reading is the fastest
    if len(date_format.patterns) == 1:
        return f"CAST(try_strptime({text}, {sql_text(date_format.patterns[0])}) AS DATE)"
    patterns = ", ".join(sql_text(pattern) for pattern in date_format.patterns)
    return f"CAST(try_strptime({text}, [{patterns}]) AS DATE)"
