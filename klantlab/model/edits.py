"""Changes that reach across the parts of a workbook, so every form makes them the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from klantlab.model.journey import Touchpoint
from klantlab.model.stakeholders import Side, Stakeholder, StakeholderRole
from klantlab.model.workbook import Workbook

__all__ = [
    "SegmentUses",
    "move_stakeholder",
    "move_touchpoint",
    "place",
    "remove_phase",
    "remove_segment",
    "same_place",
    "segment_uses",
]

Item = TypeVar("Item")


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


def place(items: list[Item], item: Item, together: Callable[[Item], bool], index: int | None) -> None:
    """Put ``item`` at ``index`` among the items ``together`` picks out (in place); ``None`` or past the end: last.

    ``item`` may or may not be in ``items`` yet; the order of every other item stays as it was.
    """
    if item in items:
        items.remove(item)
    group = [other for other in items if together(other)]
    if index is not None and 0 <= index < len(group):
        items.insert(items.index(group[index]), item)
    elif group:
        items.insert(items.index(group[-1]) + 1, item)
    else:
        items.append(item)


def same_place(entry: Stakeholder, other: Stakeholder) -> bool:
    """Whether two entries stand in the same layer and side of the same segment's pyramid."""
    return (entry.segment_id, entry.role, entry.side) == (other.segment_id, other.role, other.side)


def move_stakeholder(
    workbook: Workbook, entry_id: str, role: StakeholderRole, side: Side, index: int | None = None
) -> Stakeholder:
    """Move an entry to a layer and side of its segment's pyramid, ``index``-th there (in place); returns it."""
    entries = workbook.stakeholder_pyramid.stakeholders
    entry = next(e for e in entries if e.id == entry_id)
    entry.role, entry.side = StakeholderRole(role), Side(side)
    place(entries, entry, lambda e: same_place(e, entry), index)
    return entry


def move_touchpoint(workbook: Workbook, touchpoint_id: str, phase_id: str, index: int | None = None) -> Touchpoint:
    """Move a touchpoint to a phase, ``index``-th there (in place); returns it (the model refuses a phase not in the
    journey)."""
    points = workbook.journey.touchpoints
    touchpoint = next(tp for tp in points if tp.id == touchpoint_id)
    touchpoint.phase_id = phase_id
    place(points, touchpoint, lambda tp: tp.phase_id == phase_id, index)
    return touchpoint
