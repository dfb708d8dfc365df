"""Migration between two periods: where last period's customers are now, and churn.

Both periods are classified on their own (each its own ranking and
thresholds); a customer's move is the change of level. Customers not active
in the earlier period come in as *new* (first purchase after its start) or
*reactivated* (bought before it); those not active in the later period are
*lost*.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from klantlab.analysis.customer_pyramid import ACTIVE_LEVELS, PyramidResult

__all__ = ["LOST", "NOT_ACTIVE", "ChurnFigures", "MigrationResult", "migration", "previous_coverage"]

NOT_ACTIVE = "not_active"
"""Row of the matrix: not an active customer in the earlier period."""
LOST = "lost"
"""Column of the matrix: not an active customer in the later period."""
_ACTIVE = [level.value for level in ACTIVE_LEVELS]
_FIRST_SALE_DAYS = dt.timedelta(days=31)
"""Data that start within a month of the earlier period cover it (the first invoice of a year is seldom on the 1st)."""


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
    unknown: int = 0
    """Came in, but the data start after the earlier period's start: new or returning cannot be told."""
    unknown_value: float = 0.0
    previous_coverage: float = 1.0
    """The share of the earlier period the data cover (1: all of it)."""

    @property
    def churn_rate(self) -> float:
        """Lost customers as a share of the earlier period's active customers."""
        return self.lost / self.previous_active if self.previous_active else 0.0

    @property
    def retention_rate(self) -> float:
        return 1 - self.churn_rate if self.previous_active else 0.0


@dataclass(frozen=True, eq=False)
class MigrationResult:
    """Level in the earlier period (rows) × level in the later period (columns)."""

    customers: pd.DataFrame
    """Counts; rows top…small and ``not_active``, columns top…small and ``lost``."""
    value: pd.DataFrame
    """Value in the later period; in the ``lost`` column the value they had in the earlier one."""
    churn: ChurnFigures
    move_columns: dict[str, object] = field(default_factory=dict, repr=False)
    """The columns of :attr:`moves`, with the customer ids still to be taken (see there)."""

    @functools.cached_property
    def moves(self) -> pd.DataFrame:
        """One row per customer active in either period: ``customer_id``, ``previous``, ``current``, ``move`` and
        both values. Made when asked for: a threshold change does not list a million customers."""
        columns = dict(self.move_columns)
        ids, at = columns.pop("ids"), columns.pop("at")
        return pd.DataFrame({"customer_id": ids.take(at).reset_index(drop=True), **columns})


def _customer_index(previous: PyramidResult, current: PyramidResult) -> tuple[np.ndarray, np.ndarray, pd.Series,
                                                                               pd.Series]:  # fmt: skip
    """Integer codes of both periods' active customers in one customer index, its ids and first purchases.

    Periods from the same scan already share codes (the row of the scan's
    customer table); otherwise the ids are factorised together once.
    """
    before, after = previous.active, current.active
    totals = current.values.totals if current.values is not None else None
    if totals is not None and previous.values is not None and previous.values.totals is totals:
        customers = totals.customers
        return (before["code"].to_numpy(), after["code"].to_numpy(), customers["customer_id"],
                customers["first_date"])  # fmt: skip
    codes, ids = pd.factorize(pd.concat([before["customer_id"], after["customer_id"]], ignore_index=True))
    first = pd.Series(pd.NaT, index=range(len(ids)), dtype="datetime64[ns]")
    if current.values is not None:
        known = current.values.customers.set_index("customer_id")["first_date"]
        first = pd.Series(pd.Index(ids).map(known), dtype="datetime64[ns]")
    return codes[: len(before)], codes[len(before) :], pd.Series(ids, dtype=str), first


