"""The customer pyramid (Jay Curry) and the ABC split: customers in levels by their value.

:func:`classify` splits :class:`~klantlab.analysis.customer_values.CustomerValues`
into the seven levels; it works on the per-customer values only, so changing
a threshold re-classifies a million customers in milliseconds without
touching the transactions again. :func:`customer_pyramid` does both steps.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from klantlab.analysis.abc_limits import abc_limits
from klantlab.analysis.customer_values import CustomerValues, customer_values
from klantlab.analysis.pareto import gini, pareto_count
from klantlab.errors import ImportFileError
from klantlab.model import Basis, ChurnSummary, CustomerLevel, LevelSummary, PyramidSummary, ThresholdPreset

if TYPE_CHECKING:
    from klantlab.analysis.migration import ChurnFigures

__all__ = [
    "ACTIVE_LEVELS",
    "CURRY_THRESHOLDS",
    "PRESET_THRESHOLDS",
    "TEXTBOOK_SHARES",
    "PyramidResult",
    "classify",
    "computed_thresholds",
    "customer_pyramid",
    "lead_status",
    "level_sizes",
    "summarise",
]

#: Cumulative shares of active customers: top 1 %, large 4 %, medium 15 %, small the rest.
CURRY_THRESHOLDS = (0.01, 0.05, 0.20)
PRESET_THRESHOLDS: dict[ThresholdPreset, tuple[float, ...]] = {
    ThresholdPreset.curry: CURRY_THRESHOLDS,
    ThresholdPreset.abc: CURRY_THRESHOLDS,
}
#: The share of revenue the textbooks quote for each active level (None: not quoted).
TEXTBOOK_SHARES: dict[ThresholdPreset, tuple[float | None, ...]] = {
    ThresholdPreset.curry: (0.40, 0.25, 0.15, 0.20),
    ThresholdPreset.abc: (0.50, 0.30, 0.20, None),
}
ACTIVE_LEVELS = (CustomerLevel.top, CustomerLevel.large, CustomerLevel.medium, CustomerLevel.small)
LEVEL_NAMES = [level.value for level in CustomerLevel]
_PROSPECT_WORDS = {"prospect", "prospects", "prospekt"}
_SUSPECT_WORDS = {"suspect", "suspects", "lead", "leads"}


@dataclass(frozen=True, eq=False)
class PyramidResult:
    """Per customer: value and level; per level: counts and value."""

    customers: pd.DataFrame
    """One row per customer in a level: ``customer_id``, ``revenue``, ``margin``, ``level`` (active best first,
    then inactive, prospects, suspects) and ``code`` (the customer's row in the scan, -1 for a CRM lead)."""
    levels: pd.DataFrame
    """One row per level, top first: ``level``, ``customers``, ``revenue``, ``margin``, ``revenue_share``
    (share of the ``basis`` total), ``customer_share`` (of the active customers) and ``textbook_share``."""
    basis: Basis
    period_start: dt.date | None
    period_end: dt.date | None
    thresholds: tuple[float, ...]
    preset: ThresholdPreset = ThresholdPreset.curry
    rows_total: int = 0
    rows_left_out: dict[str, int] = field(default_factory=dict)
    values: CustomerValues | None = None
    active_count: int | None = None
    """How many of :attr:`customers` are active (they come first)."""

    @functools.cached_property
    def active(self) -> pd.DataFrame:
        """The active customers (top to small), best first."""
        if self.active_count is not None:
            return self.customers.iloc[: self.active_count]
        return self.customers[self.customers["level"].isin([level.value for level in ACTIVE_LEVELS])]


def level_sizes(n_active: int, thresholds: Sequence[float] = CURRY_THRESHOLDS) -> list[int]:
    """How many of ``n_active`` ranked customers fall in each active level.

    Each cumulative share is rounded up, so a level with a share above zero
    holds at least one customer once there are customers: 1 % of 150 is 2.
    """
    bounds = [min(n_active, math.ceil(round(share * n_active, 9))) for share in thresholds] + [n_active]
    return [b - a for a, b in zip([0, *bounds[:-1]], bounds, strict=True)]


def computed_thresholds(values: Sequence[float] | pd.Series) -> tuple[float, ...]:
    """Cumulative customer shares of A and A+B from the computed ABC analysis (Ultsch & Lötsch 2015)."""
    array = np.asarray(values, dtype=float)
    array = array[array > 0]
    if array.size < 3:
        return (1.0 / 3, 2.0 / 3) if array.size else CURRY_THRESHOLDS[:2]
    limits = abc_limits(array)
    n = array.size
    a = max(1, limits.a_count)
    ab = min(max(a + 1, limits.a_count + limits.b_count), n - 1)
    shares = (a / n, ab / n)
    return shares if 0 < shares[0] < shares[1] < 1 else (1.0 / 3, 2.0 / 3)


def lead_status(status: pd.Series) -> pd.Series:
    """``prospect``/``suspect`` for the usual words in a status column (Dutch or English), else missing."""
    words = status.astype("string").str.strip().str.casefold()
    return pd.Series(
        np.where(words.isin(_PROSPECT_WORDS), "prospect", np.where(words.isin(_SUSPECT_WORDS), "suspect", None)),
        index=status.index,
        dtype="object",
    )


def _leads(crm: pd.DataFrame | None, known: pd.Index) -> pd.DataFrame:
    if crm is None or crm.empty:
        return pd.DataFrame({"customer_id": pd.Series(dtype=str), "level": pd.Series(dtype=str)})
    leads = pd.DataFrame({"customer_id": crm["customer_id"].astype(str), "level": lead_status(crm["status"])})
    leads = leads[leads["level"].notna() & ~leads["customer_id"].isin(known)]
    return leads.drop_duplicates("customer_id")


def classify(
    values: CustomerValues,
    thresholds: Sequence[float] | None = None,
    *,
    preset: ThresholdPreset | str = ThresholdPreset.curry,
    crm: pd.DataFrame | None = None,
) -> PyramidResult:
    """Split the customers of ``values`` into the seven levels.

    ``thresholds`` (1 to 3 ascending cumulative shares of the active
    customers, for top, large and medium; the rest is small) default to the
    preset's; the ``computed`` preset derives them from the data. Customers
    who bought in the look-back window but not in the period are inactive;
    ``crm`` rows (``customer_id``, ``status``) with a prospect or suspect
    status who are not customers fill the bottom two levels.
    """
    preset = ThresholdPreset(preset)
    frame = values.customers
    basis = values.basis.value
    # Positions and integer level codes only: a million customers re-classify in milliseconds.
    is_active = frame["active"].to_numpy(dtype=bool)
    active_at = np.flatnonzero(is_active)
    inactive_at = np.flatnonzero(~is_active & frame["bought_before"].to_numpy(dtype=bool))
    if thresholds is not None:  # the user's own limits: 1 to 3 ascending shares between 0 and 1
        given = tuple(float(x) for x in thresholds)
        if not (1 <= len(given) <= 3 and all(0 < x < 1 for x in given) and list(given) == sorted(set(given))):
            shown = " / ".join(f"{100 * x:g}" for x in given)
            raise ImportFileError("error.import.bad_thresholds", None, thresholds=shown)
    elif preset == ThresholdPreset.computed:
        thresholds = computed_thresholds(frame[basis].to_numpy()[active_at])
    else:
        thresholds = PRESET_THRESHOLDS.get(preset, CURRY_THRESHOLDS)
    thresholds = tuple(float(x) for x in thresholds)
    sizes = level_sizes(len(active_at), thresholds)
    names = [level.value for level in ACTIVE_LEVELS[: len(thresholds)]] + [CustomerLevel.small.value]
    codes = np.array([LEVEL_NAMES.index(name) for name in names], dtype=np.int8)
    at = np.concatenate([active_at, inactive_at])
    column = frame["customer_id"]
    if len(active_at) and active_at[-1] == len(active_at) - 1:  # active first (as values come): a slice, no copy
        parts = [column.iloc[: len(active_at)], column.take(inactive_at)]
        ids = pd.concat(parts, ignore_index=True) if len(inactive_at) else parts[0].reset_index(drop=True)
    else:
        ids = column.take(at).reset_index(drop=True)
    level_codes = np.concatenate(
        [np.repeat(codes, sizes), np.full(len(inactive_at), LEVEL_NAMES.index("inactive"), dtype=np.int8)]
    )
    zeros = np.zeros(len(inactive_at))
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "revenue": np.concatenate([frame["revenue"].to_numpy()[active_at], zeros]),
            "margin": np.concatenate([frame["margin"].to_numpy()[active_at], zeros]),
            "level": pd.Categorical.from_codes(level_codes, categories=LEVEL_NAMES),
            "code": frame["code"].to_numpy()[at] if "code" in frame else np.arange(len(at)),
        }
    )
    if crm is not None and not crm.empty:
        leads = _leads(crm, pd.Index(ids))
        extra = pd.DataFrame(
            {
                "customer_id": leads["customer_id"].to_numpy(),
                "revenue": 0.0,
                "margin": 0.0,
                "level": pd.Categorical(leads["level"], categories=LEVEL_NAMES),
                "code": -1,
            }
        )
        customers = pd.concat([customers, extra], ignore_index=True)
    levels = _level_table(customers, len(active_at), values.basis, preset)
    return PyramidResult(
        customers=customers,
        levels=levels,
        basis=values.basis,
        period_start=values.period_start,
        period_end=values.period_end,
        thresholds=thresholds,
        preset=preset,
        rows_total=values.rows_total,
        rows_left_out=dict(values.rows_left_out),
        values=values,
        active_count=len(active_at),
    )


