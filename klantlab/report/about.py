"""What the figures of a deliverable rest on: the client's files, the period, the basis, and the rows used.

Every deliverable carries it ("Over deze cijfers"), so that whoever reads the deck, the report or the
spreadsheet can tell what was counted and what was left out, without the consultant beside them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from klantlab.analysis import PyramidAnalysis
from klantlab.analysis.pyramid_warnings import warning_texts
from klantlab.i18n import CURRENCY_SIGNS, label, number, t
from klantlab.io.transactions_import import LeftOutReason
from klantlab.model import Workbook
from klantlab.report.content_table import Table

__all__ = ["about_figures"]


def _day(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def about_figures(workbook: Workbook, analysis: PyramidAnalysis | None, computed_at: dt.datetime) -> Table | None:
    """The customer pyramid's sources and counts as (what, value) rows; None when the pyramid was never made.

    From a fresh ``analysis`` of the client's files when there is one, else from the summary the workbook saved.
    """
    pyramid = workbook.customer_pyramid
    settings = pyramid.settings
    summary = analysis.summary(computed_at) if analysis is not None else pyramid.summary
    if summary is None:
        return None
    rows: list[list[str]] = []

    def add(key: str, value: str, **fields: str) -> None:
        rows.append([t(f"report.about.{key}", **fields), value])

    for key, name in (("file", settings.source_file), ("customers_file", settings.customers_file),
                      ("crm", settings.crm_file)):  # fmt: skip
        if name:
            add(key, Path(name).name)
    start, end = settings.period_start, settings.period_end
    if analysis is not None:
        start, end = analysis.result.period_start, analysis.result.period_end
    if start and end:
        add("period", t("report.about.from_to", start=_day(start), end=_day(end)))
    if summary.churn is not None:
        churn = summary.churn
        add("previous", t("report.about.from_to", start=_day(churn.previous_period_start),
                          end=_day(churn.previous_period_end)))  # fmt: skip
    add("basis", label(settings.basis).capitalize())
    add("preset", label(settings.preset))
    add("currency", CURRENCY_SIGNS[workbook.currency])
    if summary.rows_total:
        left_out = sum(summary.rows_left_out.values())
        add("rows_read", number(summary.rows_total))
        add("rows_used", number(summary.rows_total - left_out))
        for reason in LeftOutReason:
            count = summary.rows_left_out.get(reason.value, 0)
            if count:
                add("left_out", number(count), reason=label(reason))
    add("no_value", number(summary.no_value_customers))
    for warning in warning_texts(summary.warnings):
        add("warning", warning)
    add("computed", summary.computed_at.astimezone().strftime("%d-%m-%Y %H:%M"))
    return Table([t("report.about.col.what"), t("report.about.col.value")], rows, [False, False])
