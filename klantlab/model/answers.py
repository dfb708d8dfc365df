"""A student's work on the exercises: per exercise the answer given, the attempts, hints and whether the answer
was shown; saved beside the workbook the exercises are about, one file per student.

The score follows from it (:meth:`ExerciseWork.points`): a right answer is one point, a quarter less per hint
(never under a half), and nothing once the answer was shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from klantlab.model.base import LongText, Record, ShortText

__all__ = ["ANSWERS_FORMAT", "AnswerSheet", "ExerciseWork"]

#: What an answer file says it is (a file without it is not one).
ANSWERS_FORMAT = "klantlab-answers"
#: A point less per hint, down to this much for a right answer.
HINT_COST, LOWEST_POINTS = 0.25, 0.5


class ExerciseWork(Record):
    """One exercise as the student left it."""

    number: ShortText = ""
    """The exercise's number on the page (``3.1``)."""
    question: LongText = ""
    """The question as it was asked (it follows the workbook: the teacher reads what the student saw)."""
    answer: ShortText = ""
    attempts: int = Field(default=0, ge=0)
    """Answers checked (an empty or malformed one is no attempt)."""
    correct: bool = False
    hints: int = Field(default=0, ge=0)
    revealed: bool = False

    @property
    def points(self) -> float:
        """1 for a right answer, a quarter less per hint (at least a half); 0 when wrong or shown."""
        if not self.correct or self.revealed:
            return 0.0
        return max(LOWEST_POINTS, 1.0 - HINT_COST * self.hints)


class AnswerSheet(Record):
    """All exercises of one student on one workbook."""

    format: Literal["klantlab-answers"] = ANSWERS_FORMAT
    version: Literal[1] = 1
    student: ShortText = Field(min_length=1)
    workbook: ShortText = ""
    """The workbook's file name the exercises were made on."""
    saved_at: dt.datetime | None = None
    exercises: dict[ShortText, ExerciseWork] = Field(default_factory=dict)

    def work(self, key: str) -> ExerciseWork:
        """The work on exercise ``key`` (a new, empty one if the student has not started it)."""
        return self.exercises.setdefault(key, ExerciseWork())

    @property
    def right(self) -> int:
        return sum(work.correct for work in self.exercises.values())

    @property
    def hints(self) -> int:
        return sum(work.hints for work in self.exercises.values())

    @property
    def points(self) -> float:
        return sum(work.points for work in self.exercises.values())
