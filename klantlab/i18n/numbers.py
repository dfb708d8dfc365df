"""Numbers as people write them: shown in the language's own way, and read back the way they were typed.

Dutch writes ``1.200.000,50`` and English ``1,200,000.50``. People also type
``1200000.5``, ``€ 1.200``, ``12,5 %``, ``1 200`` or the Dutch ``1.250,-``
("no cents"); :func:`parse_number` reads all of them as meant. One separator
followed by exactly three digits (``1.200``) is ambiguous: it is read as the
thousands separator of the language (Dutch 1200, English 1.2). Text that is no
number (``veel``, ``1,2,3``, ``1.2.3``) is refused with a reason, never guessed.

Functions here take the language explicitly; ``klantlab.i18n`` offers them for
the active language.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["NumberTextError", "format_number", "parse_number", "rounded"]

_THOUSANDS = {"nl": ".", "en": ","}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_CURRENCY = re.compile(r"^(?:€|\$|£|eur|euro|gbp|usd)\s*|\s*(?:€|\$|£|eur|euro|gbp|usd)$", re.IGNORECASE)
_GROUPED = r"[1-9]\d{{0,2}}(?:{sep}\d{{3}})+"


class NumberTextError(ValueError):
    """Text that does not read as a number; ``reason`` is ``empty``, ``not_a_number`` or ``not_whole``."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        self.text = text
        self.reason = reason


def rounded(value: float, decimals: int) -> Decimal:
    """``value`` rounded as a person would: half up, on the number as written (``27.645`` -> ``27.65``).

    Python's own rounding works on the binary value (``27.645`` is stored as
    27.64499…, which rounds down) and Excel's on the decimal one; rounding the
    shortest decimal form of the value, half up, gives the same digits as a
    calculator, Excel and every view of klantlab.
    """
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float, decimals: int, lang: str) -> str:
    """``value`` with ``decimals`` decimals and thousands separators: nl ``1.438,5``, en ``1,438.5``."""
    text = f"{rounded(value, decimals):,.{decimals}f}"
    if text.startswith("-") and not rounded(value, decimals):
        text = text[1:]  # -0,0 reads as 0,0
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def parse_number(text: object, lang: str, *, whole: bool = False) -> float:
    """The number in ``text`` as typed in language ``lang`` (see the module text).

    Returns a float (an integral one when ``whole``); raises
    :class:`NumberTextError` for empty text, text that is no number, or a
    fraction where a whole number is asked.
    """
    raw = "" if text is None else str(text)
    value = raw.strip()
    if not value:
        raise NumberTextError(raw, "empty")
    value = value.replace("\u2212", "-").removesuffix("%").strip()  # U+2212: the minus sign Word pastes
    sign = None
    for _ in range(2):  # "-€ 12" and "€ -12"
        if sign is None and value[:1] in ("+", "-"):
            sign, value = ("-" if value[0] == "-" else ""), value[1:].strip()
        value = _CURRENCY.sub("", value).strip()
    for no_cents in (",--", ",-", ".-"):  # Dutch "1.250,-": no cents, so the dot groups thousands
        if value.endswith(no_cents):
            value, lang = value.removesuffix(no_cents), "nl" if no_cents[0] == "," else lang
    value = _grouped_spaces(value, raw)
    result = _plain_digits(value, lang)
    if result is None:
        raise NumberTextError(raw, "not_a_number")
    number = float((sign or "") + result)
    if not math.isfinite(number):
        raise NumberTextError(raw, "not_a_number")
    if whole and not number.is_integer():
        raise NumberTextError(raw, "not_whole")
    return number


def _grouped_spaces(value: str, raw: str) -> str:
    """``1 200 000`` -> ``1200000``; spaces anywhere else make it no number."""
    if not _SPACES.search(value):
        return value
    parts = _SPACES.split(value)
    if len(parts[0]) > 3 or any(len(re.match(r"\d*", part).group()) != 3 for part in parts[1:]):
        raise NumberTextError(raw, "not_a_number")
    return "".join(parts)


def _plain_digits(value: str, lang: str) -> str | None:
    """``value`` (digits with dots and commas) as Python's float text, or None when it is no number."""
    if not re.fullmatch(r"[\d.,]*\d[\d.,]*|[.,]\d+", value):
        return None
    dots, commas = value.count("."), value.count(",")
    if dots and commas:  # both: the last one written is the decimal separator
        decimal = "." if value.rfind(".") > value.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, fraction = value.rpartition(decimal)
        if decimal in whole or not re.fullmatch(_GROUPED.format(sep=re.escape(thousands)), whole) or not fraction:
            return None
        return whole.replace(thousands, "") + "." + fraction
    if not dots and not commas:
        return value
    separator = "." if dots else ","
    if (dots or commas) > 1:  # only a thousands separator can stand more than once
        return value.replace(separator, "") if re.fullmatch(_GROUPED.format(sep=re.escape(separator)), value) else None
    whole, _, fraction = value.partition(separator)
    if not fraction:
        return None
    if separator == _THOUSANDS.get(lang, ".") and len(fraction) == 3 and re.fullmatch(r"[1-9]\d{0,2}", whole):
        return whole + fraction
    return (whole or "0") + "." + fraction
