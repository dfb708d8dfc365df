"""The customer pyramid of a workbook, worked out again from the client's files with the workbook's settings.

One way for every command that needs it: the export (the deliverables' figures) and ``klantlab pyramid WORKBOOK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantlab.analysis import PyramidAnalysis, analyse_pyramid
from klantlab.analysis.customer_attributes import pyramid_extras
from klantlab.analysis.pyramid_analysis import settings_values
from klantlab.io import WorkbookFile
from klantlab.io.pyramid_inputs import PyramidInputs, load_pyramid_inputs
from klantlab.model import ThresholdPreset

__all__ = ["WorkbookPyramid", "workbook_pyramid"]


@dataclass(frozen=True, eq=False)
class WorkbookPyramid:
    """The analysis and the files it was worked out from."""

    analysis: PyramidAnalysis
    inputs: PyramidInputs


def workbook_pyramid(handle: WorkbookFile) -> WorkbookPyramid | None:
    """The workbook's customer pyramid from its files (file, customer list, CRM list, period, basis, split, Pareto
    share), or None when the workbook names no file yet. A file that cannot be read raises its KlantlabError."""
    pyramid = handle.workbook.customer_pyramid
    settings = pyramid.settings
    if not settings.source_file:
        return None
    inputs = load_pyramid_inputs(settings, handle.path.parent)
    current, previous = settings_values(inputs.transactions, settings)
    crm, attributes = pyramid_extras(inputs.transactions, inputs.customers, inputs.crm)
    analysis = analyse_pyramid(
        current,
        previous,
        preset=settings.preset,
        thresholds=settings.thresholds if settings.preset == ThresholdPreset.custom else None,
        pareto_threshold=pyramid.summary.pareto_threshold if pyramid.summary else 0.8,
        crm=crm,
        attributes=attributes,
    )
    return WorkbookPyramid(analysis, inputs)
