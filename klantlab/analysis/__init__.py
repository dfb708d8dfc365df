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
from klantlab.analysis.workbook_status import KeyFigures, ModelStatus, key_figures, model_status

__all__ = [
    "CURRY_THRESHOLDS",
    "KeyFigures",
    "ModelStatus",
    "PyramidResult",
    "customer_pyramid",
    "gini",
    "key_figures",
    "level_sizes",
    "model_status",
    "pareto_count",
    "summarise",
]
