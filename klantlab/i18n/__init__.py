"""All user-facing text of klantlab, Dutch first, English second.

Every message a person at the screen reads comes from the catalog of its
language: the JSON files in ``nl/`` and ``en/`` (one per area of the product),
together one flat mapping of dotted keys to texts with ``{name}``
placeholders. A key may stand in only one file. Code asks for text with
:func:`t`; the active language is switched with :func:`set_language`.
"""

from __future__ import annotations

import json
import os
import string
from enum import Enum
from functools import cache
from importlib import resources

from klantlab.i18n.numbers import NumberTextError, format_number, parse_number, rounded

__all__ = [
    "CURRENCY_SIGNS",
    "LANGUAGES",
    "LANGUAGE_ENV",
    "NumberTextError",
    "catalog",
    "catalog_files",
    "get_currency",
    "get_language",
    "label",
    "language",
    "money",
    "number",
    "percent",
    "placeholders",
    "read_number",
    "set_currency",
    "set_language",
    "shown_share",
    "t",
]

LANGUAGES = ("nl", "en")
#: Environment variable with the language to start in (passed on to kernels and servers).
LANGUAGE_ENV = "KLANTLAB_LANGUAGE"
_DEFAULT = "nl"
_current = os.environ.get(LANGUAGE_ENV, _DEFAULT)
if _current not in LANGUAGES:
    _current = _DEFAULT


@cache
def catalog(lang: str) -> dict[str, str]:
    """The catalog of one language as a flat ``key -> text`` mapping."""
    merged: dict[str, str] = {}
    for area in sorted(catalog_files(lang), key=lambda f: f.name):
        entries = json.loads(area.read_text(encoding="utf-8"))
        twice = merged.keys() & entries.keys()
        if twice:
            raise KeyError(f"{lang}/{area.name}: {sorted(twice)}")
        merged.update(entries)
    return merged


def catalog_files(lang: str) -> list:
    """The catalog files of one language (one per area of the product)."""
    return [f for f in resources.files(__name__).joinpath(lang).iterdir() if f.name.endswith(".json")]


def set_language(lang: str) -> None:
    """Switch the language of every message from now on (``"nl"`` or ``"en"``)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(t("i18n.unknown_language", language=lang, choices=", ".join(LANGUAGES)))
    _current = lang


def get_language() -> str:
    """The active language code."""
    return _current


class language:  # noqa: N801 - used like a function: ``with language("en"):``
    """Context manager that switches the language temporarily."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._previous = _current

    def __enter__(self) -> None:
        self._previous = get_language()
        set_language(self._lang)

    def __exit__(self, *exc: object) -> None:
        set_language(self._previous)


def t(key: str, /, **params: object) -> str:
    """The text for ``key`` in the active language, with ``params`` filled in.

    A key missing from the active catalog falls back to Dutch, then to the
    key itself, so a gap shows up as a visible key rather than a crash.
    """
    text = catalog(_current).get(key) or catalog(_DEFAULT).get(key) or key
    return text.format_map(_Params(params)) if params else text


def label(value: Enum) -> str:
    """The display label of an enum member: key ``<enum name>.<value>``."""
    return t(f"{type(value).__name__}.{value.value}")


def number(value: float, decimals: int = 0) -> str:
    """A number as the active language writes it: nl ``1.438,5``, en ``1,438.5``."""
    return format_number(value, decimals, _current)


def read_number(text: object, *, whole: bool = False) -> float:
    """A number as the user typed it in the active language (see :mod:`klantlab.i18n.numbers`).

    Raises :class:`NumberTextError` when the text is no number.
    """
    return parse_number(text, _current, whole=whole)


def percent(share: float, decimals: int = 1) -> str:
    """A share (0.418) as a percentage: nl ``41,8 %``, en ``41.8%``.

    The one rounding of shares: every view and deliverable shows a share
    through this function (or stores :func:`shown_share` of it), so a share
    reads the same everywhere.
    """
    return number(float(shown_share(share, decimals)) * 100, decimals) + (" %" if _current == "nl" else "%")


def shown_share(share: float, decimals: int = 1) -> float:
    """A share rounded as :func:`percent` shows it (0.27645 -> 0.276 at one decimal of a percentage)."""
    return float(rounded(share, decimals + 2))


CURRENCY_SIGNS = {"EUR": "€", "GBP": "£", "USD": "$"}
_currency = "EUR"


def set_currency(code: str | None) -> None:
    """Write amounts in the currency ``code`` (``EUR``, ``GBP``, ``USD``) from now on; None: euro."""
    global _currency
    _currency = str(code) if code and str(code) in CURRENCY_SIGNS else "EUR"


def get_currency() -> str:
    """The currency amounts are written in (an ISO code)."""
    return _currency


def money(value: float, decimals: int = 0) -> str:
    """An amount in the active currency: nl ``€ 65.279.153``, en ``€65,279,153`` (or £, $)."""
    sign, symbol = "-" if value < 0 else "", CURRENCY_SIGNS[_currency]
    spaced = f"{symbol} " if _current == "nl" else symbol
    return f"{sign}{spaced}{number(abs(value), decimals)}"


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders used in a catalog text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _Params(dict):
    """Leaves an unknown placeholder visible instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
