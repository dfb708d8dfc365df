"""Pure functions on tables: no printing, plotting or file access."""

from klantlab.analysis.abc_limits import AbcLimits, abc_classes, abc_limits
from klantlab.analysis.customer_attributes import customer_attributes
from klantlab.analysis.customer_pyramid import (
    ACTIVE_LEVELS,
    CURRY_THRESHOLDS,
    PRESET_THRESHOLDS,
    TEXTBOOK_SHARES,
    PyramidResult,
    classify,
    computed_thresholds,
    customer_pyramid,
    level_sizes,
    summarise,
)
from klantlab.analysis.customer_values import CustomerValues, columns_of, customer_values, default_period, months_before
from klantlab.analysis.migration import ChurnFigures, MigrationResult, migration
from klantlab.analysis.pareto import ParetoResult, gini, pareto, pareto_count
from klantlab.analysis.potential import PotentialResult, attention_per_level, potential_matrix
from klantlab.analysis.pyramid_analysis import PyramidAnalysis, analyse_pyramid, period_values, previous_period
from klantlab.analysis.workbook_status import KeyFigures, ModelStatus, key_figures, model_status

__all__ = [
    "ACTIVE_LEVELS",
    "CURRY_THRESHOLDS",
    "PRESET_THRESHOLDS",
    "TEXTBOOK_SHARES",
    "AbcLimits",
    "ChurnFigures",
    "CustomerValues",
    "KeyFigures",
    "MigrationResult",
    "ModelStatus",
    "ParetoResult",
    "PotentialResult",
    "PyramidAnalysis",
    "PyramidResult",
    "abc_classes",
    "abc_limits",
    "analyse_pyramid",
    "attention_per_level",
    "classify",
    "columns_of",
    "computed_thresholds",
    "customer_attributes",
    "customer_pyramid",
    "customer_values",
    "default_period",
    "gini",
    "key_figures",
    "level_sizes",
    "migration",
    "model_status",
    "months_before",
    "pareto",
    "pareto_count",
    "period_values",
    "potential_matrix",
    "previous_period",
    "summarise",
]
