"""Concentration of value: the Pareto count, the Lorenz curve and the Gini coefficient.

The curve is returned with at most ``max_points`` points whatever the number
of customers (a million customers must not become a million points in a
chart), always including both ends and the exact Pareto point.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["ParetoResult", "gini", "pareto", "pareto_count"]


def _descending(array: np.ndarray) -> np.ndarray:
    """``array`` sorted from high to low; values that are ranked already (a pyramid's are) are not sorted again."""
    if array.size < 2 or bool(np.all(array[:-1] >= array[1:])):
        return array
    return -np.sort(-array)


def _positive_descending(values: pd.Series | np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return _descending(array[array > 0])


def pareto_count(values: pd.Series | np.ndarray, share: float = 0.8) -> int:
    """The fewest customers whose values together make ``share`` of the total (of the positive values)."""
    ordered = _positive_descending(values)
    if ordered.size == 0:
        return 0
    cumulative = np.cumsum(ordered)
    return int(np.searchsorted(cumulative, share * cumulative[-1] * (1 - 1e-12)) + 1)


def gini(values: pd.Series | np.ndarray) -> float:
    """Gini coefficient of the values (negatives count as 0): 0 = all equal, near 1 = one has all."""
    x = _descending(np.clip(np.asarray(values, dtype=float), 0, None))[::-1]
    n, total = x.size, x.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(2 * np.sum(ranks * x) / (n * total) - (n + 1) / n)


@dataclass(frozen=True)
class ParetoResult:
    """How concentrated the value is among the customers with a positive value."""

    threshold: float
    customers: int
    """The fewest customers that make ``threshold`` of the value."""
    customer_share: float
    total_customers: int
    gini: float
    curve_customer_share: np.ndarray
    """x of the concentration curve: share of customers, best first (0 to 1)."""
    curve_value_share: np.ndarray
    """y: cumulative share of the value they hold (0 to 1)."""
    ids: pd.Series = field(default_factory=lambda: pd.Series(dtype=str), repr=False, compare=False)
    """Every customer's id, in the order of the values given."""
    ranking: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False, compare=False)
    """Positions in :attr:`ids` of the customers with a positive value, best first."""

    @functools.cached_property
    def customer_ids(self) -> list[str]:
        """The :attr:`customers` that make the threshold, best first (a million ids are not listed until asked)."""
        return self.ids.take(self.ranking[: self.customers]).astype(str).tolist()


def _curve_indices(n: int, max_points: int, keep: int) -> np.ndarray:
    return np.unique(np.concatenate([np.linspace(0, n, min(n + 1, max_points - 1)).round().astype(int), [keep]]))


def pareto(
    values: pd.Series, customer_ids: pd.Series | None = None, threshold: float = 0.8, max_points: int = 400
) -> ParetoResult:
    """The Pareto count, its customers, Gini and the concentration (Pareto/Lorenz) curve.

    ``values`` per customer (only positive ones count); ``customer_ids`` in
    the same order (default: the index).
    """
    ids = pd.Series(values.index if customer_ids is None else customer_ids, index=values.index)
    array = values.to_numpy(dtype=float)
    at = np.flatnonzero(array > 0)
    if at.size > 1 and not bool(np.all(array[at][:-1] >= array[at][1:])):
        at = at[np.argsort(-array[at], kind="stable")]
    ordered = array[at]
    n = ordered.size
    count = pareto_count(ordered, threshold)
    cumulative = np.concatenate([[0.0], np.cumsum(ordered)])
    total = cumulative[-1] if n else 1.0
    indices = _curve_indices(n, max_points, count)
    return ParetoResult(
        threshold=threshold,
        customers=count,
        customer_share=count / n if n else 0.0,
        total_customers=n,
        gini=gini(ordered),
        curve_customer_share=indices / n if n else np.array([0.0, 1.0]),
        curve_value_share=cumulative[indices] / total if n else np.array([0.0, 1.0]),
        ids=ids,
        ranking=at,
    )
