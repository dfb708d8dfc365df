"""Shared building blocks of the workbook model: the base class and field types."""

from __future__ import annotations

import secrets
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "LongText",
    "Name",
    "Record",
    "Score",
    "ShortText",
    "new_id",
]

#: A name of a thing a user creates (segment, stakeholder, phase): required.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
#: An optional one-line text (organisation, channel, method).
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
#: An optional free text (description, motives, notes).
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
#: A 1–5 rating as used in workshops (influence, expectation, performance, fit).
Score = Annotated[int, Field(ge=1, le=5)]


def new_id() -> str:
    """A short random identifier that stays the same when an item is renamed."""
    return secrets.token_hex(4)


class Record(BaseModel):
    """Base of every part of the workbook.

    Unknown fields are refused (a typo in a hand-edited file is reported, not
    silently dropped) and assignments are validated, so a widget that sets a
    field gets the same checks as a loaded file.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)
