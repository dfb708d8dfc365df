"""The Excel workbook for the client: one sheet per table, ready to filter, sort and calculate with.

Written with openpyxl in write-only mode (a million customers stream through
without holding a sheet in memory). Every sheet has a bold header row that
stays in view, number formats for money, shares and scores, and a filter.

Text the team or the client's files typed is written as text, and text that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is
marked "quote prefix" as well: Excel and LibreOffice show it as it was typed
and never evaluate it, not even after the cell is edited.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook as XlsxWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from klantlab.analysis import PyramidAnalysis
from klantlab.analysis.journey import journey_table
from klantlab.analysis.segments import attractiveness
from klantlab.charts.migration import migration_label
from klantlab.charts.style import level_name
from klantlab.i18n import CURRENCY_SIGNS, get_currency, label, shown_share, t
from klantlab.model import CustomerLevel, Workbook
from klantlab.report.content_table import Table

__all__ = ["FORMULA_STARTS", "MAX_ROWS_PER_SHEET", "excel_bytes", "safe_text_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS_PER_SHEET = 1_000_000


def _money_format() -> str:
    """Excel's number format for amounts in the active currency."""
    return f'"{CURRENCY_SIGNS[get_currency()]}" #,##0.00'


_SHARE = "0.0%"
_COUNT = "#,##0"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1D4ED8")
#: Text longer than its column (a 120-letter name, a 4,000-character approach) or on more lines wraps inside the
#: cell: unwrapped it runs under the next column's value and is hidden. Columns stay at most 60 wide.
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_WIDTH = 60


@dataclass(frozen=True)
class _Column:
    header: str
    format: str | None = None
    width: int = 14


