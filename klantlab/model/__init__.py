"""The workbook and its parts as typed, validated data (no pandas, no UI)."""

from klantlab.model.customer_pyramid import (
    Basis,
    ChurnSummary,
    Currency,
    CustomerLevel,
    CustomerPyramidSection,
    DateOrder,
    LevelSummary,
    PyramidSettings,
    PyramidSummary,
    PyramidWarning,
    ThresholdPreset,
)
from klantlab.model.journey import Journey, Phase, Touchpoint
from klantlab.model.problems import describe_validation_error
from klantlab.model.segmentation import (
    AttractivenessFactor,
    CriterionFamily,
    Persona,
    Segment,
    SegmentationReason,
    SegmentationSection,
)
from klantlab.model.stakeholders import Attitude, Side, Stakeholder, StakeholderPyramid, StakeholderRole
from klantlab.model.workbook import FORMAT, SCHEMA_VERSION, ClientInfo, Workbook, new_workbook

__all__ = [
    "FORMAT",
    "SCHEMA_VERSION",
    "Attitude",
    "AttractivenessFactor",
    "Basis",
    "ChurnSummary",
    "ClientInfo",
    "CriterionFamily",
    "Currency",
    "CustomerLevel",
    "CustomerPyramidSection",
    "DateOrder",
    "Journey",
    "LevelSummary",
    "Persona",
    "Phase",
    "PyramidSettings",
    "PyramidSummary",
    "PyramidWarning",
    "Segment",
    "SegmentationReason",
    "SegmentationSection",
    "Side",
    "Stakeholder",
    "StakeholderPyramid",
    "StakeholderRole",
    "ThresholdPreset",
    "Touchpoint",
    "Workbook",
    "describe_validation_error",
    "new_workbook",
]
