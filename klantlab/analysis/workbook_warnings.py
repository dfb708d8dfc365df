"""Warnings that help: things a team probably overlooked, shown beside the field and saved anyway.

None of these is an error the model refuses (a workshop fills a workbook
step by step); each names what looks wrong, where, and what to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klantlab.i18n import t
from klantlab.model import StakeholderRole, Workbook

__all__ = ["WorkbookWarning", "workbook_warnings"]


@dataclass(frozen=True)
class WorkbookWarning:
    """One warning: the model it belongs to, the item it is about (an id) and its catalog key."""

    model: str
    key: str
    item_id: str | None = None
    params: dict = field(default_factory=dict)

    def text(self) -> str:
        return t(f"warning.{self.key}", **self.params)


def workbook_warnings(workbook: Workbook) -> list[WorkbookWarning]:
    """Every warning for ``workbook``, in the order of the models."""
    return [*_segmentation(workbook), *_stakeholders(workbook), *_journey(workbook)]


def _segmentation(workbook: Workbook) -> list[WorkbookWarning]:
    section = workbook.segmentation
    if not section.factors:
        return []
    return [
        WorkbookWarning("segmentation", "unscored_segment", segment.id, {"segment": segment.name})
        for segment in section.segments
        if not segment.scores
    ]


def _stakeholders(workbook: Workbook) -> list[WorkbookWarning]:
    found = []
    for segment in workbook.segmentation.segments:
        entries = workbook.stakeholder_pyramid.for_segment(segment.id)
        if entries and not any(entry.role == StakeholderRole.decision_maker for entry in entries):
            found.append(
                WorkbookWarning("stakeholder_pyramid", "no_decision_maker", segment.id, {"segment": segment.name})
            )
    return found


def _journey(workbook: Workbook) -> list[WorkbookWarning]:
    journey = workbook.journey
    found = []
    interviews = journey.outside_in_interviews
    for touchpoint in journey.touchpoints:
        if touchpoint.outside_in_mentions > interviews:
            params = {"touchpoint": touchpoint.description, "mentions": touchpoint.outside_in_mentions,
                      "interviews": interviews}  # fmt: skip
            found.append(WorkbookWarning("journey", "mentions_above_interviews", touchpoint.id, params))
    if journey.touchpoints:
        for phase in journey.phases:
            if not journey.in_phase(phase.id):
                found.append(WorkbookWarning("journey", "empty_phase", phase.id, {"phase": phase.shown_name}))
    return found
