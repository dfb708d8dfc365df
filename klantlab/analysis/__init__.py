"""Pure functions on DataFrames: no printing, plotting or file access."""

from klantlab.analysis.customer_pyramid import (
    CURRY_THRESHOLDS,
    PyramidResult,
    customer_pyramid,
    gini,
    level_sizes,
    pareto_count,
    summarise,
)

__all__ = [
    "CURRY_THRESHOLDS",
    "PyramidResult",
    "customer_pyramid",
    "gini",
    "level_sizes",
    "pareto_count",
    "summarise",
]
