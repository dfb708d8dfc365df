"""Who does the exercises, their answers kept beside the workbook, and their progress and score.

The panel asks for a name or student number once (the browser remembers it); the student's answer file
(``<name>.klantlab-answers.json`` beside the workbook) holds every answer, attempt, hint and shown answer, and
is written after each of them, as safely as the workbook. A reload finds everything again. The exercise sheets
of a page share one panel: they record in it and restore from it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from klantlab.errors import AnswerFileError
from klantlab.exercises import exercises
from klantlab.i18n import number, t
from klantlab.io import is_sample_workbook
from klantlab.io.answer_files import answer_path, load_answers, save_answers
from klantlab.model.answers import AnswerSheet, ExerciseWork
from klantlab.state import live_state
from klantlab.widgets.actions import on_change

__all__ = ["StudentPanel", "student_panel"]

_STATIC = Path(__file__).parent / "static"
_CSS = """/* i18n: not user text */
.kl-student { border-left: 4px solid #1d4ed8; background: #eff6ff; padding: 8px 14px; margin: 6px 0 12px;
  max-width: 960px; color: #1f2937; font-size: 14px; }
.kl-student p { margin: 4px 0; }
.kl-student h1.kl-student-title { font-size: 1.6em; margin: 6px 0 8px; color: #111827; }
.kl-student form, .kl-student-who { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.kl-student label { display: flex; align-items: center; gap: 8px; }
.kl-student input { font: inherit; padding: 4px 8px; border: 1px solid #6b7280; border-radius: 4px; min-width: 16em; }
.kl-student button { font: inherit; cursor: pointer; padding: 4px 12px; border-radius: 4px; border: 1px solid #1d4ed8;
  background: #fff; color: #1d4ed8; }
.kl-student button:focus-visible, .kl-student input:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.kl-student-progress { font-weight: 600; }
"""


class StudentPanel(anywidget.AnyWidget):
    """The student's name, and their answers on one workbook (``sheet``; None until a name is given)."""

    _esm = _STATIC / "student.js"
    _css = _CSS
    student = traitlets.Unicode("").tag(sync=True)
    signed_in = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    how = traitlets.Unicode("").tag(sync=True)
    intro = traitlets.Unicode("").tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, source: Any) -> None:
        self.state = live_state(source)
        self.sheet: AnswerSheet | None = None
        self.path: Path | None = None
        self._listeners: list[Callable[[], None]] = []
        texts = {key: t(f"student.{key}") for key in ("name_label", "start", "other")}
        super().__init__(
            texts=texts, title=t("student.title"), how=t("student.how"), intro=self._intro(), progress=t("student.ask")
        )
        self.add_class("kl-student-panel")  # i18n: not user text
        on_change(self, "exercise", lambda change: self.sign_in(change["new"]), self._problem, names="student")

    def _intro(self) -> str:
        client = self.state.workbook.client.name
        sample = is_sample_workbook(self.state.path)  # the sample itself, or a copy of it
        key = "student.intro_sample" if sample else "student.intro_own"
        return t(key, client=client) + " " + t("student.scoring")

    def _problem(self, error) -> None:
        self.progress = str(error)

    def listen(self, redraw: Callable[[], None]) -> None:
        """Call ``redraw`` when another student signs in (the sheets show that student's work)."""
        self._listeners.append(redraw)

    def sign_in(self, name: str) -> None:
        """Work as ``name`` from now on (empty: nobody); their answer file is read if there is one."""
        name = " ".join(str(name).split())[:200]
        self.sheet, self.path = None, None
        if name:
            path = answer_path(self.state.path, name)
            try:
                sheet = (
                    load_answers(path) if path.exists() else AnswerSheet(student=name, workbook=self.state.path.name)
                )
            except AnswerFileError as error:  # kept as it is: nothing the student did is overwritten
                self.signed_in, self.progress = t("student.signed_in", name=name), str(error)
                self._tell()
                return
            self.sheet, self.path = sheet, path
            self.signed_in = t("student.signed_in", name=name)
        self._show_progress()
        self._tell()

    def _tell(self) -> None:
        for redraw in self._listeners:
            redraw()

    def work(self, key: str) -> ExerciseWork | None:
        """The signed-in student's work on exercise ``key`` (None when nobody is signed in)."""
        return self.sheet.exercises.get(key) if self.sheet is not None else None

    def record(self, key: str, number: str, question: str, **changes: object) -> None:
        """Keep what the student just did on exercise ``key`` and save the answer file at once."""
        if self.sheet is None or self.path is None:
            return
        work = self.sheet.work(key)
        work.number, work.question = number, question
        for name, value in changes.items():
            setattr(work, name, value)
        save_answers(self.path, self.sheet)
        self._show_progress()

    def _show_progress(self) -> None:
        if self.sheet is None:
            self.progress = t("student.ask")
            return
        total = len(exercises(self.state.workbook))
        self.progress = t("student.progress", right=number(self.sheet.right), total=number(total),
                          hints=number(self.sheet.hints), points=number(self.sheet.points, 2))  # fmt: skip


def student_panel(source: Any) -> StudentPanel:
    """The student panel of a workbook (its live state, open file or path)."""
    return StudentPanel(source)