def _level_table(customers: pd.DataFrame, n_active: int, basis: Basis, preset: ThresholdPreset) -> pd.DataFrame:
    codes = customers["level"].cat.codes.to_numpy()
    levels = len(LEVEL_NAMES)
    if codes.size and bool(np.all(codes[1:] >= codes[:-1])):  # levels in blocks, as classify puts them
        bounds = np.searchsorted(codes, np.arange(levels + 1))
        count = np.diff(bounds)

        def per_level(values: np.ndarray) -> np.ndarray:
            sums = np.add.reduceat(np.append(values, 0.0), bounds[:-1])  # the 0 lets an empty last level start
            return np.where(count > 0, sums, 0.0)
    else:
        count = np.bincount(codes, minlength=levels)

        def per_level(values: np.ndarray) -> np.ndarray:
            return np.bincount(codes, weights=values, minlength=levels)

    revenue = per_level(customers["revenue"].to_numpy())
    margin = per_level(customers["margin"].to_numpy())
    value = revenue if basis == Basis.revenue else margin
    total = value.sum()
    textbook = list(TEXTBOOK_SHARES.get(preset, (None,) * 4)) + [None] * 3
    return pd.DataFrame(
        {
            "level": LEVEL_NAMES,
            "customers": count,
            "revenue": revenue,
            "margin": margin,
            "revenue_share": value / total if total else np.zeros(len(LEVEL_NAMES)),
            "customer_share": count / n_active if n_active else np.zeros(len(LEVEL_NAMES)),
            "textbook_share": pd.array(textbook, dtype="Float64"),
        }
    ).assign(customer_share=lambda f: f["customer_share"].where(f.index < len(ACTIVE_LEVELS), np.nan))


