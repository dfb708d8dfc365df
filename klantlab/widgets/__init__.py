"""ipywidgets forms and views: wire the workbook to figures; no analysis, no file I/O of their own."""

from klantlab.widgets.canvas_panel import CanvasPanel, canvas_panel
from klantlab.widgets.client_form import ClientForm, client_form
from klantlab.widgets.exercise_sheet import ExerciseBox, ExerciseSheet, exercise_sheet
from klantlab.widgets.export_panel import ExportPanel, export_panel
from klantlab.widgets.figures import figure_output, show_figure
from klantlab.widgets.grades_panel import GradesPanel, grades_panel
from klantlab.widgets.html import alert, problem_alert
from klantlab.widgets.journey_form import JourneyForm, journey_form, journey_gaps
from klantlab.widgets.live import LiveForm, UndoBar, live_html
from klantlab.widgets.overview import WorkbookOverview, dashboard, workbook_overview
from klantlab.widgets.pyramid_explorer import PyramidExplorer, pyramid_explorer, pyramid_levels
from klantlab.widgets.segmentation_form import SegmentationForm, persona_card, segment_ranking, segmentation_form
from klantlab.widgets.stakeholder_form import StakeholderForm, stakeholder_form
from klantlab.widgets.student_panel import StudentPanel, student_panel
from klantlab.widgets.workbook_picker import WorkbookPicker, workbook_picker

__all__ = [
    "CanvasPanel",
    "ClientForm",
    "ExerciseBox",
    "ExerciseSheet",
    "ExportPanel",
    "GradesPanel",
    "JourneyForm",
    "LiveForm",
    "PyramidExplorer",
    "SegmentationForm",
    "StakeholderForm",
    "StudentPanel",
    "UndoBar",
    "WorkbookOverview",
    "WorkbookPicker",
    "alert",
    "canvas_panel",
    "client_form",
    "dashboard",
    "exercise_sheet",
    "export_panel",
    "figure_output",
    "grades_panel",
    "journey_form",
    "journey_gaps",
    "live_html",
    "persona_card",
    "problem_alert",
    "pyramid_explorer",
    "pyramid_levels",
    "segment_ranking",
    "segmentation_form",
    "show_figure",
    "stakeholder_form",
    "student_panel",
    "workbook_overview",
    "workbook_picker",
]
