"""Klantsegment kiezen: goal, criteria, segments, attractiveness and persona."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from klantlab.i18n import t
from klantlab.model.base import LongText, Name, Record, Score, ShortText, new_id

__all__ = [
    "AttractivenessFactor",
    "CriterionFamily",
    "Persona",
    "Segment",
    "SegmentationReason",
    "SegmentationSection",
    "default_factors",
]


class SegmentationReason(StrEnum):
    """Why a team segments its customers."""

    know_customers = "know_customers"
    targeted_campaigns = "targeted_campaigns"
    better_experience = "better_experience"
    loyalty = "loyalty"
    best_customers = "best_customers"
    reach_segment = "reach_segment"
    new_offerings = "new_offerings"


class CriterionFamily(StrEnum):
    """The seven families of segmentation criteria."""

    demographic = "demographic"
    geographic = "geographic"
    psychographic = "psychographic"
    technographic = "technographic"
    behaviour = "behaviour"
    needs = "needs"
    value = "value"


class AttractivenessFactor(Record):
    """One weighted factor on which segments are scored (1–5)."""

    id: str = Field(default_factory=new_id)
    name: Name
    weight: float = Field(default=1.0, ge=0, le=100)


def default_factors() -> list[AttractivenessFactor]:
    """The factors a team starts with, named in the active language."""
    return [
        AttractivenessFactor(id=key, name=t(f"factor.{key}"), weight=weight)
        for key, weight in (
            ("size", 2.0),
            ("growth", 2.0),
            ("margin", 3.0),
            ("fit", 3.0),
            ("reachability", 1.0),
            ("competition", 1.0),
        )
    ]


class Segment(Record):
    """A group of customers described by criteria values, with its figures and scores."""

    id: str = Field(default_factory=new_id)
    name: Name
    description: LongText = ""
    criteria: dict[CriterionFamily, ShortText] = Field(default_factory=dict)
    source_column: ShortText = ""
    """The column of the client's customer file that defines the segment (e.g. ``sector``), for computed figures."""
    source_values: list[ShortText] = Field(default_factory=list)
    """The values of that column that belong to the segment (e.g. ``Zuivel``, ``Voedingsmiddelen``)."""
    customers: int | None = Field(default=None, ge=0)
    revenue: float | None = None
    margin: float | None = None
    scores: dict[str, Score] = Field(default_factory=dict)
    notes: LongText = ""


class Persona(Record):
    """The ideal customer within a segment, in the five guided steps."""

    segment_id: str
    name: Name
    who: LongText = ""
    goals: LongText = ""
    frustrations: LongText = ""
    decision_making: LongText = ""
    enthusiasm: LongText = ""


class SegmentationSection(Record):
    """Everything the team decided in the model Klantsegment kiezen."""

    reasons: list[SegmentationReason] = Field(default_factory=list)
    goal: LongText = ""
    criteria: list[CriterionFamily] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    factors: list[AttractivenessFactor] = Field(default_factory=default_factors)
    chosen_segment_ids: list[str] = Field(default_factory=list)
    choice_reason: LongText = ""
    persona: Persona | None = None
    change_threshold: float = Field(default=0.10, gt=0, le=1)
    """Segments whose customers or revenue moved more than this share between two periods are flagged."""

    def segment(self, segment_id: str) -> Segment | None:
        """The segment with this id, or None."""
        return next((s for s in self.segments if s.id == segment_id), None)
