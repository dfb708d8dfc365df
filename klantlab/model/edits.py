"""Changes that reach across the parts of a workbook, so every form makes them the same way."""

from __future__ import annotations

from dataclasses import dataclass

from klantlab.model.workbook import Workbook

__all__ = ["SegmentUses", "remove_phase", "remove_segment", "segment_uses"]


@dataclass(frozen=True)
class SegmentUses:
    """What refers to one segment: taking it away takes these along."""

    chosen: bool
    stakeholders: int
    persona: bool
    journey: bool

    def __bool__(self) -> bool:
        return self.chosen or bool(self.stakeholders) or self.persona or self.journey


def segment_uses(workbook: Workbook, segment_id: str) -> SegmentUses:
    """Where the segment ``segment_id`` is used in ``workbook``."""
    seg = workbook.segmentation
    return SegmentUses(
        chosen=segment_id in seg.chosen_segment_ids,
        stakeholders=len(workbook.stakeholder_pyramid.for_segment(segment_id)),
        persona=seg.persona is not None and seg.persona.segment_id == segment_id,
        journey=workbook.journey.segment_id == segment_id,
    )


def remove_segment(workbook: Workbook, segment_id: str) -> None:
    """Take a segment out of ``workbook`` with everything that refers to it (in place).

    It leaves the choice, its stakeholders and its persona go, and a journey
    set to it falls back to the chosen segment.
    """
    seg = workbook.segmentation
    seg.segments = [s for s in seg.segments if s.id != segment_id]
    seg.chosen_segment_ids = [i for i in seg.chosen_segment_ids if i != segment_id]
    if seg.persona is not None and seg.persona.segment_id == segment_id:
        seg.persona = None
    pyramid = workbook.stakeholder_pyramid
    pyramid.stakeholders = [s for s in pyramid.stakeholders if s.segment_id != segment_id]
    if workbook.journey.segment_id == segment_id:
        workbook.journey.segment_id = None


def remove_phase(workbook: Workbook, phase_id: str) -> int:
    """Take a phase out of the journey with its touchpoints (in place); returns how many touchpoints went."""
    journey = workbook.journey
    gone = len(journey.in_phase(phase_id))
    journey.touchpoints = [tp for tp in journey.touchpoints if tp.phase_id != phase_id]
    journey.phases = [p for p in journey.phases if p.id != phase_id]
    return gone