def customer_pyramid(
    transactions: Any,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    *,
    basis: Basis = Basis.revenue,
    thresholds: Sequence[float] | None = None,
    preset: ThresholdPreset | str = ThresholdPreset.curry,
    inactive_window_months: int = 12,
    crm: pd.DataFrame | None = None,
) -> PyramidResult:
    """Values per customer (:func:`customer_values`) split into levels (:func:`classify`) in one call."""
    values = customer_values(
        transactions, period_start, period_end, basis=basis, inactive_window_months=inactive_window_months
    )
    return classify(values, thresholds, preset=preset, crm=crm)


def summarise(
    result: PyramidResult,
    computed_at: dt.datetime,
    pareto: float = 0.8,
    churn: ChurnFigures | None = None,
    previous_period: tuple[dt.date, dt.date] | None = None,
) -> PyramidSummary:
    """The figures of a pyramid result to keep in the workbook (no customer rows).

    Shares are kept unrounded (amounts to the cent): every screen and
    deliverable rounds a share once, when it shows it (``klantlab.i18n.percent``),
    so 27,6 % reads 27,6 % everywhere.

    ``churn`` (from :func:`~klantlab.analysis.migration.migration`) and the
    ``previous_period`` it compared with are kept when given.
    """
    active = result.active
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
                revenue_share=float(row.revenue_share),
            )
            for row in result.levels.itertuples()
        ],
        total_revenue=round(float(active["revenue"].sum()), 2),
        total_margin=round(float(active["margin"].sum()), 2),
        pareto_threshold=pareto,
        pareto_customers=n_pareto,
        pareto_customer_share=n_pareto / len(active) if len(active) else None,
        gini=float(gini(values)),
        rows_total=result.rows_total,
        rows_left_out=dict(result.rows_left_out),
        churn=_churn_summary(churn, previous_period),
    )


def _churn_summary(churn: ChurnFigures | None, period: tuple[dt.date, dt.date] | None) -> ChurnSummary | None:
    if churn is None or period is None:
        return None
    return ChurnSummary(
        previous_period_start=period[0],
        previous_period_end=period[1],
        previous_active=churn.previous_active,
        current_active=churn.current_active,
        lost=churn.lost,
        lost_value=round(churn.lost_value, 2),
        new=churn.new,
        new_value=round(churn.new_value, 2),
        reactivated=churn.reactivated,
        reactivated_value=round(churn.reactivated_value, 2),
        up=churn.up,
        down=churn.down,
        same=churn.same,
        unknown=churn.unknown,
        unknown_value=round(churn.unknown_value, 2),
        previous_coverage=churn.previous_coverage,
    )
