"""Numbers as people type them in a form, in Dutch and in English: read as meant, or refused with a reason."""

from __future__ import annotations

import pytest

from klantlab.i18n import language, number, read_number
from klantlab.i18n.numbers import NumberTextError, parse_number

DUTCH = [
    ("1.200.000", 1_200_000),
    ("1.200.000,50", 1_200_000.5),
    ("1200000.5", 1_200_000.5),  # one dot and one digit after it cannot group thousands
    ("€ 1.200", 1_200),
    ("12,5 %", 12.5),
    ("12%", 12),
    ("1.250,-", 1_250),  # ",-": no cents
    ("-€ 12", -12),
    ("€ -12", -12),
    ("−3,5", -3.5),  # the minus sign Word pastes
    ("1 200 000", 1_200_000),
    ("1 200,50", 1_200.5),
    ("0,5", 0.5),
    (",5", 0.5),
    ("9.2", 9.2),
    ("1.800", 1_800),  # a dot with three digits after it: Dutch thousands
    ("0.500", 0.5),  # a group of thousands never starts with 0
    ("1,200", 1.2),
    ("1,200,000.50", 1_200_000.5),  # both separators: the last one is the decimal one
    ("+7", 7),
]
ENGLISH = [
    ("1,200,000.50", 1_200_000.5),
    ("1,200,000", 1_200_000),
    ("1200000.5", 1_200_000.5),
    ("£ 1,200", 1_200),
    ("12.5 %", 12.5),
    ("1,200", 1_200),  # a comma with three digits after it: English thousands
    ("1.200", 1.2),
    ("1.200.000,50", 1_200_000.5),
    ("1,5", 1.5),  # one comma and one digit after it cannot group thousands
    ("-1,200.25", -1_200.25),
    ("€ 1.250,-", 1_250),  # the Dutch ",-" says the dot groups thousands
    ("1 200 000", 1_200_000),
    ("0.25", 0.25),
    ("$7", 7),
    ("12%", 12),
]
REFUSED = [
    ("veel", "not_a_number"),
    ("1,2,3", "not_a_number"),
    ("1.2.3", "not_a_number"),
    ("1.200,000.5", "not_a_number"),
    ("5.", "not_a_number"),
    ("1e6", "not_a_number"),
    ("1 2", "not_a_number"),
    ("12 appels", "not_a_number"),
    ("--5", "not_a_number"),
    ("%", "not_a_number"),
    ("", "empty"),
    ("   ", "empty"),
]


@pytest.mark.parametrize(("text", "value"), DUTCH)
def test_dutch_numbers_are_read_as_typed(text: str, value: float) -> None:
    assert parse_number(text, "nl") == value


@pytest.mark.parametrize(("text", "value"), ENGLISH)
def test_english_numbers_are_read_as_typed(text: str, value: float) -> None:
    assert parse_number(text, "en") == value


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_text_that_is_no_number_is_refused_with_a_reason(lang: str, text: str, reason: str) -> None:
    with pytest.raises(NumberTextError) as refused:
        parse_number(text, lang)
    assert refused.value.reason == reason and refused.value.text == text


def test_a_fraction_is_refused_where_a_whole_number_is_asked() -> None:
    assert parse_number("1.200", "nl", whole=True) == 1_200
    with pytest.raises(NumberTextError) as refused:
        parse_number("12,5", "nl", whole=True)
    assert refused.value.reason == "not_whole"


def test_what_klantlab_shows_reads_back_as_the_same_number() -> None:
    for lang, shown in (("nl", "1.200.000,5"), ("en", "1,200,000.5")):
        with language(lang):
            assert number(1_200_000.5, 1) == shown
            assert read_number(shown) == 1_200_000.5
