"""The workbook: one client's answers to all four models, as typed data.

Versioning: ``schema_version`` is one integer. Every change to the stored
shape, even an added optional field, raises it by one and registers a step in
``klantlab.model.migrations`` that turns a file of the previous version into
the new one. An older klantlab refuses a newer file instead of dropping what
it does not know.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from klantlab.model.base import LongText, Name, Record, ShortText
from klantlab.model.customer_pyramid import CustomerPyramidSection
from klantlab.model.journey import Journey
from klantlab.model.segmentation import Segment, SegmentationSection
from klantlab.model.stakeholders import StakeholderPyramid

__all__ = ["FORMAT", "SCHEMA_VERSION", "ClientInfo", "Workbook", "new_workbook"]

#: The marker that tells a klantlab workbook from any other JSON file.
FORMAT = "klantlab-workbook"
#: The version of the stored shape this klantlab writes.
SCHEMA_VERSION = 3


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ClientInfo(Record):
    """Who the workbook is for and who runs the sessions."""

    name: Name
    consultant: ShortText = ""
    description: LongText = ""
    workshop_date: dt.date | None = None


class Workbook(Record):
    """Everything a team filled in for one client."""

    format: Literal["klantlab-workbook"] = FORMAT
    schema_version: Literal[3] = SCHEMA_VERSION
    client: ClientInfo
    created: dt.datetime = Field(default_factory=_now)
    modified: dt.datetime = Field(default_factory=_now)
    segmentation: SegmentationSection = Field(default_factory=SegmentationSection)
    stakeholder_pyramid: StakeholderPyramid = Field(default_factory=StakeholderPyramid)
    customer_pyramid: CustomerPyramidSection = Field(default_factory=CustomerPyramidSection)
    journey: Journey = Field(default_factory=Journey)

    @model_validator(mode="after")
    def _check_references(self) -> Workbook:
        seg = self.segmentation
        segment_ids = [s.id for s in seg.segments]
        _unique(segment_ids, "segmentation.segments")
        _unique([f.id for f in seg.factors], "segmentation.factors")
        _unique([s.id for s in self.stakeholder_pyramid.stakeholders], "stakeholder_pyramid.stakeholders")
        _unique([p.id for p in self.journey.phases], "journey.phases")
        _unique([tp.id for tp in self.journey.touchpoints], "journey.touchpoints")
        known = set(segment_ids)
        refs = [("segmentation.chosen_segment_ids", i) for i in seg.chosen_segment_ids]
        refs += [("stakeholder_pyramid.stakeholders", s.segment_id) for s in self.stakeholder_pyramid.stakeholders]
        if seg.persona is not None:
            refs.append(("segmentation.persona", seg.persona.segment_id))
        if self.journey.segment_id is not None:
            refs.append(("journey.segment_id", self.journey.segment_id))
        for where, ref in refs:
            if ref not in known:
                raise PydanticCustomError("model.unknown_segment", "{where}", {"where": where, "id": ref})
        phase_ids = {p.id for p in self.journey.phases}
        for tp in self.journey.touchpoints:
            if tp.phase_id not in phase_ids:
                raise PydanticCustomError(
                    "model.unknown_phase", "{where}", {"where": "journey.touchpoints", "id": tp.phase_id}
                )
        return self

    @property
    def currency(self) -> str:
        """The currency of the client's amounts: chosen in the pyramid, else found in its file, else euro."""
        section = self.customer_pyramid
        if section.settings.currency is not None:
            return section.settings.currency.value
        return section.summary.currency.value if section.summary is not None else "EUR"

    def focus_segment_id(self) -> str | None:
        """The segment a stakeholder pyramid shows first: the first chosen target segment, else the first segment."""
        seg = self.segmentation
        return next(iter(seg.chosen_segment_ids), seg.segments[0].id if seg.segments else None)

    def journey_segment(self) -> Segment | None:
        """The segment the journey is for: the one set for it, else the first chosen target segment."""
        seg = self.segmentation
        return seg.segment(self.journey.segment_id or next(iter(seg.chosen_segment_ids), ""))


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise PydanticCustomError("model.duplicate_id", "{where}", {"where": where, "id": item})
        seen.add(item)


def new_workbook(client_name: str, consultant: str = "") -> Workbook:
    """An empty workbook for a client, with the default factors and phases."""
    return Workbook(client=ClientInfo(name=client_name, consultant=consultant))
