"""The customer pyramid (Jay Curry): customers split into levels by their value.

Input is a transactions frame in klantlab's own column names — ``customer_id``,
``date``, ``revenue``, ``margin`` — one row per invoice or invoice line; credit
notes are rows with negative amounts and are netted. Prospects and suspects
come from a separate frame with ``customer_id`` and ``status``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from klantlab.model import Basis, CustomerLevel, LevelSummary, PyramidSummary

__all__ = [
    "ACTIVE_LEVELS",
    "CURRY_THRESHOLDS",
    "PyramidResult",
    "customer_pyramid",
    "gini",
    "level_sizes",
    "pareto_count",
    "summarise",
]

#: Cumulative shares of active customers: top 1 %, large 4 %, medium 15 %, small the rest.
CURRY_THRESHOLDS = (0.01, 0.05, 0.20)
ACTIVE_LEVELS = (CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small)
_LEVEL_ORDER = list(CustomerLevel)


@dataclass(frozen=True)
class PyramidResult:
    """Per customer: value and level; per level: counts and value."""

    customers: pd.DataFrame
    """One row per customer: ``customer_id``, ``revenue``, ``margin``, ``level`` (best first)."""
    levels: pd.DataFrame
    """One row per level, top first: ``level``, ``customers``, ``revenue``, ``margin``, ``revenue_share``."""
    basis: Basis
    period_start: dt.date
    period_end: dt.date


def level_sizes(n_active: int, thresholds: Sequence[float] = CURRY_THRESHOLDS) -> list[int]:
    """How many of ``n_active`` ranked customers fall in each active level.

    Each cumulative share is rounded up, so a level with a share above zero
    holds at least one customer once there are customers: 1 % of 150 is 2.
    """
    bounds = [min(n_active, math.ceil(round(share * n_active, 9))) for share in thresholds] + [n_active]
    return [b - a for a, b in zip([0, *bounds[:-1]], bounds, strict=True)]


def customer_pyramid(
    transactions: pd.DataFrame,
    period_start: dt.date,
    period_end: dt.date,
    *,
    basis: Basis = Basis.revenue,
    thresholds: Sequence[float] = CURRY_THRESHOLDS,
    inactive_window_months: int = 12,
    crm: pd.DataFrame | None = None,
) -> PyramidResult:
    """Split the customers active in ``[period_start, period_end]`` into levels.

    ``thresholds`` are 1 to 3 cumulative shares of the active customers for
    top, large and medium; the rest are small.

    Active customers are those with a positive net revenue in the period
    (credit notes netted: a customer whose only rows are credit notes did not
    buy); they are ranked on their net ``basis`` (ties: lower ``customer_id``
    first). Customers who bought in the ``inactive_window_months`` before the
    period but are not active in it are inactive;
    CRM rows with status ``prospect``/``suspect`` that are not active or
    inactive customers fill the bottom two levels.
    """
    dates = pd.to_datetime(transactions["date"])
    start, end = pd.Timestamp(period_start), pd.Timestamp(period_end)
    in_period = transactions[(dates >= start) & (dates <= end)]
    active = (
        in_period.groupby("customer_id", sort=False)[["revenue", "margin"]]
        .sum()
        .query("revenue > 0")
        .reset_index()
        .sort_values([basis.value, "customer_id"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )
    sizes = level_sizes(len(active), thresholds)
    names = [level.value for level in ACTIVE_LEVELS[: len(thresholds)]] + [CustomerLevel.small.value]
    active["level"] = np.repeat(names, sizes)

    window_start = start - pd.DateOffset(months=inactive_window_months)
    before = transactions[(dates >= window_start) & (dates < start)]
    inactive_ids = pd.Index(before["customer_id"].unique()).difference(active["customer_id"])
    inactive = pd.DataFrame({"customer_id": inactive_ids, "revenue": 0.0, "margin": 0.0, "level": "inactive"})

    frames = [active, inactive]
    if crm is not None:
        known = pd.Index(active["customer_id"]).union(inactive_ids)
        leads = crm[~crm["customer_id"].isin(known) & crm["status"].isin(["prospect", "suspect"])]
        frames.append(
            pd.DataFrame({"customer_id": leads["customer_id"], "revenue": 0.0, "margin": 0.0, "level": leads["status"]})
        )
    customers = pd.concat(frames, ignore_index=True)
    customers["level"] = pd.Categorical(customers["level"], categories=[lv.value for lv in _LEVEL_ORDER])

    levels = customers.groupby("level", observed=False).agg(
        customers=("customer_id", "size"), revenue=("revenue", "sum"), margin=("margin", "sum")
    )
    total = levels[basis.value].sum()
    levels["revenue_share"] = levels[basis.value] / total if total else 0.0
    levels = levels.reset_index()
    levels["level"] = levels["level"].astype(str)
    return PyramidResult(customers, levels, basis, period_start, period_end)


def pareto_count(values: pd.Series, share: float = 0.8) -> int:
    """The fewest customers whose values together make ``share`` of the total (of the positive values)."""
    ordered = np.sort(values[values > 0].to_numpy())[::-1]
    if ordered.size == 0:
        return 0
    cumulative = np.cumsum(ordered)
    return int(np.searchsorted(cumulative, share * cumulative[-1] - 1e-9 * cumulative[-1]) + 1)


def gini(values: pd.Series) -> float:
    """Gini coefficient of the values (negatives count as 0): 0 = all equal, near 1 = one has all."""
    x = np.sort(np.clip(values.to_numpy(dtype=float), 0, None))
    n, total = x.size, x.sum()
    if n == 0 or total == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(2 * np.sum(ranks * x) / (n * total) - (n + 1) / n)


def summarise(
    result: PyramidResult, computed_at: dt.datetime, rows_left_out: dict[str, int] | None = None, pareto: float = 0.8
) -> PyramidSummary:
    """The figures of a pyramid result to keep in the workbook (no customer rows)."""
    active = result.customers[result.customers["level"].isin([lv.value for lv in ACTIVE_LEVELS])]
    values = active[result.basis.value]
    n_pareto = pareto_count(values, pareto)
    return PyramidSummary(
        computed_at=computed_at,
        levels=[
            LevelSummary(
                level=CustomerLevel(row.level),
                customers=int(row.customers),
                revenue=round(float(row.revenue), 2),
                margin=round(float(row.margin), 2),
                revenue_share=round(float(row.revenue_share), 4),
            )
            for row in result.levels.itertuples()
        ],
        total_revenue=round(float(active["revenue"].sum()), 2),
        total_margin=round(float(active["margin"].sum()), 2),
        pareto_threshold=pareto,
        pareto_customers=n_pareto,
        pareto_customer_share=round(n_pareto / len(active), 4) if len(active) else None,
        gini=round(gini(values), 4),
        rows_left_out=dict(rows_left_out or {}),
    )