def safe_text_cell(sheet: Worksheet, text: str) -> WriteOnlyCell:
    """A cell that holds ``text`` as text, whatever it starts with (see the module's note on formulas)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _cell(sheet: Worksheet, value: object, number_format: str | None) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return safe_text_cell(sheet, value)
    if isinstance(value, bool):
        return safe_text_cell(sheet, t("report.yes") if value else t("report.no"))
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _sheet(book: XlsxWorkbook, title: str, columns: Sequence[_Column], rows: Iterable[Sequence[object]]) -> int:
    """Add a sheet (continued as "title (2)" past a million rows); returns the number of rows written.

    When ``rows`` is a list (the workbook's own tables), the columns are made
    as wide as their longest text (at most 60) and text longer than that wraps;
    streamed rows (customers) keep the given widths.
    """
    wrap = isinstance(rows, list)
    if wrap:
        columns = _fitted(columns, rows)
    written, part, sheet, in_sheet = 0, 1, None, 0
    for values in rows:
        if sheet is None or in_sheet == MAX_ROWS_PER_SHEET:
            if sheet is not None:
                _filter(sheet, columns, in_sheet)
                part += 1
            sheet, in_sheet = _new_sheet(book, title if part == 1 else f"{title[:26]} ({part})", columns), 0
        cells = [_cell(sheet, value, column.format) for value, column in zip(values, columns, strict=True)]
        if wrap:
            for cell, value, column in zip(cells, values, columns, strict=True):
                if isinstance(value, str) and (len(value) > column.width or "\n" in value):
                    cell.alignment = _WRAP
        sheet.append(cells)
        in_sheet += 1
        written += 1
    if sheet is None:
        sheet = _new_sheet(book, title, columns)
    _filter(sheet, columns, in_sheet)
    return written


def _fitted(columns: Sequence[_Column], rows: list[Sequence[object]]) -> list[_Column]:
    """Columns widened to their header and longest value (at most 60 characters wide)."""
    fitted = []
    for n, column in enumerate(columns):
        longest = max([len(column.header), *(len(str(row[n])) for row in rows if isinstance(row[n], str))])
        fitted.append(_Column(column.header, column.format, max(column.width, min(_MAX_WIDTH, longest + 2))))
    return fitted


def _filter(sheet: Worksheet, columns: Sequence[_Column], rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"


def _new_sheet(book: XlsxWorkbook, title: str, columns: Sequence[_Column]) -> Worksheet:
    sheet = book.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", title)[:31])
    for n, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = safe_text_cell(sheet, column.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    return sheet


def _field(name: str, number_format: str | None = None, width: int = 14) -> _Column:
    return _Column(t(f"field.{name}").capitalize(), number_format, width)


def _overview(book: XlsxWorkbook, workbook: Workbook, today: str) -> None:
    client = workbook.client
    rows = [
        (t("field.client").capitalize(), client.name),
        (t("field.consultant").capitalize(), client.consultant),
        (
            t("field.workshop_date").capitalize(),
            client.workshop_date.strftime("%d-%m-%Y") if client.workshop_date else "",
        ),
        (t("excel.exported"), today),
    ]
    columns = [_Column(t("excel.col.item"), width=24), _Column(t("excel.col.value"), width=20)]
    _sheet(book, t("excel.sheet.overview"), columns, rows)


def _customers(book: XlsxWorkbook, analysis: PyramidAnalysis) -> None:
    result = analysis.result
    frame = result.customers
    levels = {level.value: level_name(level, result.preset) for level in CustomerLevel}
    columns = [
        _Column(t("excel.col.customer_id"), width=16),
        _field("level", width=14),
        _field("revenue", _money_format(), 16),
    ]
    values = [
        frame["customer_id"].astype(str),
        (levels[str(level)] for level in frame["level"]),
        frame["revenue"].astype(float).round(2),
    ]
    if frame["margin"].astype(float).any():  # no column of zeros when the client's file has no margin
        columns.append(_field("margin", _money_format(), 16))
        values.append(frame["margin"].astype(float).round(2))
    _sheet(book, t("excel.sheet.customers"), columns, zip(*values, strict=True))


def _levels(book: XlsxWorkbook, workbook: Workbook) -> None:
    pyramid = workbook.customer_pyramid
    summary, preset = pyramid.summary, pyramid.settings.preset
    active_total = sum(lv.customers for lv in summary.levels[:4]) or 1
    columns = {
        "level": _field("level"),
        "customers": _field("customers", _COUNT),
        "customer_share": _Column(t("report.pyramid.col.customer_share"), _SHARE, 20),
        "revenue": _field("revenue", _money_format(), 18),
        "margin": _field("margin", _money_format(), 18),
        "revenue_share": _field("revenue_share", _SHARE, 16),
    }
    if not any(lv.margin for lv in summary.levels):
        del columns["margin"]
    rows = []
    for lv in summary.levels:
        active = lv.level.value in ("top", "large", "medium", "small")
        cells = {
            "level": level_name(lv.level, preset),
            "customers": lv.customers,
            "customer_share": shown_share(lv.customers / active_total) if active else None,
            "revenue": round(lv.revenue, 2),
            "margin": round(lv.margin, 2),
            "revenue_share": shown_share(lv.revenue_share) if active else None,
        }
        rows.append([cells[key] for key in columns])
    _sheet(book, t("excel.sheet.levels"), list(columns.values()), rows)


def _migration(book: XlsxWorkbook, analysis: PyramidAnalysis) -> None:
    matrix, preset = analysis.migration.customers, analysis.result.preset
    corner = t("excel.col.migration_corner")
    columns = [_Column(corner, width=26), *(_Column(migration_label(c, preset), _COUNT, 12) for c in matrix.columns)]
    rows = [[migration_label(key, preset), *(int(v) for v in matrix.loc[key])] for key in matrix.index]
    _sheet(book, t("excel.sheet.migration"), columns, rows)


def _segments(book: XlsxWorkbook, workbook: Workbook) -> None:
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    names = ("rank", "segment", "score", "attractiveness", "fit", "customers", "revenue", "chosen")
    formats = (_COUNT, None, "0.00", "0.00", "0", _COUNT, _money_format(), None)
    columns = [
        _Column(t(f"report.segmentation.col.{n}"), f, 24 if n == "segment" else 14)
        for n, f in zip(names, formats, strict=True)
    ]
    rows = [
        [row.rank, row.name, row.score, row.attractiveness, row.fit, row.customers, row.revenue, bool(row.chosen)]
        for row in table.itertuples()
    ]
    _sheet(book, t("excel.sheet.segments"), columns, rows)


def _stakeholders(book: XlsxWorkbook, workbook: Workbook) -> None:
    segments = {s.id: s.name for s in workbook.segmentation.segments}
    columns = [
        _field("segment_id", width=22),
        _field("name", width=30),
        _field("organisation", width=24),
        _field("side", width=22),
        _field("role", width=18),
        _field("influence", "0", 10),
        _field("attitude", width=14),
        _field("motives", width=40),
        _field("approach", width=40),
        _field("notes", width=40),
        _field("verified", width=12),
        _field("verification_method", width=22),
        _field("strategic_partner", width=14),
    ]
    rows = [
        [
            segments.get(e.segment_id, ""),
            e.name,
            e.organisation,
            label(e.side),
            label(e.role),
            e.influence,
            label(e.attitude),
            e.motives,
            e.approach,
            e.notes,
            e.verified,
            e.verification_method,
            e.strategic_partner,
        ]
        for e in workbook.stakeholder_pyramid.stakeholders
    ]
    _sheet(book, t("excel.sheet.stakeholders"), columns, rows)


def _touchpoints(book: XlsxWorkbook, workbook: Workbook) -> None:
    table = journey_table(workbook.journey)
    notes = {tp.id: tp.notes for tp in workbook.journey.touchpoints}
    columns = [
        _Column(t("excel.col.step"), _COUNT, 8),
        _field("phase_id", width=18),
        _field("description", width=44),
        _field("channel", width=18),
        _field("means", width=18),
        _field("fixed", width=12),
        _field("expectation", "0", 12),
        _field("performance", "0", 12),
        _Column(t("report.gaps.col.gap"), "0", 10),
        _field("emotion", "+0;-0;0", 10),
        _field("intensity", "0", 12),
        _field("moment_of_truth_inside_out", width=20),
        _Column(t("report.journey.col.mentions"), _COUNT, 12),
        _field("notes", width=40),
    ]

    def value(x: object) -> object:
        return None if pd.isna(x) else x

    rows = [
        [
            row.step,
            row.phase,
            row.description,
            row.channel,
            row.means,
            bool(row.fixed),
            value(row.expectation),
            value(row.performance),
            value(row.gap),
            int(row.emotion),
            value(row.intensity),
            bool(row.inside_out),
            int(row.mentions),
            notes.get(row.touchpoint_id, ""),
        ]
        for row in table.itertuples()
    ]
    _sheet(book, t("excel.sheet.touchpoints"), columns, rows)


def excel_bytes(workbook: Workbook, analysis: PyramidAnalysis | None, today: str, about: Table | None = None) -> bytes:
    """The .xlsx bytes: an overview sheet, what the figures rest on, then a sheet per table the workbook (and
    analysis) holds."""
    book = XlsxWorkbook(write_only=True)
    _overview(book, workbook, today)
    if about is not None:
        columns = [_Column(name, width=24) for name in about.columns]
        _sheet(book, t("report.about.title"), columns, [list(row) for row in about.rows])
    if workbook.segmentation.segments:
        _segments(book, workbook)
    if workbook.stakeholder_pyramid.stakeholders:
        _stakeholders(book, workbook)
    if analysis is not None:
        _customers(book, analysis)
    if workbook.customer_pyramid.summary is not None:
        _levels(book, workbook)
    if analysis is not None and analysis.migration is not None:
        _migration(book, analysis)
    if workbook.journey.touchpoints:
        _touchpoints(book, workbook)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
