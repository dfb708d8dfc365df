"""The whole customer-pyramid analysis from per-customer values: levels, Pareto, migration, potential, attention.

Used alike by the notebook widget, the dashboard and ``klantlab pyramid``.
Re-running it after a threshold change costs milliseconds: the transactions
were summed per customer once (:func:`customer_values`) and are not read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from klantlab.analysis.customer_pyramid import PyramidResult, classify, summarise
from klantlab.analysis.customer_values import CustomerValues, period_values, previous_period
from klantlab.analysis.migration import MigrationResult, migration
from klantlab.analysis.pareto import ParetoResult, pareto
from klantlab.analysis.potential import PotentialResult, attention_per_level, potential_matrix
from klantlab.analysis.pyramid_warnings import pyramid_warnings
from klantlab.errors import ImportFileError
from klantlab.model import PyramidSettings, PyramidSummary, ThresholdPreset

__all__ = ["PyramidAnalysis", "analyse_pyramid", "period_values", "previous_period", "settings_values"]


def settings_values(data: Any, settings: PyramidSettings) -> tuple[CustomerValues, CustomerValues | None]:
    """:func:`period_values` with the period, basis and inactive window a workbook's pyramid settings hold."""
    return period_values(
        data,
        settings.period_start,
        settings.period_end,
        basis=settings.basis,
        inactive_window_months=settings.inactive_window_months,
    )


@dataclass(frozen=True, eq=False)
class PyramidAnalysis:
    """Everything the Klantenpiramide shows, for one set of settings."""

    result: PyramidResult
    pareto: ParetoResult
    previous: PyramidResult | None = None
    migration: MigrationResult | None = None
    potential: PotentialResult | None = None
    attention: pd.DataFrame | None = None
    previous_values: CustomerValues | None = None
    """The earlier period's values also when nobody was active in it (then there is no :attr:`previous`)."""

    def summary(self, computed_at: dt.datetime) -> PyramidSummary:
        """What the workbook keeps of it (figures, no customer rows)."""
        period = None
        if self.previous is not None and self.previous.period_start and self.previous.period_end:
            period = (self.previous.period_start, self.previous.period_end)
        churn = self.migration.churn if self.migration is not None else None
        summary = summarise(self.result, computed_at, self.pareto.threshold, churn, period)
        current = self.result.values
        if current is None:
            return summary
        previous = self.previous.values if self.previous is not None else self.previous_values
        return summary.model_copy(update={
            "no_value_customers": current.no_value_customers,
            "warnings": pyramid_warnings(current, previous, self.migration),
        })  # fmt: skip


def analyse_pyramid(
    current: CustomerValues,
    previous: CustomerValues | None = None,
    *,
    preset: ThresholdPreset | str = ThresholdPreset.curry,
    thresholds: Sequence[float] | None = None,
    pareto_threshold: float = 0.8,
    crm: pd.DataFrame | None = None,
    attributes: pd.DataFrame | None = None,
) -> PyramidAnalysis:
    """Classify ``current`` (and ``previous`` for the migration), and add Pareto, potential and attention.

    ``crm`` has ``customer_id`` and ``status`` (prospects, suspects);
    ``attributes`` has ``customer_id`` and any of ``potential``, ``contacts``,
    ``account_manager``. Parts whose data is missing are None.
    """
    if not (isinstance(pareto_threshold, int | float) and 0 < pareto_threshold <= 1):  # NaN fails too
        raise ImportFileError("error.import.bad_pareto", None, value=pareto_threshold)
    result = classify(current, thresholds, preset=preset, crm=crm)
    active = result.active
    concentration = pareto(active[result.basis.value], active["customer_id"], pareto_threshold)
    before = moves = None
    if previous is not None and previous.customers["active"].any():
        # The earlier period is split the same way: same preset and (for fixed presets) the same percentages.
        same = result.thresholds if ThresholdPreset(preset) != ThresholdPreset.computed else None
        before = classify(previous, same, preset=preset)
        moves = migration(before, result)
    potential = attention = None
    if attributes is not None and "potential" in attributes and attributes["potential"].notna().any():
        potential = potential_matrix(result, attributes)
    if attributes is not None and ({"contacts", "account_manager"} & set(attributes.columns)):
        attention = attention_per_level(result, attributes)
    return PyramidAnalysis(result, concentration, before, moves, potential, attention, previous)
