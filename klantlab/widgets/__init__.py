"""ipywidgets forms and views: wire the workbook to figures; no analysis, no file I/O of their own.

Each name is imported from its module when first used: a notebook that shows only the dashboard does not pay
for the forms, the exports and the canvases (the dashboard's kernel answers 1.5 s sooner).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Every public name, and the module under ``klantlab.widgets`` that holds it.
_WHERE = {
    "CanvasPanel": "canvas_panel",
    "ClientForm": "client_form",
    "ExerciseBox": "exercise_sheet",
    "ExerciseSheet": "exercise_sheet",
    "ExportPanel": "export_panel",
    "JourneyForm": "journey_form",
    "LiveForm": "live",
    "PyramidExplorer": "pyramid_explorer",
    "SegmentationForm": "segmentation_form",
    "StakeholderForm": "stakeholder_form",
    "UndoBar": "live",
    "WorkbookOverview": "overview",
    "WorkbookPicker": "workbook_picker",
    "alert": "html",
    "canvas_panel": "canvas_panel",
    "client_form": "client_form",
    "dashboard": "overview",
    "exercise_sheet": "exercise_sheet",
    "export_panel": "export_panel",
    "figure_output": "figures",
    "journey_form": "journey_form",
    "journey_gaps": "journey_form",
    "live_html": "live",
    "persona_card": "segmentation_form",
    "problem_alert": "html",
    "pyramid_explorer": "pyramid_explorer",
    "pyramid_levels": "pyramid_explorer",
    "segment_ranking": "segmentation_form",
    "segmentation_form": "segmentation_form",
    "show_figure": "figures",
    "stakeholder_form": "stakeholder_form",
    "workbook_overview": "overview",
    "workbook_picker": "workbook_picker",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not user text
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
