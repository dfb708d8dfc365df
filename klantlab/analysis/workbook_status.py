"""What a workbook holds so far: the key figures and which models are filled in."""

from __future__ import annotations

from dataclasses import dataclass

from klantlab.analysis.journey import outside_in_minimum, overlap
from klantlab.model import CustomerLevel, Workbook

__all__ = ["ACTIVE_LEVELS", "KeyFigures", "ModelStatus", "key_figures", "model_status"]

#: The levels of customers who bought in the period (the pyramid's four upper levels).
ACTIVE_LEVELS = {CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small}


@dataclass(frozen=True)
class KeyFigures:
    """The figures a manager reads first; None where the model is still empty."""

    segments: int
    chosen_segments: list[str]
    persona: str | None
    stakeholders: int
    stakeholders_checked: int
    active_customers: int | None
    top_share: float | None
    pareto_customers: int | None
    pareto_customer_share: float | None
    pareto_threshold: float | None
    touchpoints: int
    moments_inside_out: int
    moments_both: int
    """Moments of truth the team marked and enough customers named (the journey's focus list)."""


@dataclass(frozen=True)
class ModelStatus:
    """Whether one of the four models has content, and how much."""

    model: str
    filled: bool
    count: int


def key_figures(workbook: Workbook) -> KeyFigures:
    """The key figures of a workbook (the chosen segment's stakeholders and journey)."""
    seg = workbook.segmentation
    chosen = [s.name for s in seg.segments if s.id in seg.chosen_segment_ids]
    summary = workbook.customer_pyramid.summary
    levels = {lv.level: lv for lv in summary.levels} if summary else {}
    stakeholders = workbook.stakeholder_pyramid.stakeholders
    touchpoints = workbook.journey.touchpoints
    return KeyFigures(
        segments=len(seg.segments),
        chosen_segments=chosen,
        persona=seg.persona.name if seg.persona else None,
        stakeholders=len(stakeholders),
        stakeholders_checked=sum(s.verified for s in stakeholders),
        active_customers=sum(levels[lv].customers for lv in ACTIVE_LEVELS if lv in levels) if summary else None,
        top_share=levels[CustomerLevel.top].revenue_share if CustomerLevel.top in levels else None,
        pareto_customers=summary.pareto_customers if summary else None,
        pareto_customer_share=summary.pareto_customer_share if summary else None,
        pareto_threshold=summary.pareto_threshold if summary else None,
        touchpoints=len(touchpoints),
        moments_inside_out=sum(tp.moment_of_truth_inside_out for tp in touchpoints),
        moments_both=len(overlap(workbook.journey, outside_in_minimum(workbook.journey)).both),
    )


def model_status(workbook: Workbook) -> list[ModelStatus]:
    """The four models in the order of the method, each with the number of items filled in."""
    summary = workbook.customer_pyramid.summary
    return [
        ModelStatus("segmentation", bool(workbook.segmentation.segments), len(workbook.segmentation.segments)),
        ModelStatus(
            "stakeholder_pyramid",
            bool(workbook.stakeholder_pyramid.stakeholders),
            len(workbook.stakeholder_pyramid.stakeholders),
        ),
        ModelStatus(
            "customer_pyramid", summary is not None, sum(lv.customers for lv in summary.levels) if summary else 0
        ),
        ModelStatus("journey", bool(workbook.journey.touchpoints), len(workbook.journey.touchpoints)),
    ]
