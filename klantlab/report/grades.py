"""A class's results: every student's answer file in a folder gathered into one table, for Excel and the LMS.

Per student and exercise: right or not, attempts, hints, whether the answer was shown and the points; per
student the totals. A file that is not an answer file, or is damaged, is named with why and left as it is; the
others are still gathered.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook as XlsxWorkbook

from klantlab.errors import AnswerFileError
from klantlab.i18n import t
from klantlab.io.answer_files import answer_sheets_in
from klantlab.report.excel import FORMULA_STARTS, safe_text_cell

__all__ = ["ClassResults", "class_results", "grades_csv", "grades_xlsx"]


@dataclass(frozen=True)
class ClassResults:
    students: list[list[object]]
    """Per student: name, workbook, right, attempts, hints, answers shown, points."""
    exercises: list[list[object]]
    """Per student and exercise: name, number, question, answer, right, attempts, hints, answer shown, points."""
    problems: list[AnswerFileError]

    @staticmethod
    def student_columns() -> list[str]:
        return [t(f"grades.col.{c}") for c in ("student", "workbook", "right", "attempts", "hints", "revealed",
                                               "points")]  # fmt: skip

    @staticmethod
    def exercise_columns() -> list[str]:
        return [t(f"grades.col.{c}") for c in ("student", "number", "question", "answer", "right", "attempts",
                                               "hints", "revealed", "points")]  # fmt: skip


def _yes(value: bool) -> str:
    return t("report.yes") if value else t("exercise.material.no")


def _order(work) -> list[int]:
    """An exercise's place by its number: 1.2 before 1.10 before 2.1."""
    return [int(part) for part in work.number.split(".") if part.isdigit()]


def class_results(folder: Path) -> ClassResults:
    """The results of every answer file in ``folder``, students by name, exercises by number."""
    sheets, problems = answer_sheets_in(folder)
    students, per_exercise = [], []
    for _path, sheet in sorted(sheets, key=lambda item: item[1].student.casefold()):
        works = sorted(
            sheet.exercises.values(), key=lambda work: [int(p) for p in work.number.split(".") if p.isdigit()]
        )
        students.append([sheet.student, sheet.workbook, sheet.right, sum(w.attempts for w in works), sheet.hints,
                         sum(w.revealed for w in works), sheet.points])  # fmt: skip
        per_exercise += [[sheet.student, w.number, w.question, w.answer, _yes(w.correct), w.attempts, w.hints,
                          _yes(w.revealed), w.points] for w in works]  # fmt: skip
    return ClassResults(students, per_exercise, problems)


def grades_xlsx(results: ClassResults) -> bytes:
    """The results as an Excel workbook: a sheet per student totals, a sheet per student and exercise."""
    book = XlsxWorkbook(write_only=True)
    sheets = (
        (t("grades.sheet.students"), results.student_columns(), results.students),
        (t("grades.sheet.exercises"), results.exercise_columns(), results.exercises),
    )
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([safe_text_cell(sheet, column) for column in columns])
        for row in rows:
            sheet.append([safe_text_cell(sheet, value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def grades_csv(results: ClassResults) -> bytes:
    """The per-student totals as CSV (UTF-8, comma, one row per student, numbers as machines write them): what an
    LMS imports as grades."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(results.student_columns())
    for row in results.students:
        writer.writerow([_csv_text(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue().encode("utf-8")


def _csv_text(text: str) -> str:
    """Text that a spreadsheet opening the CSV shows as typed: one starting like a formula gets a quote first."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
