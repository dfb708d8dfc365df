"""Migration between two periods: where last period's customers are now, and churn.

Both periods are classified on their own (each its own ranking and
thresholds); a customer's move is the change of level. Customers not active
in the earlier period come in as *new* (first purchase after its start) or
*reactivated* (bought before it); those not active in the later period are
*lost*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from klantlab.analysis.customer_pyramid import ACTIVE_LEVELS, PyramidResult

__all__ = ["LOST", "NOT_ACTIVE", "ChurnFigures", "MigrationResult", "migration"]

NOT_ACTIVE = "not_active"
"""Row of the matrix: not an active customer in the earlier period."""
LOST = "lost"
"""Column of the matrix: not an active customer in the later period."""
_ACTIVE = [level.value for level in ACTIVE_LEVELS]


@dataclass(frozen=True)
class ChurnFigures:
    """Counts and value of the moves between the two periods (value on the pyramid's basis)."""

    previous_active: int
    current_active: int
    lost: int
    lost_value: float
    """What the lost customers brought in the earlier period."""
    new: int
    new_value: float
    reactivated: int
    reactivated_value: float
    up: int
    down: int
    same: int

    @property
    def churn_rate(self) -> float:
        """Lost customers as a share of the earlier period's active customers."""
        return self.lost / self.previous_active if self.previous_active else 0.0

    @property
    def retention_rate(self) -> float:
        return 1 - self.churn_rate if self.previous_active else 0.0


@dataclass(frozen=True)
class MigrationResult:
    """Level in the earlier period (rows) × level in the later period (columns)."""

    customers: pd.DataFrame
    """Counts; rows top…small and ``not_active``, columns top…small and ``lost``."""
    value: pd.DataFrame
    """Value in the later period; in the ``lost`` column the value they had in the earlier one."""
    churn: ChurnFigures
    moves: pd.DataFrame
    """One row per customer active in either period: ``customer_id``, ``previous``, ``current``, ``move``."""


def _active_levels(result: PyramidResult) -> pd.DataFrame:
    active = result.active
    return pd.DataFrame(
        {
            "customer_id": active["customer_id"].to_numpy(),
            "level": active["level"].astype(str).to_numpy(),
            "value": active[result.basis.value].to_numpy(dtype=float),
        }
    )


def migration(previous: PyramidResult, current: PyramidResult) -> MigrationResult:
    """The migration matrix and churn figures from ``previous`` to ``current`` (same basis)."""
    before = _active_levels(previous).rename(columns={"level": "previous", "value": "previous_value"})
    after = _active_levels(current).rename(columns={"level": "current", "value": "current_value"})
    moves = before.merge(after, on="customer_id", how="outer")
    moves["previous"] = moves["previous"].fillna(NOT_ACTIVE)
    moves["current"] = moves["current"].fillna(LOST)
    moves[["previous_value", "current_value"]] = moves[["previous_value", "current_value"]].fillna(0.0)

    first = pd.Series(dtype="datetime64[ns]")
    if current.values is not None:
        first = current.values.customers.set_index("customer_id")["first_date"]
    first_date = moves["customer_id"].map(first)
    earlier_start = pd.Timestamp(previous.period_start) if previous.period_start else pd.Timestamp.min
    came_in = (moves["previous"] == NOT_ACTIVE) & (moves["current"] != LOST)
    returning = came_in & (first_date < earlier_start).fillna(False).astype(bool)
    rank = {level: position for position, level in enumerate(_ACTIVE)}
    both = (moves["previous"] != NOT_ACTIVE) & (moves["current"] != LOST)
    previous_rank = moves["previous"].map(rank)
    current_rank = moves["current"].map(rank)
    moves["move"] = np.select(
        [moves["current"] == LOST, returning, came_in, both & (current_rank < previous_rank),
         both & (current_rank > previous_rank)],
        ["lost", "reactivated", "new", "up", "down"],
        default="same",
    )  # fmt: skip

    rows, columns = [*_ACTIVE, NOT_ACTIVE], [*_ACTIVE, LOST]
    counts = pd.crosstab(moves["previous"], moves["current"]).reindex(index=rows, columns=columns, fill_value=0)
    value = moves["current_value"].where(moves["current"] != LOST, moves["previous_value"])
    values = (
        pd.crosstab(moves["previous"], moves["current"], values=value, aggfunc="sum")
        .reindex(index=rows, columns=columns)
        .fillna(0.0)
    )
    counts.index.name = values.index.name = "previous"
    counts.columns.name = values.columns.name = "current"

    def _sum(move: str, column: str) -> float:
        return float(moves.loc[moves["move"] == move, column].sum())

    tally = moves["move"].value_counts()
    churn = ChurnFigures(
        previous_active=int((moves["previous"] != NOT_ACTIVE).sum()),
        current_active=int((moves["current"] != LOST).sum()),
        lost=int(tally.get("lost", 0)),
        lost_value=_sum("lost", "previous_value"),
        new=int(tally.get("new", 0)),
        new_value=_sum("new", "current_value"),
        reactivated=int(tally.get("reactivated", 0)),
        reactivated_value=_sum("reactivated", "current_value"),
        up=int(tally.get("up", 0)),
        down=int(tally.get("down", 0)),
        same=int(tally.get("same", 0)),
    )
    return MigrationResult(counts.astype(int), values, churn, moves)
