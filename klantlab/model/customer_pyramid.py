"""Klantenpiramide: the settings of the analysis and the summary it produced.

The client's raw customer data stays in its own file; the workbook refers to
it and keeps the settings and the summary, never the rows.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from klantlab.model.base import Record, ShortText

__all__ = [
    "Basis",
    "ChurnSummary",
    "CustomerLevel",
    "CustomerPyramidSection",
    "DateOrder",
    "LevelSummary",
    "PyramidSettings",
    "PyramidSummary",
    "ThresholdPreset",
]


class Basis(StrEnum):
    """What customers are ranked on."""

    revenue = "revenue"
    margin = "margin"


class CustomerLevel(StrEnum):
    """The seven levels of the customer pyramid, top first."""

    top = "top"
    large = "large"
    medium = "medium"
    small = "small"
    inactive = "inactive"
    prospect = "prospect"
    suspect = "suspect"


class ThresholdPreset(StrEnum):
    """Ready-made splits of the active customers."""

    curry = "curry"
    abc = "abc"
    custom = "custom"
    computed = "computed"
    """Limits computed from the data (Ultsch & Lötsch 2015) instead of fixed percentages."""


class Currency(StrEnum):
    """The currency a client's amounts are in."""

    eur = "EUR"
    gbp = "GBP"
    usd = "USD"


class DateOrder(StrEnum):
    """How the dates in a client's file are written (empty setting: recognised from the values)."""

    iso = "iso"
    day_first = "day_first"
    month_first = "month_first"


class PyramidSettings(Record):
    """How the analysis was run: which file, columns, period, basis and split."""

    source_file: ShortText = ""
    customers_file: ShortText = ""
    crm_file: ShortText = ""
    sheet: ShortText = ""
    """The Excel sheet (empty: the first)."""
    column_map: dict[str, ShortText] = Field(default_factory=dict)
    date_order: DateOrder | None = None
    decimal_comma: bool | None = None
    """Whether amounts use a decimal comma (None: recognised from the values)."""
    currency: Currency | None = None
    """The currency of the amounts (None: recognised from the file, euro when it shows none)."""
    basis: Basis = Basis.revenue
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    inactive_window_months: int = Field(default=12, ge=1, le=120)
    preset: ThresholdPreset = ThresholdPreset.curry
    #: Cumulative shares of active customers for top, large, medium (the rest is small).
    thresholds: list[float] = Field(default_factory=lambda: [0.01, 0.05, 0.20], min_length=1, max_length=3)

    @model_validator(mode="after")
    def _check(self) -> PyramidSettings:
        if any(not 0 < x < 1 for x in self.thresholds) or self.thresholds != sorted(set(self.thresholds)):
            raise PydanticCustomError("model.thresholds_order", "thresholds")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise PydanticCustomError("model.period_order", "period")
        return self


class LevelSummary(Record):
    """Customers and value of one level in the analysed period."""

    level: CustomerLevel
    customers: int = Field(ge=0)
    revenue: float = 0.0
    margin: float = 0.0
    revenue_share: float = 0.0


class ChurnSummary(Record):
    """Moves of customers from the previous period to the analysed one."""

    previous_period_start: dt.date
    previous_period_end: dt.date
    previous_active: int = Field(ge=0)
    current_active: int = Field(ge=0)
    lost: int = Field(ge=0)
    lost_value: float = 0.0
    new: int = Field(ge=0)
    new_value: float = 0.0
    reactivated: int = Field(ge=0)
    reactivated_value: float = 0.0
    up: int = Field(ge=0)
    down: int = Field(ge=0)
    same: int = Field(ge=0)
    unknown: int = Field(default=0, ge=0)
    """Came in while the data do not cover the previous period: new or returning cannot be told."""
    unknown_value: float = 0.0
    previous_coverage: float = Field(default=1.0, ge=0, le=1)
    """The share of the previous period the data cover."""


class PyramidWarning(Record):
    """What a figure rests on that the reader must know: a key of the catalog (``pyramid.warning.<key>``) and its
    values."""

    key: str
    values: dict[str, str | int | float] = Field(default_factory=dict)


class PyramidSummary(Record):
    """The figures of the last analysis run, as shown on the dashboard."""

    computed_at: dt.datetime
    levels: list[LevelSummary] = Field(default_factory=list)
    total_revenue: float = 0.0
    total_margin: float = 0.0
    pareto_threshold: float = Field(default=0.8, gt=0, le=1)
    pareto_customers: int | None = Field(default=None, ge=0)
    pareto_customer_share: float | None = Field(default=None, ge=0, le=1)
    gini: float | None = Field(default=None, ge=0, le=1)
    rows_total: int = Field(default=0, ge=0)
    rows_left_out: dict[str, int] = Field(default_factory=dict)
    churn: ChurnSummary | None = None
    currency: Currency = Currency.eur
    """The currency the amounts are in (every screen and deliverable writes it)."""
    no_value_customers: int = Field(default=0, ge=0)
    """Customers who bought in the period but net to zero or less (and not before it): in no level."""
    warnings: list[PyramidWarning] = Field(default_factory=list)


class CustomerPyramidSection(Record):
    """Settings and the latest summary of the customer pyramid."""

    settings: PyramidSettings = Field(default_factory=PyramidSettings)
    summary: PyramidSummary | None = None
