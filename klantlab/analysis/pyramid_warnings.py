"""What the pyramid's figures rest on, said where they are shown: partial periods, outlying dates, no value.

Each warning is a :class:`~klantlab.model.PyramidWarning`: a catalog key
(``pyramid.warning.<key>``) and its values, kept in the workbook's summary so
the widget, the dashboard, the command line and the deliverables say the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from klantlab.i18n import number, percent, t
from klantlab.model import PyramidWarning

if TYPE_CHECKING:
    from klantlab.analysis.customer_values import CustomerValues
    from klantlab.analysis.migration import MigrationResult

__all__ = ["pyramid_warnings", "warning_texts"]


def pyramid_warnings(
    current: CustomerValues, previous: CustomerValues | None, moves: MigrationResult | None
) -> list[PyramidWarning]:
    """The warnings for an analysis of ``current`` (and ``previous``, and the migration between them)."""
    warnings = []
    if current.outlying_dates:
        rows = sum(count for _, count in current.outlying_dates)
        days = ", ".join(day.isoformat() for day, _ in current.outlying_dates[:5])
        more = len(current.outlying_dates) - 5
        warnings.append(PyramidWarning(key="outlying_dates", values={
            "rows": rows, "dates": days + (f" (+{more})" if more > 0 else ""),
            "end": current.period_end.isoformat()}))  # fmt: skip
    if previous is not None and previous.period_start and previous.period_end:
        data_start = current.data_start
        coverage = moves.churn.previous_coverage if moves is not None else 0.0
        if data_start is not None and data_start > previous.period_start and coverage < 1:
            warnings.append(PyramidWarning(key="previous_partial" if moves is not None else "previous_missing", values={
                "start": previous.period_start.isoformat(), "end": previous.period_end.isoformat(),
                "data_start": data_start.isoformat(), "coverage": coverage}))  # fmt: skip
    if current.no_value_customers:
        warnings.append(PyramidWarning(key="no_value_customers", values={"count": current.no_value_customers}))
    return warnings


def warning_texts(warnings: list[PyramidWarning]) -> list[str]:
    """The warnings of a pyramid summary in the user's language: numbers and shares written as everywhere else."""
    shown = []
    for warning in warnings:
        values = dict(warning.values)
        for name in ("rows", "count"):
            if name in values:
                values[name] = number(values[name])
        if "coverage" in values:
            values["coverage"] = percent(values["coverage"], 0)
        shown.append(t(f"pyramid.warning.{warning.key}", **values))
    return shown
