"""Customer journey: the touchpoints in journey order, expectation-vs-performance gaps and moments of truth.

Pure functions on the workbook's :class:`~klantlab.model.Journey`. A moment of
truth is *inside-out* when the team marked it and *outside-in* when customers
named it in interviews (at least ``min_mentions`` of them); where both meet is
the focus list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from klantlab.model import Journey, Touchpoint

__all__ = [
    "FIXED_TOUCHPOINTS",
    "Overlap",
    "default_min_mentions",
    "gaps",
    "journey_table",
    "outside_in_minimum",
    "overlap",
]

#: Touchpoints every customer passes, whatever the business: key → (phase id, channel key, means key).
FIXED_TOUCHPOINTS = {
    "product": ("use", "in_person", "product"),
    "invoice": ("choice", "post", "invoice"),
    "quote": ("choice", "email", "quote"),
    "website": ("orientation", "online", "website"),
    "reception": ("choice", "in_person", "reception"),
    "delivery": ("use", "in_person", "delivery"),
    "packaging": ("use", "in_person", "packaging"),
    "helpdesk": ("use", "phone", "helpdesk"),
}


def journey_table(journey: Journey) -> pd.DataFrame:
    """One row per touchpoint in journey order (phase order, then the team's order within a phase).

    Columns: ``step`` (1…), ``touchpoint_id``, ``phase_id``, ``phase``,
    ``description``, ``channel``, ``means``, ``fixed``, ``expectation``,
    ``performance``, ``gap`` (performance − expectation, when both are
    given), ``emotion``, ``intensity``, ``inside_out``, ``mentions``.
    """
    rows = []
    for phase in journey.phases:
        for touchpoint in journey.in_phase(phase.id):
            gap = None
            if touchpoint.expectation is not None and touchpoint.performance is not None:
                gap = touchpoint.performance - touchpoint.expectation
            rows.append(
                {
                    "touchpoint_id": touchpoint.id,
                    "phase_id": phase.id,
                    "phase": phase.shown_name,
                    "description": touchpoint.description,
                    "channel": touchpoint.channel,
                    "means": touchpoint.means,
                    "fixed": touchpoint.fixed,
                    "expectation": touchpoint.expectation,
                    "performance": touchpoint.performance,
                    "gap": gap,
                    "emotion": touchpoint.emotion,
                    "intensity": touchpoint.intensity,
                    "inside_out": touchpoint.moment_of_truth_inside_out,
                    "mentions": touchpoint.outside_in_mentions,
                }
            )
    columns = ["touchpoint_id", "phase_id", "phase", "description", "channel", "means", "fixed", "expectation",
               "performance", "gap", "emotion", "intensity", "inside_out", "mentions"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    table.insert(0, "step", range(1, len(table) + 1))
    return table.astype({"gap": "Float64", "expectation": "Int64", "performance": "Int64", "intensity": "Int64"})


def gaps(journey: Journey) -> pd.DataFrame:
    """The touchpoints with both expectation and performance, the largest shortfall first (ties: journey order)."""
    table = journey_table(journey)
    table = table[table["gap"].notna()]
    return table.sort_values(["gap", "step"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Overlap:
    """Moments of truth seen from inside and from outside, each list in journey order."""

    both: list[Touchpoint]
    """Marked by the team and named by customers: the focus list."""
    inside_only: list[Touchpoint]
    """The team thinks it matters; customers never named it (often enough)."""
    outside_only: list[Touchpoint]
    """Customers named it; the team did not mark it."""
    min_mentions: int
    interviews: int


def default_min_mentions(journey: Journey) -> int:
    """How many interviews must name a touchpoint before it counts outside-in: a quarter of them, at least one.

    A quarter is rounded up: with 10 interviews a touchpoint needs 3 mentions (2.5 would not be a quarter).
    """
    return max(1, math.ceil(journey.outside_in_interviews / 4))


def outside_in_minimum(journey: Journey) -> int:
    """The number of interviews that must name a touchpoint: the team's own setting, else a quarter of them."""
    return journey.outside_in_threshold or default_min_mentions(journey)


def overlap(journey: Journey, min_mentions: int = 1) -> Overlap:
    """Split the moments of truth into the three groups (outside-in: named by ``min_mentions`` customers or more)."""
    ordered = [tp for phase in journey.phases for tp in journey.in_phase(phase.id)]
    outside = {tp.id for tp in ordered if tp.outside_in_mentions >= min_mentions}
    return Overlap(
        both=[tp for tp in ordered if tp.moment_of_truth_inside_out and tp.id in outside],
        inside_only=[tp for tp in ordered if tp.moment_of_truth_inside_out and tp.id not in outside],
        outside_only=[tp for tp in ordered if not tp.moment_of_truth_inside_out and tp.id in outside],
        min_mentions=min_mentions,
        interviews=journey.outside_in_interviews,
    )