def _levels_by_code(result: PyramidResult, codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per customer code: the active level's position in top…small (-1: not active) and the value."""
    level = np.full(size, -1, dtype=np.int8)
    value = np.zeros(size)
    active = result.active
    level[codes] = active["level"].cat.codes.to_numpy()  # top…small are the first four categories
    value[codes] = active[result.basis.value].to_numpy(dtype=float)
    return level, value


def previous_coverage(previous: PyramidResult) -> float:
    """The share of ``previous``'s period that its data cover: less than 1 when the data start inside it."""
    values = previous.values
    start, end = previous.period_start, previous.period_end
    first = values.data_start if values is not None else None
    if first is None or start is None or end is None or first <= start + _FIRST_SALE_DAYS:
        return 1.0
    return max(0.0, min(1.0, ((end - first).days + 1) / ((end - start).days + 1)))


def migration(previous: PyramidResult, current: PyramidResult) -> MigrationResult:
    """The migration matrix and churn figures from ``previous`` to ``current`` (same basis)."""
    before_codes, after_codes, ids, first_dates = _customer_index(previous, current)
    size = len(ids)
    was, previous_value = _levels_by_code(previous, before_codes, size)
    now, current_value = _levels_by_code(current, after_codes, size)
    involved = np.flatnonzero((was >= 0) | (now >= 0))
    was, now = was[involved], now[involved]
    previous_value, current_value = previous_value[involved], current_value[involved]
    first = first_dates.to_numpy(dtype="datetime64[ns]")[involved]
    earlier_start = np.datetime64(previous.period_start, "ns") if previous.period_start else None
    came_in = (was < 0) & (now >= 0)
    returning = came_in & (first < earlier_start) if earlier_start is not None else np.zeros_like(came_in)
    coverage = previous_coverage(previous)
    unknown = came_in & (coverage < 1)  # the file does not hold their history: "new" is not claimed
    both = (was >= 0) & (now >= 0)
    move_names = ["lost", "reactivated", "new", "up", "down", "same", "unknown"]
    move_codes = np.full(len(involved), move_names.index("same"), dtype=np.int8)
    for name, where in (("down", both & (now > was)), ("up", both & (now < was)), ("new", came_in),
                        ("reactivated", returning), ("unknown", unknown), ("lost", now < 0)):  # fmt: skip
        move_codes[where] = move_names.index(name)  # later ones win, as the order of the checks says
    tallies = np.bincount(move_codes, minlength=len(move_names))
    lost_values = np.bincount(move_codes, weights=previous_value, minlength=len(move_names))
    new_values = np.bincount(move_codes, weights=current_value, minlength=len(move_names))
    row_names, column_names = [*_ACTIVE, NOT_ACTIVE], [*_ACTIVE, LOST]
    rows_at = np.where(was >= 0, was, len(_ACTIVE)).astype(np.int8)
    columns_at = np.where(now >= 0, now, len(_ACTIVE)).astype(np.int8)
    moves = {  # categories from integer codes: a million moves without a million strings
        "ids": ids,
        "at": involved,
        "previous": pd.Categorical.from_codes(rows_at, categories=row_names),
        "current": pd.Categorical.from_codes(columns_at, categories=column_names),
        "previous_value": previous_value,
        "current_value": current_value,
        "move": pd.Categorical.from_codes(move_codes, categories=move_names),
    }
    shape = (len(row_names), len(column_names))
    cell = rows_at * shape[1] + columns_at
    value = np.where(now >= 0, current_value, previous_value)
    counts = pd.DataFrame(np.bincount(cell, minlength=shape[0] * shape[1]).reshape(shape),
                          index=row_names, columns=column_names)  # fmt: skip
    values = pd.DataFrame(np.bincount(cell, weights=value, minlength=shape[0] * shape[1]).reshape(shape),
                          index=row_names, columns=column_names)  # fmt: skip
    counts.index.name = values.index.name = "previous"
    counts.columns.name = values.columns.name = "current"

    def tally(name: str) -> int:
        return int(tallies[move_names.index(name)])

    def total(name: str, amounts: np.ndarray) -> float:
        return float(amounts[move_names.index(name)])

    churn = ChurnFigures(
        previous_active=int(np.count_nonzero(was >= 0)),
        current_active=int(np.count_nonzero(now >= 0)),
        lost=tally("lost"),
        lost_value=total("lost", lost_values),
        new=tally("new"),
        new_value=total("new", new_values),
        reactivated=tally("reactivated"),
        reactivated_value=total("reactivated", new_values),
        up=tally("up"),
        down=tally("down"),
        same=tally("same"),
        unknown=tally("unknown"),
        unknown_value=total("unknown", new_values),
        previous_coverage=coverage,
    )
    return MigrationResult(counts.astype(int), values, churn, moves)
