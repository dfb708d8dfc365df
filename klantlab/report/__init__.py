"""Deliverables: the workbook as a PowerPoint deck, a PDF report with posters, and an Excel workbook.

Also the blank canvases to print and fill in on the wall (:func:`write_canvas`).

Sits between the widgets and the charts: it turns a workbook (and the
customer pyramid worked out from the client's files) into content, lays that
out per format and writes the files through :mod:`klantlab.io`.

The names below are imported when first used, so a command that only needs
the kinds of deliverable (``klantlab pyramid``, the command line's help) does
not load PowerPoint, PDF and Excel writers.
"""

from __future__ import annotations

import importlib
from typing import Any

from klantlab.deliverable_kinds import KINDS, POSTER_SIZES

_HOME = {
    "ExportResult": "export",
    "Report": "content",
    "Section": "content",
    "Table": "content",
    "build_report": "content",
    "export_deliverables": "export",
    "workbook_analysis": "export",
    "write_canvas": "canvases",
}

__all__ = ["KINDS", "POSTER_SIZES", *sorted(_HOME)]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"klantlab.report.{_HOME[name]}"), name)
