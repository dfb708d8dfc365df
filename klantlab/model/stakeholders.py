"""Klanttype-piramide: who decides, buys, recommends, influences, uses and sabotages."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from klantlab.model.base import LongText, Name, Record, Score, ShortText, new_id

__all__ = [
    "Attitude",
    "Side",
    "Stakeholder",
    "StakeholderPyramid",
    "StakeholderRole",
]


class StakeholderRole(StrEnum):
    """The six klanttypes, top of the pyramid first."""

    decision_maker = "decision_maker"
    economic_buyer = "economic_buyer"
    recommender = "recommender"
    influencer = "influencer"
    end_user = "end_user"
    saboteur = "saboteur"


class Side(StrEnum):
    """Inside or outside the customer's organisation."""

    inside = "inside"
    outside = "outside"


class Attitude(StrEnum):
    """Where a stakeholder stands towards the purchase."""

    supporter = "supporter"
    neutral = "neutral"
    opponent = "opponent"


class Stakeholder(Record):
    """One party in the purchase: a named person, role or organisation."""

    id: str = Field(default_factory=new_id)
    segment_id: str
    name: Name
    organisation: ShortText = ""
    side: Side = Side.inside
    role: StakeholderRole
    influence: Score = 3
    attitude: Attitude = Attitude.neutral
    motives: LongText = ""
    approach: LongText = ""
    """How the team will address this party (for saboteurs: how to win them over or take away the objection)."""
    notes: LongText = ""
    verified: bool = False
    verification_method: ShortText = ""
    strategic_partner: bool = False


class StakeholderPyramid(Record):
    """All stakeholder entries of the workbook; each belongs to a segment."""

    stakeholders: list[Stakeholder] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_duplicates(self) -> StakeholderPyramid:
        """The same name with the same organisation twice in one segment is a slip, not two parties."""
        seen: set[tuple[str, str, str]] = set()
        for entry in self.stakeholders:
            key = (entry.segment_id, entry.name.casefold(), entry.organisation.casefold())
            if key in seen:
                raise PydanticCustomError("model.duplicate_stakeholder", "{name}", {"name": entry.name})
            seen.add(key)
        return self

    def for_segment(self, segment_id: str) -> list[Stakeholder]:
        """The entries of one segment, in the order the team put them."""
        return [s for s in self.stakeholders if s.segment_id == segment_id]
