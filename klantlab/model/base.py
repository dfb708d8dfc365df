"""Shared building blocks of the workbook model: the base class and field types."""

from __future__ import annotations

import re
import secrets
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

__all__ = [
    "LongText",
    "Name",
    "Record",
    "Score",
    "ShortText",
    "new_id",
]

#: Line breaks as Word, Excel and other programs paste them (Shift+Enter is a vertical tab).
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
#: Control characters, and the bidirectional overrides that make "evil.exe" show as "exe.live": never kept.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _one_line(value: object) -> object:
    """Text for a one-line field: line breaks become spaces, control characters are dropped."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", value)) if isinstance(value, str) else value


def _lines(value: object) -> object:
    """Text for a free-text field: every kind of line break becomes a newline, control characters are dropped."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", value)) if isinstance(value, str) else value


#: A name of a thing a user creates (segment, stakeholder, phase): required.
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), BeforeValidator(_one_line)
]
#: An optional one-line text (organisation, channel, method).
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), BeforeValidator(_one_line)]
#: An optional free text (description, motives, notes).
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000), BeforeValidator(_lines)]
#: A 1–5 rating as used in workshops (influence, expectation, performance, fit).
Score = Annotated[int, Field(ge=1, le=5)]


def new_id() -> str:
    """A short random identifier that stays the same when an item is renamed."""
    return secrets.token_hex(4)


class Record(BaseModel):
    """Base of every part of the workbook.

    Unknown fields are refused (a typo in a hand-edited file is reported, not
    silently dropped) and assignments are validated, so a widget that sets a
    field gets the same checks as a loaded file. Numbers are finite: a
    hand-edited ``NaN`` or ``Infinity`` is reported when the file is opened,
    not at every later save.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False, allow_inf_nan=False)
