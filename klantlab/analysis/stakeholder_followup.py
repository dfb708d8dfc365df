"""What a team does after mapping the stakeholders: check assumptions, approach partners and saboteurs.

Pure functions on the entries of one segment (model objects, no pandas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from klantlab.model import Attitude, Stakeholder, StakeholderRole

__all__ = ["ROLE_ORDER", "FollowUp", "by_layer", "follow_up", "influence_grid"]

ROLE_ORDER = tuple(StakeholderRole)
ATTITUDE_ORDER = (Attitude.opponent, Attitude.neutral, Attitude.supporter)


def _by_influence(entries: Sequence[Stakeholder]) -> list[Stakeholder]:
    return sorted(entries, key=lambda entry: -entry.influence)  # stable: the team's order within equal influence


@dataclass(frozen=True)
class FollowUp:
    """The three lists of the follow-up view, most influential first."""

    to_check: list[Stakeholder]
    """Still assumptions: not yet checked with real customers."""
    partners: list[Stakeholder]
    """Parties flagged as possible strategic partners."""
    saboteurs: list[Stakeholder]
    """Saboteurs, and opponents with influence 4 or 5: each needs an approach."""
    without_approach: list[Stakeholder]
    """Of the saboteurs, those the team has not yet written an approach for."""


def follow_up(entries: Sequence[Stakeholder]) -> FollowUp:
    """The follow-up lists for the entries of one segment."""
    saboteurs = _by_influence(
        [
            e
            for e in entries
            if e.role == StakeholderRole.saboteur or (e.attitude == Attitude.opponent and e.influence > 3)
        ]
    )
    return FollowUp(
        to_check=_by_influence([e for e in entries if not e.verified]),
        partners=_by_influence([e for e in entries if e.strategic_partner]),
        saboteurs=saboteurs,
        without_approach=[e for e in saboteurs if not e.approach.strip()],
    )


def by_layer(entries: Sequence[Stakeholder]) -> dict[StakeholderRole, list[Stakeholder]]:
    """The entries per klanttype, top of the pyramid first, each in the team's order."""
    return {role: [e for e in entries if e.role == role] for role in ROLE_ORDER}


def influence_grid(entries: Sequence[Stakeholder]) -> dict[tuple[int, Attitude], list[Stakeholder]]:
    """The entries per (influence 5…1, attitude opponent → supporter) cell; every cell present."""
    grid = {(influence, attitude): [] for influence in range(5, 0, -1) for attitude in ATTITUDE_ORDER}
    for entry in entries:
        grid[(entry.influence, entry.attitude)].append(entry)
    return grid
