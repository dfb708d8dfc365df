"""Deliverables: the workbook as a PowerPoint deck, a PDF report with posters, and an Excel workbook.

Also the blank canvases to print and fill in on the wall (:func:`write_canvas`).

Sits between the widgets and the charts: it turns a workbook (and the
customer pyramid worked out from the client's files) into content, lays that
out per format and writes the files through :mod:`klantlab.io`.
"""

from klantlab.report.canvases import write_canvas
from klantlab.report.content import Report, Section, Table, build_report
from klantlab.report.export import KINDS, POSTER_SIZES, ExportResult, export_deliverables, workbook_analysis

__all__ = [
    "KINDS",
    "POSTER_SIZES",
    "ExportResult",
    "Report",
    "Section",
    "Table",
    "build_report",
    "export_deliverables",
    "workbook_analysis",
    "write_canvas",
]
